// npm run bench:checkin-size: the bytes a resident's phone downloads for the check-in page.
//
// Renders the check-in page of an open event of 香山街道 (its 13 villages in the select), in
// Chinese and English, and the answers a resident may meet instead (not open yet, closed,
// unknown code, already checked in), and reports each one's size raw and gzipped (level 6, as
// the server compresses). The last line is one JSON object with the figures.
import { gzipSync } from "node:zlib";
import { findCheckinEvent, villagesForEvent } from "../../app/.server/checkin/self-checkin";
import { renderAnswer, renderForm } from "../../app/.server/checkin/page";
import type { Lang } from "../../app/lib/i18n";
import { seedDemo } from "../../db/seed";
import { createTestDatabase } from "../support/database";
import { openEvent } from "../support/demo";

const t = await createTestDatabase();
try {
  await seedDemo(t.db);
  const { code } = await openEvent(t.db, "民法典进社区：遗产继承与赡养纠纷以案释法讲座");
  const event = (await findCheckinEvent(t.db, code))!;
  const villages = await villagesForEvent(t.db, event);
  const soon = new Date(Date.now() + 3_600_000).toISOString();
  const pages: Record<string, (lang: Lang) => string> = {
    form: (lang) =>
      renderForm(lang, event, { ticket: null, villages, action: `/c/${code}`, values: {} }),
    early: (lang) => renderAnswer(lang, event, { kind: "early", opensAt: soon }),
    closed: (lang) => renderAnswer(lang, event, { kind: "closed", closesAt: soon }),
    unknown: (lang) => renderAnswer(lang, null, { kind: "unknown" }),
    already: (lang) => renderAnswer(lang, event, { kind: "already", at: soon, name: "王秀英" }),
  };
  const figures: Record<string, { bytes: number; gzip: number }> = {};
  for (const lang of ["zh-CN", "en"] as const) {
    for (const [name, render] of Object.entries(pages)) {
      const html = Buffer.from(render(lang));
      const size = { bytes: html.length, gzip: gzipSync(html, { level: 6 }).length };
      figures[`${name}.${lang}`] = size;
      console.log(`${`${name} (${lang})`.padEnd(16)} ${size.bytes} B, ${size.gzip} B gzipped`);
    }
  }
  console.log(JSON.stringify({ villages: villages.length, figures }));
} finally {
  await t.db.destroy();
  await t.destroy();
}

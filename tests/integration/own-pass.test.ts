import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/.server/audit/audit-log";
import { qrSvg } from "~/.server/events/qr";
import { groupCode, passQrText } from "~/.server/passes/code";
import { deploymentId } from "~/.server/passes/deployment";
import { issuePass, revokePass } from "~/.server/passes/issue";
import { ownPass } from "~/.server/passes/own-pass";
import { scanPass } from "~/.server/passes/scan";
import { personalPage } from "~/.server/records/personal-handler";
import { issuePersonalLink, revokePersonalLink } from "~/.server/records/personal-link";
import { createTestDatabase } from "../support/database";
import { demoActor, openEvent } from "../support/demo";
import { activeCode } from "../support/passes";
import { addLearner } from "../support/records";

// Item 7 of issue 16: the personal page /m/<token> shows its holder's own pass, the very QR the
// printed card carries, so a phone can stand in for the card at the door; no pass (never issued
// or revoked), no QR; a revoked link shows nothing. On SQLite and PostgreSQL.

/** A page's text as a reader sees it: the pass code's groups are spans of their own. */
const textOf = (html: string) => html.replace(/<[^>]*>/g, "");

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let village: Actor;
let organiser: Actor;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  village = await demoActor(t.db, "village");
  organiser = await demoActor(t.db, "organiser");
});
afterAll(async () => {
  await t?.destroy();
});

const open = (token: string) =>
  personalPage(t.db, new Request(`http://127.0.0.1/m/${token}`), token);

describe("the holder's own pass on the personal page", () => {
  it("shows the card's QR and code while the pass is live, and a sentence once it is revoked", async () => {
    const learner = await addLearner(t.db, { name: "亮码人", village: "舟山村" });
    const token = await issuePersonalLink(t.db, { actor: village, legalSavvyId: learner.id });

    expect(await ownPass(t.db, learner.personId)).toBeNull();
    const before = await open(token);
    expect(before.status).toBe(200);
    const none = await before.text();
    expect(none).toContain("你还没有签到证");
    expect(none).not.toContain("<svg");

    await issuePass(t.db, { actor: village, personId: learner.personId });
    const code = (await activeCode(t.db, learner.personId))!;
    const qrText = passQrText(await deploymentId(t.db), code);
    expect(await ownPass(t.db, learner.personId)).toEqual({
      code: groupCode(code),
      qr: await qrSvg(qrText),
    });
    const page = await open(token);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    const html = await page.text();
    expect(html).toContain(await qrSvg(qrText));
    expect(textOf(html)).toContain(groupCode(code));
    expect(html).toContain("出示此码给工作人员扫码签到");
    expect(html).toContain("亮码人");
    expect(html).not.toContain("你还没有签到证");

    // What the QR carries checks the holder in, as the scan page would send it.
    const { id: eventId } = await openEvent(t.db, "亮码签到");
    expect(await scanPass(t.db, { actor: organiser, eventId, text: qrText })).toMatchObject({
      kind: "new",
      name: "亮码人",
    });

    await revokePass(t.db, { actor: village, personId: learner.personId });
    expect(await ownPass(t.db, learner.personId)).toBeNull();
    const revoked = await (await open(token)).text();
    expect(revoked).toContain("你还没有签到证");
    expect(textOf(revoked)).not.toContain(groupCode(code));
    expect(revoked).not.toContain("<svg");
  });

  it("a revoked link shows nothing of the pass", async () => {
    const learner = await addLearner(t.db, { name: "停链人", village: "舟山村" });
    const token = await issuePersonalLink(t.db, { actor: village, legalSavvyId: learner.id });
    await issuePass(t.db, { actor: village, personId: learner.personId });
    const code = (await activeCode(t.db, learner.personId))!;
    expect(textOf(await (await open(token)).text())).toContain(groupCode(code));
    await revokePersonalLink(t.db, { actor: village, legalSavvyId: learner.id });
    const gone = await open(token);
    expect(gone.status).toBe(404);
    expect(gone.headers.get("cache-control")).toBe("no-store");
    const body = await gone.text();
    expect(textOf(body)).not.toContain(groupCode(code));
    expect(body).not.toContain("<svg");
    expect(body).not.toContain("停链人");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "~/.server/audit/audit-log";
import { translator } from "~/lib/i18n";
import { createTestDatabase } from "../support/database";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Issue 14, item 5, over real HTTP against the production build, on SQLite or PostgreSQL: ids
// written only as the site writes them, reach periods within 2000 to 2100, and typed text in the
// audit log shown as text.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let organiser: Browser;
let admin: Browser;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  organiser = new Browser(server.baseUrl);
  await organiser.logIn("organiser");
  admin = new Browser(server.baseUrl);
  await admin.logIn("admin");
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

/** The id of a row the organiser may read, of each kind a page is about. */
async function ids() {
  const [event, learner, cadre, unit, user] = await Promise.all([
    t.db.selectFrom("event").select("id").orderBy("id").executeTakeFirstOrThrow(),
    t.db.selectFrom("legal_savvy").select("id").orderBy("id").executeTakeFirstOrThrow(),
    t.db.selectFrom("cadre").select("id").orderBy("id").executeTakeFirstOrThrow(),
    t.db
      .selectFrom("admin_unit")
      .select("id")
      .where("name", "=", "香山街道")
      .executeTakeFirstOrThrow(),
    t.db
      .selectFrom("staff_user")
      .select("id")
      .where("username", "=", "village")
      .executeTakeFirstOrThrow(),
  ]);
  return {
    event: event.id,
    learner: learner.id,
    cadre: cadre.id,
    unit: unit.id,
    user: user.id,
  };
}

describe("ids in paths and queries", () => {
  // Leading zeros are refused too: one record, one address.
  const variants = (id: number) => [
    `0x${id.toString(16)}`,
    `+${id}`,
    `${id}e0`,
    `%20${id}`,
    `0${id}`,
  ];

  it("answer 404 for an id in a path written any other way than plain decimal digits", async () => {
    const id = await ids();
    const pages: [Browser, (id: string) => string][] = [
      [organiser, (x) => `/events/${x}`],
      [organiser, (x) => `/events/${x}/edit`],
      [organiser, (x) => `/events/${x}/attendance`],
      [organiser, (x) => `/events/${x}/export.csv`],
      [organiser, (x) => `/events/${x}/qr.svg`],
      [organiser, (x) => `/learners/${x}`],
      [organiser, (x) => `/study/cadres/${x}`],
      [organiser, (x) => `/units/${x}`],
      [admin, (x) => `/admin/users/${x}`],
    ];
    const realId = [id.event, id.event, id.event, id.event, id.event, id.learner, id.cadre];
    realId.push(id.unit, id.user);
    for (const [index, [browser, path]] of pages.entries()) {
      const real = realId[index]!;
      const canonical = await browser.get(path(String(real)));
      expect(canonical.status, path(String(real))).toBe(200);
      for (const variant of variants(real)) {
        const res = await browser.get(path(variant));
        expect(res.status, path(variant)).toBe(404);
      }
    }
  });

  it("answer 400 for an id in a query written any other way, never a 500", async () => {
    const id = await ids();
    expect((await organiser.get(`/reach?unit=${id.unit}`)).status).toBe(200);
    for (const variant of variants(id.unit)) {
      expect((await organiser.get(`/reach?unit=${variant}`)).status, variant).toBe(400);
      expect((await organiser.get(`/reach/export.csv?unit=${variant}`)).status, variant).toBe(400);
    }
    const undo = await organiser.get(`/events/${id.event}/attendance?undo=0x1`);
    expect(undo.status).toBe(400);
  });
});

describe("reach periods (2000 to 2100)", () => {
  const outOfRange = [
    ["period=days&from=0001-01-01&to=0010-12-31", "from"],
    ["period=days&from=1999-12-01&to=2000-01-31", "from"],
    ["period=days&from=2100-12-01&to=2101-01-31", "to"],
    ["period=year&year=1999", "year"],
    ["period=year&year=2101", "year"],
    ["period=quarter&year=0001&quarter=1", "year"],
    ["period=quarter&year=2026&quarter=5", "quarter"],
    ["period=month&year=2200&month=1", "year"],
    ["period=month&year=2026&month=13", "month"],
  ];

  it.each(outOfRange)("/reach?%s says what is wrong beside the field", async (query, field) => {
    const zh = await organiser.get(`/reach?${query}`);
    expect(zh.status).toBe(200);
    const html = await zh.text();
    const control = new RegExp(`<(?:input|select)\\b[^>]*\\bname="${field}"[^>]*>`).exec(html);
    expect(control?.[0]).toContain('aria-invalid="true"');
    if (field === "from") expect(html).toContain("请填写 2000 年至 2100 年之间的有效开始日期。");
    if (field === "year") expect(html).toContain("年份应在 2000 到 2100 之间。");
  });

  it("says it in English too", async () => {
    const english = new Browser(server.baseUrl, "en");
    await english.logIn("organiser");
    const html = await (await english.get(`/reach?${outOfRange[0]![0]}`)).text();
    expect(html).toContain("Enter a valid first day, from 2000 to 2100.");
  });

  it.each(outOfRange)("/reach/export.* with %s answers 400", async (query) => {
    for (const format of ["csv", "xlsx"]) {
      const res = await organiser.get(`/reach/export.${format}?${query}`);
      expect(res.status, format).toBe(400);
    }
  });
});

describe("typed text in the audit log", () => {
  const forged = "actor=admin outcome=denied";

  beforeAll(async () => {
    // As the roster writes a retirement: its reason as typed, and as old entries hold it.
    const unit = await t.db
      .selectFrom("admin_unit")
      .select("path")
      .where("name", "=", "香山街道")
      .executeTakeFirstOrThrow();
    await recordAudit(t.db, {
      actor_id: null,
      actor_username: "organiser",
      ip: "127.0.0.1",
      action: "learner.retire",
      target: "王小明",
      outcome: "success",
      unit_path: unit.path,
      detail: forged,
    });
  });

  it("shows on the page as one quoted reason, not as labelled fields", async () => {
    const res = await admin.get("/admin/audit?action=learner.retire");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<dt>原因</dt><dd>&quot;${forged}&quot;</dd>`);
    // The entry's facts are who, what about, its unit, the reason and the address: nothing the
    // reason says.
    const entry = [...html.matchAll(/<dl[^>]*>([\s\S]*?)<\/dl>/g)].find((m) =>
      m[1]!.includes(forged),
    );
    const labels = [...entry![1]!.matchAll(/<dt>([^<]*)<\/dt>/g)].map((m) => m[1]);
    const zh = translator("zh-CN");
    expect(labels).toEqual([
      zh("audit.actor"),
      zh("audit.target"),
      zh("audit.unit"),
      zh("audit.detail.reason"),
      zh("audit.ip"),
    ]);
    expect(entry![1]).not.toContain("<dd>admin</dd>");
  });

  it("shows in the CSV export as one quoted reason", async () => {
    const res = await admin.get("/admin/audit/export.csv?action=learner.retire");
    expect(res.status).toBe(200);
    const csv = await res.text();
    // The CSV cell quotes the text's own quotes by doubling them.
    expect(csv).toContain(`"原因：""${forged}"""`);
    expect(csv).not.toMatch(/操作人：admin|结果：/);
  });
});

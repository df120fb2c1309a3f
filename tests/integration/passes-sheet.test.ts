import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/.server/audit/audit-log";
import { listPassHolders, missingPasses, passSheet } from "~/.server/passes/cards";
import { holdersInScope, listedOutside } from "~/.server/passes/holders";
import { issueMissingPasses } from "~/.server/passes/issue";
import { loadCookieSecret } from "~/.server/secret";
import type { Database } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import { demoActor, rowCounts, unitId, unitUnder } from "../support/demo";
import { Browser } from "../support/http";
import { activeCode, addCadre, addLegalSavvy } from "../support/passes";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Issue 16, item 6: the A4 sheet of passes without a filter (one section per village or unit of
// the caller's scope) and issuing every missing pass in one go from it: scoped, refused for an
// official and for another sub-district, logged with a count and no names, never twice. Item 18:
// the one list of holders behind the sheet, the pass list and "listed outside". Domain functions
// and real HTTP against the production build, on SQLite and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let organiser: Actor;
let village: Actor;
let official: Actor;
let hengjing: Actor;
let admin: Actor;
/** Holders added here without a pass: two in 渔帆村, one in 横泾街道's 舟山村. */
let yufanA: number;
let yufanB: number;
let hengjingHolder: number;
let hengjingZhoushan: number;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({
    databaseUrl: t.url,
    env: { COOKIE_SECRET: await loadCookieSecret(t.db) },
  });
  organiser = await demoActor(t.db, "organiser");
  village = await demoActor(t.db, "village");
  official = await demoActor(t.db, "official");
  hengjing = await demoActor(t.db, "hengjing");
  admin = await demoActor(t.db, "admin");
  yufanA = await addLegalSavvy(t.db, "孙晓一", "渔帆村");
  yufanB = await addLegalSavvy(t.db, "孙晓二", "渔帆村");
  hengjingZhoushan = (await unitUnder(t.db, "横泾街道", "舟山村")).id;
  hengjingHolder = await addLegalSavvy(t.db, "周横泾", "舟山村");
  // addLegalSavvy files under the first 舟山村 (香山街道's): move this one to 横泾街道's.
  await t.db
    .updateTable("legal_savvy")
    .set({ village_id: hengjingZhoushan })
    .where("person_id", "=", hengjingHolder)
    .execute();
  await t.db
    .updateTable("person")
    .set({ unit_id: hengjingZhoushan, village_id: hengjingZhoushan })
    .where("id", "=", hengjingHolder)
    .execute();
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

async function passRows(db: Kysely<Database>) {
  return db.selectFrom("pass").selectAll().orderBy("id").execute();
}

async function issueEntries() {
  return t.db
    .selectFrom("audit_log")
    .select(["actor_username", "target", "detail", "unit_path"])
    .where("action", "=", "pass.issue")
    .orderBy("id")
    .execute();
}

describe("the sheet without a filter", () => {
  it("holds one section per village or unit of the scope, in the tree's order", async () => {
    const sheet = await passSheet(t.db, {
      unitId: null,
      scopePath: organiser.unitPath,
      role: organiser.role,
    });
    expect(sheet.unit).toBeNull();
    expect(sheet.scopeName).toBe("香山街道");
    const labels = sheet.sections.map((section) => section.label);
    // The demo's 13 villages all have 法律明白人 with passes, and the sub-district its cadres.
    expect(labels).toHaveLength(14);
    expect(labels[0]).toBe("香山街道");
    expect(labels).toContain("舟山村");
    expect(labels).not.toContain("横泾街道 · 舟山村");
    const units = await t.db
      .selectFrom("admin_unit")
      .select(["id", "path"])
      .where(
        "id",
        "in",
        sheet.sections.map((section) => section.unitId),
      )
      .execute();
    const paths = sheet.sections.map(
      (section) => units.find((unit) => unit.id === section.unitId)!.path,
    );
    expect(paths.every((path) => path.startsWith(organiser.unitPath))).toBe(true);
    // Every card is its holder's in its own section; nobody's twice; nobody without a pass.
    const people = sheet.sections.flatMap((section) => section.cards.map((card) => card.personId));
    expect(new Set(people).size).toBe(people.length);
    expect(people).not.toContain(yufanA);
    const active = await t.db
      .selectFrom("pass")
      .select("person_id")
      .where("revoked_at", "is", null)
      .where("person_id", "in", people)
      .execute();
    expect(active).toHaveLength(people.length);
    expect(sheet).toMatchObject({ issuable: 2, heldAbove: 0, unprintable: 0 });
  });

  it("names a village by its sub-district too where the name repeats in the district's view", async () => {
    const sheet = await passSheet(t.db, { unitId: null, scopePath: admin.unitPath, role: "admin" });
    const labels = sheet.sections.map((section) => section.label);
    expect(labels).toContain("香山街道 · 舟山村");
    expect(labels).not.toContain("舟山村");
    // 横泾街道's holder has no pass yet: no section of theirs, but they are counted as missing.
    expect(sheet.issuable).toBe(3);
  });

  it("keeps a filter optional and scoped: one village, or a refusal outside the scope", async () => {
    const yufan = await unitId(t.db, "渔帆村");
    const one = await passSheet(t.db, {
      unitId: yufan,
      scopePath: organiser.unitPath,
      role: organiser.role,
    });
    expect(one.unit).toEqual({ id: yufan, label: "渔帆村" });
    expect(one.sections.map((section) => section.label)).toEqual(["渔帆村"]);
    expect(one.issuable).toBe(2);
    const mine = await passSheet(t.db, {
      unitId: null,
      scopePath: village.unitPath,
      role: village.role,
    });
    expect(mine.sections.map((section) => section.label)).toEqual(["舟山村"]);
    expect(mine.issuable).toBe(0);
    await expect(
      passSheet(t.db, { unitId: yufan, scopePath: hengjing.unitPath, role: hengjing.role }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      passSheet(t.db, { unitId: null, scopePath: official.unitPath, role: official.role }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("issuing the missing passes", () => {
  it("refuses an official and another sub-district's organiser over HTTP, writing nothing", async () => {
    const before = await rowCounts(t.db);
    const passes = await passRows(t.db);
    const reader = new Browser(server.baseUrl);
    await reader.logIn("official");
    expect((await reader.post("/passes/sheet", { intent: "issueMissing" })).status).toBe(403);
    expect((await reader.post("/passes", { intent: "issueMissing" })).status).toBe(403);
    const other = new Browser(server.baseUrl);
    await other.logIn("hengjing");
    const yufan = String(await unitId(t.db, "渔帆村"));
    const xiangshan = String(await unitId(t.db, "香山街道"));
    for (const unit of [yufan, xiangshan]) {
      for (const path of ["/passes/sheet", "/passes"]) {
        const refused = await other.post(path, { intent: "issueMissing", unitId: unit });
        expect(refused.status).toBe(403);
      }
    }
    // The log-ins are the only rows written.
    const after = await rowCounts(t.db);
    expect({ ...after, staff_session: 0, audit_log: 0 }).toEqual({
      ...before,
      staff_session: 0,
      audit_log: 0,
    });
    expect(await passRows(t.db)).toEqual(passes);
    expect((await issueEntries()).length).toBe(0);
    await expect(issueMissingPasses(t.db, { actor: official, unitId: null })).rejects.toMatchObject(
      { code: "FORBIDDEN" },
    );
  });

  it("refuses a foreign origin and a bad unit, writing nothing", async () => {
    const staff = new Browser(server.baseUrl);
    await staff.logIn("organiser");
    const before = await rowCounts(t.db);
    const foreign = await staff.post(
      "/passes/sheet",
      { intent: "issueMissing" },
      { Origin: "https://evil.example" },
    );
    expect(foreign.status).toBe(403);
    const bad = await staff.post("/passes/sheet", { intent: "issueMissing", unitId: "渔帆" });
    expect(bad.status).toBe(400);
    const html = await bad.text();
    expect(html).toContain("error-summary");
    expect(html).toContain("请从列表中选择。");
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it("issues another sub-district's own missing passes there and none of 香山街道's", async () => {
    const other = new Browser(server.baseUrl);
    await other.logIn("hengjing");
    const answer = await other.post("/passes/sheet", { intent: "issueMissing" });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("location")).toBe("/passes/sheet");
    expect(await activeCode(t.db, hengjingHolder)).not.toBeNull();
    expect(await activeCode(t.db, yufanA)).toBeNull();
    expect(await activeCode(t.db, yufanB)).toBeNull();
    const sheet = await other.follow(answer);
    const html = await sheet.text();
    expect(html).toContain("周横泾");
    expect(html).not.toContain("孙晓一");
    expect(html).toContain("已为横泾街道发放 1 张签到证");
  });

  it("issues every missing pass of the scope once, even when the form is sent twice at once", async () => {
    const staff = new Browser(server.baseUrl);
    await staff.logIn("organiser");
    const before = (await passRows(t.db)).length;
    const answers = await Promise.all([
      staff.post("/passes/sheet", { intent: "issueMissing" }),
      staff.post("/passes/sheet", { intent: "issueMissing" }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([302, 302]);
    expect((await passRows(t.db)).length).toBe(before + 2);
    for (const person of [yufanA, yufanB]) {
      const live = await t.db
        .selectFrom("pass")
        .select("id")
        .where("person_id", "=", person)
        .where("revoked_at", "is", null)
        .execute();
      expect(live).toHaveLength(1);
    }
    // A retry later issues nothing and says so.
    const counts = await rowCounts(t.db);
    const retry = await staff.post("/passes/sheet", { intent: "issueMissing" });
    expect(retry.status).toBe(302);
    expect(await rowCounts(t.db)).toEqual(counts);
    const sheet = await (await staff.follow(retry)).text();
    expect(sheet).toContain("香山街道的在册人员都已有签到证");
    // After it, the sheet shows the new cards in their village's section.
    expect(sheet).toContain("孙晓一");
    expect(sheet).toContain("孙晓二");
    expect(sheet).not.toContain("尚未发证");
  });

  it("logs each issuing once, with the unit and the count and no person's name", async () => {
    const entries = await issueEntries();
    expect(entries).toEqual([
      {
        actor_username: "hengjing",
        target: `${await unitId(t.db, "横泾街道")} 横泾街道`,
        detail: "rows=1",
        unit_path: hengjing.unitPath,
      },
      {
        actor_username: "organiser",
        target: `${await unitId(t.db, "香山街道")} 香山街道`,
        detail: "rows=2",
        unit_path: organiser.unitPath,
      },
    ]);
    const names = ["孙晓一", "孙晓二", "周横泾"];
    for (const entry of entries) {
      for (const name of names) expect(JSON.stringify(entry)).not.toContain(name);
    }
  });
});

describe("the passes page", () => {
  it("says how many have no pass and offers one button; an official reads the count only", async () => {
    const lone = await addLegalSavvy(t.db, "钱未发", "渔帆村");
    const staff = new Browser(server.baseUrl);
    await staff.logIn("organiser");
    const page = await (await staff.get("/passes")).text();
    expect(page).toContain("1 人尚未发证");
    expect(page).toContain("为这 1 人发证");
    expect(page).toContain('href="/passes/sheet"');
    const reader = new Browser(server.baseUrl);
    await reader.logIn("official");
    const read = await (await reader.get("/passes")).text();
    expect(read).toContain("1 人尚未发证");
    expect(read).not.toContain("为这 1 人发证");
    const issued = await staff.post("/passes", {
      intent: "issueMissing",
      unitId: String(await unitId(t.db, "渔帆村")),
    });
    expect(issued.headers.get("location")).toBe(`/passes?unit=${await unitId(t.db, "渔帆村")}`);
    expect(await activeCode(t.db, lone)).not.toBeNull();
  });
});

describe("one list of holders", () => {
  it("counts a person on the roster and among the cadres once, as a 法律明白人", async () => {
    const both = await addCadre(t.db, "吴两任", "舟山村");
    const roster = await t.db
      .insertInto("legal_savvy")
      .values({
        person_id: both,
        village_id: await unitId(t.db, "舟山村"),
        category: "grid_worker",
        recognised_on: null,
        certificate_no: null,
        adviser: null,
        retired_on: null,
        retire_reason: null,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const holders = await holdersInScope(t.db, { scopePath: village.unitPath, personId: both });
    expect(holders).toMatchObject([{ kind: "legal_savvy", role: "grid_worker" }]);
    const cadres = await holdersInScope(t.db, {
      scopePath: village.unitPath,
      personId: both,
      kind: "cadre",
    });
    expect(cadres).toMatchObject([{ kind: "cadre", role: "科员", lawEnforcement: false }]);
    // Retired from the roster, they are a cadre again.
    await t.db
      .updateTable("legal_savvy")
      .set({ status: "retired", retired_on: "2026-01-01", retire_reason: "moved" })
      .where("id", "=", roster.id)
      .execute();
    expect(
      await holdersInScope(t.db, { scopePath: village.unitPath, personId: both }),
    ).toMatchObject([{ kind: "cadre" }]);
    const list = await listPassHolders(t.db, { scopePath: village.unitPath, kind: "cadre" });
    expect(list.rows.map((row) => row.name)).toContain("吴两任");
  });

  it("knows whom a unit outside the scope lists too, and leaves their pass to it", async () => {
    // Earlier tests here may have left 舟山村 holders without a pass: count from what there is.
    const before = await missingPasses(t.db, { scopePath: village.unitPath });
    const shared = await addLegalSavvy(t.db, "郑上级", "舟山村");
    const own = await addLegalSavvy(t.db, "冯本村", "舟山村");
    await t.db
      .insertInto("cadre")
      .values({
        person_id: shared,
        unit_id: await unitId(t.db, "香山街道"),
        department: null,
        position: "科员",
        left_on: null,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      })
      .execute();
    const outside = await listedOutside(t.db, {
      personIds: [shared, own],
      scopePath: village.unitPath,
    });
    expect([...outside]).toEqual([shared]);
    expect(
      await listedOutside(t.db, { personIds: [shared], scopePath: organiser.unitPath }),
    ).toEqual(new Set());
    expect(await missingPasses(t.db, { scopePath: village.unitPath })).toEqual({
      issuable: before.issuable + 1,
      heldAbove: before.heldAbove + 1,
    });
    expect(await issueMissingPasses(t.db, { actor: village, unitId: null })).toMatchObject({
      issued: before.issuable + 1,
    });
    expect(await activeCode(t.db, own)).not.toBeNull();
    expect(await activeCode(t.db, shared)).toBeNull();
    expect(await issueMissingPasses(t.db, { actor: organiser, unitId: null })).toMatchObject({
      issued: 1,
    });
    expect(await activeCode(t.db, shared)).not.toBeNull();
  });
});

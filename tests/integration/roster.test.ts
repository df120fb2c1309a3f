import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/.server/audit/audit-log";
import { rosterCoverage } from "~/.server/learners/coverage";
import { commitImport, ImportHasBadRows, previewImport } from "~/.server/learners/import";
import type { RawRow } from "~/.server/learners/import-rows";
import { listRosterPage } from "~/.server/learners/roster-list";
import { setTargets } from "~/.server/learners/roster-targets";
import {
  addLearner,
  reinstateLearner,
  retireLearner,
  updateLearner,
} from "~/.server/learners/roster-write";
import type { LearnerInput } from "~/lib/roster-schema";
import { createTestDatabase } from "../support/database";
import { demoActor, unitId } from "../support/demo";
import { encodeGbk } from "../support/gbk";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// The roster of 法律明白人 (issue 8, items 1 to 3): scope, add, edit, retire and reinstate with
// their refusals, coverage against floor and target, import preview, all or nothing and
// re-import, and the export; domain functions and real HTTP on SQLite and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let organiser: Actor;
let village: Actor;
let official: Actor;
let zhoushan: number;
let yufan: number;
let subdistrict: number;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  organiser = await demoActor(t.db, "organiser");
  village = await demoActor(t.db, "village");
  official = await demoActor(t.db, "official");
  zhoushan = await unitId(t.db, "舟山村");
  yufan = await unitId(t.db, "渔帆村");
  subdistrict = await unitId(t.db, "香山街道");
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

let serial = 0;
/** A mobile number no test has used yet. */
const freshPhone = () => `137${String(10_000_000 + process.pid * 100 + serial++).slice(-8)}`;

const learner = (overrides: Partial<LearnerInput> = {}): LearnerInput => ({
  name: `名册${serial}`,
  phone: freshPhone(),
  villageId: zhoushan,
  category: "mediator",
  recognisedOn: "2024-03-01",
  certificateNo: null,
  adviser: null,
  ...overrides,
});

const count = async (table: "legal_savvy" | "person" | "audit_log") =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function as(username: string, lang?: string) {
  const browser = new Browser(server.baseUrl, lang);
  await browser.logIn(username);
  return browser;
}

/** A multipart form post (a file upload) with the browser's session. */
async function upload(browser: Browser, fields: Record<string, string | Blob>, language = "zh-CN") {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return fetch(`${server.baseUrl}/learners/import`, {
    method: "POST",
    headers: {
      Cookie: `pufa_session=${browser.cookie("pufa_session")}`,
      Origin: server.baseUrl,
      "Accept-Language": language,
    },
    body,
    redirect: "manual",
  });
}

/** The first bytes of an Excel 97-2003 workbook: an OLE2 compound file. */
const XLS_HEADER = new Uint8Array([
  0xd0,
  0xcf,
  0x11,
  0xe0,
  0xa1,
  0xb1,
  0x1a,
  0xe1,
  ...new Array(504).fill(0),
]);

const csv = (lines: string[]) =>
  new Blob([`\uFEFF${lines.join("\r\n")}\r\n`], { type: "text/csv" });

describe("the roster's scope", () => {
  it("shows a village organiser their village only, the sub-district all its villages", async () => {
    const here = await addLearner(t.db, { actor: organiser, learner: learner() });
    const there = await addLearner(t.db, {
      actor: organiser,
      learner: learner({ villageId: yufan }),
    });
    const ids = async (actor: Actor) =>
      (
        await listRosterPage(t.db, {
          scopePath: actor.unitPath,
          filters: { status: "all" },
          page: 1,
        })
      ).people.map((p) => p.id);
    expect(await ids(organiser)).toEqual(expect.arrayContaining([here.id, there.id]));
    expect(await ids(village)).toContain(here.id);
    expect(await ids(village)).not.toContain(there.id);

    const browser = await as("village");
    const page = await (await browser.get("/learners")).text();
    const other = await t.db
      .selectFrom("person")
      .innerJoin("legal_savvy", "legal_savvy.person_id", "person.id")
      .select(["person.name", "person.phone"])
      .where("legal_savvy.id", "=", there.id)
      .executeTakeFirstOrThrow();
    expect(page).not.toContain(other.name);
    expect((await browser.get(`/learners/${there.id}/edit`)).status).toBe(403);
    const before = await count("audit_log");
    const refused = await browser.post(`/learners/${there.id}/edit`, {
      intent: "retire",
      retiredOn: "2026-11-01",
      reason: "迁出",
    });
    expect(refused.status).toBe(403);
    expect(await count("audit_log")).toBe(before);
  });

  it("masks phone numbers in the list and filters by village, status and category", async () => {
    const phone = freshPhone();
    const name = `筛选${serial}`;
    await addLearner(t.db, {
      actor: organiser,
      learner: learner({ name, phone, villageId: yufan, category: "wulao" }),
    });
    const browser = await as("organiser");
    const page = await (await browser.get(`/learners?village=${yufan}&category=wulao`)).text();
    expect(page).toContain(name);
    expect(page).toContain(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    expect(page).not.toContain(phone);
    const other = await (await browser.get(`/learners?village=${zhoushan}&category=wulao`)).text();
    expect(other).not.toContain(name);
    const bad = await (await browser.get("/learners?status=gone&category=x&village=999")).text();
    expect(bad).toContain("没有这种状态，已显示在册人员。");
    expect(bad).toContain("没有这个类别，已显示全部类别。");
    expect(bad).toContain("这个村（社区）不在您的范围内，已显示全部。");
  });
});

describe("adding, editing, retiring", () => {
  it("adds a person found or added by phone and name, and refuses them a second time", async () => {
    const input = learner();
    const people = await count("person");
    const { id } = await addLearner(t.db, { actor: village, learner: input });
    expect(await count("person")).toBe(people + 1);
    const row = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .select(["person.audience_group", "legal_savvy.status", "legal_savvy.village_id"])
      .where("legal_savvy.id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ audience_group: "legal_savvy", status: "active", village_id: zhoushan });
    await expect(addLearner(t.db, { actor: organiser, learner: input })).rejects.toMatchObject({
      messageKey: "roster.alreadyOnRoster",
      field: "name",
    });
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "actor_username"])
      .where("action", "=", "learner.add")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: "learner.add", actor_username: "village" });
  });

  it("refuses an official, a village outside the scope, and a bad form beside its field", async () => {
    const rows = await count("legal_savvy");
    await expect(addLearner(t.db, { actor: official, learner: learner() })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      addLearner(t.db, { actor: village, learner: learner({ villageId: yufan }) }),
    ).rejects.toMatchObject({ messageKey: "roster.villageOutOfScope", field: "villageId" });
    const browser = await as("organiser", "en");
    const response = await browser.post("/learners/new", {
      name: "",
      phone: "12345",
      villageId: String(zhoushan),
      category: "astronaut",
      recognisedOn: "2024-02-30",
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain("Please fill this in.");
    expect(page).toContain('aria-invalid="true"');
    expect(page).toContain("Enter the date as year-month-day.");
    expect(await count("legal_savvy")).toBe(rows);
  });

  it("lands on the new person's page, their pass issued at once (by hand and by import)", async () => {
    const browser = await as("organiser");
    const phone = freshPhone();
    const response = await browser.post("/learners/new", {
      name: "落地页",
      phone: `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
      villageId: String(zhoushan),
      category: "mediator",
    });
    expect(response.status).toBe(302);
    const added = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .select(["legal_savvy.id", "person.id as personId"])
      .where("person.phone", "=", phone)
      .executeTakeFirstOrThrow();
    expect(response.headers.get("location")).toBe(`/learners/${added.id}`);
    const passesOf = (personIds: number[]) =>
      t.db
        .selectFrom("pass")
        .select(["person_id", "issued_by"])
        .where("person_id", "in", personIds)
        .where("revoked_at", "is", null)
        .execute();
    expect(await passesOf([added.personId])).toEqual([
      { person_id: added.personId, issued_by: organiser.id },
    ]);

    const phones = [freshPhone(), freshPhone()];
    await commitImport(t.db, {
      actor: organiser,
      rows: [
        raw(2, { name: "导入证甲", phone: phones[0] }),
        raw(3, { name: "导入证乙", phone: phones[1] }),
      ],
    });
    const imported = await t.db
      .selectFrom("person")
      .select("id")
      .where("phone", "in", phones)
      .execute();
    expect(await passesOf(imported.map((p) => p.id))).toHaveLength(2);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "detail"])
      .where("action", "=", "pass.issue")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: "pass.issue", detail: "rows=2" });

    // A cadre too: on their page, their pass issued.
    const cadrePhone = freshPhone();
    const cadre = await browser.post("/study/cadres/new", {
      name: "新干部证",
      phone: cadrePhone,
      unitId: String(zhoushan),
      position: "书记",
      status: "active",
    });
    expect(cadre.status).toBe(302);
    const row = await t.db
      .selectFrom("cadre")
      .innerJoin("person", "person.id", "cadre.person_id")
      .select(["cadre.id", "person.id as personId"])
      .where("person.phone", "=", cadrePhone)
      .executeTakeFirstOrThrow();
    expect(cadre.headers.get("location")).toBe(`/study/cadres/${row.id}`);
    expect(await passesOf([row.personId])).toHaveLength(1);
  });

  it("edits name and phone, refusing a pair that is another person's", async () => {
    const first = learner();
    const { id } = await addLearner(t.db, { actor: organiser, learner: first });
    const someone = learner();
    await addLearner(t.db, { actor: organiser, learner: someone });
    await expect(
      updateLearner(t.db, {
        actor: organiser,
        id,
        learner: { ...first, name: someone.name, phone: someone.phone },
      }),
    ).rejects.toMatchObject({ messageKey: "roster.pairTaken", field: "phone" });

    const browser = await as("organiser");
    const collide = await browser.post(`/learners/${id}/edit`, {
      intent: "update",
      name: someone.name,
      phone: someone.phone,
      villageId: String(zhoushan),
      category: "mediator",
    });
    expect(collide.status).toBe(400);
    expect(await collide.text()).toContain("这个手机号和姓名已属于另一个人，不能改成它。");

    const phone = freshPhone();
    const saved = await browser.post(`/learners/${id}/edit`, {
      intent: "update",
      name: "改名 后",
      phone,
      villageId: String(yufan),
      category: "grid_worker",
      adviser: "王律师",
    });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/learners");
    const person = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .select(["person.name", "person.phone", "legal_savvy.village_id", "legal_savvy.adviser"])
      .where("legal_savvy.id", "=", id)
      .executeTakeFirstOrThrow();
    expect(person).toEqual({ name: "改名 后", phone, village_id: yufan, adviser: "王律师" });
    const audit = await t.db
      .selectFrom("audit_log")
      .select("detail")
      .where("action", "=", "learner.update")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit.detail).toBe("fields=name,phone,village,category,recognised,adviser");
  });

  it("retires with reason and day (the row stays), and reinstates", async () => {
    const { id } = await addLearner(t.db, { actor: village, learner: learner() });
    const browser = await as("village");
    const missing = await browser.post(`/learners/${id}/edit`, {
      intent: "retire",
      retiredOn: "",
      reason: "",
    });
    expect(missing.status).toBe(400);
    const status = async () =>
      (
        await t.db
          .selectFrom("legal_savvy")
          .select(["status", "retired_on", "retire_reason"])
          .where("id", "=", id)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await status()).toBe("active");
    const retired = await browser.post(`/learners/${id}/edit`, {
      intent: "retire",
      retiredOn: "2026-11-20",
      reason: "外出务工",
    });
    expect(retired.status).toBe(302);
    expect(await status()).toBe("retired");
    await expect(
      retireLearner(t.db, { actor: village, id, retiredOn: "2026-11-21", reason: "again" }),
    ).rejects.toMatchObject({ messageKey: "roster.alreadyRetired" });
    const list = await (await browser.get("/learners?status=retired")).text();
    expect(list).toContain("2026-11-20 退出：外出务工");
    await reinstateLearner(t.db, { actor: village, id });
    expect(await status()).toBe("active");
    const actions = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "in", ["learner.retire", "learner.reinstate"])
      .execute();
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(["learner.retire", "learner.reinstate"]),
    );
  });
});

describe("coverage", () => {
  it("counts those on the roster per village against the floor and the sub-district's target", async () => {
    // A sub-district of its own, so that no other roster (the demo's included) counts here.
    const admin = await demoActor(t.db, "admin");
    const stamp = new Date().toISOString();
    const addUnit = async (
      parent: { id: number; path: string },
      name: string,
      level: "subdistrict" | "village",
    ) => {
      const { id } = await t.db
        .insertInto("admin_unit")
        .values({ parent_id: parent.id, level, name, path: "/", created_at: stamp })
        .returning("id")
        .executeTakeFirstOrThrow();
      const path = `${parent.path}${id}/`;
      await t.db.updateTable("admin_unit").set({ path }).where("id", "=", id).execute();
      return { id, path };
    };
    const district = { id: await unitId(t.db, "吴中区"), path: admin.unitPath };
    const sub = await addUnit(district, "覆盖街道", "subdistrict");
    const zs = (await addUnit(sub, "覆盖甲村", "village")).id;
    const yf = (await addUnit(sub, "覆盖乙村", "village")).id;
    const add = async (villageId: number) =>
      addLearner(t.db, { actor: admin, learner: learner({ villageId }) });
    for (let i = 0; i < 4; i++) await add(zs);
    const retired = await add(zs);
    await retireLearner(t.db, {
      actor: admin,
      id: retired.id,
      retiredOn: "2026-11-01",
      reason: "迁出",
    });
    for (let i = 0; i < 2; i++) await add(yf);
    const before = await rosterCoverage(t.db, { scopePath: sub.path });
    expect(before).toEqual({
      floor: 3,
      villages: [
        {
          id: zs,
          name: "覆盖甲村",
          label: "覆盖甲村",
          active: 4,
          target: 6,
          belowFloor: false,
          belowTarget: true,
        },
        {
          id: yf,
          name: "覆盖乙村",
          label: "覆盖乙村",
          active: 2,
          target: 6,
          belowFloor: true,
          belowTarget: true,
        },
      ],
      belowFloor: 1,
      belowTarget: 2,
    });

    await setTargets(t.db, {
      actor: admin,
      targets: { unitId: sub.id, rosterPerVillage: 4, trainingHours: 10.5, attendancePercent: 90 },
    });
    const after = await rosterCoverage(t.db, { scopePath: sub.path });
    expect(after.villages.map((v) => [v.active, v.target, v.belowFloor, v.belowTarget])).toEqual([
      [4, 4, false, false],
      [2, 4, true, true],
    ]);
    expect(after).toMatchObject({ belowFloor: 1, belowTarget: 1 });
    const stored = await t.db
      .selectFrom("unit_target")
      .select(["roster_per_village", "training_minutes", "attendance_percent"])
      .where("unit_id", "=", sub.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({
      roster_per_village: 4,
      training_minutes: 630,
      attendance_percent: 90,
    });
    await t.db.deleteFrom("unit_target").execute();
  });

  it("flags villages on the dashboard and lets only the right people set targets", async () => {
    const dashboard = await (await (await as("organiser")).get("/dashboard")).text();
    expect(dashboard).toMatch(/\d+ 个村低于目标/);
    expect(dashboard).toContain('href="/learners"');

    const villageBrowser = await as("village");
    const page = await (await villageBrowser.get("/learners/targets")).text();
    expect(page).toContain("您可以查看目标");
    const form = {
      unitId: String(subdistrict),
      rosterPerVillage: "7",
      trainingHours: "12",
      attendancePercent: "80",
    };
    expect((await villageBrowser.post("/learners/targets", form)).status).toBe(403);
    expect((await (await as("official")).post("/learners/targets", form)).status).toBe(403);
    const org = await as("organiser", "en");
    const bad = await org.post("/learners/targets", {
      ...form,
      rosterPerVillage: "2",
      trainingHours: "12.3",
      attendancePercent: "101",
    });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain("Enter a whole number from 3 to 50.");
    expect(text).toContain("Hours are whole or half hours (e.g. 12.5).");
    expect(text).toContain("Enter a whole number from 1 to 100.");
    expect(await t.db.selectFrom("unit_target").selectAll().execute()).toEqual([]);
    expect((await org.post("/learners/targets", form)).status).toBe(302);
    const audit = await t.db
      .selectFrom("audit_log")
      .select("detail")
      .where("action", "=", "targets.update")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit.detail).toBe("roster=7 hours=12 rate=80");
    await t.db.deleteFrom("unit_target").execute();
  });
});

const header = "姓名,手机号,村（社区）,类别,认定日期,证书编号,结对法律顾问";
const raw = (line: number, fields: Partial<RawRow>): RawRow => ({
  line,
  name: "",
  phone: "",
  village: "舟山村",
  category: "调解员",
  recognisedOn: "",
  certificateNo: "",
  adviser: "",
  ...fields,
});

describe("import", () => {
  it("previews every kind of bad row and writes nothing", async () => {
    const member = learner({ name: "在册人" });
    await addLearner(t.db, { actor: organiser, learner: member });
    const rows: RawRow[] = [
      raw(2, { name: "好人甲", phone: freshPhone() }),
      raw(3, { name: "", phone: freshPhone() }),
      raw(4, { name: "错号", phone: "1380000" }),
      raw(5, { name: "无村", phone: freshPhone(), village: "火星村" }),
      raw(6, { name: "别村", phone: freshPhone(), village: "渔帆村" }),
      raw(7, { name: "怪类", phone: freshPhone(), category: "宇航员" }),
      raw(8, { name: "坏日", phone: freshPhone(), recognisedOn: "2024-02-30" }),
      raw(9, { name: "好人甲", phone: "" }),
      raw(10, { name: "改名了", phone: member.phone }),
    ];
    rows[7]!.phone = rows[0]!.phone;
    const people = await count("person");
    const roster = await count("legal_savvy");
    const preview = await previewImport(t.db, { actor: village, rows });
    const problems = Object.fromEntries(
      preview.rows.map((row) => [row.line, row.problems.map((p) => p.key)]),
    );
    expect(problems).toEqual({
      2: [],
      3: ["roster.import.problem.noName"],
      4: ["roster.import.problem.phone"],
      5: ["roster.import.problem.villageUnknown"],
      6: ["roster.import.problem.villageOutOfScope"],
      7: ["roster.import.problem.category"],
      8: ["roster.import.problem.date"],
      9: ["roster.import.problem.duplicate"],
      10: ["roster.import.problem.nameDiffers"],
    });
    expect(preview.rows[7]!.problems[0]!.values).toEqual({ line: 2 });
    expect(preview.rows[8]!.problems[0]!.values).toEqual({ name: "在册人" });
    expect(preview).toMatchObject({ bad: 8, added: 1, updated: 0 });
    await expect(commitImport(t.db, { actor: village, rows })).rejects.toBeInstanceOf(
      ImportHasBadRows,
    );
    expect(await count("person")).toBe(people);
    expect(await count("legal_savvy")).toBe(roster);
  });

  it("flags a new row whose phone is one digit from a member's with a similar name, and offers a village for a typo", async () => {
    const member = learner({ name: "近号张" });
    await addLearner(t.db, { actor: organiser, learner: member });
    /** The member's phone with one digit changed (past the part freshPhone counts up). */
    const off = (at: number) =>
      `${member.phone.slice(0, at)}${(Number(member.phone[at]) + 1) % 10}${member.phone.slice(at + 1)}`;
    const rows: RawRow[] = [
      raw(2, { name: "近号张", phone: off(3) }),
      raw(3, { name: "近号章", phone: off(4) }),
      raw(4, { name: "别人甲", phone: off(5) }),
      raw(5, { name: "舟山人", phone: freshPhone(), village: "舟山" }),
      raw(6, { name: "错字村", phone: freshPhone(), village: "舟三村" }),
    ];
    const roster = await count("legal_savvy");
    const preview = await previewImport(t.db, { actor: organiser, rows });
    expect(preview.rows.map((row) => [row.outcome, row.warnings.map((w) => w.key)])).toEqual([
      ["new", ["roster.import.warning.nearPhone"]],
      ["new", ["roster.import.warning.nearPhone"]],
      ["new", []],
      ["new", []],
      [null, []],
    ]);
    expect(preview.rows[0]!.warnings[0]!.values).toEqual({
      name: "近号张",
      phone: `${member.phone.slice(0, 3)}****${member.phone.slice(7)}`,
    });
    expect(preview.rows[3]!.village).toBe("舟山 → 舟山村");
    expect(preview.rows[4]!.problems).toEqual([
      {
        key: "roster.import.problem.villageDidYouMean",
        values: { name: "舟三村", candidates: "舟山村" },
      },
    ]);
    expect(preview).toMatchObject({ warned: 2, bad: 1 });
    expect(await count("legal_savvy")).toBe(roster);

    // In the page: the warning beside its row, in both languages.
    const browser = await as("organiser");
    const file = (lines: string[]) => new File([csv([header, ...lines])], "near.csv");
    const page = await (
      await upload(browser, {
        intent: "preview",
        file: file([`近号张,${off(3)},舟山村,调解员,,,`]),
      })
    ).text();
    expect(page).toContain("请核对：名册中已有“近号张”");
    expect(page).toContain("1 行请先核对");
    const english = await (
      await upload(
        browser,
        { intent: "preview", file: file([`近号张,${off(3)},舟三村,调解员,,,`]) },
        "en",
      )
    ).text();
    expect(english).toContain("Did you mean “舟山村”?");
  });

  it("uploads a CSV, shows the bad row, then imports the fixed file all at once and updates on re-import", async () => {
    const browser = await as("organiser");
    const phones = [freshPhone(), freshPhone(), freshPhone()];
    const lines = (second: string) => [
      header,
      `导入甲,${phones[0]},舟山村,调解员,2024-03-01,XS-001,王律师`,
      `导入乙,${second},渔帆村,五老,2024/3/2,,`,
      `导入丙,${phones[2]},舟山村,网格员,,,`,
    ];
    const roster = await count("legal_savvy");
    const bad = await upload(browser, {
      intent: "preview",
      file: new File([csv(lines("123"))], "roster.csv"),
    });
    expect(bad.status).toBe(200);
    const badPage = await bad.text();
    expect(badPage).toContain("手机号不是 11 位手机号码");
    expect(badPage).toContain("有错误的行，未写入任何数据。");
    expect(badPage).not.toContain(`value="confirm"`);
    expect(await count("legal_savvy")).toBe(roster);

    const good = await upload(browser, {
      intent: "preview",
      file: new File([csv(lines(phones[1]!))], "roster.csv"),
    });
    const goodPage = await good.text();
    expect(goodPage).toContain("共 3 行：新增 3 人，更新 0 人，有错误 0 行。");
    expect(await count("legal_savvy")).toBe(roster);
    const carried = /name="rows" value="([^"]*)"/.exec(goodPage)![1]!.replace(/&quot;/g, '"');

    // The browser is not trusted: a row changed after the preview is checked again.
    const tampered = JSON.parse(carried) as RawRow[];
    tampered[0]!.village = "火星村";
    const refused = await upload(browser, {
      intent: "confirm",
      rows: JSON.stringify(tampered),
      fileName: "roster.csv",
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("没有这个村（社区）");
    expect(await count("legal_savvy")).toBe(roster);
    const garbage = await upload(browser, { intent: "confirm", rows: "[{", fileName: "x" });
    expect(garbage.status).toBe(400);

    const done = await upload(browser, { intent: "confirm", rows: carried, fileName: "r.csv" });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("/learners");
    expect(await count("legal_savvy")).toBe(roster + 3);
    const imported = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .select(["person.name", "legal_savvy.recognised_on", "legal_savvy.category"])
      .where("person.phone", "=", phones[1]!)
      .executeTakeFirstOrThrow();
    expect(imported).toEqual({ name: "导入乙", recognised_on: "2024-03-02", category: "wulao" });

    // Again, with one change: the three are updated, not added twice.
    const again = lines(phones[1]!).map((line) => line.replace("XS-001", "XS-002"));
    const rows = JSON.parse(
      /name="rows" value="([^"]*)"/
        .exec(
          await (
            await upload(browser, {
              intent: "preview",
              file: new File([csv(again)], "again.csv"),
            })
          ).text(),
        )![1]!
        .replace(/&quot;/g, '"'),
    ) as RawRow[];
    const result = await commitImport(t.db, { actor: organiser, rows });
    expect(result).toEqual({ added: 0, updated: 3 });
    expect(await count("legal_savvy")).toBe(roster + 3);
    const updated = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .select("legal_savvy.certificate_no")
      .where("person.phone", "=", phones[0]!)
      .executeTakeFirstOrThrow();
    expect(updated.certificate_no).toBe("XS-002");
    const audit = await t.db
      .selectFrom("audit_log")
      .select("detail")
      .where("action", "=", "learner.import")
      .orderBy("id", "desc")
      // This test's two imports; others imported before.
      .limit(2)
      .execute();
    expect(audit.map((a) => a.detail)).toEqual([
      "rows=3 added=0 updated=3",
      "rows=3 added=3 updated=0",
    ]);
  });

  it("imports a CSV saved in GBK, its phone written with +86 and dashes", async () => {
    const browser = await as("organiser");
    const phone = freshPhone();
    // Excel's "CSV (comma delimited)" on a Chinese Windows: GBK, no byte-order mark.
    const text = `${header}\r\n国标乙,+86 ${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)},舟山村,调解员,,,\r\n`;
    const gbk = encodeGbk(text);
    const preview = await upload(browser, { intent: "preview", file: new File([gbk], "gbk.csv") });
    expect(preview.status).toBe(200);
    const page = await preview.text();
    expect(page).toContain("共 1 行：新增 1 人，更新 0 人，有错误 0 行。");
    const rows = /name="rows" value="([^"]*)"/.exec(page)![1]!.replace(/&quot;/g, '"');
    const done = await upload(browser, { intent: "confirm", rows, fileName: "gbk.csv" });
    expect(done.status).toBe(302);
    const stored = await t.db
      .selectFrom("person")
      .innerJoin("legal_savvy", "legal_savvy.person_id", "person.id")
      .select(["person.name", "person.phone"])
      .where("person.phone", "=", phone)
      .executeTakeFirst();
    expect(stored).toEqual({ name: "国标乙", phone });
  });

  it("refuses an .xls workbook and UTF-16 text with the advice to save as .xlsx, writing nothing", async () => {
    // Logged in first: a log-in is audited.
    const browser = await as("organiser");
    const people = await count("person");
    const roster = await count("legal_savvy");
    const audit = await count("audit_log");
    const text = `${header}\r\n宽字,${freshPhone()},舟山村,调解员,,,\r\n`.replaceAll(",", "\t");
    const files = [
      new File([XLS_HEADER], "roster.xls", { type: "application/vnd.ms-excel" }),
      new File([Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])], "u.txt"),
    ];
    const expected = ["这是旧版 Excel 文件（.xls）", "这是“Unicode 文本”（UTF-16）文件"];
    for (const [at, file] of files.entries()) {
      const answer = await upload(browser, { intent: "preview", file });
      expect(answer.status).toBe(400);
      const page = await answer.text();
      expect(page).toContain(expected[at]);
      expect(page).toContain("另存为 .xlsx");
      expect(page).not.toContain('name="rows"');
    }
    const english = await upload(browser, { intent: "preview", file: files[0]! }, "en");
    expect(await english.text()).toContain("save it as .xlsx");
    expect(await count("person")).toBe(people);
    expect(await count("legal_savvy")).toBe(roster);
    expect(await count("audit_log")).toBe(audit);
  });

  it("reads an XLSX file with English headers, and refuses unreadable and oversized files", async () => {
    const browser = await as("organiser", "en");
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Roster");
    sheet.addRow(["Name", "Mobile number", "Village", "Category", "Recognised on"]);
    sheet.addRow(["英文表头", Number(freshPhone()), "舟山村", "Mediator", new Date("2024-05-06")]);
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    const page = await (
      await upload(browser, { intent: "preview", file: new File([xlsx], "r.xlsx") })
    ).text();
    expect(page).toContain("共 1 行：新增 1 人，更新 0 人，有错误 0 行。");

    const unknown = new Uint8Array([0xff, 0x2c, 0xff, 0x0d, 0x0a]);
    const notText = await upload(browser, {
      intent: "preview",
      file: new File([unknown], "g.csv"),
    });
    expect(notText.status).toBe(400);
    expect(await notText.text()).toContain("既不是 UTF-8 也不是 GBK 编码");
    const noHeader = await upload(browser, {
      intent: "preview",
      file: new File([csv(["a,b", "1,2"])], "x.csv"),
    });
    expect(await noHeader.text()).toContain("表头缺少必需的列");
    const tooMany = await upload(browser, {
      intent: "preview",
      file: new File(
        [csv([header, ...Array.from({ length: 2001 }, (_, i) => `人${i},,舟山村,其他`)])],
        "big.csv",
      ),
    });
    expect(await tooMany.text()).toContain("一个文件最多 2000 行");
  });
});

describe("export", () => {
  it("downloads the filtered roster with full phones as CSV and XLSX, audited", async () => {
    const phone = freshPhone();
    await addLearner(t.db, {
      actor: organiser,
      learner: learner({ name: "=HYPERLINK(1)", phone, villageId: yufan }),
    });
    // An official's export masks them (export-phones.test.ts).
    const browser = await as("organiser");
    const response = await browser.get(`/learners/export.csv?village=${yufan}`);
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("姓名,手机号,村（社区）,类别")).toBe(true);
    expect(text).toContain(`'=HYPERLINK(1),${phone},渔帆村,调解员`);
    const lines = text.trimEnd().split("\r\n").slice(1);
    expect(lines.every((line) => line.split(",")[2] === "渔帆村")).toBe(true);
    const xlsx = await browser.get("/learners/export.xlsx");
    expect(xlsx.headers.get("content-type")).toContain("spreadsheetml");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await xlsx.arrayBuffer());
    expect(book.worksheets[0]!.getRow(1).getCell(2).text).toBe("手机号");
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["detail", "actor_username"])
      .where("action", "=", "learner.export")
      .orderBy("id")
      .execute();
    expect(audit[0]).toEqual({
      detail: `format=csv rows=${lines.length}`,
      actor_username: "organiser",
    });
    expect(audit[1]!.detail).toMatch(/^format=xlsx rows=\d+$/);
  });
});

describe("the import's body limit", () => {
  // Last: the server closes the connection after refusing the body unread.
  it("refuses a file over 1 MB with a page that says so, and takes one just under it", async () => {
    const browser = await as("organiser");
    const under = await upload(browser, {
      intent: "preview",
      file: new File([csv([header, "x".repeat(1000 * 1000)])], "big.csv"),
    });
    expect(under.status).toBe(200);
    expect(await under.text()).toContain("手机号不是 11 位手机号码");
    const huge = await upload(browser, {
      intent: "preview",
      file: new File([new Uint8Array(1024 * 1024 + 1)], "huge.csv"),
    });
    expect(huge.status).toBe(413);
    expect(await huge.text()).toContain("提交的内容超出了本站允许的大小");
  });
});

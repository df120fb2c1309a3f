import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/.server/audit/audit-log";
import { AppError } from "~/.server/errors";
import { exportRoster } from "~/.server/learners/export";
import type { RosterFilters } from "~/.server/learners/roster-list";
import { personData } from "~/.server/privacy/person-data";
import { ErasureRefused, erasePerson } from "~/.server/privacy/person-erase";
import { exportPerson } from "~/.server/privacy/person-export";
import { LOOKUPS_PER_HOUR, lookUpPerson } from "~/.server/privacy/person-lookup";
import { listSensitiveReads } from "~/.server/privacy/sensitive-reads";
import { createTestDatabase } from "../support/database";
import { demoActor, unitUnder } from "../support/demo";
import { addLearner, addTraining, freshMobile } from "../support/records";

// Issue 18 items 2 and 6: staff find a person by full phone with a reason, within their units
// only; see and export all held about them; every lookup, export and full-phone view is a
// logged sensitive read that holds no phone or name. On SQLite and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let organiser: Actor;
let village: Actor;
let official: Actor;
let hengjing: Actor;
let hengjingPath: string;
const PHONE = freshMobile();
const HJ_ONLY = freshMobile();
const UNKNOWN = freshMobile();
let personId: number;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  organiser = await demoActor(t.db, "organiser");
  village = await demoActor(t.db, "village");
  official = await demoActor(t.db, "official");
  hengjing = await demoActor(t.db, "hengjing");
  hengjingPath = hengjing.unitPath;
  // One 法律明白人 of 香山's 舟山村 with a training check-in, and a namesake village's resident of
  // 横泾 with the same phone: each office finds only its own.
  const learner = await addLearner(t.db, { name: "查询甲", village: "舟山村", phone: PHONE });
  personId = learner.personId;
  const start = Date.now() - 86_400_000;
  await addTraining(t.db, {
    title: "个人信息测试培训",
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 90 * 60_000).toISOString(),
    attendees: [{ personId, name: "查询甲" }],
  });
  await t.db
    .updateTable("checkin")
    .set({ consent_version: "2026-11-28" })
    .where("person_id", "=", personId)
    .execute();
  const hjVillage = await unitUnder(t.db, "横泾街道", "舟山村");
  const at = new Date().toISOString();
  for (const [phone, name] of [
    [PHONE, "横泾乙"],
    [HJ_ONLY, "横泾丙"],
  ] as const) {
    await t.db
      .insertInto("person")
      .values({
        unit_id: hjVillage.id,
        phone,
        name,
        village_id: hjVillage.id,
        employer: null,
        audience_group: "villager",
        consent_version: "2026-11-28",
        consented_at: at,
        created_at: at,
        updated_at: at,
      })
      .execute();
  }
});
afterAll(async () => {
  await t?.destroy();
});

const reason = "本人到司法所申请查阅";

async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError)
      return { code: error.code, key: error.messageKey, field: error.field };
    throw error;
  }
  throw new Error("not refused");
}

async function readsOf(actor: Actor) {
  return t.db
    .selectFrom("sensitive_read")
    .selectAll()
    .where("actor_id", "=", actor.id)
    .orderBy("id")
    .execute();
}

/** When the person withdrew a consent, in the tests that need one. */
const NOW_ISO = "2026-12-01T02:00:00.000Z";

describe("looking a person up by phone", () => {
  it("finds the person of the caller's units only, and logs the read with its reason", async () => {
    const found = await lookUpPerson(t.db, { actor: organiser, phone: PHONE, reason });
    expect(found.map((person) => person.id)).toEqual([personId]);
    expect(found[0]!.name).toBe("查询甲");
    const reads = await readsOf(organiser);
    expect(reads.at(-1)).toMatchObject({
      purpose: "person_lookup",
      reason,
      records: 1,
      target: `person:${personId}`,
      actor_username: "organiser",
      unit_path: organiser.unitPath,
    });
    expect(JSON.stringify(reads)).not.toContain(PHONE);
    expect(JSON.stringify(reads)).not.toContain("查询甲");
  });

  it("answers another sub-district's phone exactly as an unknown one", async () => {
    const elsewhere = await refusal(() =>
      lookUpPerson(t.db, { actor: organiser, phone: HJ_ONLY, reason }),
    );
    const unknown = await refusal(() =>
      lookUpPerson(t.db, { actor: organiser, phone: UNKNOWN, reason }),
    );
    expect(elsewhere).toEqual({ code: "NOT_FOUND", key: "people.notFound", field: "phone" });
    expect(unknown).toEqual(elsewhere);
    // 横泾 finds its own resident with the shared phone, never 香山's.
    const theirs = await lookUpPerson(t.db, { actor: hengjing, phone: PHONE, reason });
    expect(theirs.map((person) => person.name)).toEqual(["横泾乙"]);
    // Misses are logged too, with nothing found.
    expect((await readsOf(organiser)).at(-1)).toMatchObject({ records: 0, target: null });
  });

  it("refuses an official, who reads figures and changes nothing", async () => {
    expect(
      await refusal(() => lookUpPerson(t.db, { actor: official, phone: PHONE, reason })),
    ).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await readsOf(official)).toEqual([]);
  });

  it("bounds an account's lookups per hour", async () => {
    for (let i = 0; i < LOOKUPS_PER_HOUR; i += 1) {
      await refusal(() => lookUpPerson(t.db, { actor: village, phone: freshMobile(), reason }));
    }
    const before = (await readsOf(village)).length;
    expect(before).toBe(LOOKUPS_PER_HOUR);
    expect(
      await refusal(() => lookUpPerson(t.db, { actor: village, phone: PHONE, reason })),
    ).toEqual({ code: "TOO_MANY", key: "people.tooMany", field: "phone" });
    expect((await readsOf(village)).length).toBe(before);
  });
});

describe("a person's data", () => {
  it("holds their record, check-ins, roster entry and consents within the caller's units", async () => {
    await t.db
      .insertInto("consent_withdrawal")
      .values({ person_id: personId, consent_version: "2026-11-28", withdrawn_at: NOW_ISO })
      .execute();
    const held = await personData(t.db, { actor: organiser, personId });
    expect(held.person).toMatchObject({ name: "查询甲", phone: PHONE, village_name: "舟山村" });
    expect(held.checkins.map((checkin) => checkin.event_title)).toEqual(["个人信息测试培训"]);
    expect(held.roster).toHaveLength(1);
    expect(held.roster[0]).toMatchObject({ village_name: "舟山村", status: "active" });
    expect(held.consents).toEqual([
      expect.objectContaining({ version: "2026-11-28", checkins: 1 }),
    ]);
    // Each consent names the notice it was given under: its kind, text and the dates it was shown.
    expect(held.consents[0]!.notice).toMatchObject({ version: "2026-11-28", kind: "resident" });
    expect(held.consents[0]!.notice!.textZh.length).toBeGreaterThan(20);
    expect(held.withdrawals).toEqual([{ consent_version: "2026-11-28", withdrawn_at: NOW_ISO }]);
  });

  it("is not found for another sub-district, like a person that does not exist", async () => {
    const elsewhere = await refusal(() => personData(t.db, { actor: hengjing, personId }));
    const missing = await refusal(() =>
      personData(t.db, { actor: hengjing, personId: 99_999_999 }),
    );
    expect(elsewhere).toEqual(missing);
    expect(elsewhere.code).toBe("NOT_FOUND");
  });

  it("exports as XLSX with the full phone, logged without it", async () => {
    const file = await exportPerson(t.db, {
      actor: organiser,
      personId,
      format: "xlsx",
      reason: "本人申请复制",
      lang: "zh-CN",
    });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.body as unknown as ArrayBuffer);
    const cells = (name: string) => {
      const sheet = book.getWorksheet(name);
      expect(sheet, name).toBeDefined();
      const lines: string[] = [];
      sheet!.eachRow((row) =>
        lines.push((row.values as unknown[]).slice(1).map(String).join("\t")),
      );
      return lines;
    };
    expect(cells("人员")[1]).toContain(PHONE);
    expect(cells("人员")[1]).toContain("查询甲");
    expect(cells("签到记录").join("\n")).toContain("个人信息测试培训");
    expect(cells("法律明白人名册").join("\n")).toContain("舟山村");
    expect(cells("同意记录").join("\n")).toContain("2026-11-28");
    expect(cells("同意记录").join("\n")).toContain("居民隐私告知");
    expect(cells("撤回同意").join("\n")).toContain("2026-11-28");
    const read = (await readsOf(organiser)).at(-1)!;
    expect(read).toMatchObject({ purpose: "person_export", reason: "本人申请复制", records: 1 });
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "person.export")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target: `person:${personId}`, actor_username: "organiser" });
    expect(JSON.stringify(audit)).not.toContain(PHONE);
    expect(JSON.stringify(audit)).not.toContain("查询甲");
  });

  it("exports as JSON with the same records", async () => {
    const file = await exportPerson(t.db, {
      actor: organiser,
      personId,
      format: "json",
      reason: "本人申请复制",
      lang: "en",
    });
    const copy = JSON.parse(file.body as string);
    expect(copy.person).toMatchObject({ name: "查询甲", phone: PHONE });
    expect(copy.checkins).toHaveLength(1);
    expect(copy.roster).toHaveLength(1);
    expect(copy.consents[0].version).toBe("2026-11-28");
    expect(copy.consents[0].notice.kind).toBe("resident");
    expect(copy.withdrawals).toHaveLength(1);
  });
});

describe("the sensitive-read log", () => {
  it("records a roster export with full phones, not an official's masked one", async () => {
    const filters: RosterFilters = { status: "all" };
    const before = await readsOf(organiser);
    await exportRoster(t.db, {
      actor: organiser,
      filters,
      format: "csv",
      lang: "zh-CN",
    });
    const after = await readsOf(organiser);
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ purpose: "roster_export", reason: null });
    expect(after.at(-1)!.records).toBeGreaterThan(0);
    await exportRoster(t.db, { actor: official, filters, format: "csv", lang: "zh-CN" });
    expect(await readsOf(official)).toEqual([]);
  });

  it("lists a unit's reads to its admins, filtered by account and day", async () => {
    const xiangshan = await listSensitiveReads(t.db, {
      scopePath: organiser.unitPath,
      filter: {},
      page: 1,
      pageSize: 200,
    });
    const who = new Set(xiangshan.entries.map((entry) => entry.actor_username));
    expect(who.has("organiser")).toBe(true);
    expect(who.has("hengjing")).toBe(false);
    const theirs = await listSensitiveReads(t.db, {
      scopePath: hengjingPath,
      filter: {},
      page: 1,
      pageSize: 200,
    });
    expect(theirs.entries.map((entry) => entry.actor_username)).toEqual(["hengjing"]);
    const filtered = await listSensitiveReads(t.db, {
      scopePath: organiser.unitPath,
      filter: { actor: "village", purpose: "person_lookup" },
      page: 1,
      pageSize: 5,
    });
    expect(filtered.entries).toHaveLength(5);
    expect(filtered.hasMore).toBe(true);
    expect(filtered.entries.every((entry) => entry.actor_username === "village")).toBe(true);
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const none = await listSensitiveReads(t.db, {
      scopePath: organiser.unitPath,
      filter: { from: tomorrow },
      page: 1,
      pageSize: 5,
    });
    expect(none.entries).toEqual([]);
  });
});

describe("erasing a person", () => {
  it("leaves a retired 法律明白人's roster entry naming nobody: no certificate, no listed phone", async () => {
    const phone = freshMobile();
    const learner = await addLearner(t.db, { name: "退出丙", village: "舟山村", phone });
    await t.db
      .updateTable("legal_savvy")
      .set({
        status: "retired",
        retired_on: "2026-01-01",
        retire_reason: "迁出",
        publish: "name_phone",
        publish_phone: phone,
        publish_consented_on: "2025-06-01",
      })
      .where("id", "=", learner.id)
      .execute();
    await erasePerson(t.db, { actor: organiser, personId: learner.personId });
    const entry = await t.db
      .selectFrom("legal_savvy")
      .select([
        "status",
        "retired_on",
        "retire_reason",
        "certificate_no",
        "publish",
        "publish_phone",
        "publish_consented_on",
      ])
      .where("id", "=", learner.id)
      .executeTakeFirstOrThrow();
    // The entry stays (the year's roster and hours still count it), with nothing that identifies.
    expect(entry).toEqual({
      status: "retired",
      retired_on: "2026-01-01",
      retire_reason: null,
      certificate_no: null,
      publish: null,
      publish_phone: null,
      publish_consented_on: null,
    });
  });

  it("refuses while an active roster membership holds them, and changes nothing", async () => {
    let refused: unknown;
    try {
      await erasePerson(t.db, { actor: organiser, personId });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(ErasureRefused);
    expect((refused as ErasureRefused).reasons).toEqual(["person.stay.roster"]);
    const row = await t.db
      .selectFrom("person")
      .select(["name", "phone"])
      .where("id", "=", personId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: "查询甲", phone: PHONE });
    const names = await t.db
      .selectFrom("checkin")
      .select("name")
      .where("person_id", "=", personId)
      .execute();
    expect(names.map((checkin) => checkin.name)).toEqual(["查询甲"]);
  });

  it("anonymises their check-ins as the purge does and forgets them, logged without the name", async () => {
    const phone = freshMobile();
    const at = new Date().toISOString();
    const xiangshanZhoushan = await unitUnder(t.db, "香山街道", "舟山村");
    const resident = await t.db
      .insertInto("person")
      .values({
        unit_id: xiangshanZhoushan.id,
        phone,
        name: "删除丁",
        village_id: xiangshanZhoushan.id,
        employer: "某公司",
        audience_group: "villager",
        consent_version: "2026-11-28",
        consented_at: at,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const start = Date.now() - 2 * 86_400_000;
    const eventId = await addTraining(t.db, {
      title: "删除测试讲座",
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 60 * 60_000).toISOString(),
      training: false,
      attendees: [{ personId: resident.id, name: "删除丁" }],
    });
    // Another office cannot erase 香山's resident, and learns nothing from trying.
    const elsewhere = await refusal(() =>
      erasePerson(t.db, { actor: hengjing, personId: resident.id }),
    );
    expect(elsewhere.code).toBe("NOT_FOUND");
    expect(
      (await refusal(() => erasePerson(t.db, { actor: official, personId: resident.id }))).code,
    ).toBe("FORBIDDEN");

    const result = await erasePerson(t.db, { actor: organiser, personId: resident.id });
    expect(result).toEqual({ checkins: 1 });
    const checkins = await t.db
      .selectFrom("checkin")
      .select(["name", "employer", "device", "audience_group", "person_id"])
      .where("event_id", "=", eventId)
      .execute();
    // The check-in still counts (its group and person key), naming nobody.
    expect(checkins).toEqual([
      {
        name: "",
        employer: null,
        device: null,
        audience_group: "legal_savvy",
        person_id: resident.id,
      },
    ]);
    const person = await t.db
      .selectFrom("person")
      .select(["name", "phone", "employer"])
      .where("id", "=", resident.id)
      .executeTakeFirst();
    expect(person).toEqual({ name: "", phone: null, employer: null });
    expect(
      await refusal(() => lookUpPerson(t.db, { actor: organiser, phone, reason })),
    ).toMatchObject({ code: "NOT_FOUND" });
    const audit = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "person.erase")
      .where("target", "=", `person:${resident.id}`)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ target: `person:${resident.id}`, detail: "checkins=1" });
    const everything = JSON.stringify(await t.db.selectFrom("audit_log").selectAll().execute());
    expect(everything).not.toContain("删除丁");
    expect(everything).not.toContain(phone);
  });
});

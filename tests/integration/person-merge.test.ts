import { Migrator } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/.server/audit/audit-log";
import { recordCheckIn } from "../../app/.server/checkin/record-checkin";
import { AppError } from "../../app/.server/errors";
import { newEventCode } from "../../app/.server/events/events";
import { markDistinct } from "../../app/.server/people/distinct";
import { suggestDuplicates } from "../../app/.server/people/duplicates";
import { mergePeople, mergePreview } from "../../app/.server/people/merge";
import type { ReachUnit } from "../../app/.server/reach/dashboard";
import { reachDashboard } from "../../app/.server/reach/dashboard";
import { yearPeriod } from "../../app/lib/reach-period";
import { migrations } from "../../db/migrations";
import { createTestDatabase } from "../support/database";
import { checkinPlace, demoActor, rowCounts, unitUnder } from "../support/demo";
import { trainingsOf } from "../../app/.server/records/training-hours";
import { addLearner, addTraining, freshMobile } from "../support/records";

// One person, not three (issue 18 item 5), on SQLite and (npm run test:pg) PostgreSQL: duplicate
// suggestions within the caller's units and never across sub-districts, and a merge that moves
// everything, keeps one check-in per event, counts one person in the reach figures, logs no phone,
// changes nothing a second time, and refuses what it must. 2031 is far from the demo's records.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const NOW = "2032-01-10T00:00:00.000Z";
let organiser: Actor;
let hengjing: Actor;
let official: Actor;
let admin: Actor;
let xiangshan: ReachUnit;
let zhoushan: { xiangshan: number; hengjing: number };
let yufan: number;

async function addPerson(input: {
  name: string;
  phone: string | null;
  village: number;
  unit?: number;
}) {
  const at = "2031-01-01T00:00:00.000Z";
  const row = await t.db
    .insertInto("person")
    .values({
      unit_id: input.unit ?? input.village,
      phone: input.phone,
      name: input.name,
      village_id: input.village,
      employer: null,
      audience_group: "villager",
      consent_version: null,
      consented_at: null,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addEvent(title: string, startsAt: string) {
  const host = await t.db
    .selectFrom("admin_unit")
    .select("id")
    .where("name", "=", "香山街道")
    .executeTakeFirstOrThrow();
  const { id } = await t.db
    .insertInto("event")
    .values({
      code: newEventCode(),
      title,
      format: "lecture",
      setting: "village",
      campaign_id: null,
      host_unit_id: host.id,
      village_id: zhoushan.xiangshan,
      venue: "会场",
      starts_at: startsAt,
      ends_at: new Date(Date.parse(startsAt) + 2 * 3_600_000).toISOString(),
      visibility: "public",
      status: "held",
      qr_secret: "secret",
      created_at: startsAt,
      updated_at: startsAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

async function checkIn(eventId: number, name: string, phone: string) {
  const outcome = await recordCheckIn(t.db, {
    eventId,
    place: await checkinPlace(t.db, eventId),
    method: "self_scan",
    recordedBy: null,
    consentVersion: "v1",
    person: { name, phone, villageId: zhoushan.xiangshan, employer: null, group: "villager" },
  });
  return outcome.personId;
}

const figures = async () =>
  (await reachDashboard(t.db, { unit: xiangshan, period: yearPeriod(2031), now: NOW })).current;

async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, key: error.messageKey };
    throw error;
  }
  throw new Error("not refused");
}

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  organiser = await demoActor(t.db, "organiser");
  hengjing = await demoActor(t.db, "hengjing");
  official = await demoActor(t.db, "official");
  admin = await demoActor(t.db, "admin");
  xiangshan = await t.db
    .selectFrom("admin_unit")
    .select(["id", "name", "level", "path", "created_at as createdAt"])
    .where("name", "=", "香山街道")
    .executeTakeFirstOrThrow();
  zhoushan = {
    xiangshan: (await unitUnder(t.db, "香山街道", "舟山村")).id,
    hengjing: (await unitUnder(t.db, "横泾街道", "舟山村")).id,
  };
  yufan = (await unitUnder(t.db, "香山街道", "渔帆村")).id;
});

afterAll(async () => {
  await t.destroy();
});

describe("suggested duplicates", () => {
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    const shared = freshMobile();
    const family = freshMobile();
    ids.zhangWei = await addPerson({ name: "张伟", phone: shared, village: zhoushan.xiangshan });
    ids.zhangWeiTypo = await addPerson({ name: "张玮", phone: shared, village: yufan });
    ids.wangFang = await addPerson({ name: "王芳", phone: null, village: zhoushan.xiangshan });
    ids.wangFang2 = await addPerson({ name: "王芳", phone: null, village: zhoushan.xiangshan });
    ids.chenTrad = await addPerson({ name: "陳麗華", phone: null, village: yufan });
    ids.chen = await addPerson({ name: "陈丽华", phone: freshMobile(), village: yufan });
    // Namesakes with their own phones, and a family sharing one phone: not suggested.
    ids.liMing = await addPerson({ name: "李明", phone: freshMobile(), village: yufan });
    ids.liMing2 = await addPerson({ name: "李明", phone: freshMobile(), village: yufan });
    ids.zhao = await addPerson({ name: "赵敏", phone: family, village: yufan });
    ids.qian = await addPerson({ name: "钱江", phone: family, village: yufan });
    // 横泾's own 舟山村 holds a 王芳 without a phone too, and a pair of its own.
    ids.hjWang = await addPerson({ name: "王芳", phone: null, village: zhoushan.hengjing });
    ids.hjWang2 = await addPerson({ name: "王 芳", phone: null, village: zhoushan.hengjing });
  });

  const pairKeys = (pairs: { a: { id: number }; b: { id: number } }[]) =>
    pairs.map((pair) => `${pair.a.id}:${pair.b.id}`);
  const key = (x: number, y: number) => `${Math.min(x, y)}:${Math.max(x, y)}`;

  it("finds the same phone with a similar name, the same name and village without a phone, and 繁简 variants", async () => {
    const { pairs } = await suggestDuplicates(t.db, { actor: organiser });
    const byKey = new Map(pairs.map((pair) => [`${pair.a.id}:${pair.b.id}`, pair]));
    expect(byKey.get(key(ids.zhangWei!, ids.zhangWeiTypo!))?.reasons).toEqual(["samePhone"]);
    expect(byKey.get(key(ids.wangFang!, ids.wangFang2!))?.reasons).toEqual(["sameNameVillage"]);
    expect(byKey.get(key(ids.chenTrad!, ids.chen!))?.reasons).toEqual([
      "sameNameVillage",
      "variant",
    ]);
    const keys = pairKeys(pairs);
    expect(keys).not.toContain(key(ids.liMing!, ids.liMing2!));
    expect(keys).not.toContain(key(ids.zhao!, ids.qian!));
    // Nothing of 横泾 reaches 香山's list, and the phones it shows are masked.
    for (const pair of pairs) {
      expect([pair.a.id, pair.b.id]).not.toContain(ids.hjWang);
      expect(pair.office).toBe("香山街道");
    }
    expect(JSON.stringify(pairs)).not.toMatch(/1\d{10}/);
  });

  it("shows another sub-district only its own, and a district its sub-districts apart", async () => {
    const own = pairKeys((await suggestDuplicates(t.db, { actor: hengjing })).pairs);
    expect(own).toEqual([key(ids.hjWang!, ids.hjWang2!)]);
    const district = (await suggestDuplicates(t.db, { actor: admin })).pairs;
    const districtKeys = pairKeys(district);
    expect(districtKeys).toContain(key(ids.hjWang!, ids.hjWang2!));
    expect(districtKeys).toContain(key(ids.wangFang!, ids.wangFang2!));
    expect(districtKeys).not.toContain(key(ids.wangFang!, ids.hjWang!));
    for (const pair of district) {
      const offices = await t.db
        .selectFrom("person")
        .innerJoin("admin_unit as owner", "owner.id", "person.unit_id")
        .select("owner.path")
        .where("person.id", "in", [pair.a.id, pair.b.id])
        .execute();
      const office = (path: string) => path.split("/").slice(0, 3).join("/");
      expect(office(offices[0]!.path)).toBe(office(offices[1]!.path));
    }
  });

  it("leaves out a pair staff marked as two people, marked once, within their units only", async () => {
    const pair = key(ids.wangFang!, ids.wangFang2!);
    expect(
      await refusal(() =>
        markDistinct(t.db, { actor: hengjing, ids: [ids.wangFang!, ids.wangFang2!] }),
      ),
    ).toEqual({
      code: "FORBIDDEN",
      key: "error.forbidden.body",
    });
    expect(
      await refusal(() =>
        markDistinct(t.db, { actor: official, ids: [ids.wangFang!, ids.wangFang2!] }),
      ),
    ).toEqual({
      code: "FORBIDDEN",
      key: "error.forbidden.body",
    });
    expect(pairKeys((await suggestDuplicates(t.db, { actor: organiser })).pairs)).toContain(pair);
    const marks = () =>
      t.db
        .selectFrom("audit_log")
        .select("detail")
        .where("action", "=", "person.distinct")
        .execute();
    for (let time = 0; time < 2; time++) {
      const names = await markDistinct(t.db, {
        actor: organiser,
        ids: [ids.wangFang2!, ids.wangFang!],
      });
      expect(names).toEqual({ a: "王芳", b: "王芳" });
    }
    expect(await marks()).toEqual([{ detail: `other=${Math.max(ids.wangFang!, ids.wangFang2!)}` }]);
    expect(pairKeys((await suggestDuplicates(t.db, { actor: organiser })).pairs)).not.toContain(
      pair,
    );
    // The district still sees 横泾's own pair, which nobody marked.
    expect(pairKeys((await suggestDuplicates(t.db, { actor: admin })).pairs)).toContain(
      key(ids.hjWang!, ids.hjWang2!),
    );
  });

  it("is not for an official, who only reads", async () => {
    expect(await refusal(() => suggestDuplicates(t.db, { actor: official }))).toEqual({
      code: "FORBIDDEN",
      key: "error.forbidden.body",
    });
  });
});

describe("merging two records of one person", () => {
  it("moves every check-in, keeps the earlier at a shared event, and counts one person reached", async () => {
    const phone = freshMobile();
    const first = await addEvent("合并测试一", "2031-03-05T01:00:00.000Z");
    const second = await addEvent("合并测试二", "2031-04-05T01:00:00.000Z");
    const keep = await checkIn(first, "张伟", phone);
    await checkIn(second, "张伟", phone);
    // The same resident typed the name in traditional characters at the first event later on.
    const drop = await checkIn(first, "張偉", phone);
    expect(drop).not.toBe(keep);
    const before = await figures();

    const suggested = (await suggestDuplicates(t.db, { actor: organiser })).pairs.find(
      (pair) => pair.a.id === keep && pair.b.id === drop,
    );
    expect(suggested?.reasons).toEqual(["samePhone", "variant"]);

    const preview = await mergePreview(t.db, { actor: organiser, keepId: keep, dropId: drop });
    expect(preview).toMatchObject({ checkins: 1, sameEvent: 1, refusal: null });
    expect(preview.keep.phone).toMatch(/^\d{3}\*{4}\d{4}$/);

    const audits = await t.db.selectFrom("audit_log").select("id").execute();
    const result = await mergePeople(t.db, { actor: organiser, keepId: keep, dropId: drop });
    expect(result.merged).toBe(true);

    const rows = await t.db
      .selectFrom("checkin")
      .select(["event_id", "person_id", "name"])
      .where("event_id", "in", [first, second])
      .orderBy("event_id")
      .execute();
    expect(rows).toEqual([
      { event_id: first, person_id: keep, name: "张伟" },
      { event_id: second, person_id: keep, name: "张伟" },
    ]);
    expect(
      await t.db.selectFrom("person").select("id").where("id", "=", drop).executeTakeFirst(),
    ).toBeUndefined();

    const after = await figures();
    expect(after.uniquePeople).toBe(before.uniquePeople - 1);
    expect(after.attendance.checkins).toBe(before.attendance.checkins - 1);

    const entries = await t.db
      .selectFrom("audit_log")
      .selectAll()
      .where("id", "not in", audits.length ? audits.map((a) => a.id) : [0])
      .execute();
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: "person.merge",
      target: `person:${keep}`,
      outcome: "success",
      actor_username: "organiser",
    });
    expect(JSON.stringify(entries[0])).not.toContain(phone);
    expect(JSON.stringify(entries[0])).not.toMatch(/张伟|張偉/);

    // A second submission of the same merge changes nothing and logs nothing.
    const counts = await rowCounts(t.db);
    const again = await mergePeople(t.db, { actor: organiser, keepId: keep, dropId: drop });
    expect(again.merged).toBe(false);
    expect(await rowCounts(t.db)).toEqual(counts);
    expect((await figures()).uniquePeople).toBe(after.uniquePeople);
  });

  it("merges once when the same merge is sent twice at the same moment", async () => {
    const keep = await addPerson({ name: "钱芳", phone: null, village: yufan });
    const drop = await addPerson({ name: "錢芳", phone: null, village: yufan });
    const audits = await t.db.selectFrom("audit_log").select("id").execute();
    const results = await Promise.all([
      mergePeople(t.db, { actor: organiser, keepId: keep, dropId: drop }),
      mergePeople(t.db, { actor: organiser, keepId: keep, dropId: drop }),
    ]);
    expect(results.map((result) => result.merged).sort()).toEqual([false, true]);
    const merges = await t.db
      .selectFrom("audit_log")
      .select("target")
      .where("action", "=", "person.merge")
      .where(
        "id",
        "not in",
        audits.map((a) => a.id),
      )
      .execute();
    expect(merges).toEqual([{ target: `person:${keep}` }]);
  });

  it("keeps a consent withdrawn under either record withdrawn for the one person", async () => {
    const keep = await addPerson({ name: "孙兰", phone: "13900000011", village: yufan });
    const drop = await addPerson({ name: "孫兰", phone: "13900000011", village: yufan });
    await t.db
      .insertInto("consent_withdrawal")
      .values([
        {
          person_id: keep,
          consent_version: "2026-11-28",
          withdrawn_at: "2031-02-01T00:00:00.000Z",
        },
        {
          person_id: drop,
          consent_version: "2026-11-28",
          withdrawn_at: "2031-03-01T00:00:00.000Z",
        },
        {
          person_id: drop,
          consent_version: "2026-11-28",
          withdrawn_at: "2031-02-01T00:00:00.000Z",
        },
      ])
      .execute();
    await mergePeople(t.db, { actor: organiser, keepId: keep, dropId: drop });
    const withdrawals = await t.db
      .selectFrom("consent_withdrawal")
      .select(["person_id", "withdrawn_at"])
      .where("person_id", "in", [keep, drop])
      .orderBy("withdrawn_at")
      .execute();
    expect(withdrawals).toEqual([
      { person_id: keep, withdrawn_at: "2031-02-01T00:00:00.000Z" },
      { person_id: keep, withdrawn_at: "2031-03-01T00:00:00.000Z" },
    ]);
  });

  it("folds a retired roster entry into the active one, with both duty ledgers, and one pass", async () => {
    const active = await addLearner(t.db, { name: "孙丽", village: "舟山村" });
    const retired = await addLearner(t.db, { name: "孫麗", village: "渔帆村" });
    await t.db
      .updateTable("legal_savvy")
      .set({ status: "retired", retired_on: "2031-01-01", retire_reason: "迁出" })
      .where("id", "=", retired.id)
      .execute();
    const at = "2031-05-01T00:00:00.000Z";
    for (const [entry, village] of [
      [active, active.villageId],
      [retired, retired.villageId],
    ] as const) {
      await t.db
        .insertInto("duty_entry")
        .values({
          legal_savvy_id: entry.id,
          village_id: village,
          occurred_on: "2031-05-01",
          kind: "publicity",
          served: "村民",
          content: "宣传",
          result: null,
          dispute_resolved: null,
          status: "confirmed",
          return_reason: null,
          source: "staff",
          recorded_by: organiser.id,
          reviewed_by: null,
          reviewed_at: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
      await t.db
        .insertInto("pass")
        .values({
          person_id: entry.personId,
          code_hash: `hash-${entry.personId}`,
          nonce: null,
          issued_at: at,
          issued_by: organiser.id,
          revoked_at: null,
          revoked_by: null,
        })
        .execute();
    }
    // Each record attended one training of two hours: once merged, one person has four.
    for (const [entry, name, day] of [
      [active, "孙丽", "2031-06-01"],
      [retired, "孫麗", "2031-07-01"],
    ] as const) {
      await addTraining(t.db, {
        title: `培训 ${day}`,
        startsAt: `${day}T01:00:00.000Z`,
        endsAt: `${day}T03:00:00.000Z`,
        attendees: [{ personId: entry.personId, name }],
      });
    }
    expect((await trainingsOf(t.db, { personId: retired.personId, year: 2031 })).totalMinutes).toBe(
      120,
    );
    // The retired entry's person is kept: the active roster entry is what stays.
    const preview = await mergePreview(t.db, {
      actor: organiser,
      keepId: retired.personId,
      dropId: active.personId,
    });
    expect(preview).toMatchObject({ roster: "fold", duties: 1, passes: 1, passRevoked: true });
    await mergePeople(t.db, {
      actor: organiser,
      keepId: retired.personId,
      dropId: active.personId,
    });

    const roster = await t.db
      .selectFrom("legal_savvy")
      .select(["id", "status", "village_id"])
      .where("person_id", "=", retired.personId)
      .execute();
    expect(roster).toEqual([{ id: active.id, status: "active", village_id: active.villageId }]);
    const duties = await t.db
      .selectFrom("duty_entry")
      .select("village_id")
      .where("legal_savvy_id", "=", active.id)
      .orderBy("village_id")
      .execute();
    expect(duties).toHaveLength(2);
    const passes = await t.db
      .selectFrom("pass")
      .select(["person_id", "revoked_at"])
      .where("code_hash", "in", [`hash-${active.personId}`, `hash-${retired.personId}`])
      .execute();
    expect(passes.every((pass) => pass.person_id === retired.personId)).toBe(true);
    expect(passes.filter((pass) => pass.revoked_at === null)).toHaveLength(1);
    expect((await trainingsOf(t.db, { personId: retired.personId, year: 2031 })).totalMinutes).toBe(
      240,
    );
    // Two villages' records meet at their sub-district.
    const owner = await t.db
      .selectFrom("person")
      .innerJoin("admin_unit", "admin_unit.id", "person.unit_id")
      .select("admin_unit.name")
      .where("person.id", "=", retired.personId)
      .executeTakeFirstOrThrow();
    expect(owner.name).toBe("香山街道");
  });

  it("refuses two active roster entries of two villages, and writes nothing", async () => {
    const a = await addLearner(t.db, { name: "周明", village: "舟山村" });
    const b = await addLearner(t.db, { name: "周明", village: "渔帆村" });
    const preview = await mergePreview(t.db, {
      actor: organiser,
      keepId: a.personId,
      dropId: b.personId,
    });
    expect(preview.refusal).toBe("people.refuseRosters");
    const counts = await rowCounts(t.db);
    expect(
      await refusal(() =>
        mergePeople(t.db, { actor: organiser, keepId: a.personId, dropId: b.personId }),
      ),
    ).toEqual({ code: "CONFLICT", key: "people.refuseRosters" });
    expect(await rowCounts(t.db)).toEqual(counts);
  });

  it("never merges across sub-districts, nor for another sub-district, an official or itself", async () => {
    const here = await addPerson({ name: "吴刚", phone: null, village: zhoushan.xiangshan });
    const there = await addPerson({ name: "吴刚", phone: null, village: zhoushan.hengjing });
    const counts = await rowCounts(t.db);
    expect(
      await refusal(() => mergePeople(t.db, { actor: admin, keepId: here, dropId: there })),
    ).toEqual({ code: "CONFLICT", key: "people.refuseOffices" });
    expect(
      await refusal(() => mergePeople(t.db, { actor: hengjing, keepId: there, dropId: here })),
    ).toEqual({ code: "FORBIDDEN", key: "error.forbidden.body" });
    expect(
      await refusal(() => mergePreview(t.db, { actor: hengjing, keepId: here, dropId: there })),
    ).toEqual({ code: "FORBIDDEN", key: "error.forbidden.body" });
    const other = await addPerson({ name: "吴刚", phone: null, village: zhoushan.xiangshan });
    expect(
      await refusal(() => mergePeople(t.db, { actor: official, keepId: here, dropId: other })),
    ).toEqual({ code: "FORBIDDEN", key: "error.forbidden.body" });
    expect(
      await refusal(() => mergePeople(t.db, { actor: organiser, keepId: here, dropId: here })),
    ).toEqual({ code: "BAD_REQUEST", key: "people.mergeSame" });
    expect(
      await refusal(() => mergePreview(t.db, { actor: organiser, keepId: here, dropId: 999_999 })),
    ).toEqual({ code: "NOT_FOUND", key: "error.notFound.body" });
    await t.db.deleteFrom("person").where("id", "=", other).execute();
    expect(await rowCounts(t.db)).toEqual(counts);
  });
});

describe("the migration 2026-12-09T3-person-merge", () => {
  it("goes down and up again", async () => {
    const migrator = new Migrator({
      db: t.db,
      provider: { getMigrations: async () => migrations },
    });
    expect((await migrator.migrateTo("2026-12-08T2-reach-rollup")).error).toBeUndefined();
    await expect(t.db.selectFrom("person_distinct").selectAll().execute()).rejects.toThrow();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(await t.db.selectFrom("person_distinct").selectAll().execute()).toEqual([]);
  });
});

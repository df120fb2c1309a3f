import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { undoCheckIn } from "../../app/.server/attendance/undo-checkin";
import { recordCheckIn } from "../../app/.server/checkin/record-checkin";
import { seedDemo } from "../../db/seed";
import { createTestDatabase } from "../support/database";
import { checkinPlace, demoActor, openEvent } from "../support/demo";

// The check-in tally the reach figures read (migration 2026-11-29T9c-tally): kept by triggers, on
// SQLite and (npm run test:pg) PostgreSQL, equal at every moment to counting the check-ins.

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
});

afterAll(async () => {
  await t.destroy();
});

/** The tally as the triggers kept it, and as counting the rows gives it, both sorted alike. */
async function tallyAndCount() {
  const kept = await t.db
    .selectFrom("checkin_tally")
    .select(["event_id", "audience_group", "checkins"])
    .where("checkins", ">", 0)
    .orderBy("event_id")
    .orderBy("audience_group")
    .execute();
  const counted = await t.db
    .selectFrom("checkin")
    .select(["event_id", "audience_group"])
    .select((eb) => eb.fn.countAll<number>().as("checkins"))
    .groupBy(["event_id", "audience_group"])
    .orderBy("event_id")
    .orderBy("audience_group")
    .execute();
  return {
    kept: kept.map((row) => ({ ...row, checkins: Number(row.checkins) })),
    counted: counted.map((row) => ({ ...row, checkins: Number(row.checkins) })),
  };
}

async function tallyOf(eventId: number) {
  const rows = await t.db
    .selectFrom("checkin_tally")
    .select(["audience_group", "checkins"])
    .where("event_id", "=", eventId)
    .where("checkins", ">", 0)
    .orderBy("audience_group")
    .execute();
  return Object.fromEntries(rows.map((row) => [row.audience_group, Number(row.checkins)]));
}

const resident = (name: string, phone: string) => ({
  name,
  phone,
  villageId: null,
  employer: "苏州某公司",
  group: "migrant_worker" as const,
});

describe("the check-in tally", () => {
  it("equals the counted check-ins of the whole demo after seeding", async () => {
    const { kept, counted } = await tallyAndCount();
    expect(counted.length).toBeGreaterThan(20);
    expect(kept).toEqual(counted);
  });

  it("counts a new check-in once, a repeat not at all, and an undo back down", async () => {
    const { id: eventId } = await openEvent(t.db, "测试活动：计数");
    const first = {
      eventId,
      place: await checkinPlace(t.db, eventId),
      method: "self_scan" as const,
      recordedBy: null,
      consentVersion: "v1",
    };
    await recordCheckIn(t.db, { ...first, person: resident("计数甲", "13900000101") });
    await recordCheckIn(t.db, { ...first, person: resident("计数乙", "13900000102") });
    await recordCheckIn(t.db, { ...first, person: resident("计数乙", "13900000102") });
    await recordCheckIn(t.db, {
      ...first,
      person: { ...resident("计数丙", "13900000103"), group: "elderly" },
    });
    expect(await tallyOf(eventId)).toEqual({ elderly: 1, migrant_worker: 2 });

    const organiser = await demoActor(t.db, "organiser");
    const row = await t.db
      .selectFrom("checkin")
      .select("id")
      .where("event_id", "=", eventId)
      .where("name", "=", "计数甲")
      .executeTakeFirstOrThrow();
    await undoCheckIn(t.db, { actor: organiser, eventId, checkinId: row.id });
    expect(await tallyOf(eventId)).toEqual({ elderly: 1, migrant_worker: 1 });
    const { kept, counted } = await tallyAndCount();
    expect(kept).toEqual(counted);
  });

  it("follows a corrected check-in to its new group and event", async () => {
    const { id: from } = await openEvent(t.db, "测试活动：更正前");
    const { id: to } = await openEvent(t.db, "测试活动：更正后");
    await recordCheckIn(t.db, {
      eventId: from,
      place: await checkinPlace(t.db, from),
      method: "walk_in",
      recordedBy: null,
      consentVersion: null,
      person: resident("更正丁", "13900000104"),
    });
    await t.db
      .updateTable("checkin")
      .set({ event_id: to, audience_group: "youth" })
      .where("event_id", "=", from)
      .execute();
    expect(await tallyOf(from)).toEqual({});
    expect(await tallyOf(to)).toEqual({ youth: 1 });
  });

  it("is emptied with the check-ins", async () => {
    await t.db.deleteFrom("checkin").execute();
    const left = await t.db
      .selectFrom("checkin_tally")
      .select(sql<number>`coalesce(sum(checkins), 0)`.as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
  });
});

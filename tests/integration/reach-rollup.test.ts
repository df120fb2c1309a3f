import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { undoCheckIn } from "../../app/.server/attendance/undo-checkin";
import { recordCheckIn } from "../../app/.server/checkin/record-checkin";
import { refreshReach } from "../../app/.server/reach/rollup";
import { shanghaiDay } from "../../app/lib/time";
import { createTestDatabase } from "../support/database";
import { checkinPlace, demoActor, openEvent, unitUnder } from "../support/demo";

// The reach roll-ups (migration 2026-12-08T2-reach-rollup, app/.server/reach/rollup.ts), on SQLite
// and (npm run test:pg) PostgreSQL: after a refresh at any moment, the tally equals counting the
// check-ins, and the people reached per unit (villages aside) and period equal what the check-ins
// of the events that count give, worked out here from the rows and the tree without the roll-up's
// code; whatever
// changed between (new, undone and corrected check-ins, events edited or cancelled, units moved).

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
});

afterAll(async () => {
  await t.destroy();
});

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : 1);

/** The tally as the refresh kept it, and as counting the rows gives it. */
async function tallyAndCount() {
  const kept = await t.db
    .selectFrom("checkin_tally")
    .select(["event_id", "audience_group", "checkins"])
    .where("checkins", ">", 0)
    .execute();
  const counted = await t.db
    .selectFrom("checkin")
    .select(["event_id", "audience_group"])
    .select((eb) => eb.fn.countAll<number>().as("checkins"))
    .groupBy(["event_id", "audience_group"])
    .execute();
  const rows = (list: typeof kept) =>
    list
      .map((row) => ({ key: `${row.event_id}|${row.audience_group}`, n: Number(row.checkins) }))
      .sort(byKey);
  return { kept: rows(kept), counted: rows(counted) };
}

/** The villages: the roll-ups file no one under them. */
async function villageIds() {
  const rows = await t.db
    .selectFrom("admin_unit")
    .select("id")
    .where("level", "=", "village")
    .execute();
  return new Set(rows.map((row) => String(row.id)));
}

/** The check-ins of the events that count at `now`, with where and when their event was. */
function countedCheckins(now: string) {
  return t.db
    .selectFrom("checkin")
    .innerJoin("event", "event.id", "checkin.event_id")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .leftJoin("admin_unit as village", "village.id", "event.village_id")
    .select([
      "checkin.person_id",
      "checkin.audience_group",
      "event.starts_at",
      "host.path as host",
      "village.path as village",
    ])
    .where("event.visibility", "=", "public")
    .where("event.status", "in", ["published", "held"])
    .where("event.ends_at", "<=", now)
    .execute();
}

/** "unit|period" for each unit (villages aside) and period a check-in is filed under. */
function keysOf(
  row: { starts_at: string; host: string; village: string | null },
  villages: Set<string>,
) {
  const day = shanghaiDay(row.starts_at);
  const quarter = Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1;
  const periods = [day.slice(0, 4), `${day.slice(0, 4)}${quarter}`, day.slice(0, 7)].map((period) =>
    String(Number(period.replace("-", ""))),
  );
  const units = new Set(`${row.host}${row.village ?? ""}`.split("/").filter(Boolean));
  return [...units]
    .filter((unit) => !villages.has(unit))
    .flatMap((unit) => periods.map((period) => `${unit}|${period}`));
}

/** People reached per unit and period: as the roll-up keeps them, and as the rows give them. */
async function reachedAndExpected(now: string) {
  const kept = await t.db
    .selectFrom("reach_person")
    .select(["unit_id", "period", "person_id", "events"])
    .where("events", ">", 0)
    .execute();
  const counts = await t.db.selectFrom("reach_count").selectAll().execute();
  const villages = await villageIds();
  const rows = await countedCheckins(now);
  const expected = new Map<string, number>();
  for (const row of rows) {
    for (const key of keysOf(row, villages)) {
      const person = `${key}|${row.person_id}`;
      expected.set(person, (expected.get(person) ?? 0) + 1);
    }
  }
  return {
    kept: kept
      .map((row) => ({
        key: `${row.unit_id}|${row.period}|${row.person_id}`,
        n: Number(row.events),
      }))
      .sort(byKey),
    expected: [...expected].map(([key, n]) => ({ key, n })).sort(byKey),
    /** People reached per unit and period: as kept, and as many as the expected rows. */
    people: {
      kept: counts
        .filter((row) => Number(row.people) !== 0)
        .map((row) => ({ key: `${row.unit_id}|${row.period}`, n: Number(row.people) }))
        .sort(byKey),
      expected: [
        ...[...expected.keys()].reduce((people, key) => {
          const unitPeriod = key.split("|").slice(0, 2).join("|");
          return people.set(unitPeriod, (people.get(unitPeriod) ?? 0) + 1);
        }, new Map<string, number>()),
      ]
        .map(([key, n]) => ({ key, n }))
        .sort(byKey),
    },
  };
}

/** Check-ins per group for each unit and period, as the roll-up keeps them. */
async function groupsKept() {
  const rows = await t.db
    .selectFrom("reach_group")
    .selectAll()
    .where("checkins", "!=", 0)
    .execute();
  return rows
    .map((row) => ({
      key: `${row.unit_id}|${row.period}|${row.audience_group}`,
      n: Number(row.checkins),
    }))
    .sort(byKey);
}

/** The same from the rows: each check-in of a counted event, under its units and periods. */
async function groupsExpected(now: string) {
  const villages = await villageIds();
  const expected = new Map<string, number>();
  for (const row of await countedCheckins(now)) {
    for (const key of keysOf(row, villages)) {
      const group = `${key}|${row.audience_group}`;
      expected.set(group, (expected.get(group) ?? 0) + 1);
    }
  }
  return [...expected].map(([key, n]) => ({ key, n })).sort(byKey);
}

/** Refreshes at `now`, then checks both roll-ups against the rows. */
async function refreshAndCheck(now = new Date().toISOString()) {
  await refreshReach(t.db, now);
  const tally = await tallyAndCount();
  expect(tally.kept).toEqual(tally.counted);
  const reached = await reachedAndExpected(now);
  expect(reached.kept).toEqual(reached.expected);
  expect(reached.people.kept).toEqual(reached.people.expected);
  expect(await groupsKept()).toEqual(await groupsExpected(now));
  return reached.kept.length;
}

async function tallyOf(eventId: number) {
  await refreshReach(t.db, new Date().toISOString());
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

async function checkIn(eventId: number, person: ReturnType<typeof resident>) {
  return recordCheckIn(t.db, {
    eventId,
    place: await checkinPlace(t.db, eventId),
    method: "self_scan",
    recordedBy: null,
    consentVersion: "v1",
    person,
  });
}

/** Ends a running event an hour ago, as if the clock had moved on. */
async function endEvent(eventId: number) {
  await t.db
    .updateTable("event")
    .set({ ends_at: new Date(Date.now() - 3_600_000).toISOString() })
    .where("id", "=", eventId)
    .execute();
}

describe("the reach roll-ups", () => {
  it("equal the rows of the whole demo after seeding", async () => {
    const { counted } = await tallyAndCount();
    expect(counted.length).toBeGreaterThan(20);
    expect(await refreshAndCheck()).toBeGreaterThan(1_000);
  });

  it("count a new check-in once, a repeat not at all, and an undo back down", async () => {
    const { id: eventId } = await openEvent(t.db, "测试活动：计数");
    await checkIn(eventId, resident("计数甲", "13900000101"));
    await checkIn(eventId, resident("计数乙", "13900000102"));
    await checkIn(eventId, resident("计数乙", "13900000102"));
    await checkIn(eventId, { ...resident("计数丙", "13900000103"), group: "elderly" as never });
    expect(await tallyOf(eventId)).toEqual({ elderly: 1, migrant_worker: 2 });
    // Running: the tally counts it, the people reached wait for its end.
    await refreshAndCheck();
    await endEvent(eventId);
    await refreshAndCheck();

    const organiser = await demoActor(t.db, "organiser");
    const row = await t.db
      .selectFrom("checkin")
      .select("id")
      .where("event_id", "=", eventId)
      .where("name", "=", "计数甲")
      .executeTakeFirstOrThrow();
    await undoCheckIn(t.db, { actor: organiser, eventId, checkinId: row.id });
    expect(await tallyOf(eventId)).toEqual({ elderly: 1, migrant_worker: 1 });
    await refreshAndCheck();
  });

  it("follow a corrected check-in to its new group and event", async () => {
    const { id: from } = await openEvent(t.db, "测试活动：更正前");
    const { id: to } = await openEvent(t.db, "测试活动：更正后");
    await checkIn(from, resident("更正丁", "13900000104"));
    await endEvent(from);
    await endEvent(to);
    await refreshAndCheck();
    await t.db
      .updateTable("checkin")
      .set({ event_id: to, audience_group: "youth" })
      .where("event_id", "=", from)
      .execute();
    expect(await tallyOf(from)).toEqual({});
    expect(await tallyOf(to)).toEqual({ youth: 1 });
    await refreshAndCheck();
  });

  it("take out a cancelled event's people and put them back when it is restored", async () => {
    const { id } = await openEvent(t.db, "测试活动：取消");
    await checkIn(id, resident("取消戊", "13900000105"));
    await endEvent(id);
    const before = await refreshAndCheck();
    await t.db.updateTable("event").set({ status: "cancelled" }).where("id", "=", id).execute();
    expect(await refreshAndCheck()).toBeLessThan(before);
    await t.db.updateTable("event").set({ status: "held" }).where("id", "=", id).execute();
    expect(await refreshAndCheck()).toBe(before);
  });

  it("file an event again when its village moves to another sub-district", async () => {
    const village = await unitUnder(t.db, "香山街道", "舟山村");
    const other = await unitUnder(t.db, "吴中区", "横泾街道");
    const { id } = await openEvent(t.db, "测试活动：搬村");
    await t.db.updateTable("event").set({ village_id: village.id }).where("id", "=", id).execute();
    await checkIn(id, resident("搬村己", "13900000106"));
    await endEvent(id);
    await refreshAndCheck();
    await t.db
      .updateTable("admin_unit")
      .set({ path: `${other.path}${village.id}/`, parent_id: other.id, name: "舟山新村" })
      .where("id", "=", village.id)
      .execute();
    await refreshAndCheck();
    const filed = await t.db
      .selectFrom("reach_person")
      .select("person_id")
      .where("unit_id", "=", other.id)
      .execute();
    expect(filed.length).toBeGreaterThan(0);
  });

  it("stay exact when check-ins arrive while two refreshes run", async () => {
    const { id } = await openEvent(t.db, "测试活动：并发");
    await endEvent(id);
    const now = () => new Date().toISOString();
    await Promise.all([
      ...Array.from({ length: 30 }, (_, i) =>
        checkIn(id, resident(`并发${i}`, `1390000${String(200 + i).padStart(4, "0")}`)),
      ),
      refreshReach(t.db, now()),
      refreshReach(t.db, now()),
    ]);
    await refreshAndCheck();
    expect(await tallyOf(id)).toEqual({ migrant_worker: 30 });
  });

  it("are emptied with the check-ins", async () => {
    await t.db.deleteFrom("checkin").execute();
    await refreshReach(t.db, new Date().toISOString());
    const left = await t.db
      .selectFrom("checkin_tally")
      .select(sql<number>`coalesce(sum(checkins), 0)`.as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(left.n)).toBe(0);
    expect(await t.db.selectFrom("reach_person").select("person_id").execute()).toEqual([]);
    const people = await t.db.selectFrom("reach_count").select("people").execute();
    expect(people.filter((row) => Number(row.people) !== 0)).toEqual([]);
  });
});

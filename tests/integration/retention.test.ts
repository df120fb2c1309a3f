import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reachDashboard } from "../../app/.server/reach/dashboard";
import type { ReachUnit } from "../../app/.server/reach/dashboard";
import type { PurgeCounts } from "../../app/.server/privacy/purge";
import { countExpired, retentionCutoff, runPurge } from "../../app/.server/privacy/purge";
import { refreshReach } from "../../app/.server/reach/rollup";
import type { ReachPeriod } from "../../app/lib/reach-period";
import { daysPeriod, monthPeriod, quarterPeriod, yearPeriod } from "../../app/lib/reach-period";
import { createTestDatabase } from "../support/database";
import { unitUnder } from "../support/demo";

// The retention purge (app/.server/privacy/purge.ts), on SQLite and (npm run test:pg)
// PostgreSQL, over the demo of two sub-districts: every figure of /reach for the expired year is
// the same before and after; no name or phone of an expired check-in's forgotten person is left
// anywhere in the database, the audit log included; unexpired data is untouched; a second run
// changes nothing; of two runs at once, one does the work.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
/** A year after the end of 2025: the demo's 2024 events and the 2025 ones are past retention. */
const NOW = new Date("2026-12-07T04:00:00.000Z");
const DAYS = 365;
const CUTOFF = retentionCutoff(NOW, DAYS);
const OLD_AT = "2024-06-01T02:00:00.000Z";

let units: ReachUnit[];
/** The event whose photo is not past retention. */
let keptPhoto: number;
/** Events with offline-door sync rows: one closed long ago, one whose rows are still kept. */
let doorEvents: { old: number; recent: number };
/** What the dry run counted, for the run to match. */
let dryRun: PurgeCounts | undefined;

const unitNamed = (name: string) =>
  t.db
    .selectFrom("admin_unit")
    .select(["id", "name", "level", "path", "created_at as createdAt"])
    .where("name", "=", name)
    .orderBy("id")
    .limit(1)
    .executeTakeFirstOrThrow();

const periods: ReachPeriod[] = [
  yearPeriod(2024),
  ...[1, 2, 3, 4].map((quarter) => quarterPeriod(2024, quarter)),
  ...Array.from({ length: 12 }, (_, i) => monthPeriod(2024, i + 1)),
  daysPeriod("2024-03-01", "2024-11-30"),
];

/** Every dashboard the officials can open for 2024, for each unit, as data. */
async function figures() {
  const out: unknown[] = [];
  for (const unit of units) {
    for (const period of periods) {
      out.push(await reachDashboard(t.db, { unit, period, now: NOW.toISOString() }));
    }
  }
  return out;
}

/** Every row of every table, as JSON text per table. */
async function everything() {
  const tables = (await t.db.introspection.getTables()).map((table) => table.name).sort();
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await t.db
      .selectFrom(table as "person")
      .selectAll()
      .execute();
    out[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return out;
}

const expiredCheckins = () =>
  t.db
    .selectFrom("checkin")
    .innerJoin("event", "event.id", "checkin.event_id")
    .innerJoin("person", "person.id", "checkin.person_id")
    .select([
      "checkin.id",
      "checkin.person_id",
      "checkin.name",
      "checkin.employer",
      "checkin.device",
      "person.name as personName",
      "person.phone",
    ])
    .where("event.ends_at", "<", CUTOFF)
    .execute();

let before: {
  figures: unknown[];
  expired: Awaited<ReturnType<typeof expiredCheckins>>;
  unexpired: unknown[];
};

const unexpiredRows = async () => ({
  checkins: await t.db
    .selectFrom("checkin")
    .innerJoin("event", "event.id", "checkin.event_id")
    .selectAll("checkin")
    .where("event.ends_at", ">=", CUTOFF)
    .orderBy("checkin.id")
    .execute(),
  people: await t.db
    .selectFrom("person")
    .selectAll()
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom("checkin")
            .innerJoin("event", "event.id", "checkin.event_id")
            .select("checkin.id")
            .whereRef("checkin.person_id", "=", "person.id")
            .where("event.ends_at", "<", CUTOFF),
        ),
      ),
    )
    .orderBy("id")
    .execute(),
  recentAudit: await t.db
    .selectFrom("audit_log")
    .selectAll()
    .where("at", ">=", CUTOFF)
    .where("action", "<>", "privacy.purge")
    .orderBy("id")
    .execute(),
  recentDuties: await t.db
    .selectFrom("duty_entry")
    .selectAll()
    .where("occurred_on", ">=", CUTOFF.slice(0, 10))
    .orderBy("id")
    .execute(),
});

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  await refreshReach(t.db, NOW.toISOString());
  units = [
    await unitNamed("香山街道"),
    await unitNamed("吴中区"),
    await unitNamed("横泾街道"),
    await t.db
      .selectFrom("admin_unit")
      .select(["id", "name", "level", "path", "created_at as createdAt"])
      .where("id", "=", (await unitUnder(t.db, "香山街道", "舟山村")).id)
      .executeTakeFirstOrThrow(),
  ];
  const expired = await expiredCheckins();
  const someone = expired.find((row) => row.phone !== null)!;
  // Words that name an expired check-in's person, where staff and residents leave them: the
  // audit log (an undo names and masks; a reason typed in full), an event's summary and minutes,
  // an absence note.
  await t.db
    .insertInto("audit_log")
    .values([
      {
        at: OLD_AT,
        actor_id: null,
        actor_username: "organiser",
        action: "checkin.undo",
        target: `Q7K2M ${someone.personName}`,
        outcome: "success",
        ip: "127.0.0.1",
        unit_path: units[0]!.path,
        detail: `checkin 17: ${someone.personName} ${someone.phone!.slice(0, 3)}****${someone.phone!.slice(7)} self_scan ${OLD_AT}`,
      },
      {
        at: OLD_AT,
        actor_id: null,
        actor_username: "organiser",
        action: "event.export",
        target: null,
        outcome: "success",
        ip: null,
        unit_path: units[0]!.path,
        detail: `format=csv rows=12 ${someone.phone}`,
      },
    ])
    .execute();
  // A reason typed for a sensitive read, as staff write one: it names the person.
  await t.db
    .insertInto("sensitive_read")
    .values({
      at: OLD_AT,
      actor_id: null,
      actor_username: "organiser",
      unit_path: units[0]!.path,
      purpose: "person_lookup",
      reason: `${someone.personName}本人来电要求查询`,
      records: 1,
      target: null,
    })
    .execute();
  const oldEvent = await t.db
    .selectFrom("event")
    .select("id")
    .where("ends_at", "<", CUTOFF)
    .orderBy("id")
    .limit(1)
    .executeTakeFirstOrThrow();
  await t.db
    .updateTable("event")
    .set({ summary: `${someone.personName}现场咨询`, minutes: `${someone.personName}发言` })
    .where("id", "=", oldEvent.id)
    .execute();
  // Photos (faces are personal data): the demo's 2024 ones, one of an expired duty entry, and
  // one of an event that has not expired, which stays.
  const photo = (owner: { event_id: number } | { duty_entry_id: number }, hash: string) => ({
    event_id: null,
    duty_entry_id: null,
    ...owner,
    content_hash: hash,
    display: Buffer.from("display"),
    display_width: 1,
    display_height: 1,
    thumb: Buffer.from("thumb"),
    thumb_width: 1,
    thumb_height: 1,
    created_by: null,
    created_at: OLD_AT,
  });
  const oldDuty = await t.db
    .selectFrom("duty_entry")
    .select("id")
    .where("occurred_on", "<", CUTOFF.slice(0, 10))
    .orderBy("id")
    .limit(1)
    .executeTakeFirstOrThrow();
  const recentEvent = await t.db
    .selectFrom("event")
    .select("id")
    .where("ends_at", ">=", CUTOFF)
    .orderBy("id")
    .limit(1)
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("photo")
    .values([
      photo({ duty_entry_id: oldDuty.id }, "old-duty"),
      photo({ event_id: recentEvent.id }, "recent-event"),
    ])
    .execute();
  keptPhoto = recentEvent.id;
  // Offline-door sync rows (de-duplication state): of an event long over, which go, and of the
  // demo's latest event, whose queue closed less than 30 days before NOW (if at all), which stay.
  const latest = await t.db
    .selectFrom("event")
    .select(["id", "ends_at"])
    .orderBy("ends_at", "desc")
    .limit(1)
    .executeTakeFirstOrThrow();
  expect(latest.ends_at > new Date(NOW.getTime() - 30 * 86_400_000).toISOString()).toBe(true);
  doorEvents = { old: oldEvent.id, recent: latest.id };
  const syncRow = (eventId: number, item: string) => ({
    recorded_by: 1,
    item_id: item,
    event_id: eventId,
    kind: "scan" as const,
    happened_at: OLD_AT,
    received_at: OLD_AT,
    outcome: "refused" as const,
    reason: "unknown" as const,
    checkin_at: null,
    checkin_id: null,
  });
  await t.db
    .insertInto("door_sync_item")
    .values([
      syncRow(oldEvent.id, "old-1"),
      syncRow(oldEvent.id, "old-2"),
      syncRow(latest.id, "recent-1"),
    ])
    .execute();
  before = {
    figures: await figures(),
    expired: await expiredCheckins(),
    unexpired: [await unexpiredRows()],
  };
});

afterAll(async () => {
  await t.destroy();
});

describe("the retention purge", () => {
  it("counts ahead what it will change, writing nothing", async () => {
    const snapshot = await everything();
    const counted = await countExpired(t.db, { now: NOW, retentionDays: DAYS });
    expect(await everything()).toEqual(snapshot);
    expect(counted.checkins).toBe(before.expired.length);
    expect(counted.people).toBeGreaterThan(0);
    expect(counted.audit).toBeGreaterThanOrEqual(2);
    expect(counted.events).toBeGreaterThanOrEqual(1);
    expect(counted.reasons).toBeGreaterThanOrEqual(1);
    // The demo's 2024 photos and the expired duty entry's: all but the unexpired event's.
    const photos = await t.db.selectFrom("photo").select("id").execute();
    expect(counted.photos).toBe(photos.length - 1);
    expect(counted.photos).toBeGreaterThanOrEqual(201);
    expect(counted.door).toBe(2);
    dryRun = counted;
  });

  it("keeps every figure of the expired year and leaves no name or phone of its people", async () => {
    const [first, second] = await Promise.all([
      runPurge(t.db, { now: () => NOW, retentionDays: DAYS, holder: "server-a" }),
      runPurge(t.db, { now: () => NOW, retentionDays: DAYS, holder: "server-b" }),
    ]);
    // Two runs at once: one does the work, the other finds the lease taken.
    expect([first.ran, second.ran].sort()).toEqual([false, true]);
    const run = first.ran ? first : second;
    if (!run.ran) throw new Error("no run");
    // The dry run counted ahead exactly what the run changed.
    expect(run.counts).toEqual(dryRun);
    expect(run.counts.checkins).toBe(before.expired.length);
    // The offline door's rows of the event long over are gone; the latest event's stay.
    const doorRows = await t.db
      .selectFrom("door_sync_item")
      .select(["event_id", "item_id"])
      .where("event_id", "in", [doorEvents.old, doorEvents.recent])
      .execute();
    expect(doorRows).toEqual([{ event_id: doorEvents.recent, item_id: "recent-1" }]);

    expect(await figures()).toEqual(before.figures);
    expect([await unexpiredRows()]).toEqual(before.unexpired);

    const after = await expiredCheckins();
    expect(
      after.every((row) => row.name === "" && row.employer === null && row.device === null),
    ).toBe(true);

    // The people forgotten: no name or phone of theirs anywhere, the audit log included. A name
    // someone kept also bears (a 法律明白人 on a roster, a namesake) is not theirs to search for.
    const forgotten = new Set(
      after.filter((row) => row.personName === "").map((row) => row.person_id),
    );
    expect(forgotten.size).toBe(run.counts.people);
    const kept = await t.db.selectFrom("person").select("name").where("name", "<>", "").execute();
    const keptNames = new Set(kept.map((row) => row.name));
    const names = new Set<string>();
    const phones = new Set<string>();
    for (const row of before.expired) {
      if (!forgotten.has(row.person_id)) continue;
      // Also a short name that a kept name holds (张平 in 张平华) would be found in the kept one.
      if (![...keptNames].some((name) => name.includes(row.personName))) names.add(row.personName);
      if (row.phone) phones.add(row.phone).add(`${row.phone.slice(0, 3)}****${row.phone.slice(7)}`);
    }
    expect(names.size).toBeGreaterThan(0);
    expect(phones.size).toBeGreaterThan(0);
    const all = await everything();
    const found: string[] = [];
    for (const [table, rows] of Object.entries(all)) {
      for (const row of rows) {
        for (const word of [...names, ...phones])
          if (row.includes(word)) found.push(`${table}: ${word}`);
      }
    }
    expect(found).toEqual([]);

    // Free text of expired records is gone; the audit entries keep their action and counts.
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "target", "detail", "actor_username"])
      .where("at", "=", OLD_AT)
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "checkin.undo", target: null, detail: null, actor_username: "organiser" },
      { action: "event.export", target: null, detail: "rows=12", actor_username: "organiser" },
    ]);
    const texts = await t.db
      .selectFrom("event")
      .select(["summary", "minutes"])
      .where("ends_at", "<", CUTOFF)
      .execute();
    expect(texts.every((row) => row.summary === null && row.minutes === null)).toBe(true);
    const duties = await t.db
      .selectFrom("duty_entry")
      .select(["served", "content", "result"])
      .where("occurred_on", "<", CUTOFF.slice(0, 10))
      .execute();
    expect(
      duties.every((row) => row.served === "" && row.content === "" && row.result === null),
    ).toBe(true);
    // Photos of expired events and duty entries are deleted; the unexpired event's stays.
    expect(await t.db.selectFrom("photo").select(["event_id", "duty_entry_id"]).execute()).toEqual([
      { event_id: keptPhoto, duty_entry_id: null },
    ]);

    // One audit entry for the run, with its counts and no names.
    const entries = await t.db
      .selectFrom("audit_log")
      .select(["detail", "actor_id", "target"])
      .where("action", "=", "privacy.purge")
      .execute();
    expect(entries).toEqual([
      {
        actor_id: null,
        target: null,
        detail: `days=365 checkins=${run.counts.checkins} people=${run.counts.people} kept=${run.counts.kept} events=${run.counts.events} duties=${run.counts.duties} audit=${run.counts.audit} reasons=${run.counts.reasons} photos=${run.counts.photos} door=${run.counts.door}`,
      },
    ]);
  });

  it("changes nothing on a second run, and runs daily only once a day", async () => {
    const snapshot = await everything();
    const again = await runPurge(t.db, { now: () => NOW, retentionDays: DAYS });
    expect(again).toEqual({
      ran: true,
      counts: {
        checkins: 0,
        people: 0,
        kept: 0,
        events: 0,
        duties: 0,
        audit: 0,
        reasons: 0,
        photos: 0,
        door: 0,
      },
    });
    const after = await everything();
    for (const table of Object.keys(snapshot)) {
      if (table === "audit_log" || table === "job_lease") continue;
      expect(after[table], table).toEqual(snapshot[table]);
    }
    // Only the run's own entry was added to the audit log.
    expect(after.audit_log!.length).toBe(snapshot.audit_log!.length + 1);
    expect(snapshot.audit_log!.every((row) => after.audit_log!.includes(row))).toBe(true);

    const later = (hours: number) => () => new Date(NOW.getTime() + hours * 3_600_000);
    expect(await runPurge(t.db, { now: later(1), retentionDays: DAYS, daily: true })).toEqual({
      ran: false,
    });
    expect((await runPurge(t.db, { now: later(24), retentionDays: DAYS, daily: true })).ran).toBe(
      true,
    );
  });

  it("refuses to scrub an audit entry younger than 180 days, whatever the caller", async () => {
    const recent = await t.db
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", "privacy.purge")
      .limit(1)
      .executeTakeFirstOrThrow();
    await expect(
      t.db.updateTable("audit_log").set({ detail: null }).where("id", "=", recent.id).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.db.updateTable("audit_log").set({ action: "x" }).where("at", "=", OLD_AT).execute(),
    ).rejects.toThrow(/append-only/);
  });
});

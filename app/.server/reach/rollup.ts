import type { RawBuilder, Transaction } from "kysely";
import { PostgresAdapter, sql } from "kysely";
import type { Database, EventStatus } from "../../../db/schema";
import { inTransaction } from "../../../db/transaction";
import { runStatuses } from "~/lib/event-status";
import type { ReachPeriod } from "~/lib/reach-period";
import { shanghaiDay } from "~/lib/time";
import type { Db } from "../db";

// The reach roll-ups (migration 2026-12-08T2-reach-rollup): a check-in writes its own row only;
// a refresh files the new rows of events that count, under each unit whose dashboard counts the
// event and each period it falls in, and keeps the tally of check-ins per event and group. The
// dashboard refreshes before it reads, with the time it reads at, so its figures are exact; each
// server also refreshes once a minute (startReachRefresh), so that a read rarely finds much to do.

/** Any 64-bit number of our own: the advisory lock refreshes take on PostgreSQL. */
const REFRESH_LOCK = 7_165_142_402;
/**
 * New check-ins filed per transaction: a first refresh over years of check-ins commits as it
 * goes, and no statement of it nears the statement timeout.
 */
const ROWS_PER_STEP = 20_000;

/**
 * The roll-up periods of an event held on a Shanghai calendar day, as numbers: its year (2024),
 * quarter (20241 for 2024's first) and month (202401). Four, five and six digits never meet.
 */
export function periodKeys(day: string) {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return [year, year * 10 + Math.ceil(month / 3), year * 100 + month];
}

/** The roll-up period of a reach period, or null for days chosen by hand (counted directly). */
export function periodKey(period: ReachPeriod): number | null {
  switch (period.kind) {
    case "year":
      return period.year;
    case "quarter":
      return period.year * 10 + period.quarter;
    case "month":
      return period.year * 100 + period.month;
    case "days":
      return null;
  }
}

/** The units of a tree path ("/1/2/5/" is 1, 2 and 5). */
const unitsOnPath = (path: string | null) =>
  path === null ? [] : path.split("/").filter(Boolean).map(Number);

/** The unit a tree path ends at ("/1/2/5/" is 5). */
export const unitOfPath = (path: string) => unitsOnPath(path).at(-1)!;

type EventFacts = {
  id: number;
  status: EventStatus;
  visibility: string;
  starts_at: string;
  ends_at: string;
  host_path: string;
  village_path: string | null;
};

/**
 * How an event's check-ins count at `now`: an outreach event run and ended counts; one run and
 * not yet ended will; any other (a draft, a cancelled or internal event) does not, unless edited.
 */
function standing(event: EventFacts, now: string) {
  const run = (runStatuses as readonly EventStatus[]).includes(event.status);
  if (event.visibility !== "public" || !run) return "never";
  return event.ends_at <= now ? "counted" : "pending";
}

/**
 * The units whose dashboards count an event (those above its host and above its village), but
 * villages: a village's few events are counted from their rows, and leaving them out keeps the
 * roll-up a third smaller.
 */
function eventKeys(event: EventFacts, villages: Set<number>) {
  const units = new Set([...unitsOnPath(event.host_path), ...unitsOnPath(event.village_path)]);
  const periods = periodKeys(shanghaiDay(event.starts_at));
  return [...units]
    .filter((unit) => !villages.has(unit))
    .flatMap((unit) => periods.map((period) => ({ event_id: event.id, unit_id: unit, period })));
}

const isPostgres = (db: Db | Transaction<Database>) =>
  db.getExecutor().adapter instanceof PostgresAdapter;

const idList = (ids: number[]) =>
  sql.join(
    ids.map((id) => sql.lit(id)),
    sql`, `,
  );

/**
 * How many people a change of their counts adds to or takes from a (unit, period): one who had
 * none and now has some is reached; one who had some and now has none is no longer.
 */
const reachedChange = (now: string, delta: string) =>
  sql.raw(`sum(case
    when ${now} > 0 and ${now} - ${delta} <= 0 then 1
    when ${now} <= 0 and ${now} - ${delta} > 0 then -1
    else 0 end)`);

/**
 * Adds `sign` for each (event, person) that `rows` selects, under the event's keys (`with`: the
 * common table expressions `rows` reads), and moves the people reached per unit and period
 * (`reach_count`) by those whose count left or reached zero. Rows left at zero stay until the
 * end of the step (dropEmpty).
 */
async function file(
  trx: Transaction<Database>,
  input: { with?: RawBuilder<unknown>; rows: RawBuilder<unknown>; sign: 1 | -1 },
) {
  const deltas = sql`select k.unit_id, k.period, r.person_id, ${sql.lit(input.sign)} * count(*) as n
    from (${input.rows}) r join reach_event_key k on k.event_id = r.event_id
    where true
    group by k.unit_id, k.period, r.person_id`;
  const upsert = (from: RawBuilder<unknown>) => sql`insert into reach_person
      (unit_id, period, person_id, events)
    select unit_id, period, person_id, n from ${from} where true
    on conflict (unit_id, period, person_id)
      do update set events = reach_person.events + excluded.events`;
  const count = (changed: RawBuilder<unknown>) => sql`insert into reach_count
      (unit_id, period, people)
    select d.unit_id, d.period, ${reachedChange("p.events", "d.n")} from ${changed}
    where true
    group by d.unit_id, d.period
    on conflict (unit_id, period) do update set people = reach_count.people + excluded.people`;
  if (isPostgres(trx)) {
    // One statement: the rows it claims, their deltas, the upsert and the people it moved.
    await sql`with ${input.with ? sql`${input.with},` : sql``}
      deltas as (${deltas}),
      filed as (${upsert(sql`deltas`)} returning unit_id, period, person_id, events)
      ${count(sql`deltas d join filed p
        on p.unit_id = d.unit_id and p.period = d.period and p.person_id = d.person_id`)}`.execute(
      trx,
    );
    return;
  }
  // SQLite: the deltas in a table of this connection, then the same steps one by one.
  await sql`create temp table if not exists reach_delta
    (unit_id integer, period integer, person_id integer, n integer)`.execute(trx);
  await sql`${input.with ? sql`with ${input.with}` : sql``}
    insert into temp.reach_delta ${deltas}`.execute(trx);
  await upsert(sql`temp.reach_delta`).execute(trx);
  await count(sql`temp.reach_delta d join reach_person p
    on p.unit_id = d.unit_id and p.period = d.period and p.person_id = d.person_id`).execute(trx);
  await sql`delete from temp.reach_delta`.execute(trx);
}

/**
 * Moves the check-ins of `events` from one `rolled` state to another, filing them with `sign`
 * (none: only moved). On PostgreSQL one statement claims the rows it files, so that a check-in
 * committed meanwhile is left for the next refresh; SQLite has one writer at a time.
 */
async function move(
  trx: Transaction<Database>,
  input: { events: number[]; from: number; to: number; sign?: 1 | -1 },
) {
  if (input.events.length === 0) return;
  const where = sql`event_id in (${idList(input.events)}) and rolled = ${sql.lit(input.from)}`;
  const update = sql`update checkin set rolled = ${sql.lit(input.to)} where ${where}`;
  if (input.sign === undefined) {
    await update.execute(trx);
  } else if (isPostgres(trx)) {
    await file(trx, {
      with: sql`claimed as (${update} returning event_id, person_id)`,
      rows: sql`select event_id, person_id from claimed`,
      sign: input.sign,
    });
  } else {
    await file(trx, {
      rows: sql`select event_id, person_id from checkin where ${where}`,
      sign: input.sign,
    });
    await update.execute(trx);
  }
}

/** Takes out the counted check-ins that were deleted or corrected since the last refresh. */
async function takeOutGone(
  trx: Transaction<Database>,
  gone: { event_id: number; person_id: number }[],
) {
  if (gone.length === 0) return;
  const pairs = sql.join(
    gone.map((row) => sql`(${sql.lit(row.event_id)}, ${sql.lit(row.person_id)})`),
    sql`, `,
  );
  await file(trx, {
    with: sql`gone (event_id, person_id) as (values ${pairs})`,
    rows: sql`select event_id, person_id from gone`,
    sign: -1,
  });
}

/** One step of a refresh: the changes and new check-ins of these events, in one transaction. */
async function refreshEvents(db: Db, events: number[], now: string) {
  await inTransaction(db, async (trx) => {
    // The first statement writes: on SQLite the transaction holds the write lock from here on.
    if (isPostgres(trx)) {
      await sql`select pg_advisory_xact_lock(${sql.lit(REFRESH_LOCK)})`.execute(trx);
    }
    const changes = await trx
      .deleteFrom("reach_change")
      .where("event_id", "in", events)
      .returning(["event_id", "person_id", "refile"])
      .execute();
    // The check-ins per group these events counted so far come out; their new tally goes back in.
    await fileTally(trx, events, -1);
    const facts: EventFacts[] = await trx
      .selectFrom("event")
      .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
      .leftJoin("admin_unit as village", "village.id", "event.village_id")
      .select([
        "event.id",
        "event.status",
        "event.visibility",
        "event.starts_at",
        "event.ends_at",
        "host.path as host_path",
        "village.path as village_path",
      ])
      .where("event.id", "in", events)
      .execute();
    await takeOutGone(
      trx,
      changes.flatMap((row) =>
        row.person_id === null ? [] : [{ event_id: row.event_id, person_id: row.person_id }],
      ),
    );

    // An event whose time, status, visibility or place changed: everything out, then filed anew.
    const refiled = [...new Set(changes.filter((row) => row.refile).map((row) => row.event_id))];
    await move(trx, { events: refiled, from: 1, to: 0, sign: -1 });
    await move(trx, { events: refiled, from: 2, to: 0 });
    if (refiled.length > 0) {
      await trx.deleteFrom("reach_event_key").where("event_id", "in", refiled).execute();
    }

    const counted = facts.filter((event) => standing(event, now) === "counted");
    const keyed = new Set(
      counted.length === 0
        ? []
        : (
            await trx
              .selectFrom("reach_event_key")
              .select("event_id")
              .distinct()
              .where(
                "event_id",
                "in",
                counted.map((event) => event.id),
              )
              .execute()
          ).map((row) => row.event_id),
    );
    const unkeyed = counted.filter((event) => !keyed.has(event.id));
    const villages =
      unkeyed.length === 0
        ? new Set<number>()
        : new Set(
            (
              await trx
                .selectFrom("admin_unit")
                .select("id")
                .where("level", "=", "village")
                .execute()
            ).map((row) => row.id),
          );
    const keys = unkeyed.flatMap((event) => eventKeys(event, villages));
    for (let i = 0; i < keys.length; i += 2_000) {
      await trx
        .insertInto("reach_event_key")
        .values(keys.slice(i, i + 2_000))
        .execute();
    }
    await move(trx, { events: counted.map((event) => event.id), from: 0, to: 1, sign: 1 });
    const never = facts.filter((event) => standing(event, now) === "never");
    await move(trx, { events: never.map((event) => event.id), from: 0, to: 2 });
    // People no counted event reaches any more (a partial index finds them).
    await trx.deleteFrom("reach_person").where("events", "<=", 0).execute();

    // The tally of every event seen, counted afresh from its rows.
    await trx.deleteFrom("checkin_tally").where("event_id", "in", events).execute();
    await sql`insert into checkin_tally (event_id, audience_group, checkins)
      select event_id, audience_group, count(*) from checkin
        where event_id in (${idList(events)})
        group by event_id, audience_group`.execute(trx);
    await fileTally(trx, events, 1);
  });
}

/**
 * Adds (or takes out) the tally of these events under their keys: the check-ins per group each
 * unit's counted events had in each period (`reach_group`), a handful of rows for a year.
 */
async function fileTally(trx: Transaction<Database>, events: number[], sign: 1 | -1) {
  await sql`insert into reach_group (unit_id, period, audience_group, checkins)
    select k.unit_id, k.period, t.audience_group, ${sql.lit(sign)} * sum(t.checkins)
      from checkin_tally t join reach_event_key k on k.event_id = t.event_id
      where t.event_id in (${idList(events)})
      group by k.unit_id, k.period, t.audience_group
    on conflict (unit_id, period, audience_group)
      do update set checkins = reach_group.checkins + excluded.checkins`.execute(trx);
}

/**
 * Brings the roll-ups up to `now`: takes out what was deleted or corrected, files again the
 * events that changed, files the new check-ins of events that count by `now`, and counts the
 * tally of every event with new or changed check-ins. Safe to run from any number of servers at
 * once (one at a time under a lock; a second finds nothing left). Returns the events it saw.
 */
export async function refreshReach(db: Db, now: string) {
  const [unrolled, changed] = await Promise.all([
    db
      .selectFrom("checkin")
      .select((eb) => ["event_id", eb.fn.countAll<number | string>().as("n")])
      .where("rolled", "=", 0)
      .groupBy("event_id")
      .execute(),
    db.selectFrom("reach_change").select("event_id").distinct().execute(),
  ]);
  const rows = new Map<number, number>(changed.map((row) => [row.event_id, 1]));
  for (const row of unrolled) rows.set(row.event_id, Number(row.n));
  // Steps of about ROWS_PER_STEP new check-ins (an event is never split).
  let step: number[] = [];
  let size = 0;
  for (const [event, n] of [...rows].sort((a, b) => a[0] - b[0])) {
    if (step.length > 0 && size + n > ROWS_PER_STEP) {
      await refreshEvents(db, step, now);
      step = [];
      size = 0;
    }
    step.push(event);
    size += n;
  }
  if (step.length > 0) await refreshEvents(db, step, now);
  return rows.size;
}

import { CompiledQuery, PostgresAdapter } from "kysely";
import type { Db } from "../db";

// Check-in POSTs are counted in fixed one-minute windows in the database (checkin_rate), so every
// app server on one database counts the same requests. The address is counted first; a request
// the address may not send is refused without counting against the event, so one phone flooding
// an event cannot close it to everyone else. On PostgreSQL both counts are one statement (one
// round trip); SQLite runs in this process, where two small statements cost next to nothing.

export type CheckinLimits = { perIp: number; perEvent: number };

export type CheckinRequester = {
  /** The client's address as the edge established it; unknown addresses share one count. */
  ip: string | null;
  /** The event's code, when it has a code's form; none for a request that will find no event. */
  event: string | null;
};

const MINUTE_MS = 60_000;

/** Counts one check-in POST; false when its address or its event has used up this minute. */
export async function takeCheckinSlot(
  db: Db,
  requester: CheckinRequester,
  limits: CheckinLimits,
  nowMs = Date.now(),
) {
  const minute = Math.floor(nowMs / MINUTE_MS);
  clearPastMinutes(db, minute);
  const ip = `ip:${requester.ip ?? "unknown"}`;
  const event = requester.event === null ? null : `event:${requester.event}`;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    const hits = await takeOnPostgres(db, { minute, ip, event, perIp: limits.perIp });
    return hits.ip <= limits.perIp && (event === null || (hits.event ?? 0) <= limits.perEvent);
  }
  if ((await takeOnSqlite(db, minute, ip)) > limits.perIp) return false;
  return event === null || (await takeOnSqlite(db, minute, event)) <= limits.perEvent;
}

// The statements are written out, not built: on the hot path Kysely's building and compiling
// would cost more than running them.

const TAKE_SQLITE = `insert into checkin_rate (minute, subject, hits) values (?, ?, 1)
  on conflict (minute, subject) do update set hits = checkin_rate.hits + 1 returning hits`;

/** The subject's count in this minute, this request included. */
async function takeOnSqlite(db: Db, minute: number, subject: string) {
  const { rows } = await db.executeQuery<{ hits: number }>(
    CompiledQuery.raw(TAKE_SQLITE, [minute, subject]),
  );
  return rows[0]?.hits ?? Number.POSITIVE_INFINITY;
}

/** The address's count, and the event's when the address was within its limit (else null). */
const TAKE_POSTGRES = `with ip as (
    insert into checkin_rate (minute, subject, hits) values ($1, $2, 1)
    on conflict (minute, subject) do update set hits = checkin_rate.hits + 1
    returning hits
  ), event as (
    insert into checkin_rate (minute, subject, hits)
    select $1, $3::text, 1 from ip where ip.hits <= $4 and $3::text is not null
    on conflict (minute, subject) do update set hits = checkin_rate.hits + 1
    returning hits
  )
  select (select hits from ip) as ip, (select hits from event) as event`;

async function takeOnPostgres(
  db: Db,
  input: { minute: number; ip: string; event: string | null; perIp: number },
) {
  const { rows } = await db.executeQuery<{ ip: number; event: number | null }>(
    CompiledQuery.raw(TAKE_POSTGRES, [input.minute, input.ip, input.event, input.perIp]),
  );
  const row = rows[0];
  if (!row) throw new Error("checkin_rate: the count returned no row");
  return row;
}

const clearedUpTo = new WeakMap<object, number>();

/**
 * Minutes before the last are deleted once a minute per process and database, by the first
 * request of a new minute, without waiting for it: a range at the front of the primary key, never
 * a scan. The last minute stays for a server whose clock runs a little behind; another server
 * doing the same at the same moment deletes nothing twice.
 */
function clearPastMinutes(db: Db, minute: number) {
  if ((clearedUpTo.get(db) ?? -1) >= minute) return;
  clearedUpTo.set(db, minute);
  db.deleteFrom("checkin_rate")
    .where("minute", "<", minute - 1)
    .execute()
    .catch((error: unknown) => {
      console.warn(`Could not clear past check-in counts: ${String(error)}`);
    });
}

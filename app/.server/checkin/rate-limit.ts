import { CompiledQuery } from "kysely";
import type { Db } from "../db";
import { isPostgres } from "./dialect";
import type { CheckinEvent } from "./self-checkin";
import { CHECKIN_EVENT_COLUMNS, findCheckinEvent, isCheckinCode, withHost } from "./self-checkin";

// Check-in POSTs are counted in fixed one-minute windows in the database (checkin_rate), so every
// app server on one database counts the same requests. The address is counted first; a request
// the address may not send is refused without counting against the event, so one phone flooding
// an event cannot close it to everyone else. Both counts are one statement on either database
// (one commit on SQLite, one round trip on PostgreSQL), and on PostgreSQL the same statement reads
// the event too (admitCheckin): a check-in's event is read afresh by every request, never cached,
// so a cancelled event is refused at once by every server.

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
  return (await admit(db, requester, limits, null, nowMs)).allowed;
}

/**
 * Counts one check-in POST and reads the event of `code` (see findCheckinEvent): allowed is false
 * when its address or its event has used up this minute.
 */
export async function admitCheckin(
  db: Db,
  input: { requester: CheckinRequester; limits: CheckinLimits; code: string },
  nowMs = Date.now(),
): Promise<{ allowed: boolean; event: CheckinEvent | null }> {
  return admit(db, input.requester, input.limits, input.code, nowMs);
}

async function admit(
  db: Db,
  requester: CheckinRequester,
  limits: CheckinLimits,
  code: string | null,
  nowMs: number,
) {
  const minute = Math.floor(nowMs / MINUTE_MS);
  clearPastMinutes(db, minute);
  const ip = `ip:${requester.ip ?? "unknown"}`;
  const event = requester.event === null ? null : `event:${requester.event}`;
  const within = (hits: { ip: number; event: number | null }) =>
    hits.ip <= limits.perIp && (event === null || (hits.event ?? Infinity) <= limits.perEvent);
  const wanted = code !== null && isCheckinCode(code) ? code : null;
  if (isPostgres(db)) {
    const { rows } = await db.executeQuery<RateRow & EventColumns>(
      CompiledQuery.raw(ADMIT_POSTGRES, [minute, ip, event, limits.perIp, wanted]),
    );
    const row = rows[0];
    if (!row) throw new Error("checkin_rate: the count returned no row");
    const { ip_hits, event_hits, ...found } = row;
    const allowed = within({ ip: ip_hits, event: event_hits });
    return {
      allowed,
      event: !allowed || found.id == null ? null : await withHost(db, found as EventRow),
    };
  }
  const { rows } = await db.executeQuery<{ subject: string; hits: number }>(
    CompiledQuery.raw(TAKE_SQLITE, [minute, ip, minute, event, event, minute, ip, limits.perIp]),
  );
  const hits = (subject: string) => rows.find((row) => row.subject === subject)?.hits;
  const allowed = within({
    ip: hits(ip) ?? Infinity,
    event: event === null ? null : (hits(event) ?? null),
  });
  return { allowed, event: allowed && code !== null ? await findCheckinEvent(db, code) : null };
}

// The statements are written out, not built: on the hot path Kysely's building and compiling
// would cost more than running them.

/**
 * The address and, when the address was within its limit before this request, the event, in one
 * statement: SQLite reads the SELECT whole before it writes (it reads the table it inserts
 * into), so the address's count it compares is the one before this request.
 */
const TAKE_SQLITE = `insert into checkin_rate (minute, subject, hits)
  select ?, ?, 1
  union all
  select ?, ?, 1 where ? is not null and coalesce((select hits from checkin_rate
    where minute = ? and subject = ?), 0) < ?
  on conflict (minute, subject) do update set hits = checkin_rate.hits + 1
  returning subject, hits`;

type RateRow = { ip_hits: number; event_hits: number | null };

/** The event's columns: all null when no event has the code or no code was given. */
type EventRow = Parameters<typeof withHost>[1];
type EventColumns = { [K in keyof EventRow]?: EventRow[K] | null };

/**
 * The address's count, the event's when the address was within its limit (else null), and the
 * event of the code (its columns all null when there is none or no code was given): one call of
 * a function whose statements PostgreSQL plans once per connection (migration
 * 2026-12-09T6-checkin-functions).
 */
const ADMIT_POSTGRES = `select admitted.ip_hits, admitted.event_hits,
    ${CHECKIN_EVENT_COLUMNS.map((column) => `(admitted.ev).${column}`).join(", ")}
  from pufa_admit_checkin($1, $2, $3, $4, $5) as admitted`;

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

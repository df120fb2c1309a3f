import { randomUUID } from "node:crypto";
import type { ExpressionBuilder } from "kysely";
import type { Database } from "../../../db/schema";
import { inTransaction } from "../../../db/transaction";
import { checkinWindow } from "~/lib/checkin-window";
import { SYNC_GRACE_MS } from "~/lib/door";
import { shanghaiDay } from "~/lib/time";
import type { Db } from "../db";
import { anonymiseCheckins, checkinNamed, forgetPeople, personMustStay } from "./anonymise";
import { releaseLease, renewLease, takeLease } from "./lease";

// The retention purge (issue 18 item 1): what residents gave at an event that ended more than
// RETENTION_DAYS ago goes, and every figure stays. Check-ins are anonymised and their people
// forgotten (anonymise.ts); the free text of expired records that can name people (an event's
// summary and minutes, absence notes, a duty entry's who, what and result, the reason typed for
// a sensitive read) is emptied; audit
// entries past retention keep their action, outcome, time, account and counts, not the names,
// phones or text in their target and detail. One run at a time across all servers (a lease), a
// daily run once a day; each run leaves one audit entry with its counts. The offline door's sync
// rows (de-duplication state, no name or phone) go DOOR_ROWS_DAYS after their event's sync grace,
// whatever the retention period.

const DAY_MS = 86_400_000;
/**
 * Days an event's offline-door sync rows are kept once its queue is no longer taken (the window
 * closed and SYNC_GRACE_MS passed): a device whose answer was lost can still retry and be told
 * what it was. They only keep a retry from counting twice, and a late queue is refused anyway.
 */
export const DOOR_ROWS_DAYS = 30;
/** Events whose check-ins one transaction anonymises: a large event is still one step. */
const EVENTS_PER_STEP = 50;
/** Audit entries scrubbed per transaction. */
const AUDIT_PER_STEP = 1_000;
/** How long a run holds the lease between steps; each step renews it. */
const LEASE_MS = 15 * 60_000;
/** The purge is due again this long after a run finished: daily, with an hour of slack. */
const DUE_AFTER_MS = 23 * 3_600_000;
export const PURGE_JOB = "purge";
/** Where a finished run keeps its cutoff: the next looks only at events that ended since. */
const THROUGH_KEY = "purge.through";

export type PurgeCounts = {
  /** Check-ins whose name, employer and device hash were removed. */
  checkins: number;
  /** People deleted or emptied. */
  people: number;
  /** People of those check-ins kept as they were: a roster, a cadre record, a pass, a check-in. */
  kept: number;
  /** Expired events whose summary, minutes or absence notes were emptied. */
  events: number;
  /** Expired duty entries whose who, what and result were emptied. */
  duties: number;
  /** Audit entries whose target or detail lost names, phones and text. */
  audit: number;
  /** Sensitive reads past retention whose typed reason (which can name the person) was emptied. */
  reasons: number;
  /** Photos of expired events (study sessions included) and duty entries, deleted: faces are personal data. */
  photos: number;
  /** Offline-door sync rows deleted, of events whose queue closed DOOR_ROWS_DAYS ago. */
  door: number;
};

/** The instant before which an event's end, or an audit entry, is past retention. */
export function retentionCutoff(now: Date, retentionDays: number) {
  return new Date(now.getTime() - retentionDays * DAY_MS).toISOString();
}

/**
 * An audit detail past retention: only its counts and ids (`rows=12`) stay, never a number long
 * enough to be a phone (11 digits), else nothing.
 */
export function scrubAuditDetail(detail: string | null) {
  const kept = detail?.match(/(?<![^\s;,])[a-z_]+=\d{1,10}(?![^\s;,])/g) ?? [];
  return kept.length > 0 ? kept.join(" ") : null;
}

/**
 * An audit target past retention: only words of the code and numbers stay ("unit:12", "cadre 3",
 * an account's username), never a name, a title or a phone (11 digits or more).
 */
export function scrubAuditTarget(target: string | null) {
  const kept = (target ?? "")
    .split(/\s+/)
    .filter((word) => /^(?:[a-z_]+:)?\d{1,10}$|^[a-z_]+$/.test(word));
  return kept.length > 0 ? kept.join(" ") : null;
}

/** Whether scrubbing changes an audit entry. */
const scrubs = (row: { target: string | null; detail: string | null }) =>
  scrubAuditTarget(row.target) !== row.target || scrubAuditDetail(row.detail) !== row.detail;

type Window = { from: string | null; cutoff: string };

async function purgedThrough(db: Db) {
  const row = await db
    .selectFrom("app_meta")
    .select("value")
    .where("key", "=", THROUGH_KEY)
    .executeTakeFirst();
  return row?.value ?? null;
}

/** Events that ended in the window: past retention, and not yet purged by an earlier run. */
function expiredEvents(db: Db, window: Window) {
  let query = db.selectFrom("event").select("id").where("ends_at", "<", window.cutoff);
  if (window.from !== null) query = query.where("ends_at", ">=", window.from);
  return query;
}

/**
 * A 法律明白人, on the roster or retired from it: the roster is the office's record of its own,
 * kept with its history (the hours and duties of past years name its people), so the purge of
 * residents' check-ins leaves the person as they are. An erasure on request decides otherwise.
 */
const onRoster = (eb: ExpressionBuilder<Database, "person">) =>
  eb.exists(
    eb
      .selectFrom("legal_savvy")
      .select("legal_savvy.id")
      .whereRef("legal_savvy.person_id", "=", "person.id"),
  );

/** Sensitive reads past retention that still hold the reason staff typed. */
const expiredReasons = (db: Db, cutoff: string) =>
  db.selectFrom("sensitive_read").where("at", "<", cutoff).where("reason", "is not", null);

const expiredDuties = (db: Db, cutoff: string) =>
  db
    .selectFrom("duty_entry")
    .where("occurred_on", "<", shanghaiDay(cutoff))
    .where((eb) =>
      eb.or([
        eb("served", "<>", ""),
        eb("content", "<>", ""),
        eb("result", "is not", null),
        eb("return_reason", "is not", null),
      ]),
    );

/** Expired events with free text left (their own, or an invitee's absence note). */
const eventsWithText = (db: Db, cutoff: string) =>
  db
    .selectFrom("event")
    .select("event.id")
    .where("event.ends_at", "<", cutoff)
    .where((eb) =>
      eb.or([
        eb("event.summary", "is not", null),
        eb("event.minutes", "is not", null),
        eb.exists(
          eb
            .selectFrom("event_invitation")
            .select("event_invitation.person_id")
            .whereRef("event_invitation.event_id", "=", "event.id")
            .where("event_invitation.absence_note", "is not", null),
        ),
      ]),
    );

function expiredAudit(db: Db, window: Window) {
  let query = db
    .selectFrom("audit_log")
    .select(["id", "target", "detail"])
    .where("at", "<", window.cutoff);
  if (window.from !== null) query = query.where("at", ">=", window.from);
  return query;
}

/**
 * Photos past retention: those of an event that ended before the cutoff and of a duty entry of
 * a day before it, whenever they were added.
 */
const expiredPhotos = (db: Db, cutoff: string) =>
  db
    .selectFrom("photo")
    .where((eb) =>
      eb.or([
        eb(
          "event_id",
          "in",
          eb.selectFrom("event").select("event.id").where("event.ends_at", "<", cutoff),
        ),
        eb(
          "duty_entry_id",
          "in",
          eb
            .selectFrom("duty_entry")
            .select("duty_entry.id")
            .where("duty_entry.occurred_on", "<", shanghaiDay(cutoff)),
        ),
      ]),
    );

/**
 * Events with offline-door sync rows whose queue closed (window and grace) DOOR_ROWS_DAYS before
 * `now`. An event ends before its window closes, so its end bounds the query; the window's own
 * rule (checkinWindow) decides the rest.
 */
async function doorRowEvents(db: Db, now: Date) {
  const bound = now.getTime() - DOOR_ROWS_DAYS * DAY_MS - SYNC_GRACE_MS;
  const events = await db
    .selectFrom("event")
    .select(["id", "starts_at", "ends_at", "opens_minutes_before", "closes_minutes_after"])
    .where("ends_at", "<", new Date(bound).toISOString())
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("door_sync_item")
          .select("door_sync_item.event_id")
          .whereRef("door_sync_item.event_id", "=", "event.id"),
      ),
    )
    .execute();
  return events
    .filter((event) => Date.parse(checkinWindow(event).closesAt) < bound)
    .map((event) => event.id);
}

/** What a purge at `now` would change, counted without writing (`--dry-run`). No names. */
export async function countExpired(
  db: Db,
  input: { now: Date; retentionDays: number },
): Promise<PurgeCounts> {
  const cutoff = retentionCutoff(input.now, input.retentionDays);
  const window = { from: await purgedThrough(db), cutoff };
  const named = db
    .selectFrom("checkin")
    .where("event_id", "in", expiredEvents(db, window))
    .where(checkinNamed);
  const checkins = await named
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  const people = await db
    .selectFrom("person")
    .select((eb) => [
      eb.fn.countAll<number | string>().as("all"),
      eb.fn
        .sum<number | string | null>(
          eb
            .case()
            .when(eb.or([personMustStay(eb, { unlessEndedBefore: cutoff }), onRoster(eb)]))
            .then(0)
            .else(1)
            .end(),
        )
        .as("gone"),
    ])
    .where("person.id", "in", named.select("checkin.person_id"))
    .executeTakeFirstOrThrow();
  const duties = await expiredDuties(db, cutoff)
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  const events = await eventsWithText(db, cutoff).execute();
  const reasons = await expiredReasons(db, cutoff)
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  const photos = await expiredPhotos(db, cutoff)
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  let door = 0;
  const doorEvents = await doorRowEvents(db, input.now);
  for (let i = 0; i < doorEvents.length; i += 500) {
    const rows = await db
      .selectFrom("door_sync_item")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("event_id", "in", doorEvents.slice(i, i + 500))
      .executeTakeFirstOrThrow();
    door += Number(rows.n);
  }
  let audit = 0;
  for (let after = 0; ; ) {
    const rows = await expiredAudit(db, window)
      .where("id", ">", after)
      .orderBy("id")
      .limit(AUDIT_PER_STEP)
      .execute();
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    audit += rows.filter(scrubs).length;
  }
  const gone = Number(people.gone ?? 0);
  return {
    checkins: Number(checkins.n),
    people: gone,
    kept: Number(people.all) - gone,
    events: events.length,
    duties: Number(duties.n),
    audit,
    reasons: Number(reasons.n),
    photos: Number(photos.n),
    door,
  };
}

/**
 * Purges what is past retention at `now`, step by step (each step all or nothing), and records
 * where it got to. Call it under the lease (runPurge); `keepAlive` runs between steps and throws
 * to stop. Returns the counts of what it changed.
 */
export async function purgeExpired(
  db: Db,
  input: { now: Date; retentionDays: number; keepAlive?: () => Promise<void> },
): Promise<PurgeCounts> {
  const cutoff = retentionCutoff(input.now, input.retentionDays);
  const window = { from: await purgedThrough(db), cutoff };
  const keepAlive = input.keepAlive ?? (async () => {});
  const counts: PurgeCounts = {
    checkins: 0,
    people: 0,
    kept: 0,
    events: 0,
    duties: 0,
    audit: 0,
    reasons: 0,
    photos: 0,
    door: 0,
  };

  // Check-ins and their people, a few events at a time; a person whose expired check-ins span
  // two steps is kept by the first and forgotten by the second.
  const events = (await expiredEvents(db, window).orderBy("id").execute()).map((row) => row.id);
  const kept = new Set<number>();
  const forgotten = new Set<number>();
  for (let i = 0; i < events.length; i += EVENTS_PER_STEP) {
    await keepAlive();
    await inTransaction(db, async (trx) => {
      const rows = await trx
        .selectFrom("checkin")
        .select(["id", "person_id"])
        .where("event_id", "in", events.slice(i, i + EVENTS_PER_STEP))
        .where(checkinNamed)
        .execute();
      if (rows.length === 0) return;
      counts.checkins += await anonymiseCheckins(
        trx,
        rows.map((row) => row.id),
      );
      const people = [...new Set(rows.map((row) => row.person_id))];
      const learners = new Set(
        (
          await trx
            .selectFrom("person")
            .select("id")
            .where("id", "in", people)
            .where((eb) => onRoster(eb))
            .execute()
        ).map((row) => row.id),
      );
      const candidates = people.filter((id) => !learners.has(id));
      for (const id of learners) kept.add(id);
      const stays = new Set(
        (
          await trx
            .selectFrom("person")
            .select("id")
            .where("id", "in", candidates.length > 0 ? candidates : [-1])
            .where((eb) => personMustStay(eb))
            .execute()
        ).map((row) => row.id),
      );
      await forgetPeople(trx, candidates);
      for (const id of candidates) (stays.has(id) ? kept : forgotten).add(id);
    });
  }
  for (const id of forgotten) kept.delete(id);
  counts.people = forgotten.size;
  counts.kept = kept.size;

  await keepAlive();
  await inTransaction(db, async (trx) => {
    const withText = (await eventsWithText(trx, cutoff).execute()).map((row) => row.id);
    counts.events = withText.length;
    for (let i = 0; i < withText.length; i += 500) {
      const ids = withText.slice(i, i + 500);
      await trx
        .updateTable("event")
        .set({ summary: null, minutes: null })
        .where("id", "in", ids)
        .execute();
      await trx
        .updateTable("event_invitation")
        .set({ absence_note: null })
        .where("event_id", "in", ids)
        .execute();
    }
    const duties = await trx
      .updateTable("duty_entry")
      .set({ served: "", content: "", result: null, return_reason: null })
      .where("id", "in", expiredDuties(trx, cutoff).select("id"))
      .executeTakeFirst();
    counts.duties = Number(duties.numUpdatedRows);
    const reasons = await trx
      .updateTable("sensitive_read")
      .set({ reason: null })
      .where("id", "in", expiredReasons(trx, cutoff).select("id"))
      .executeTakeFirst();
    counts.reasons = Number(reasons.numUpdatedRows);
    const photos = await trx
      .deleteFrom("photo")
      .where("id", "in", expiredPhotos(trx, cutoff).select("photo.id"))
      .executeTakeFirst();
    counts.photos = Number(photos.numDeletedRows);
    const doorEvents = await doorRowEvents(trx, input.now);
    for (let i = 0; i < doorEvents.length; i += 500) {
      const door = await trx
        .deleteFrom("door_sync_item")
        .where("event_id", "in", doorEvents.slice(i, i + 500))
        .executeTakeFirst();
      counts.door += Number(door.numDeletedRows);
    }
  });

  for (let after = 0; ; ) {
    await keepAlive();
    const rows = await expiredAudit(db, window)
      .where("id", ">", after)
      .orderBy("id")
      .limit(AUDIT_PER_STEP)
      .execute();
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    counts.audit += rows.filter(scrubs).length;
    await inTransaction(db, async (trx) => {
      for (const row of rows.filter(scrubs)) {
        const target = scrubAuditTarget(row.target);
        const detail = scrubAuditDetail(row.detail);
        await trx
          .updateTable("audit_log")
          .set({ target, detail })
          .where("id", "=", row.id)
          .execute();
      }
    });
  }

  // Only a run that got to the end moves where the next starts: an interrupted one is redone.
  await db
    .insertInto("app_meta")
    .values({ key: THROUGH_KEY, value: cutoff })
    .onConflict((conflict) => conflict.column("key").doUpdateSet({ value: cutoff }))
    .execute();
  return counts;
}

export type PurgeRun = { ran: true; counts: PurgeCounts } | { ran: false };

/**
 * One purge under the job's lease: `daily` (the servers' schedule) runs only when the last run
 * finished a day ago or more; without it (the command line) it runs now unless another is
 * running. Leaves one audit entry with the counts. `ran: false` when another holds the lease or
 * the day's run is done.
 */
export async function runPurge(
  db: Db,
  input: { now: () => Date; retentionDays: number; daily?: boolean; holder?: string },
): Promise<PurgeRun> {
  const holder = input.holder ?? randomUUID();
  const started = input.now();
  const lease = { name: PURGE_JOB, holder, ttlMs: LEASE_MS };
  const taken = await takeLease(db, {
    ...lease,
    now: started,
    doneBefore: input.daily ? new Date(started.getTime() - DUE_AFTER_MS) : undefined,
  });
  if (!taken) return { ran: false };
  let done = false;
  try {
    const counts = await purgeExpired(db, {
      now: started,
      retentionDays: input.retentionDays,
      keepAlive: async () => {
        if (!(await renewLease(db, { ...lease, now: input.now() }))) {
          throw new Error("the purge lost its lease");
        }
      },
    });
    await db
      .insertInto("audit_log")
      .values({
        at: input.now().toISOString(),
        actor_id: null,
        actor_username: null,
        action: "privacy.purge",
        target: null,
        outcome: "success",
        ip: null,
        unit_path: null,
        detail: [
          `days=${input.retentionDays}`,
          ...Object.entries(counts).map(([key, value]) => `${key}=${value}`),
        ].join(" "),
      })
      .execute();
    done = true;
    return { ran: true, counts };
  } finally {
    await releaseLease(db, { name: PURGE_JOB, holder, now: input.now(), done });
  }
}

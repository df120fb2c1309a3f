import type { SensitiveReadPurpose } from "../../../db/schema";
import { shanghaiDayStart } from "~/lib/time";
import type { Actor } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { inSubtree } from "../scope";

// Issue 18 item 6: every page or export that shows full phone numbers, and every lookup by phone,
// leaves one row here: who, when, from which unit, for what, how many records. Never the number
// or the name read: the log says that a read happened, not what it showed.

export type SensitiveRead = {
  actor: Actor;
  purpose: SensitiveReadPurpose;
  /** The reason the reader typed, where the task asks for one. */
  reason?: string | null;
  records: number;
  /** What was read, by id ("person:12"). */
  target?: string | null;
};

/** Appends one entry. */
export async function recordSensitiveRead(db: Db, read: SensitiveRead) {
  await db
    .insertInto("sensitive_read")
    .values({
      at: now(),
      actor_id: read.actor.id,
      actor_username: read.actor.username,
      unit_path: read.actor.unitPath,
      purpose: read.purpose,
      reason: read.reason ?? null,
      records: read.records,
      target: read.target ?? null,
    })
    .execute();
}

/** How many reads of this purpose an account made since an instant (ISO), on every server. */
export async function readsSince(
  db: Db,
  input: { actorId: number; purpose: SensitiveReadPurpose; since: string },
) {
  const row = await db
    .selectFrom("sensitive_read")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("actor_id", "=", input.actorId)
    .where("at", ">=", input.since)
    .where("purpose", "=", input.purpose)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type SensitiveReadFilter = {
  actor?: string;
  purpose?: SensitiveReadPurpose;
  /** Calendar days (Asia/Shanghai), both included. */
  from?: string;
  to?: string;
};

/**
 * One page of the reads made by accounts of the reader's subtree that pass the filter, newest
 * first, and whether another page follows.
 */
export async function listSensitiveReads(
  db: Db,
  input: { scopePath: string; filter: SensitiveReadFilter; page: number; pageSize: number },
) {
  const { filter } = input;
  let query = db
    .selectFrom("sensitive_read as read")
    .leftJoin("admin_unit as unit", "unit.path", "read.unit_path")
    .select([
      "read.id",
      "read.at",
      "read.actor_username",
      "read.purpose",
      "read.reason",
      "read.records",
      "read.target",
      "unit.name as unit_name",
    ])
    .where((eb) => inSubtree(eb.ref("read.unit_path"), input.scopePath));
  if (filter.actor) query = query.where("read.actor_username", "=", filter.actor);
  if (filter.purpose) query = query.where("read.purpose", "=", filter.purpose);
  if (filter.from) query = query.where("read.at", ">=", shanghaiDayStart(filter.from));
  if (filter.to) query = query.where("read.at", "<", shanghaiDayStart(filter.to, 1));
  const rows = await query
    .orderBy("read.at", "desc")
    .orderBy("read.id", "desc")
    .limit(input.pageSize + 1)
    .offset((input.page - 1) * input.pageSize)
    .execute();
  return { entries: rows.slice(0, input.pageSize), hasMore: rows.length > input.pageSize };
}

/**
 * An edit form that puts full phones in front of the reader (one person's, or an internal event's
 * invitation list; staff correct them there): logged with the form's fixed purpose and how many
 * numbers it shows, and only when there is one.
 */
export async function recordEditFormRead(
  db: Db,
  input: {
    actor: Actor;
    purpose: "learner_edit" | "cadre_edit" | "invitation_edit";
    target: string;
    /** The phones the form shows: one person's, or an invitation list's. */
    phones: readonly (string | null)[];
  },
) {
  const { phones, ...read } = input;
  const records = phones.filter((phone) => phone).length;
  if (records === 0) return;
  await recordSensitiveRead(db, { ...read, records });
}

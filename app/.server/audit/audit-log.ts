import type { AuditOutcome, NewAuditEntry, Role } from "../../../db/schema";
import type { AuditKind } from "~/lib/audit-words";
import { auditKinds } from "~/lib/audit-words";
import { shanghaiDayStart } from "~/lib/time";
import { sql } from "kysely";
import type { Db } from "../db";
import { now } from "../clock";
import { inSubtree } from "../scope";

export type AuditEntryInput = Omit<NewAuditEntry, "at" | "id">;

/** The staff member acting, as the audit log, the scope and the role checks need them. */
export type Actor = {
  id: number;
  username: string;
  role: Role;
  unitPath: string;
  ip: string | null;
};

export const auditBy = (actor: Actor) => ({
  actor_id: actor.id,
  actor_username: actor.username,
  ip: actor.ip,
});

/** Appends one entry. Nothing in the app updates or deletes entries; the database forbids it. */
export async function recordAudit(db: Db, entry: AuditEntryInput) {
  await db
    .insertInto("audit_log")
    .values({ ...entry, at: now() })
    .execute();
}

export type AuditFilter = {
  action?: string;
  outcome?: AuditOutcome;
  actor?: string;
  from?: string;
  to?: string;
  /** Entries about this unit or a unit below it (its subtree), by id. */
  unit?: number;
  kind?: AuditKind;
};

/** Whose entries a reader sees: their own subtree; the top of the tree also reads unowned ones. */
export type AuditScope = { scopePath: string; isTopLevel: boolean };

/**
 * Entries about accounts within the caller's subtree that pass the filter. Entries tied to no
 * account (a failed log-in with an unknown name) are read only by admins at the top of the tree.
 * A unit filter keeps the entries of that unit's subtree (`unitPath`, read by `unitFilterPath`,
 * undefined for none); a kind, the actions of its families
 * (`unit` and `unit.*`), compared with substr, which reads the same under every collation.
 */
function filteredAudit(
  db: Db,
  input: AuditScope & { filter: AuditFilter; unitPath: string | null | undefined },
) {
  const { filter } = input;
  let query = db.selectFrom("audit_log").where((eb) => {
    const inScope = inSubtree(eb.ref("unit_path"), input.scopePath);
    return input.isTopLevel ? eb.or([inScope, eb("unit_path", "is", null)]) : inScope;
  });
  if (filter.action) query = query.where("action", "=", filter.action);
  if (filter.outcome) query = query.where("outcome", "=", filter.outcome);
  if (filter.actor) query = query.where("actor_username", "=", filter.actor);
  if (filter.from) query = query.where("at", ">=", shanghaiDayStart(filter.from));
  if (filter.to) query = query.where("at", "<", shanghaiDayStart(filter.to, 1));
  if (input.unitPath !== undefined) {
    // A unit that no longer exists has no entries below it.
    query =
      input.unitPath === null
        ? query.where(sql<boolean>`1 = 0`)
        : query.where((eb) => inSubtree(eb.ref("unit_path"), input.unitPath!));
  }
  if (filter.kind) {
    const families = auditKinds[filter.kind];
    query = query.where((eb) =>
      eb.or(
        families.flatMap((name) => [
          eb("action", "=", name),
          eb(eb.fn("substr", ["action", sql.lit(1), sql.lit(name.length + 1)]), "=", `${name}.`),
        ]),
      ),
    );
  }
  return query;
}

/** The path of the unit a filter names: undefined for no unit filter, null for no such unit. */
async function unitFilterPath(db: Db, unit: number | undefined) {
  if (unit === undefined) return undefined;
  const row = await db
    .selectFrom("admin_unit")
    .select("path")
    .where("id", "=", unit)
    .executeTakeFirst();
  return row?.path ?? null;
}

const columns = [
  "id",
  "at",
  "actor_username",
  "action",
  "target",
  "outcome",
  "ip",
  "detail",
  "unit_path",
] as const;

/** Up to `limit` entries, newest first. */
export async function auditEntries(
  db: Db,
  input: AuditScope & { filter: AuditFilter; limit: number; offset?: number },
) {
  const unitPath = await unitFilterPath(db, input.filter.unit);
  return filteredAudit(db, { ...input, unitPath })
    .select(columns)
    .orderBy("id", "desc")
    .limit(input.limit)
    .offset(input.offset ?? 0)
    .execute();
}

/** One page of entries, newest first, with how many there are in all (a page past the end shows the last). */
export async function listAudit(
  db: Db,
  input: AuditScope & { filter: AuditFilter; page: number; pageSize: number },
) {
  const unitPath = await unitFilterPath(db, input.filter.unit);
  const counted = await filteredAudit(db, { ...input, unitPath })
    .select((eb) => eb.fn.countAll<number | string>().as("total"))
    .executeTakeFirstOrThrow();
  const total = Number(counted.total);
  const pages = Math.max(1, Math.ceil(total / input.pageSize));
  const page = Math.min(input.page, pages);
  const entries = await auditEntries(db, {
    ...input,
    limit: input.pageSize,
    offset: (page - 1) * input.pageSize,
  });
  return { entries, total, page, pages };
}

export async function listAuditActions(db: Db) {
  const rows = await db
    .selectFrom("audit_log")
    .select("action")
    .distinct()
    .orderBy("action")
    .execute();
  return rows.map((row) => row.action);
}

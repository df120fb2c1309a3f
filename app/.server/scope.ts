import type { Expression, SqlBool } from "kysely";
import { PostgresAdapter, sql } from "kysely";
import type { Role } from "../../db/schema";
import type { Db } from "./db";
import { forbidden, notFound } from "./errors";

/**
 * The first string after every path of the subtree rooted at `scopePath` ("/1/2/" -> "/1/20"):
 * '0' is the character right after '/', so "/1/2/…" sorts below it and "/1/20/" does not.
 */
function subtreeEnd(scopePath: string) {
  if (!scopePath.startsWith("/") || !scopePath.endsWith("/")) {
    throw new Error(`not a unit path: ${scopePath}`);
  }
  return `${scopePath.slice(0, -1)}0`;
}

/** The bounds of `inSubtree` for SQL that compares them itself: from (inclusive), to (exclusive). */
export const subtreeRange = (scopePath: string) => [scopePath, subtreeEnd(scopePath)] as const;

/**
 * The one subtree predicate: `path` is the scope's own path or lies below it. A range on the
 * path, which both databases answer from an index (a LIKE prefix is case-insensitive on SQLite
 * and skips the index). Paths compare byte-wise: SQLite's BINARY collation, and collate "C" on
 * PostgreSQL (migration 2026-11-29T2-scope). Use: `.where((eb) => inSubtree(eb.ref("host.path"),
 * scopePath))`.
 */
export function inSubtree(path: Expression<string | null>, scopePath: string) {
  return sql<SqlBool>`(${path} >= ${scopePath} and ${path} < ${subtreeEnd(scopePath)})`;
}

/** The same rule as `inSubtree`, for a path already read (what a page may offer, not who may). */
export function pathInSubtree(path: string, scopePath: string) {
  return path >= scopePath && path < subtreeEnd(scopePath);
}

/**
 * An event is within reach of a scope when its host unit or the village it is held in lies in
 * the subtree: a village runs the door of every event in its village, whoever hosts it. Reading
 * and running an event follow this; managing it (edit, cancel, copy, publish) follows the host
 * alone. Use in a query whose event table is `event`: `.where(eventInReach(db, scopePath))`.
 *
 * Written on the event's own columns, each side served by its index (event_host_unit,
 * event_village) with the subtree's units read from the path index: an OR of the two joined
 * paths is served by neither. On PostgreSQL an `in (subquery)` under OR is filtered row by row, so
 * each side reads its units as an array first (`= any(array(...))`), which lets the planner
 * combine the two index scans; SQLite serves an OR of two `in (subquery)` terms with both indexes
 * as it is (tests/integration/query-plans.test.ts shows both plans).
 */
export function eventInReach(db: Db, scopePath: string) {
  const units = sql`(select admin_unit.id from admin_unit where ${inSubtree(sql.ref("admin_unit.path"), scopePath)})`;
  const host = sql.ref("event.host_unit_id");
  const village = sql.ref("event.village_id");
  return db.getExecutor().adapter instanceof PostgresAdapter
    ? sql<SqlBool>`(${host} = any(array${units}) or ${village} = any(array${units}))`
    : sql<SqlBool>`(${host} in ${units} or ${village} in ${units})`;
}

/** Who may do what, written once: each write use case names its kind and refuses other roles. */
export const rolesFor = {
  /** Accounts and admin units. */
  manageAccounts: ["admin"],
  /** Events, their reports and the people checked in to them. */
  manageEvents: ["admin", "organiser"],
  /** Rosters, cadres, passes, duty ledgers, study plans and 述法 records. */
  manageLearners: ["admin", "organiser"],
} as const satisfies Record<string, readonly Role[]>;

/** Whether this role may do what `allowed` (one of rolesFor) names: what a page may offer. */
export function hasRole(actor: { role: Role }, allowed: readonly Role[]) {
  return allowed.includes(actor.role);
}

/** Refuses an actor whose role may not do this, whatever the route in front of it checked. */
export function assertRole(actor: { role: Role }, allowed: readonly Role[]) {
  if (!hasRole(actor, allowed)) throw forbidden();
}

/**
 * Called when a scoped query found nothing: FORBIDDEN if the row exists (it lies outside the
 * caller's units), NOT_FOUND if it does not. The decision itself was the scoped query's.
 */
export async function refuseOutOfScope(
  db: Db,
  table: "admin_unit" | "event" | "staff_user" | "legal_savvy" | "duty_entry",
  id: number,
): Promise<never> {
  const exists = await db
    .selectFrom(table as "event")
    .select("id")
    .where("id", "=", id)
    .executeTakeFirst();
  throw exists ? forbidden() : notFound();
}

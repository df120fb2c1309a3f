import { inTransaction } from "../../../db/transaction";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRole, inSubtree, refuseOutOfScope, rolesFor } from "../scope";

// The end of a unit: retired when it has records (kept in history and every figure, no longer
// offered for new ones, and restorable), deleted when nothing refers to it.

/** A unit of the caller's, below their own unit: the one they stand on is not theirs to end. */
async function unitBelowActor(db: Db, actor: Actor, id: number, field: string) {
  const unit = await db
    .selectFrom("admin_unit")
    .select(["id", "name", "path", "parent_id", "retired_at"])
    .where("id", "=", id)
    .where((eb) => inSubtree(eb.ref("path"), actor.unitPath))
    .executeTakeFirst();
  if (!unit) return refuseOutOfScope(db, "admin_unit", id);
  if (unit.path === actor.unitPath) throw new AppError("FORBIDDEN", "units.error.ownUnit", field);
  return unit;
}

export async function retireUnit(db: Db, input: { actor: Actor; id: number }) {
  assertRole(input.actor, rolesFor.manageAccounts);
  return inTransaction(db, async (trx) => {
    const unit = await unitBelowActor(trx, input.actor, input.id, "retire");
    if (unit.retired_at !== null) return;
    const active = await trx
      .selectFrom("admin_unit")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("parent_id", "=", unit.id)
      .where("retired_at", "is", null)
      .executeTakeFirstOrThrow();
    if (Number(active.n) > 0) {
      throw new AppError("CONFLICT", "units.error.activeChildren", "retire", {
        children: Number(active.n),
      });
    }
    await trx
      .updateTable("admin_unit")
      .set({ retired_at: now() })
      .where("id", "=", unit.id)
      .execute();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "unit.retire",
      target: `unit:${unit.id}`,
      outcome: "success",
      unit_path: unit.path,
    });
  });
}

export async function restoreUnit(db: Db, input: { actor: Actor; id: number }) {
  assertRole(input.actor, rolesFor.manageAccounts);
  return inTransaction(db, async (trx) => {
    const unit = await unitBelowActor(trx, input.actor, input.id, "restore");
    if (unit.retired_at === null) return;
    const parent = await trx
      .selectFrom("admin_unit")
      .select("retired_at")
      .where("id", "=", unit.parent_id ?? 0)
      .executeTakeFirst();
    if (parent?.retired_at) throw new AppError("CONFLICT", "units.error.parentRetired", "restore");
    await trx
      .updateTable("admin_unit")
      .set({ retired_at: null })
      .where("id", "=", unit.id)
      .execute();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "unit.restore",
      target: `unit:${unit.id}`,
      outcome: "success",
      unit_path: unit.path,
    });
  });
}

/** What refers to a unit, by kind: a unit with any of it is retired, never deleted. */
export type UnitRecords = Record<
  | "children"
  | "staff"
  | "hostedEvents"
  | "heldEvents"
  | "roster"
  | "cadres"
  | "people"
  | "residents"
  | "checkins"
  | "duties"
  | "targets"
  | "plans"
  | "reports",
  number
>;

export async function unitRecords(db: Db, id: number): Promise<UnitRecords> {
  const count = async (
    table:
      | "admin_unit"
      | "staff_user"
      | "event"
      | "legal_savvy"
      | "cadre"
      | "person"
      | "checkin"
      | "duty_entry"
      | "unit_target"
      | "study_plan"
      | "law_duty_report",
    column: "parent_id" | "unit_id" | "host_unit_id" | "village_id",
  ) => {
    const row = await db
      .selectFrom(table as "event")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where(column as "village_id", "=", id)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };
  const [
    children,
    staff,
    hostedEvents,
    heldEvents,
    roster,
    cadres,
    people,
    residents,
    checkins,
    duties,
    targets,
    plans,
    reports,
  ] = await Promise.all([
    count("admin_unit", "parent_id"),
    count("staff_user", "unit_id"),
    count("event", "host_unit_id"),
    count("event", "village_id"),
    count("legal_savvy", "village_id"),
    count("cadre", "unit_id"),
    count("person", "unit_id"),
    count("person", "village_id"),
    count("checkin", "village_id"),
    count("duty_entry", "village_id"),
    count("unit_target", "unit_id"),
    count("study_plan", "unit_id"),
    count("law_duty_report", "unit_id"),
  ]);
  return {
    children,
    staff,
    hostedEvents,
    heldEvents,
    roster,
    cadres,
    people,
    residents,
    checkins,
    duties,
    targets,
    plans,
    reports,
  };
}

/** Deletes a unit nothing refers to; otherwise refuses, with what refers to it. */
export async function deleteUnit(db: Db, input: { actor: Actor; id: number }) {
  assertRole(input.actor, rolesFor.manageAccounts);
  return inTransaction(db, async (trx) => {
    const unit = await unitBelowActor(trx, input.actor, input.id, "delete");
    const records = await unitRecords(trx, unit.id);
    if (Object.values(records).some((n) => n > 0)) {
      throw new AppError("CONFLICT", "units.error.hasRecords", "delete", records);
    }
    await trx.deleteFrom("admin_unit").where("id", "=", unit.id).execute();
    // Its entries are filed under its parent: on SQLite a unit added next may get its id, and
    // with it the path, and must not inherit its history.
    const parentPath = unit.path.replace(/[^/]+\/$/, "");
    await trx
      .updateTable("audit_log")
      .set({ unit_path: parentPath })
      .where("unit_path", "=", unit.path)
      .execute();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "unit.delete",
      target: `unit:${unit.id}`,
      outcome: "success",
      unit_path: parentPath,
      // The name it had: nothing else keeps it.
      detail: unit.name,
    });
    return { parentId: unit.parent_id };
  });
}

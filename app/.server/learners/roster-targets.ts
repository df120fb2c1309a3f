import type { UnitLevel } from "../../../db/schema";
import type { TargetsInput } from "~/lib/roster-schema";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError, forbidden } from "../errors";
import { inTransaction } from "../../../db/transaction";
import { assertRole, inSubtree, pathInSubtree, rolesFor } from "../scope";
import { byTreeOrder } from "../units/tree-order";
import { targetsForMany } from "./coverage";

const SETTING_LEVELS: readonly UnitLevel[] = ["district", "subdistrict"];

/**
 * Who may set a unit's targets: an admin for any district or sub-district of their scope, an
 * organiser for their own unit when it is one. Village organisers and officials read.
 */
function maySet(actor: Pick<Actor, "role" | "unitPath">, unit: { path: string; level: UnitLevel }) {
  if (!SETTING_LEVELS.includes(unit.level)) return false;
  if (actor.role === "admin") return pathInSubtree(unit.path, actor.unitPath);
  return actor.role === "organiser" && unit.path === actor.unitPath;
}

/**
 * The targets page: the caller's own unit and every district or sub-district below it, each
 * with the targets that hold there, whether they are set on that unit itself, and whether the
 * caller may change them.
 */
export async function targetsOverview(db: Db, input: { actor: Actor }) {
  const units = await db
    .selectFrom("admin_unit")
    .leftJoin("unit_target", "unit_target.unit_id", "admin_unit.id")
    .select(["admin_unit.id", "admin_unit.name", "admin_unit.level", "admin_unit.path"])
    .select("unit_target.unit_id as own_target")
    .where((eb) =>
      eb.or([
        eb("admin_unit.path", "=", input.actor.unitPath),
        eb.and([
          inSubtree(eb.ref("admin_unit.path"), input.actor.unitPath),
          eb("admin_unit.level", "in", SETTING_LEVELS),
        ]),
      ]),
    )
    .execute();
  const targets = await targetsForMany(
    db,
    units.map((unit) => unit.path),
  );
  return units.sort(byTreeOrder).map((unit) => ({
    id: unit.id,
    name: unit.name,
    level: unit.level,
    targets: targets.get(unit.path)!,
    setHere: unit.own_target !== null,
    editable: maySet(input.actor, unit),
  }));
}

/** Sets a unit's own targets (hours stored as minutes); audited with the values set. */
export async function setTargets(db: Db, input: { actor: Actor; targets: TargetsInput }) {
  assertRole(input.actor, rolesFor.manageLearners);
  const { targets } = input;
  return inTransaction(db, async (trx) => {
    const unit = await trx
      .selectFrom("admin_unit")
      .select(["id", "name", "path", "level"])
      .where("id", "=", targets.unitId)
      .executeTakeFirst();
    if (!unit) throw new AppError("NOT_FOUND", "error.notFound.body");
    if (!maySet(input.actor, unit)) throw forbidden();
    const values = {
      roster_per_village: targets.rosterPerVillage,
      training_minutes: Math.round(targets.trainingHours * 60),
      attendance_percent: targets.attendancePercent,
      updated_at: now(),
    };
    await trx
      .insertInto("unit_target")
      .values({ unit_id: unit.id, ...values })
      .onConflict((oc) => oc.column("unit_id").doUpdateSet(values))
      .execute();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "targets.update",
      target: unit.name,
      outcome: "success",
      unit_path: unit.path,
      detail: `roster=${targets.rosterPerVillage} hours=${targets.trainingHours} rate=${targets.attendancePercent}`,
    });
    return { name: unit.name };
  });
}

import { studyKinds } from "../../../db/schema";
import { inTransaction } from "../../../db/transaction";
import { planField, quarters } from "~/lib/study-schema";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRole, rolesFor } from "../scope";

/**
 * The unit whose plan the caller reads: their own, or for a village's staff their sub-district's
 * (the plan is the sub-district's; a village only takes part in it).
 */
async function planUnit(db: Db, unitPath: string) {
  const lineage = unitPath.split("/").filter(Boolean).map(Number);
  const own = await db
    .selectFrom("admin_unit")
    .select(["id", "level", "parent_id", "path"])
    .where("id", "=", lineage.at(-1)!)
    .executeTakeFirstOrThrow();
  const planner = own.level === "village" && own.parent_id !== null ? own.parent_id : own.id;
  return { id: planner, own: planner === own.id, path: own.path };
}

/** The year's plan as the grid's fields ("central_group-q1" -> 2); a missing cell is 0. */
export async function getPlan(db: Db, input: { unitPath: string; year: number }) {
  const unit = await planUnit(db, input.unitPath);
  const rows = await db
    .selectFrom("study_plan")
    .select(["study_kind", "quarter", "planned"])
    .where("unit_id", "=", unit.id)
    .where("year", "=", input.year)
    .execute();
  const planned: Record<string, number> = {};
  for (const kind of studyKinds) for (const q of quarters) planned[planField(kind, q)] = 0;
  for (const row of rows) planned[planField(row.study_kind, row.quarter)] = row.planned;
  return { planned, editable: unit.own };
}

/** Replaces the year's plan of the caller's own unit; a village's staff do not plan. */
export async function savePlan(
  db: Db,
  input: { actor: Actor; year: number; planned: Record<string, number> },
) {
  assertRole(input.actor, rolesFor.manageLearners);
  const unit = await planUnit(db, input.actor.unitPath);
  if (!unit.own) throw new AppError("FORBIDDEN", "study.form.planUnit");
  await inTransaction(db, async (trx) => {
    await trx
      .deleteFrom("study_plan")
      .where("unit_id", "=", unit.id)
      .where("year", "=", input.year)
      .execute();
    const rows = studyKinds.flatMap((kind) =>
      quarters
        .map((quarter) => ({
          unit_id: unit.id,
          year: input.year,
          quarter,
          study_kind: kind,
          planned: input.planned[planField(kind, quarter)] ?? 0,
        }))
        .filter((row) => row.planned > 0),
    );
    if (rows.length) await trx.insertInto("study_plan").values(rows).execute();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "study.plan",
      target: `plan ${input.year}`,
      outcome: "success",
      unit_path: unit.path,
    });
  });
}

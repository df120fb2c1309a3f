import type { UnitLevel } from "../../../db/schema";
import type { Db } from "../db";
import { inSubtree } from "../scope";
import { listUnitsInScope } from "../units/units";
import { labelUnits, qualifiedName } from "~/lib/unit-label";

export type UnitChoice = {
  id: number;
  name: string;
  level: UnitLevel;
  depth: number;
  path: string;
  parentName: string | null;
  /** The name, or "横泾街道 · 舟山村" where the name repeats in the caller's units. */
  label: string;
  retired: boolean;
};

/**
 * The caller's units in outline order, each named so that two of one name are told apart, and
 * marked when retired (kept for filters and history, no longer offered for a new account).
 */
export async function unitChoices(db: Db, input: { scopePath: string }): Promise<UnitChoice[]> {
  const [units, retired, parents] = await Promise.all([
    listUnitsInScope(db, input),
    db
      .selectFrom("admin_unit")
      .select("id")
      .where("retired_at", "is not", null)
      .where((eb) => inSubtree(eb.ref("path"), input.scopePath))
      .execute(),
    // The scope's own unit has its parent outside the scope: its name comes from here.
    db
      .selectFrom("admin_unit as u")
      .innerJoin("admin_unit as parent", "parent.id", "u.parent_id")
      .select(["u.id", "parent.name"])
      .where((eb) => inSubtree(eb.ref("u.path"), input.scopePath))
      .execute(),
  ]);
  const retiredIds = new Set(retired.map((unit) => unit.id));
  const parentName = new Map(parents.map((row) => [row.id, row.name]));
  return labelUnits(
    units.map((unit) => ({
      id: unit.id,
      name: unit.name,
      level: unit.level,
      depth: unit.depth,
      path: unit.path,
      parentName: parentName.get(unit.id) ?? null,
      retired: retiredIds.has(unit.id),
    })),
  );
}

/** A unit's name with its parent's ("横泾街道 · 舟山村"), as a handover slip names it. */
export async function unitLabel(db: Db, id: number) {
  const unit = await db
    .selectFrom("admin_unit as u")
    .leftJoin("admin_unit as parent", "parent.id", "u.parent_id")
    .select(["u.name", "parent.name as parentName"])
    .where("u.id", "=", id)
    .executeTakeFirstOrThrow();
  return qualifiedName(unit);
}

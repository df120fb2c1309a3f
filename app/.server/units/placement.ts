import type { UnitLevel } from "../../../db/schema";
import { unitLevels } from "../../../db/schema";
import { levelBelow } from "~/lib/unit-schema";
import type { Db } from "../db";
import { AppError } from "../errors";
import { inSubtree } from "../scope";

// Where a unit may stand in the tree, written once for adding, pasting and moving: under a unit
// of the caller's that is not retired, one level below it (district > sub-district > village),
// a village directly under a district only when the form says so in so many words.

export type Parent = { id: number; path: string; level: UnitLevel };

/** A unit of the caller's that may take a unit below it: in scope and not retired. */
export async function placeableParent(
  db: Db,
  input: { id: number; scopePath: string },
): Promise<Parent> {
  const parent = await db
    .selectFrom("admin_unit")
    .select(["id", "path", "level", "retired_at"])
    .where("id", "=", input.id)
    .where((eb) => inSubtree(eb.ref("path"), input.scopePath))
    .executeTakeFirst();
  if (!parent) throw new AppError("FORBIDDEN", "form.unitOutOfScope", "parentId");
  if (parent.retired_at !== null) {
    throw new AppError("CONFLICT", "units.error.parentRetired", "parentId");
  }
  return { id: parent.id, path: parent.path, level: parent.level };
}

const rank = (level: UnitLevel) => unitLevels.indexOf(level);

/**
 * The level of a unit placed under `parent`: the one asked for (a unit moved keeps its own), else
 * the next one down. `levelField` names the field a mismatch is shown beside.
 */
export function levelUnder(
  parent: Parent,
  wanted: UnitLevel | null,
  confirmVillageUnderDistrict = false,
  levelField = "level",
): UnitLevel {
  const level = wanted ?? levelBelow(parent.level);
  if (level === null) throw new AppError("BAD_REQUEST", "units.error.parentIsVillage", "parentId");
  if (rank(level) <= rank(parent.level)) {
    throw new AppError("BAD_REQUEST", "form.levelMismatch", levelField);
  }
  if (level === "village" && parent.level === "district" && !confirmVillageUnderDistrict) {
    throw new AppError(
      "BAD_REQUEST",
      "units.error.confirmVillageUnderDistrict",
      "confirmVillageUnderDistrict",
    );
  }
  return level;
}

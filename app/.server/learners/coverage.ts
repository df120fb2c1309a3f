import { labelUnits } from "~/lib/unit-label";
import type { Db } from "../db";
import { inSubtree } from "../scope";
import { byTreeOrder } from "../units/tree-order";
import type { Targets } from "./targets";
import { DEFAULT_TARGETS, ROSTER_FLOOR } from "./targets";

/** Each id of a materialised path, the unit itself last ("/1/2/5/" -> [1, 2, 5]). */
const lineage = (path: string) => path.split("/").filter(Boolean).map(Number);

/**
 * The targets that hold for each of several units, from one query: the nearest ancestor's (or
 * the unit's own) `unit_target` row, else the defaults. The same rule as `targetsFor`.
 */
export async function targetsForMany(db: Db, paths: string[]): Promise<Map<string, Targets>> {
  const ids = [...new Set(paths.flatMap(lineage))];
  const rows =
    ids.length === 0
      ? []
      : await db
          .selectFrom("unit_target")
          .select(["unit_id", "roster_per_village", "training_minutes", "attendance_percent"])
          .where("unit_id", "in", ids)
          .execute();
  const byUnit = new Map(rows.map((row) => [row.unit_id, row]));
  const result = new Map<string, Targets>();
  for (const path of paths) {
    const nearest = lineage(path)
      .toReversed()
      .map((id) => byUnit.get(id))
      .find((row) => row !== undefined);
    result.set(
      path,
      nearest
        ? {
            rosterPerVillage: nearest.roster_per_village,
            trainingMinutes: nearest.training_minutes,
            attendancePercent: nearest.attendance_percent,
          }
        : { ...DEFAULT_TARGETS },
    );
  }
  return result;
}

/**
 * Per village of the scope, how many are on the roster (在册) against the national floor and the
 * office's target, in unit-tree order; villages below either are flagged. Villages with nobody
 * count too: they are the ones most below. A retired village with nobody left is not a gap. A
 * name that repeats in the scope (a district's two 舟山村) carries its sub-district in `label`.
 */
export async function rosterCoverage(db: Db, input: { scopePath: string }) {
  const rows = await db
    .selectFrom("admin_unit as village")
    .leftJoin("admin_unit as parent", "parent.id", "village.parent_id")
    .leftJoin("legal_savvy", (join) =>
      join
        .onRef("legal_savvy.village_id", "=", "village.id")
        .on("legal_savvy.status", "=", "active"),
    )
    .select((eb) => [
      "village.id",
      "village.name",
      "village.path",
      "village.retired_at",
      "parent.name as parent_name",
      eb.fn.count<number>("legal_savvy.id").as("active"),
    ])
    .where("village.level", "=", "village")
    .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
    .groupBy(["village.id", "village.name", "village.path", "village.retired_at", "parent.name"])
    .execute();
  const serving = rows.filter((row) => row.retired_at === null || Number(row.active) > 0);
  const targets = await targetsForMany(
    db,
    serving.map((row) => row.path),
  );
  const villages = labelUnits(
    serving
      .sort(byTreeOrder)
      .map((row) => ({ id: row.id, name: row.name, parentName: row.parent_name, row })),
  ).map(({ id, name, label, row }) => {
    const active = Number(row.active);
    const target = targets.get(row.path)?.rosterPerVillage ?? DEFAULT_TARGETS.rosterPerVillage;
    return {
      id,
      name,
      label,
      active,
      target,
      belowFloor: active < ROSTER_FLOOR,
      belowTarget: active < target,
    };
  });
  return {
    floor: ROSTER_FLOOR,
    villages,
    belowFloor: villages.filter((village) => village.belowFloor).length,
    belowTarget: villages.filter((village) => village.belowTarget).length,
  };
}

export type RosterCoverage = Awaited<ReturnType<typeof rosterCoverage>>;

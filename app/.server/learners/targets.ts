import type { Db } from "../db";

/** The national floor: at least three 法律明白人 in every village. Fixed, not a setting. */
export const ROSTER_FLOOR = 3;

/** What an office aims for when it has set nothing itself (no national rule for the latter two). */
export const DEFAULT_TARGETS = {
  rosterPerVillage: 6,
  trainingMinutes: 12 * 60,
  attendancePercent: 80,
} as const;

export type Targets = {
  rosterPerVillage: number;
  trainingMinutes: number;
  attendancePercent: number;
};

/**
 * The targets that hold for a unit: those set on the unit itself or on its nearest ancestor (a
 * sub-district usually sets them for its villages), else the defaults. `unitPath` is the unit's
 * materialised path ("/1/2/5/"), whose ids are exactly its ancestors and itself.
 */
export async function targetsFor(db: Db, unitPath: string): Promise<Targets> {
  const lineage = unitPath.split("/").filter(Boolean).map(Number);
  const rows = await db
    .selectFrom("unit_target")
    .select(["unit_id", "roster_per_village", "training_minutes", "attendance_percent"])
    .where("unit_id", "in", lineage)
    .execute();
  const nearest = lineage
    .toReversed()
    .map((id) => rows.find((row) => row.unit_id === id))
    .find((row) => row !== undefined);
  if (!nearest) return { ...DEFAULT_TARGETS };
  return {
    rosterPerVillage: nearest.roster_per_village,
    trainingMinutes: nearest.training_minutes,
    attendancePercent: nearest.attendance_percent,
  };
}

import type { AudienceGroup } from "../../../db/schema";
import type { ReachPeriod } from "~/lib/reach-period";
import { previousPeriod } from "~/lib/reach-period";
import type { Db } from "../db";
import { notFound } from "../errors";
import { inSubtree, refuseOutOfScope } from "../scope";
import { quarterStart } from "../study/attendance";
import type { CadreFigures, LearnerFigures } from "./learners";
import { cadreFigures, learnerFigures } from "./learners";
import type { OutreachFigures } from "./outreach";
import { outreachFigures } from "./outreach";
import { refreshReach } from "./rollup";
import type { SubdistrictRow } from "./subdistricts";
import { subdistrictTable } from "./subdistricts";
import { beforeSetUp, reachUnits } from "./units";

export type ReachUnit = {
  id: number;
  name: string;
  level: string;
  path: string;
  createdAt: string;
};

/**
 * The unit a dashboard covers: the caller's own, or one below it. Another unit is refused, never
 * shown: 403 if it exists, 404 if not; with `hideOthers` (the 台账 and the report section, files
 * another office must not learn of) 404 either way.
 */
export async function reachUnit(
  db: Db,
  input: { scopePath: string; unitId: number | null; ownUnitId: number; hideOthers?: boolean },
): Promise<ReachUnit> {
  const id = input.unitId ?? input.ownUnitId;
  const unit = await db
    .selectFrom("admin_unit")
    .select(["id", "name", "level", "path", "created_at as createdAt"])
    .where("id", "=", id)
    .where((eb) => inSubtree(eb.ref("path"), input.scopePath))
    .executeTakeFirst();
  if (unit) return unit;
  if (input.hideOthers) throw notFound();
  return refuseOutOfScope(db, "admin_unit", id);
}

export type ReachGaps = {
  /** Villages of the unit that served in the period and held no outreach event in it. */
  villagesWithoutEvents: { id: number; label: string }[];
  /** Audience groups no check-in of the period named. */
  groupsNotReached: AudienceGroup[];
  /** Villages whose roster is below the national floor or the office's target. */
  rostersShort: LearnerFigures["villages"];
  belowHours: LearnerFigures["belowHours"];
  cadresBelow: CadreFigures["cadresBelow"];
  /** Quarters of the period that ended without a 推进会, the unit set up by then. */
  quartersWithoutProgress: { year: number; quarter: number }[];
};

export type ReachDashboard = {
  period: ReachPeriod;
  previous: ReachPeriod;
  current: OutreachFigures;
  before: OutreachFigures;
  learners: { current: LearnerFigures; before: LearnerFigures };
  cadres: { current: CadreFigures; before: CadreFigures };
  gaps: ReachGaps;
  /**
   * When the unit was set up, and whether the period (or the one before, for the comparisons)
   * lies wholly before it: its figures are then "not yet set up", not zeros.
   */
  setUp: { at: string; periodBefore: boolean; previousBefore: boolean };
  /** At a district, its sub-districts side by side, with the district's total; else null. */
  subdistricts: { rows: SubdistrictRow[]; total: SubdistrictRow } | null;
};

/**
 * Everything the officials' dashboard shows for a unit and a period, with the equal period
 * before for comparison, and what the period missed.
 */
export async function reachDashboard(
  db: Db,
  input: { unit: ReachUnit; period: ReachPeriod; now: string },
): Promise<ReachDashboard> {
  const previous = previousPeriod(input.period);
  await refreshReach(db, input.now);
  const units = await reachUnits(db, { scopePath: input.unit.path });
  const scope = { scopePath: input.unit.path, now: input.now, units };
  const [current, before, learners, learnersBefore, cadres, cadresBefore] = await Promise.all([
    outreachFigures(db, { ...scope, period: input.period }),
    outreachFigures(db, { ...scope, period: previous }),
    learnerFigures(db, { ...scope, period: input.period }),
    learnerFigures(db, { ...scope, period: previous }),
    cadreFigures(db, { ...scope, period: input.period }),
    cadreFigures(db, { ...scope, period: previous }),
  ]);
  const hostsStudy = input.unit.level !== "village";
  return {
    period: input.period,
    previous,
    current,
    before,
    learners: { current: learners, before: learnersBefore },
    cadres: { current: cadres, before: cadresBefore },
    gaps: {
      villagesWithoutEvents: current.villages
        .filter((village) => village.events === 0)
        .map(({ id, label }) => ({ id, label })),
      // With no event at all, the villages' line already says it; every group would be listed.
      groupsNotReached:
        current.events === 0
          ? []
          : current.byAudience.filter((row) => row.checkins === 0).map((row) => row.group),
      rostersShort: learners.villages.filter((village) => village.belowTarget),
      belowHours: learners.belowHours,
      // Cadre study is the business of a sub-district's office and above, not of a village.
      cadresBelow: hostsStudy ? cadres.cadresBelow : [],
      quartersWithoutProgress: hostsStudy
        ? cadres.quarters
            .filter(
              (quarter) =>
                quarter.ended &&
                quarter.progressMeetings === 0 &&
                quarterStart(quarter.year, quarter.quarter + 1) > input.unit.createdAt,
            )
            .map(({ year, quarter }) => ({ year, quarter }))
        : [],
    },
    setUp: {
      at: input.unit.createdAt,
      periodBefore: beforeSetUp(input.unit, input.period),
      previousBefore: beforeSetUp(input.unit, previous),
    },
    subdistricts:
      input.unit.level === "district"
        ? subdistrictTable({
            unit: input.unit,
            period: input.period,
            branches: units.branches,
            outreach: current,
            learners,
            cadres,
          })
        : null,
  };
}

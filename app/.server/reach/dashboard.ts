import type { AudienceGroup } from "../../../db/schema";
import type { ReachPeriod } from "~/lib/reach-period";
import { previousPeriod } from "~/lib/reach-period";
import type { Db } from "../db";
import { inSubtree, refuseOutOfScope } from "../scope";
import type { CadreFigures, LearnerFigures } from "./learners";
import { cadreFigures, learnerFigures } from "./learners";
import type { OutreachFigures } from "./outreach";
import { outreachFigures } from "./outreach";

export type ReachUnit = { id: number; name: string; level: string; path: string };

/**
 * The unit a dashboard covers: the caller's own, or one below it. Another unit is refused
 * (403 if it exists, 404 if not), never shown.
 */
export async function reachUnit(
  db: Db,
  input: { scopePath: string; unitId: number | null; ownUnitId: number },
): Promise<ReachUnit> {
  const id = input.unitId ?? input.ownUnitId;
  const unit = await db
    .selectFrom("admin_unit")
    .select(["id", "name", "level", "path"])
    .where("id", "=", id)
    .where((eb) => inSubtree(eb.ref("path"), input.scopePath))
    .executeTakeFirst();
  return unit ?? refuseOutOfScope(db, "admin_unit", id);
}

export type ReachGaps = {
  /** Villages of the unit where no outreach event was held in the period. */
  villagesWithoutEvents: { id: number; name: string }[];
  /** Audience groups no check-in of the period named. */
  groupsNotReached: AudienceGroup[];
  /** Villages whose roster is below the national floor or the office's target. */
  rostersShort: LearnerFigures["villages"];
  belowHours: LearnerFigures["belowHours"];
  cadresBelow: CadreFigures["cadresBelow"];
  /** Quarters of the period that ended without a 推进会. */
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
  const scope = { scopePath: input.unit.path, now: input.now };
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
        .map(({ id, name }) => ({ id, name })),
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
            .filter((quarter) => quarter.ended && quarter.progressMeetings === 0)
            .map(({ year, quarter }) => ({ year, quarter }))
        : [],
    },
  };
}

import type { ReachPeriod } from "~/lib/reach-period";
import type { SubdistrictRow } from "~/lib/reach-subdistricts";
import type { CadreFigures, LearnerFigures } from "./learners";
import type { OutreachFigures } from "./outreach";
import type { ReachBranch } from "./units";
import { servedIn } from "./units";

export type { SubdistrictRow } from "~/lib/reach-subdistricts";

/**
 * A district's sub-districts side by side, from the figures its dashboard already read (no query
 * of its own): each row is what that sub-district's own dashboard shows for the period, and the
 * total is the district's, which counts an event once and adds what the district itself hosted.
 * A sub-district that did not serve in the period and holds no figure of it is left out.
 */
export function subdistrictTable(input: {
  unit: { id: number; name: string };
  period: ReachPeriod;
  branches: ReachBranch[];
  outreach: OutreachFigures;
  learners: LearnerFigures;
  cadres: CadreFigures;
}): { rows: SubdistrictRow[]; total: SubdistrictRow } {
  const { outreach, learners, cadres } = input;
  const rows = input.branches.map((branch, index) => {
    const own = outreach.byBranch[index]!;
    const study = cadres.byBranch[index]!;
    const villages = learners.villages.filter((village) => village.parentId === branch.id);
    return {
      id: branch.id,
      name: branch.name,
      events: own.events,
      checkins: own.checkins,
      crowd: own.crowd,
      villagesCovered: own.villagesCovered,
      villagesTotal: own.villagesTotal,
      onRoster: villages.reduce((sum, village) => sum + village.onRoster, 0),
      metHours: villages.reduce((sum, village) => sum + village.metHours, 0),
      invited: study.invited,
      came: study.came,
      rate: study.rate,
      progress: study.progress,
    };
  });
  const hasFigures = (row: SubdistrictRow) =>
    row.events > 0 || row.onRoster > 0 || row.invited > 0 || row.progress > 0;
  return {
    rows: rows.filter(
      (row, index) => servedIn(input.branches[index]!, input.period) || hasFigures(row),
    ),
    total: {
      id: input.unit.id,
      name: input.unit.name,
      events: outreach.events,
      ...outreach.attendance,
      villagesCovered: outreach.villagesCovered,
      villagesTotal: outreach.villages.length,
      onRoster: learners.onRoster,
      metHours: learners.metHours,
      invited: cadres.invited,
      came: cadres.came,
      rate: cadres.rate,
      progress: cadres.byKind.find((row) => row.kind === "progress_meeting")?.held ?? 0,
    },
  };
}

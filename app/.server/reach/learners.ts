import type { StudyKind } from "../../../db/schema";
import { studyKinds } from "../../../db/schema";
import type { ReachPeriod } from "~/lib/reach-period";
import { periodInstants } from "~/lib/reach-period";
import { shanghaiDay } from "~/lib/time";
import type { Db } from "../db";
import { targetsForMany } from "../learners/coverage";
import { targetsFor } from "../learners/targets";
import { proratedTarget } from "~/lib/hours";
import { minutesPerPerson } from "../records/training-hours";
import { inSubtree } from "../scope";
import {
  cadreRatesBetween,
  percent,
  quarterStart,
  sessionRatesBetween,
  shanghaiQuarter,
  shanghaiYear,
} from "../study/attendance";
import type { ReachUnits } from "./units";
import { branchFinder, servedIn } from "./units";

// The learners' half of the dashboard: the 法律明白人 on the rosters of the scope and what they did
// in the period, and the cadres' law study. Hours are counted against a yearly target, so they are
// read for the Beijing year in which the period ends.

export type LearnerFigures = {
  /** On a roster (在册) on the period's last day, or today if that is still to come. */
  onRoster: number;
  villagesWithRoster: number;
  /** The villages that served in the period or have someone on the roster, in tree order. */
  villages: {
    id: number;
    name: string;
    label: string;
    parentId: number | null;
    onRoster: number;
    /** Of those on the roster, who met the year's hours target. */
    metHours: number;
    target: number;
    /** Below the office's target, which is never below the national floor. */
    belowTarget: boolean;
  }[];
  /** The year whose hours are shown, and who of those on the roster met its target. */
  hoursYear: number;
  metHours: number;
  belowHours: { id: number; name: string; village: string; minutes: number; target: number }[];
  /** Confirmed duty entries of the period, by the day the matter happened. */
  duties: number;
  disputes: number;
  disputesResolved: number;
};

/** The day the roster is read on: the period's last day, or today when the period runs on. */
function rosterDay(period: ReachPeriod, now: string) {
  const today = shanghaiDay(now);
  return period.to < today ? period.to : today;
}

export async function learnerFigures(
  db: Db,
  input: { scopePath: string; period: ReachPeriod; now: string; units: ReachUnits },
): Promise<LearnerFigures> {
  const day = rosterDay(input.period, input.now);
  const hoursYear = Number(day.slice(0, 4));
  const { end } = periodInstants(input.period);
  const [members, minutes, duties] = await Promise.all([
    // On the roster that day: recognised by then (or entered by then, when the day is unknown)
    // and not yet retired.
    db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .innerJoin("admin_unit as village", "village.id", "legal_savvy.village_id")
      .select([
        "legal_savvy.id",
        "legal_savvy.person_id",
        "legal_savvy.village_id",
        "legal_savvy.recognised_on",
        "person.name",
      ])
      .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
      .where((eb) =>
        eb.or([
          eb("legal_savvy.recognised_on", "<=", day),
          eb.and([
            eb("legal_savvy.recognised_on", "is", null),
            eb("legal_savvy.created_at", "<", end),
          ]),
        ]),
      )
      .where((eb) =>
        eb.or([
          eb.and([
            eb("legal_savvy.status", "=", "active"),
            eb("legal_savvy.retired_on", "is", null),
          ]),
          eb("legal_savvy.retired_on", ">", day),
        ]),
      )
      .orderBy("person.name")
      .orderBy("legal_savvy.id")
      .execute(),
    minutesPerPerson(db, { year: hoursYear, scopePath: input.scopePath }),
    db
      .selectFrom("duty_entry")
      .innerJoin("admin_unit as village", "village.id", "duty_entry.village_id")
      .select((eb) => [
        eb.fn.countAll<number>().as("entries"),
        eb.fn
          .count<number>("duty_entry.id")
          .filterWhere("duty_entry.kind", "=", "dispute")
          .as("disputes"),
        eb.fn
          .count<number>("duty_entry.id")
          .filterWhere("duty_entry.dispute_resolved", "=", 1)
          .as("resolved"),
      ])
      .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
      .where("duty_entry.status", "=", "confirmed")
      .where("duty_entry.occurred_on", ">=", input.period.from)
      .where("duty_entry.occurred_on", "<=", input.period.to)
      .executeTakeFirstOrThrow(),
  ]);
  const all = input.units.villages;
  const targets = await targetsForMany(
    db,
    all.map((village) => village.path),
  );
  const villageOf = new Map(all.map((village) => [village.id, village]));
  const belowHours: LearnerFigures["belowHours"] = [];
  const perVillage = new Map<number, { onRoster: number; metHours: number }>();
  let metHours = 0;
  for (const member of members) {
    const village = villageOf.get(member.village_id)!;
    const counts = perVillage.get(village.id) ?? { onRoster: 0, metHours: 0 };
    perVillage.set(village.id, counts);
    counts.onRoster += 1;
    // Recognised during the year: measured against the share for the months on the roster.
    const target = proratedTarget(
      targets.get(village.path)!.trainingMinutes,
      hoursYear,
      member.recognised_on,
    );
    const earned = minutes.get(member.person_id) ?? 0;
    if (earned >= target) {
      metHours += 1;
      counts.metHours += 1;
    } else {
      belowHours.push({
        id: member.id,
        name: member.name,
        village: village.label,
        minutes: earned,
        target,
      });
    }
  }
  const villages = all.filter(
    (village) => servedIn(village, input.period) || perVillage.has(village.id),
  );
  return {
    onRoster: members.length,
    villagesWithRoster: perVillage.size,
    villages: villages.map((village) => {
      const counts = perVillage.get(village.id) ?? { onRoster: 0, metHours: 0 };
      const target = targets.get(village.path)!.rosterPerVillage;
      return {
        id: village.id,
        name: village.name,
        label: village.label,
        parentId: village.parentId,
        ...counts,
        target,
        belowTarget: counts.onRoster < target,
      };
    }),
    hoursYear,
    metHours,
    belowHours,
    duties: Number(duties.entries),
    disputes: Number(duties.disputes),
    disputesResolved: Number(duties.resolved),
  };
}

export type CadreFigures = {
  /** Held study sessions hosted in the scope, per kind, against the plan of the whole quarters. */
  byKind: { kind: StudyKind; held: number; planned: number | null }[];
  held: number;
  /** Planned sessions of the quarters wholly inside the period; null when there are none. */
  planned: number | null;
  invited: number;
  came: number;
  /** Whole percent of invitations to held sessions that were attended. */
  rate: number | null;
  targetPercent: number;
  cadresBelow: { id: number; name: string; unit: string; percent: number }[];
  /** Each quarter wholly inside the period, with the 推进会 held in it. */
  quarters: { year: number; quarter: number; progressMeetings: number; ended: boolean }[];
  /** Each sub-district below the scope: the sessions hosted there, as its own dashboard counts. */
  byBranch: { id: number; invited: number; came: number; rate: number | null; progress: number }[];
};

/** The quarters whose every day lies in the period. */
function wholeQuarters(period: ReachPeriod) {
  const quarters: { year: number; quarter: number }[] = [];
  const first = Number(period.from.slice(0, 4));
  const last = Number(period.to.slice(0, 4));
  for (let year = first; year <= last; year++) {
    for (let quarter = 1; quarter <= 4; quarter++) {
      const from = shanghaiDay(quarterStart(year, quarter));
      const nextFrom = shanghaiDay(quarterStart(year, quarter + 1));
      const to = new Date(Date.parse(`${nextFrom}T00:00:00Z`) - 86_400_000)
        .toISOString()
        .slice(0, 10);
      if (from >= period.from && to <= period.to) quarters.push({ year, quarter });
    }
  }
  return quarters;
}

export async function cadreFigures(
  db: Db,
  input: { scopePath: string; period: ReachPeriod; now: string; units: ReachUnits },
): Promise<CadreFigures> {
  const { start, end } = periodInstants(input.period);
  const range = { scopePath: input.scopePath, from: start, to: end, now: input.now };
  const quarters = wholeQuarters(input.period);
  const [sessions, cadres, targets, plans] = await Promise.all([
    sessionRatesBetween(db, range),
    cadreRatesBetween(db, range),
    targetsFor(db, input.scopePath),
    quarters.length === 0
      ? Promise.resolve([])
      : db
          .selectFrom("study_plan")
          .innerJoin("admin_unit as unit", "unit.id", "study_plan.unit_id")
          .select(["study_plan.study_kind", "study_plan.year", "study_plan.quarter"])
          .select((eb) => eb.fn.sum<number>("study_plan.planned").as("planned"))
          .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
          .where("study_plan.year", ">=", quarters[0]!.year)
          .where("study_plan.year", "<=", quarters[quarters.length - 1]!.year)
          .groupBy(["study_plan.study_kind", "study_plan.year", "study_plan.quarter"])
          .execute(),
  ]);
  const inPeriod = new Set(quarters.map((q) => `${q.year}-${q.quarter}`));
  const plannedOf = new Map<StudyKind, number>();
  for (const row of plans) {
    if (!inPeriod.has(`${row.year}-${row.quarter}`)) continue;
    plannedOf.set(row.study_kind, (plannedOf.get(row.study_kind) ?? 0) + Number(row.planned));
  }
  const heldOf = new Map<StudyKind, number>();
  const progressIn = new Map<string, number>();
  let invited = 0;
  let came = 0;
  for (const session of sessions) {
    heldOf.set(session.study_kind, (heldOf.get(session.study_kind) ?? 0) + 1);
    invited += session.invited;
    came += session.came;
    if (session.study_kind === "progress_meeting") {
      const key = `${shanghaiYear(session.starts_at)}-${shanghaiQuarter(session.starts_at)}`;
      progressIn.set(key, (progressIn.get(key) ?? 0) + 1);
    }
  }
  const hasPlan = quarters.length > 0;
  const branchOf = branchFinder(input.units.branches);
  const byKind = studyKinds.map((kind) => ({
    kind,
    held: heldOf.get(kind) ?? 0,
    planned: hasPlan ? (plannedOf.get(kind) ?? 0) : null,
  }));
  return {
    byKind,
    held: sessions.length,
    planned: hasPlan ? byKind.reduce((sum, row) => sum + row.planned!, 0) : null,
    invited,
    came,
    rate: percent(came, invited),
    targetPercent: targets.attendancePercent,
    cadresBelow: cadres
      .filter((cadre) => cadre.invited > 0)
      .map((cadre) => ({
        id: cadre.id,
        name: cadre.name,
        unit: cadre.unit_name,
        percent: percent(cadre.attended, cadre.invited)!,
      }))
      .filter((cadre) => cadre.percent < targets.attendancePercent)
      .sort((a, b) => a.percent - b.percent || a.name.localeCompare(b.name)),
    quarters: quarters.map((q) => ({
      ...q,
      progressMeetings: progressIn.get(`${q.year}-${q.quarter}`) ?? 0,
      ended: quarterStart(q.year, q.quarter + 1) <= input.now,
    })),
    byBranch: input.units.branches.map((branch) => {
      const own = sessions.filter((session) => branchOf(session.host_path) === branch.id);
      const branchInvited = own.reduce((sum, session) => sum + session.invited, 0);
      const branchCame = own.reduce((sum, session) => sum + session.came, 0);
      return {
        id: branch.id,
        invited: branchInvited,
        came: branchCame,
        rate: percent(branchCame, branchInvited),
        progress: own.filter((session) => session.study_kind === "progress_meeting").length,
      };
    }),
  };
}

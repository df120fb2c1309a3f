import { isHeld } from "~/lib/event-status";
import type { Db } from "../db";
import { targetsFor } from "../learners/targets";
import {
  cadreRates,
  heldPerQuarter,
  percent,
  quartersWithoutProgressMeeting,
  recentSessions,
  sessionRates,
} from "./attendance";
import { getPlan } from "./plan";

type Scope = { scopePath: string; year: number; now: string };

/** The cadres who attend less than the target rate (those invited to nothing are not judged). */
function belowTarget<T extends { invited: number; attended: number }>(rows: T[], target: number) {
  return rows.map((row) => {
    const rate = percent(row.attended, row.invited);
    return { ...row, rate, below: rate !== null && rate < target };
  });
}

/** /study: the year's plan against held per quarter, the warnings and the latest sessions. */
export async function studyOverview(db: Db, input: Scope) {
  const [plan, held, missed, cadres, targets, recent] = await Promise.all([
    getPlan(db, { unitPath: input.scopePath, year: input.year }),
    heldPerQuarter(db, input),
    quartersWithoutProgressMeeting(db, input),
    cadreRates(db, input),
    targetsFor(db, input.scopePath),
    recentSessions(db, { scopePath: input.scopePath, limit: 8 }),
  ]);
  const rated = belowTarget(cadres, targets.attendancePercent);
  return {
    planned: plan.planned,
    held: Object.fromEntries(held),
    missedProgressMeetings: missed,
    belowTarget: rated.filter((row) => row.below).length,
    target: targets.attendancePercent,
    // A rate means something once a session has been run and is over.
    recent: recent.map((row) => {
      const held = isHeld(row, input.now);
      return { ...row, held, rate: held ? percent(row.came, row.invited) : null };
    }),
  };
}

/** /study/plan: the editable plan, held per quarter, and the rates per cadre and per session. */
export async function studyPlanPage(db: Db, input: Scope) {
  const [plan, held, cadres, sessions, targets] = await Promise.all([
    getPlan(db, { unitPath: input.scopePath, year: input.year }),
    heldPerQuarter(db, input),
    cadreRates(db, input),
    sessionRates(db, input),
    targetsFor(db, input.scopePath),
  ]);
  return {
    ...plan,
    held: Object.fromEntries(held),
    target: targets.attendancePercent,
    cadres: belowTarget(cadres, targets.attendancePercent),
    sessions: sessions.map((row) => ({
      ...row,
      held: true,
      rate: percent(row.came, row.invited),
    })),
  };
}

/** The cadres page's rates: this year's attendance per cadre, flagged below the target. */
export async function cadreAttendance(db: Db, input: Scope) {
  const [cadres, targets] = await Promise.all([
    cadreRates(db, input),
    targetsFor(db, input.scopePath),
  ]);
  return {
    target: targets.attendancePercent,
    byCadre: new Map(belowTarget(cadres, targets.attendancePercent).map((row) => [row.id, row])),
  };
}

import type { Db } from "../db";
import { targetsFor } from "../learners/targets";
import { dutiesOfYear, learnerInScope, shownLearner } from "./learner";
import { activeLink } from "./personal-link";
import { trainingsOf } from "./training-hours";

/**
 * Everything a person's page and their yearly record show for one year: the roster details
 * (phone masked), the trainings attended with the hours earned against the target of their
 * village, their duty entries, and whether a personal link is out. Scoped like the roster.
 */
export async function learnerRecord(
  db: Db,
  input: { id: number; scopePath: string; year: number },
) {
  const learner = await learnerInScope(db, input);
  const [{ trainings, totalMinutes }, targets, duties, link] = await Promise.all([
    trainingsOf(db, { personId: learner.personId, year: input.year }),
    targetsFor(db, learner.villagePath),
    dutiesOfYear(db, { legalSavvyId: learner.id, year: input.year }),
    activeLink(db, learner.id),
  ]);
  return {
    learner: shownLearner(learner),
    personId: learner.personId,
    year: input.year,
    trainings,
    totalMinutes,
    targetMinutes: targets.trainingMinutes,
    duties,
    link,
  };
}

export type LearnerRecord = Awaited<ReturnType<typeof learnerRecord>>;

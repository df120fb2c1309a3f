import type { Db } from "../db";
import { targetsFor } from "../learners/targets";
import { inSubtree } from "../scope";
import { byTreeOrder } from "../units/tree-order";
import { minutesPerPerson } from "./training-hours";

/**
 * Per village of the scope, each active 法律明白人's training minutes in a year against the target
 * that holds for that village, and how many fall short. Villages with nobody on the roster are
 * listed too (0 of 0), so a village is never silently missing.
 */
export async function hoursAgainstTarget(db: Db, input: { year: number; scopePath: string }) {
  const [villages, people, minutes] = await Promise.all([
    db
      .selectFrom("admin_unit")
      .select(["id", "name", "path"])
      .where("level", "=", "village")
      .where((eb) => inSubtree(eb.ref("path"), input.scopePath))
      .execute(),
    db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .innerJoin("admin_unit as village", "village.id", "legal_savvy.village_id")
      .select(["legal_savvy.id", "legal_savvy.person_id", "legal_savvy.village_id", "person.name"])
      .where("legal_savvy.status", "=", "active")
      .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
      .orderBy("person.name")
      .orderBy("legal_savvy.id")
      .execute(),
    minutesPerPerson(db, input),
  ]);
  villages.sort(byTreeOrder);
  return Promise.all(
    villages.map(async (village) => {
      const { trainingMinutes } = await targetsFor(db, village.path);
      const members = people
        .filter((person) => person.village_id === village.id)
        .map((person) => {
          const earned = minutes.get(person.person_id) ?? 0;
          return {
            id: person.id,
            name: person.name,
            minutes: earned,
            shortMinutes: Math.max(0, trainingMinutes - earned),
          };
        });
      return {
        id: village.id,
        name: village.name,
        targetMinutes: trainingMinutes,
        members,
        below: members.filter((member) => member.shortMinutes > 0).length,
      };
    }),
  );
}

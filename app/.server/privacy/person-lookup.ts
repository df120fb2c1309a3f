import type { Actor } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRole, inSubtree, rolesFor } from "../scope";
import { readsSince, recordSensitiveRead } from "./sensitive-reads";

// Issue 18 item 2: staff find a person by full phone number, with a reason, when the person asks
// to see, copy or delete what is held about them. Only the people of the caller's units are
// found: another sub-district's resident is answered like an unknown number.

/** Who may look people up, see and export all held about them, and erase it. */
export const rolesForPersonData = rolesFor.manageLearners;

/**
 * Lookups per account and hour, counted from the sensitive-read log on every server. A person's
 * request is one lookup, perhaps a few for a family; a script trying numbers meets the wall at
 * once, and each of its tries is in the log with the account's name.
 */
export const LOOKUPS_PER_HOUR = 20;

/**
 * The people of the caller's subtree with this phone (family members may share one), most local
 * first. The lookup is logged with its reason and how many it found, found or not; past the
 * hour's bound it is refused before anything is read.
 */
export async function lookUpPerson(db: Db, input: { actor: Actor; phone: string; reason: string }) {
  assertRole(input.actor, rolesForPersonData);
  const since = new Date(Date.parse(now()) - 3_600_000).toISOString();
  const used = await readsSince(db, {
    actorId: input.actor.id,
    purpose: "person_lookup",
    since,
  });
  if (used >= LOOKUPS_PER_HOUR) {
    throw new AppError("TOO_MANY", "people.tooMany", "phone", { count: LOOKUPS_PER_HOUR });
  }
  const people = await db
    .selectFrom("person")
    .innerJoin("admin_unit as unit", "unit.id", "person.unit_id")
    .select(["person.id", "person.name", "unit.name as unit_name"])
    .where("person.phone", "=", input.phone)
    .where((eb) => inSubtree(eb.ref("unit.path"), input.actor.unitPath))
    .orderBy("unit.path", "desc")
    .orderBy("person.id")
    .execute();
  await recordSensitiveRead(db, {
    actor: input.actor,
    purpose: "person_lookup",
    reason: input.reason,
    records: people.length,
    target: people.length === 1 ? `person:${people[0]!.id}` : null,
  });
  if (people.length === 0) throw new AppError("NOT_FOUND", "people.notFound", "phone");
  return people;
}

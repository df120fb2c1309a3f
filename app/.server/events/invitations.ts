import { normalisePersonName } from "~/lib/person-name";
import { now } from "../clock";
import type { Db } from "../db";
import type { PersonPlace } from "../people/find-or-add";
import { findOrAddPerson } from "../people/find-or-add";

/**
 * Sets an internal event's invitation list to these people. Those who stay keep their row, so an
 * absentee's reason survives an edit of the list; check-ins are never touched, so who came stays.
 */
export async function setInvitations(db: Db, eventId: number, personIds: number[]) {
  const ids = [...new Set(personIds)];
  let removal = db.deleteFrom("event_invitation").where("event_id", "=", eventId);
  if (ids.length > 0) removal = removal.where("person_id", "not in", ids);
  await removal.execute();
  if (ids.length === 0) return;
  const stamp = now();
  await db
    .insertInto("event_invitation")
    .values(ids.map((id) => ({ event_id: eventId, person_id: id, added_at: stamp })))
    .onConflict((oc) => oc.columns(["event_id", "person_id"]).doNothing())
    .execute();
}

/**
 * The people of the event form's lines (name and phone), each found by the pair among the host's
 * people or added to the host; a consent version only where the people themselves agreed (the
 * demo's invented cadres did).
 */
export async function peopleOfLines(
  db: Db,
  place: PersonPlace,
  lines: { name: string; phone: string }[],
  consentVersion: string | null = null,
) {
  const ids: number[] = [];
  for (const line of lines) {
    const person = {
      name: normalisePersonName(line.name),
      phone: line.phone,
      villageId: null,
      employer: null,
      group: "cadre" as const,
    };
    ids.push(await findOrAddPerson(db, place, person, consentVersion));
  }
  return ids;
}

/** Who is on the list, by name, with their phone (the caller masks it where a list shows it). */
export function invitedPeople(db: Db, eventId: number) {
  return db
    .selectFrom("event_invitation")
    .innerJoin("person", "person.id", "event_invitation.person_id")
    .select(["person.id", "person.name", "person.phone"])
    .where("event_invitation.event_id", "=", eventId)
    .orderBy("person.name")
    .orderBy("person.id")
    .execute();
}

import type { AudienceGroup, CheckinMethod } from "../../../db/schema";
import { inTransaction } from "../../../db/transaction";
import { now } from "../clock";
import type { Db } from "../db";

export type PersonDetails = {
  name: string;
  phone: string | null;
  villageId: number | null;
  employer: string | null;
  group: AudienceGroup;
};

export type CheckInOutcome = { status: "new" | "already"; at: string; personId: number };

/**
 * Finds the resident by phone or adds them; no phone, a new person. What residents type about
 * themselves replaces what was known; what staff type for someone else only fills a new record.
 */
async function upsertPerson(
  db: Db,
  person: PersonDetails,
  consentVersion: string | null,
  byThemself: boolean,
) {
  const stamp = now();
  const details = {
    name: person.name,
    village_id: person.villageId,
    employer: person.employer,
    audience_group: person.group,
    updated_at: stamp,
    ...(consentVersion ? { consent_version: consentVersion, consented_at: stamp } : {}),
  };
  const query = db
    .insertInto("person")
    .values({ ...details, phone: person.phone, created_at: stamp });
  const row = await (
    person.phone
      ? query.onConflict((oc) =>
          oc.column("phone").doUpdateSet(byThemself ? details : { updated_at: stamp }),
        )
      : query
  )
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * One person at one event, once. A second scan, a double tap or a retried request finds the first
 * check-in and changes nothing: the unique (event, person) pair decides, not a read before the
 * write. The caller answers only after this has committed.
 */
export async function recordCheckIn(
  db: Db,
  input: {
    eventId: number;
    person: PersonDetails | { id: number };
    method: CheckinMethod;
    recordedBy: number | null;
    consentVersion: string | null;
  },
): Promise<CheckInOutcome> {
  return inTransaction(db, async (trx) => {
    const personId =
      "id" in input.person
        ? input.person.id
        : await upsertPerson(trx, input.person, input.consentVersion, input.method === "self_scan");
    const inserted = await trx
      .insertInto("checkin")
      .values({
        event_id: input.eventId,
        person_id: personId,
        method: input.method,
        checked_in_at: now(),
        recorded_by: input.recordedBy,
        consent_version: input.consentVersion,
      })
      .onConflict((oc) => oc.columns(["event_id", "person_id"]).doNothing())
      .returning("checked_in_at")
      .executeTakeFirst();
    if (inserted) return { status: "new", at: inserted.checked_in_at, personId };
    const first = await trx
      .selectFrom("checkin")
      .select("checked_in_at")
      .where("event_id", "=", input.eventId)
      .where("person_id", "=", personId)
      .executeTakeFirstOrThrow();
    return { status: "already", at: first.checked_in_at, personId };
  });
}

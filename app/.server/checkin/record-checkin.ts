import type { CheckinMethod } from "../../../db/schema";
import { inTransaction } from "../../../db/transaction";
import { normalisePersonName } from "~/lib/person-name";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { PersonDetails, PersonPlace } from "../people/find-or-add";
import { findOrAddPerson } from "../people/find-or-add";

/** Someone already known (a remembered resident, a pass holder), with what this check-in counts. */
export type KnownPerson = PersonDetails & { id: number };

export type CheckInOutcome = { status: "new" | "already"; at: string; personId: number };

/** The rotating-QR ticket already admitted someone else: the current code must be scanned. */
export class TicketUsed extends AppError {
  constructor() {
    super("CONFLICT", "checkin.tokenExpiredBody");
  }
}

/**
 * One person at one event, once. A second scan, a double tap or a retried request finds the first
 * check-in and changes nothing: the unique (event, person) pair decides, not a read before the
 * write. A rotating-QR ticket is unique per event too: a ticket that admitted someone else throws
 * TicketUsed and nothing is written. The caller answers only after this has committed.
 */
export async function recordCheckIn(
  db: Db,
  input: {
    eventId: number;
    /** Where someone typed is found or added: placeOfCheckin(the event's host). */
    place: PersonPlace;
    person: PersonDetails | KnownPerson;
    method: CheckinMethod;
    recordedBy: number | null;
    consentVersion: string | null;
    ticket?: string | null;
    /** Hash of a self-scanning phone's device cookie. */
    device?: string | null;
  },
): Promise<CheckInOutcome> {
  const person = { ...input.person, name: normalisePersonName(input.person.name) };
  return inTransaction(db, async (trx) => {
    const personId =
      "id" in person
        ? person.id
        : await findOrAddPerson(trx, input.place, person, input.consentVersion);
    const inserted = await trx
      .insertInto("checkin")
      .values({
        event_id: input.eventId,
        person_id: personId,
        method: input.method,
        checked_in_at: now(),
        recorded_by: input.recordedBy,
        consent_version: input.consentVersion,
        name: person.name,
        audience_group: person.group,
        village_id: person.villageId,
        employer: person.employer,
        ticket: input.ticket ?? null,
        device: input.device ?? null,
      })
      .onConflict((oc) => oc.doNothing())
      .returning("checked_in_at")
      .executeTakeFirst();
    if (inserted) return { status: "new", at: inserted.checked_in_at, personId };
    const first = await trx
      .selectFrom("checkin")
      .select("checked_in_at")
      .where("event_id", "=", input.eventId)
      .where("person_id", "=", personId)
      .executeTakeFirst();
    if (first) return { status: "already", at: first.checked_in_at, personId };
    // Only two things are unique in a check-in: (event, person), and (event, ticket). This
    // person has none here, so the ticket admitted someone else.
    throw new TicketUsed();
  });
}

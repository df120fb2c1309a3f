import type { RawBuilder } from "kysely";
import { sql } from "kysely";
import type { CheckinMethod } from "../../../db/schema";
import { inTransaction } from "../../../db/transaction";
import { normalisePersonName } from "~/lib/person-name";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { PersonDetails, PersonPlace } from "../people/find-or-add";
import { findOrAddPerson, personArguments } from "../people/find-or-add";
import { isPostgres } from "./dialect";

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
 *
 * On PostgreSQL, without a ticket, finding or adding the person and adding the check-in are one
 * call of pufa_record_checkin, all or nothing by itself, whose statements the server plans once
 * per connection: one round trip and no transaction to open and commit. A ticket keeps the
 * transaction, so that a ticket used by someone else adds no person either.
 */
export async function recordCheckIn(db: Db, input: CheckInInput): Promise<CheckInOutcome> {
  const person = { ...input.person, name: normalisePersonName(input.person.name) };
  const facts = { ...input, person };
  if (isPostgres(db) && !input.ticket) {
    const stamp = input.at ?? now();
    const { rows } = await sql<{ person_id: number; at: string | null }>`select person_id, at
      from pufa_record_checkin(cast(${input.eventId} as integer),
        cast(${"id" in person ? person.id : null} as integer),
        ${personArguments(input.place, person, input.consentVersion, stamp)},
        cast(${input.method} as text), cast(${input.recordedBy} as integer),
        cast(${input.device ?? null} as text))`.execute(db);
    const row = rows[0];
    if (!row) throw new Error("a check-in call returned no row");
    if (row.at !== null) return { status: "new", at: row.at, personId: row.person_id };
    return firstCheckIn(db, input.eventId, row.person_id);
  }
  return inTransaction(db, async (trx) => {
    const personId =
      "id" in person
        ? person.id
        : await findOrAddPerson(trx, input.place, person, input.consentVersion);
    const { rows } = await sql<{ checked_in_at: string }>`${insertCheckin(
      facts,
      sql`select cast(${personId} as integer)`,
    )} returning checked_in_at`.execute(trx);
    if (rows[0]) return { status: "new", at: rows[0].checked_in_at, personId };
    return firstCheckIn(trx, input.eventId, personId);
  });
}

type CheckInInput = {
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
  /** When it happened, if not now: a scan or walk-in queued at the offline door. */
  at?: string;
};

/**
 * The insert of the check-in of the person `personId` selects (one row), doing nothing when that
 * person or this ticket is already in at the event. Written out, not built: it runs on every
 * check-in.
 */
function insertCheckin(input: CheckInInput, personId: RawBuilder<unknown>) {
  const { person } = input;
  return sql`insert into checkin (event_id, person_id, method, checked_in_at, recorded_by,
      consent_version, name, audience_group, village_id, employer, ticket, device)
    select cast(${input.eventId} as integer), (${personId}), ${input.method}, ${input.at ?? now()},
      cast(${input.recordedBy} as integer), ${input.consentVersion}, ${person.name},
      ${person.group}, cast(${person.villageId} as integer), ${person.employer},
      ${input.ticket ?? null}, ${input.device ?? null}
    where true
    on conflict do nothing`;
}

/**
 * The first check-in of the person at the event, when the insert did nothing. Only two things
 * are unique in a check-in: (event, person), and (event, ticket). A person who has none here
 * was kept out by the ticket, which admitted someone else.
 */
async function firstCheckIn(db: Db, eventId: number, personId: number): Promise<CheckInOutcome> {
  const first = await db
    .selectFrom("checkin")
    .select("checked_in_at")
    .where("event_id", "=", eventId)
    .where("person_id", "=", personId)
    .executeTakeFirst();
  if (first) return { status: "already", at: first.checked_in_at, personId };
  throw new TicketUsed();
}

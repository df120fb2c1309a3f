import { CONSENT_VERSION, maskPhone } from "~/lib/checkin-window";
import type { Actor } from "../audit/audit-log";
import { recordCheckIn } from "../checkin/record-checkin";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { PersonDetails } from "../people/find-or-add";
import { placeOfCheckin } from "../people/find-or-add";
import { assertRole, rolesFor } from "../scope";
import { attendanceEvent, villagesOfEventArea } from "./event";

/**
 * A staff member checks someone in at the door: a walk-in who gave their details in person, or
 * assisted entry for someone without a phone. The staff member read the privacy notice out and
 * the person agreed (the form requires it), so the notice's version is recorded. The check-in
 * counts by exactly what the staff member typed; a phone and name that already checked in give
 * the first check-in back and write no second row. Typing a phone shows nothing of anyone: a
 * known phone with another name is another person, and no stored record is read or changed.
 */
export async function staffCheckIn(
  db: Db,
  input: {
    actor: Actor;
    eventId: number;
    method: "walk_in" | "assisted";
    person: PersonDetails;
    /** When it happened, if not now: a walk-in queued at the offline door. */
    at?: string;
  },
) {
  assertRole(input.actor, rolesFor.manageEvents);
  const event = await attendanceEvent(db, { id: input.eventId, scopePath: input.actor.unitPath });
  if (event.status !== "published" && event.status !== "held") {
    throw new AppError("CONFLICT", "attendance.notTakingCheckins", "form");
  }
  if (input.person.villageId !== null) {
    const villages = await villagesOfEventArea(db, event);
    if (!villages.some((village) => village.id === input.person.villageId)) {
      throw new AppError("BAD_REQUEST", "form.invalidChoice", "villageId");
    }
  }
  const sameName =
    input.method === "assisted" ? await sameNameAtEvent(db, event.id, input.person.name) : [];
  const outcome = await recordCheckIn(db, {
    eventId: event.id,
    place: placeOfCheckin({ id: event.host_id, path: event.host_path, level: event.host_level }),
    person: input.person,
    method: input.method,
    recordedBy: input.actor.id,
    consentVersion: CONSENT_VERSION,
    at: input.at,
  });
  return { ...outcome, sameName };
}

/**
 * Check-ins of this event under the same name, as the list on the page already shows them
 * (masked phone, time): two people may share a name, so the entry is recorded all the same and
 * the staff member is told, to catch a person entered twice.
 */
async function sameNameAtEvent(db: Db, eventId: number, name: string) {
  const rows = await db
    .selectFrom("checkin")
    .innerJoin("person", "person.id", "checkin.person_id")
    .select(["person.phone", "checkin.checked_in_at"])
    .where("checkin.event_id", "=", eventId)
    .where("checkin.name", "=", name)
    .orderBy("checkin.checked_in_at")
    .orderBy("checkin.id")
    .execute();
  return rows.map((row) => ({ phone: maskPhone(row.phone), at: row.checked_in_at }));
}

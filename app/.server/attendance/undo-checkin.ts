import { maskPhone } from "~/lib/checkin-window";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { inTransaction } from "../../../db/transaction";
import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRole, rolesFor } from "../scope";
import { attendanceEvent } from "./event";

/** Removes a mistaken check-in of an event in the caller's scope, and logs who removed which. */
export async function undoCheckIn(
  db: Db,
  input: { actor: Actor; eventId: number; checkinId: number },
) {
  assertRole(input.actor, rolesFor.manageEvents);
  const event = await attendanceEvent(db, { id: input.eventId, scopePath: input.actor.unitPath });
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom("checkin")
      .innerJoin("person", "person.id", "checkin.person_id")
      .select([
        "checkin.id",
        "checkin.method",
        "checkin.checked_in_at",
        "checkin.name",
        "person.phone",
      ])
      .where("checkin.id", "=", input.checkinId)
      .where("checkin.event_id", "=", event.id)
      .executeTakeFirst();
    const deleted = row
      ? await trx
          .deleteFrom("checkin")
          .where("id", "=", row.id)
          .where("event_id", "=", event.id)
          .executeTakeFirst()
      : undefined;
    // Already gone (a double tap, or someone else undid it first): nothing to log.
    if (!row || Number(deleted?.numDeletedRows ?? 0) === 0) {
      throw new AppError("NOT_FOUND", "attendance.undoGone", "form");
    }
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "checkin.undo",
      target: `${event.code} ${event.title}`,
      outcome: "success",
      unit_path: event.host_path,
      detail: `checkin ${row.id}: ${row.name} ${maskPhone(row.phone)} ${row.method} ${row.checked_in_at}`,
    });
    return { name: row.name };
  });
}

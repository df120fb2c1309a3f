import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import { inTransaction } from "../../../db/transaction";
import { assertRole, inSubtree, refuseOutOfScope, rolesFor } from "../scope";

/**
 * Takes back a cancellation: the event returns to the status it was cancelled from (published
 * when that was not kept) and its reason is cleared. Only its host unit's managers may, and only
 * until the event would have ended: after that there is nothing left to run.
 */
export async function restoreEvent(db: Db, input: { actor: Actor; id: number }) {
  assertRole(input.actor, rolesFor.manageEvents);
  const at = now();
  return inTransaction(db, async (trx) => {
    const event = await trx
      .selectFrom("event")
      .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
      .select([
        "event.id",
        "event.code",
        "event.title",
        "event.status",
        "event.ends_at",
        "event.cancelled_from",
        "host.path as host_path",
      ])
      .where("event.id", "=", input.id)
      .where((eb) => inSubtree(eb.ref("host.path"), input.actor.unitPath))
      .executeTakeFirst();
    if (!event) return refuseOutOfScope(trx, "event", input.id);
    if (event.status !== "cancelled") {
      throw new AppError("CONFLICT", "form.statusNotAllowed", "form");
    }
    if (event.ends_at <= at) throw new AppError("CONFLICT", "events.restoreTooLate", "form");
    const status = event.cancelled_from === "draft" ? "draft" : "published";
    // The status in the condition makes a second tap (or a race) change nothing.
    const updated = await trx
      .updateTable("event")
      .set({ status, cancel_reason: null, cancelled_from: null, updated_at: at })
      .where("id", "=", event.id)
      .where("status", "=", "cancelled")
      .where("ends_at", ">", at)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      throw new AppError("CONFLICT", "form.statusNotAllowed", "form");
    }
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "event.restore",
      target: `${event.code} ${event.title}`,
      outcome: "success",
      unit_path: event.host_path,
      detail: null,
    });
    return { status };
  });
}

import { inTransaction } from "../../../db/transaction";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRole, inSubtree, refuseOutOfScope, rolesFor } from "../scope";

/**
 * An organiser confirms an entry a 法律明白人 sent, or returns it with a reason they will read on
 * their page. Only a pending entry of the scope changes, in one statement, so two organisers
 * deciding at once cannot both win: the second is told it was already decided.
 */
export async function reviewDutyEntry(
  db: Db,
  input: { actor: Actor; entryId: number } & (
    | { decision: "confirm" }
    | { decision: "return"; reason: string }
  ),
) {
  assertRole(input.actor, rolesFor.manageLearners);
  return inTransaction(db, async (trx) => {
    const at = now();
    const changed = await trx
      .updateTable("duty_entry")
      .set({
        status: input.decision === "confirm" ? "confirmed" : "returned",
        return_reason: input.decision === "return" ? input.reason : null,
        reviewed_by: input.actor.id,
        reviewed_at: at,
        updated_at: at,
      })
      .where("id", "=", input.entryId)
      .where("status", "=", "pending")
      .where("village_id", "in", (eb) =>
        eb
          .selectFrom("admin_unit")
          .select("id")
          .where((inner) => inSubtree(inner.ref("path"), input.actor.unitPath)),
      )
      .returning(["legal_savvy_id", "village_id", "occurred_on"])
      .executeTakeFirst();
    if (!changed) return refuseUnchanged(trx, input.entryId, input.actor.unitPath);
    const about = await trx
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .innerJoin("admin_unit as village", (join) => join.on("village.id", "=", changed.village_id))
      .select(["person.name", "village.path"])
      .where("legal_savvy.id", "=", changed.legal_savvy_id)
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: input.decision === "confirm" ? "duty.confirm" : "duty.return",
      target: `${about.name} ${changed.occurred_on}`,
      outcome: "success",
      unit_path: about.path,
      detail: input.decision === "return" ? input.reason : `entry=${input.entryId}`,
    });
  });
}

/** Nothing changed: decided already (in scope), outside the scope, or no such entry. */
async function refuseUnchanged(db: Db, entryId: number, scopePath: string): Promise<never> {
  const inScope = await db
    .selectFrom("duty_entry")
    .innerJoin("admin_unit as village", "village.id", "duty_entry.village_id")
    .select("duty_entry.id")
    .where("duty_entry.id", "=", entryId)
    .where((eb) => inSubtree(eb.ref("village.path"), scopePath))
    .executeTakeFirst();
  if (inScope) throw new AppError("CONFLICT", "duty.alreadyReviewed", "form");
  return refuseOutOfScope(db, "duty_entry", entryId);
}

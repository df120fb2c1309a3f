import type { Db } from "../db";
import { inSubtree, refuseOutOfScope } from "../scope";

/** One duty entry of a village in the caller's units, for its own page (no phone). */
export async function dutyEntryInScope(db: Db, input: { id: number; scopePath: string }) {
  const row = await db
    .selectFrom("duty_entry")
    .innerJoin("admin_unit as village", "village.id", "duty_entry.village_id")
    .innerJoin("legal_savvy", "legal_savvy.id", "duty_entry.legal_savvy_id")
    .innerJoin("person", "person.id", "legal_savvy.person_id")
    .select([
      "duty_entry.id",
      "duty_entry.legal_savvy_id as legalSavvyId",
      "person.name",
      "village.name as villageName",
      "duty_entry.occurred_on as occurredOn",
      "duty_entry.kind",
      "duty_entry.served",
      "duty_entry.content",
      "duty_entry.result",
      "duty_entry.dispute_resolved as disputeResolved",
      "duty_entry.status",
      "duty_entry.return_reason as returnReason",
    ])
    .where("duty_entry.id", "=", input.id)
    .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
    .executeTakeFirst();
  if (row) return row;
  return refuseOutOfScope(db, "duty_entry", input.id);
}

import { maskPhone } from "~/lib/checkin-window";
import { isPostgres } from "../checkin/dialect";
import type { Db } from "../db";
import { refuseOutOfScope, inSubtree } from "../scope";

/**
 * A 法律明白人 on a roster (legal_savvy.id) whose village lies in the scope: FORBIDDEN when the
 * row lies outside, NOT_FOUND when there is none. Phone as stored: callers mask it for display.
 */
export async function learnerInScope(
  db: Db,
  input: {
    id: number;
    scopePath: string;
    /** Inside a write's transaction: the roster row is locked (PostgreSQL) until it commits. */
    lock?: boolean;
  },
) {
  let query = db
    .selectFrom("legal_savvy")
    .innerJoin("person", "person.id", "legal_savvy.person_id")
    .innerJoin("admin_unit as village", "village.id", "legal_savvy.village_id")
    .select([
      "legal_savvy.id",
      "legal_savvy.person_id as personId",
      "person.name",
      "person.phone",
      "legal_savvy.village_id as villageId",
      "village.name as villageName",
      "village.path as villagePath",
      "legal_savvy.category",
      "legal_savvy.status",
      "legal_savvy.recognised_on as recognisedOn",
      "legal_savvy.certificate_no as certificateNo",
      "legal_savvy.adviser",
      "legal_savvy.retired_on as retiredOn",
      "legal_savvy.retire_reason as retireReason",
    ])
    .where("legal_savvy.id", "=", input.id)
    .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath));
  // SQLite's write transaction holds the whole database already.
  if (input.lock && isPostgres(db)) query = query.forUpdate("legal_savvy");
  const row = await query.executeTakeFirst();
  if (row) return row;
  return refuseOutOfScope(db, "legal_savvy", input.id);
}

/** A person's duty entries of a year, in the order they happened. */
export function dutiesOfYear(db: Db, input: { legalSavvyId: number; year: number }) {
  return db
    .selectFrom("duty_entry")
    .select([
      "id",
      "occurred_on as occurredOn",
      "kind",
      "served",
      "content",
      "result",
      "dispute_resolved as disputeResolved",
      "status",
      "return_reason as returnReason",
      "source",
    ])
    .where("legal_savvy_id", "=", input.legalSavvyId)
    .where("occurred_on", ">=", `${input.year}-01-01`)
    .where("occurred_on", "<=", `${input.year}-12-31`)
    .orderBy("occurred_on")
    .orderBy("id")
    .execute();
}

/** The roster row as a page shows it: phone masked, no unit path. */
export function shownLearner(learner: Awaited<ReturnType<typeof learnerInScope>>) {
  return {
    id: learner.id,
    name: learner.name,
    phone: maskPhone(learner.phone),
    villageName: learner.villageName,
    category: learner.category,
    status: learner.status,
    recognisedOn: learner.recognisedOn,
    certificateNo: learner.certificateNo,
    adviser: learner.adviser,
    retiredOn: learner.retiredOn,
    retireReason: learner.retireReason,
  };
}

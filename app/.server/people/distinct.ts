import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError, forbidden, notFound } from "../errors";
import { assertRole, inSubtree, rolesFor } from "../scope";
import { inTransaction } from "../../../db/transaction";

/**
 * Staff looked at a suggested pair and found two people (two 王芳 of one village): the pair is
 * no longer suggested. Both records must lie in the caller's units; marking a pair again changes
 * nothing. Logged by record numbers only.
 */
export async function markDistinct(db: Db, input: { actor: Actor; ids: [number, number] }) {
  assertRole(input.actor, rolesFor.manageLearners);
  const [a, b] = [Math.min(...input.ids), Math.max(...input.ids)];
  if (a === b) throw new AppError("BAD_REQUEST", "people.mergeSame");
  return inTransaction(db, async (trx) => {
    const found = await trx
      .selectFrom("person")
      .innerJoin("admin_unit as owner", "owner.id", "person.unit_id")
      .select(["person.id", "person.name", "owner.path"])
      .where("person.id", "in", [a, b])
      .where((eb) => inSubtree(eb.ref("owner.path"), input.actor.unitPath))
      .execute();
    if (found.length < 2) {
      const exist = await trx.selectFrom("person").select("id").where("id", "in", [a, b]).execute();
      throw exist.length === 2 ? forbidden() : notFound();
    }
    const added = await trx
      .insertInto("person_distinct")
      .values({ person_a: a, person_b: b, marked_by: input.actor.id, marked_at: now() })
      .onConflict((oc) => oc.columns(["person_a", "person_b"]).doNothing())
      .returning("person_a")
      .executeTakeFirst();
    if (added) {
      // Filed under the higher of the two records' units.
      const higher = [...found].sort((x, y) => x.path.length - y.path.length)[0]!;
      await recordAudit(trx, {
        ...auditBy(input.actor),
        action: "person.distinct",
        target: `person:${a}`,
        outcome: "success",
        unit_path: higher.path,
        detail: `other=${b}`,
      });
    }
    const names = new Map(found.map((row) => [row.id, row.name]));
    return { a: names.get(a)!, b: names.get(b)! };
  });
}

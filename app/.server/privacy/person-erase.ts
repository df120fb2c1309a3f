import { inTransaction } from "../../../db/transaction";
import type { MessageKey } from "~/lib/i18n";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import { assertRole, eventInReach, inSubtree } from "../scope";
import { anonymiseCheckins, forgetPeople } from "./anonymise";
import { rolesForPersonData } from "./person-lookup";

// Erasing a person on request (issue 18 item 2): their check-ins are anonymised exactly as the
// retention purge does it, so every figure stays; the person is then forgotten (deleted, or kept
// as a nameless key the figures count by). Records that must stay refuse it with their reason.

/** What keeps a person from being erased, each with the words that say what to do first. */
async function reasonsToStay(trx: Db, personId: number): Promise<MessageKey[]> {
  const [roster, cadre, pass] = await Promise.all([
    trx
      .selectFrom("legal_savvy")
      .select("id")
      .where("person_id", "=", personId)
      .where("status", "=", "active")
      .executeTakeFirst(),
    trx.selectFrom("cadre").select("id").where("person_id", "=", personId).executeTakeFirst(),
    trx
      .selectFrom("pass")
      .select("id")
      .where("person_id", "=", personId)
      .where("revoked_at", "is", null)
      .executeTakeFirst(),
  ]);
  const reasons: MessageKey[] = [];
  if (roster) reasons.push("person.stay.roster");
  if (cadre) reasons.push("person.stay.cadre");
  if (pass) reasons.push("person.stay.pass");
  return reasons;
}

/** A refusal that names every record that must stay (shown as one message with its list). */
export class ErasureRefused extends AppError {
  constructor(readonly reasons: MessageKey[]) {
    super("CONFLICT", "person.eraseRefused", "confirm");
  }
}

/**
 * Erases the person of the caller's units, all or nothing: anonymises their check-ins and
 * forgets them. Refused (ErasureRefused) while a record that must stay holds them: an active
 * roster membership (end it first), a cadre record, a pass not revoked; and when a check-in at
 * an event beyond the caller's units still names them (that unit's record). Audited by the
 * person's id and counts, never the name or phone.
 */
export async function erasePerson(db: Db, input: { actor: Actor; personId: number }) {
  assertRole(input.actor, rolesForPersonData);
  return inTransaction(db, async (trx) => {
    const person = await trx
      .selectFrom("person")
      .innerJoin("admin_unit as unit", "unit.id", "person.unit_id")
      .select("person.id")
      .where("person.id", "=", input.personId)
      .where((eb) => inSubtree(eb.ref("unit.path"), input.actor.unitPath))
      .executeTakeFirst();
    if (!person) throw notFound();
    const reasons = await reasonsToStay(trx, person.id);
    if (reasons.length > 0) throw new ErasureRefused(reasons);
    const checkins = await trx
      .selectFrom("checkin")
      .innerJoin("event", "event.id", "checkin.event_id")
      .select("checkin.id")
      .where("checkin.person_id", "=", person.id)
      .where(eventInReach(trx, input.actor.unitPath))
      .execute();
    const anonymised = await anonymiseCheckins(
      trx,
      checkins.map((checkin) => checkin.id),
    );
    const { kept } = await forgetPeople(trx, [person.id]);
    // Only a check-in another unit holds can still name them here: that unit's record.
    if (kept > 0) throw new ErasureRefused(["person.stay.elsewhere"]);
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "person.erase",
      target: `person:${person.id}`,
      outcome: "success",
      unit_path: input.actor.unitPath,
      detail: `checkins=${anonymised}`,
    });
    return { checkins: anonymised };
  });
}

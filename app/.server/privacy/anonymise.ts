import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { Database } from "../../../db/schema";
import { inTransaction } from "../../../db/transaction";
import { now } from "../clock";
import type { Db } from "../db";

// What a purge or an erasure leaves of a resident: the figures keep counting, nobody is named.
//
// A check-in keeps its event, time, method, audience group, village, consent version and its
// person link; it loses the name (emptied: the column is NOT NULL), the employer and the device
// hash. The person link stays because "people reached" counts distinct people (reach_person is
// keyed by person_id, and the village and "days" figures count distinct person_id from the rows):
// the person row becomes an anonymous key with no name, phone, employer, village or consent.
// Neither update touches a column the reach roll-up triggers watch (event_id, person_id,
// audience_group), so the roll-ups stay as they are and no refresh refiles anything.

/** How many ids go into one statement: far below either database's limit on parameters. */
const IDS_PER_STATEMENT = 500;

function chunks<T>(items: readonly T[]) {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_STATEMENT) {
    out.push(items.slice(i, i + IDS_PER_STATEMENT));
  }
  return out;
}

/** A check-in that still carries something that names a person. */
export const checkinNamed = (eb: ExpressionBuilder<Database, "checkin">) =>
  eb.or([
    eb("checkin.name", "<>", ""),
    eb("checkin.employer", "is not", null),
    eb("checkin.device", "is not", null),
  ]);

/**
 * Removes from these check-ins what names a person (name, employer, device hash) and keeps what
 * the figures read. Idempotent: a check-in already anonymised is left alone. Returns how many
 * check-ins it changed.
 */
export async function anonymiseCheckins(db: Db, checkinIds: readonly number[]) {
  let changed = 0;
  for (const ids of chunks([...new Set(checkinIds)])) {
    const result = await db
      .updateTable("checkin")
      .set({ name: "", employer: null, device: null })
      .where("id", "in", ids)
      .where(checkinNamed)
      .executeTakeFirst();
    changed += Number(result.numUpdatedRows);
  }
  return changed;
}

/**
 * Why a person must stay as they are: an active roster membership, a cadre record, a pass not
 * revoked, or a check-in that still names them. The rule of forgetPeople, also for queries that
 * count ahead without writing (a dry run): `unlessEndedBefore` then leaves out the check-ins of
 * events that ended before it, as if they were anonymised already.
 */
export function personMustStay(
  eb: ExpressionBuilder<Database, "person">,
  options: { unlessEndedBefore?: string } = {},
): Expression<SqlBool> {
  const personId: Expression<number> = eb.ref("person.id");
  let named = eb
    .selectFrom("checkin")
    .select("checkin.id")
    .where("checkin.person_id", "=", personId)
    .where(checkinNamed);
  if (options.unlessEndedBefore !== undefined) {
    const before = options.unlessEndedBefore;
    named = named.where((inner) =>
      inner.exists(
        inner
          .selectFrom("event")
          .select("event.id")
          .whereRef("event.id", "=", "checkin.event_id")
          .where("event.ends_at", ">=", before),
      ),
    );
  }
  return eb.or([
    eb.exists(
      eb
        .selectFrom("legal_savvy")
        .select("legal_savvy.id")
        .where("legal_savvy.person_id", "=", personId)
        .where("legal_savvy.status", "=", "active"),
    ),
    eb.exists(eb.selectFrom("cadre").select("cadre.id").where("cadre.person_id", "=", personId)),
    eb.exists(
      eb
        .selectFrom("pass")
        .select("pass.id")
        .where("pass.person_id", "=", personId)
        .where("pass.revoked_at", "is", null),
    ),
    eb.exists(named),
  ]);
}

/** Whether any record still points at the person (then the row stays, emptied, as their key). */
function personReferenced(eb: ExpressionBuilder<Database, "person">) {
  const id = eb.ref("person.id");
  return eb.or([
    eb.exists(eb.selectFrom("checkin").select("checkin.id").where("checkin.person_id", "=", id)),
    eb.exists(
      eb.selectFrom("legal_savvy").select("legal_savvy.id").where("legal_savvy.person_id", "=", id),
    ),
    eb.exists(eb.selectFrom("pass").select("pass.id").where("pass.person_id", "=", id)),
    eb.exists(
      eb
        .selectFrom("event_invitation")
        .select("event_invitation.event_id")
        .where("event_invitation.person_id", "=", id),
    ),
  ]);
}

export type Forgotten = {
  /** People deleted (nothing pointed at them) or emptied (kept only as an anonymous key). */
  forgotten: number;
  /** People left as they were: something that must stay still names them (personMustStay). */
  kept: number;
};

/**
 * Forgets each of these people whom nothing that must stay still names (personMustStay): a
 * person no record points at is deleted; one whose anonymised check-ins, retired roster entry,
 * revoked pass or invitation still point at them is emptied (no name, phone, employer, village
 * or consent; a retired roster entry of theirs keeps no certificate number, reason or listing), so that
 * those records keep counting one person. Idempotent: a person already
 * forgotten counts as forgotten again and nothing changes. Ids of no person are ignored.
 */
export async function forgetPeople(db: Db, personIds: readonly number[]): Promise<Forgotten> {
  return inTransaction(db, async (trx) => {
    let forgotten = 0;
    let kept = 0;
    for (const ids of chunks([...new Set(personIds)])) {
      const rows = await trx
        .selectFrom("person")
        .select((eb) => [
          "person.id",
          eb.case().when(personMustStay(eb)).then(1).else(0).end().as("stays"),
          eb.case().when(personReferenced(eb)).then(1).else(0).end().as("referenced"),
        ])
        .where("person.id", "in", ids)
        .execute();
      const gone = rows.filter((row) => !Number(row.stays));
      kept += rows.length - gone.length;
      forgotten += gone.length;
      const unreferenced = gone.filter((row) => !Number(row.referenced)).map((row) => row.id);
      const emptied = gone.filter((row) => Number(row.referenced)).map((row) => row.id);
      if (unreferenced.length > 0) {
        await trx.deleteFrom("person").where("id", "in", unreferenced).execute();
      }
      if (emptied.length > 0) {
        await trx
          .updateTable("person")
          .set({
            name: "",
            phone: null,
            employer: null,
            village_id: null,
            consent_version: null,
            consented_at: null,
            updated_at: now(),
          })
          .where("id", "in", emptied)
          .where((eb) =>
            eb.or([
              eb("name", "<>", ""),
              eb("phone", "is not", null),
              eb("employer", "is not", null),
              eb("village_id", "is not", null),
              eb("consent_version", "is not", null),
              eb("consented_at", "is not", null),
            ]),
          )
          .execute();
        // A retired roster entry stays for the year's counts (its status and day); what identified
        // them goes, the free-text reason too ("迁往…", at times a phone).
        await trx
          .updateTable("legal_savvy")
          .set({
            certificate_no: null,
            retire_reason: null,
            publish: null,
            publish_phone: null,
            publish_consented_on: null,
            updated_at: now(),
          })
          .where("person_id", "in", emptied)
          .where((eb) =>
            eb.or([
              eb("certificate_no", "is not", null),
              eb("retire_reason", "is not", null),
              eb("publish", "is not", null),
              eb("publish_phone", "is not", null),
              eb("publish_consented_on", "is not", null),
            ]),
          )
          .execute();
      }
    }
    return { forgotten, kept };
  });
}

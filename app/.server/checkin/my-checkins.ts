import { inTransaction } from "../../../db/transaction";
import { recordAudit } from "../audit/audit-log";
import { anonymiseCheckins, forgetPeople } from "../privacy/anonymise";
import { now } from "../clock";
import type { Db } from "../db";

// What a resident's own phone may read and do about them, with no account (issue 18 item 3).
// The phone is known by two cookies together: the signed remember-me cookie names the person, the
// device cookie names the phone. Only check-ins this very phone sent under that person's name are
// theirs: one a staff member entered, or another phone sent, is not.

/** The phone asking: the person its cookie remembers, and the hash of its device id. */
export type OwnPhone = { person: number; consent: string; device: string };

/** The person the phone remembers, with the office that holds them (for the audit log). */
async function rememberedOn(db: Db, phone: OwnPhone) {
  return db
    .selectFrom("person")
    .innerJoin("admin_unit as owner", "owner.id", "person.unit_id")
    .select(["person.id", "person.name", "person.phone", "owner.path"])
    .where("person.id", "=", phone.person)
    .executeTakeFirst();
}

/**
 * The check-ins this phone sent under the remembered person's name: the person's own, and those
 * of their copies in other offices (same phone and name, as a one-tap check-in elsewhere adds),
 * found through the person index, never by scanning every check-in for the device.
 */
async function ownCheckins(db: Db, phone: OwnPhone) {
  const me = await rememberedOn(db, phone);
  if (!me || me.phone === null) return { me: null, rows: [] };
  const rows = await db
    .selectFrom("checkin")
    .innerJoin("event", "event.id", "checkin.event_id")
    .select(["checkin.id", "checkin.person_id", "checkin.checked_in_at as at", "event.title"])
    .where("checkin.device", "=", phone.device)
    .where("checkin.method", "=", "self_scan")
    .where("checkin.person_id", "in", (eb) =>
      eb
        .selectFrom("person")
        .select("person.id")
        .where("person.phone", "=", me.phone)
        .where("person.name", "=", me.name),
    )
    .orderBy("checkin.checked_in_at", "desc")
    .execute();
  return { me, rows };
}

/** What the phone's page shows: the remembered name and the check-ins, newest first. */
export async function myCheckins(db: Db, phone: OwnPhone | null) {
  if (!phone) return null;
  const { me, rows } = await ownCheckins(db, phone);
  if (!me) return null;
  return { name: me.name, checkins: rows.map(({ at, title }) => ({ at, title })) };
}

/**
 * Deletes the check-ins the phone may see as a purge does: they lose the name, employer and
 * device and keep counting in the figures, and their people are forgotten unless something else
 * still names them (a roster entry, an invitation, a check-in another phone or the staff made). All or nothing,
 * logged with the count only. Returns the count; 0 for a phone that may see none.
 */
export async function deleteMyCheckins(
  db: Db,
  input: { phone: OwnPhone | null; ip: string | null },
) {
  const { phone } = input;
  if (!phone) return 0;
  return inTransaction(db, async (trx) => {
    const { me, rows } = await ownCheckins(trx, phone);
    if (!me || rows.length === 0) return 0;
    const ids = rows.map((row) => row.id);
    await anonymiseCheckins(trx, ids);
    await forgetPeople(
      trx,
      await withoutStaffRecords(trx, [...new Set(rows.map((r) => r.person_id))]),
    );
    await recordAudit(trx, {
      actor_id: null,
      actor_username: null,
      action: "checkin.resident_delete",
      target: null,
      outcome: "success",
      ip: input.ip,
      unit_path: me.path,
      detail: `checkins=${ids.length}`,
    });
    return ids.length;
  });
}

/**
 * Of these people, those no staff record names: a phone may forget only someone its own check-ins
 * made, never a 法律明白人 (serving or retired) or someone on an invitation list, whom anyone who
 * types their phone and name on a phone would otherwise reach (the office erases those, at
 * /people).
 */
async function withoutStaffRecords(db: Db, personIds: number[]) {
  if (personIds.length === 0) return [];
  const named = await db
    .selectFrom("person")
    .select("person.id")
    .where("person.id", "in", personIds)
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("legal_savvy")
            .select("legal_savvy.id")
            .whereRef("legal_savvy.person_id", "=", "person.id"),
        ),
        eb.exists(
          eb
            .selectFrom("event_invitation")
            .select("event_invitation.person_id")
            .whereRef("event_invitation.person_id", "=", "person.id"),
        ),
      ]),
    )
    .execute();
  const keep = new Set(named.map((row) => row.id));
  return personIds.filter((id) => !keep.has(id));
}

/**
 * Records that the remembered person withdrew the consent the phone's cookie names (the caller
 * then forgets the cookie).
 */
export async function withdrawMyConsent(
  db: Db,
  input: { phone: OwnPhone | null; ip: string | null },
) {
  const { phone } = input;
  if (!phone) return false;
  return inTransaction(db, async (trx) => {
    const me = await rememberedOn(trx, phone);
    if (!me) return false;
    await trx
      .insertInto("consent_withdrawal")
      .values({ person_id: me.id, consent_version: phone.consent, withdrawn_at: now() })
      .onConflict((oc) => oc.doNothing())
      .execute();
    await recordAudit(trx, {
      actor_id: null,
      actor_username: null,
      action: "checkin.resident_withdraw",
      target: null,
      outcome: "success",
      ip: input.ip,
      unit_path: me.path,
      detail: `version=${phone.consent}`,
    });
    return true;
  });
}

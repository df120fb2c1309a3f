import type { Actor } from "../audit/audit-log";
import type { Db } from "../db";
import { notFound } from "../errors";
import { assertRole, eventInReach, inSubtree } from "../scope";
import { noticeVersions } from "./notice-versions";
import { rolesForPersonData } from "./person-lookup";

// Everything a unit holds about one person (issue 18 item 2): the record itself, its check-ins,
// roster and cadre records, duties, passes, invitations and the consents given. Only what lies
// within the caller's units: a check-in at another office's event is that office's.

/** The person's record, if it belongs to the caller's subtree. */
async function personInScope(db: Db, input: { id: number; scopePath: string }) {
  return db
    .selectFrom("person")
    .innerJoin("admin_unit as unit", "unit.id", "person.unit_id")
    .leftJoin("admin_unit as village", "village.id", "person.village_id")
    .select([
      "person.id",
      "person.name",
      "person.phone",
      "village.name as village_name",
      "person.employer",
      "person.audience_group",
      "person.consent_version",
      "person.consented_at",
      "person.created_at",
      "unit.name as unit_name",
    ])
    .where("person.id", "=", input.id)
    .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
    .executeTakeFirst();
}

/**
 * All held about the person within the caller's units, phone in full (the page masks it, the
 * export gives it to the person). A person outside the caller's units is NOT_FOUND, like one that
 * does not exist: the answer tells nothing of another unit's people.
 */
export async function personData(db: Db, input: { actor: Actor; personId: number }) {
  assertRole(input.actor, rolesForPersonData);
  const scopePath = input.actor.unitPath;
  const person = await personInScope(db, { id: input.personId, scopePath });
  if (!person) throw notFound();
  const [checkins, roster, cadres, duties, passes, invitations] = await Promise.all([
    db
      .selectFrom("checkin")
      .innerJoin("event", "event.id", "checkin.event_id")
      .select([
        "checkin.id",
        "event.title as event_title",
        "event.starts_at as event_starts_at",
        "checkin.checked_in_at",
        "checkin.method",
        "checkin.name",
        "checkin.audience_group",
        "checkin.employer",
        "checkin.consent_version",
      ])
      .where("checkin.person_id", "=", person.id)
      .where(eventInReach(db, scopePath))
      .orderBy("checkin.checked_in_at", "desc")
      .execute(),
    db
      .selectFrom("legal_savvy")
      .innerJoin("admin_unit as village", "village.id", "legal_savvy.village_id")
      .select([
        "legal_savvy.id",
        "village.name as village_name",
        "legal_savvy.category",
        "legal_savvy.status",
        "legal_savvy.recognised_on",
        "legal_savvy.certificate_no",
        "legal_savvy.adviser",
        "legal_savvy.retired_on",
        "legal_savvy.retire_reason",
      ])
      .where("legal_savvy.person_id", "=", person.id)
      .where((eb) => inSubtree(eb.ref("village.path"), scopePath))
      .orderBy("legal_savvy.id")
      .execute(),
    db
      .selectFrom("cadre")
      .innerJoin("admin_unit as unit", "unit.id", "cadre.unit_id")
      .select([
        "cadre.id",
        "unit.name as unit_name",
        "cadre.department",
        "cadre.position",
        "cadre.status",
        "cadre.left_on",
      ])
      .where("cadre.person_id", "=", person.id)
      .where((eb) => inSubtree(eb.ref("unit.path"), scopePath))
      .orderBy("cadre.id")
      .execute(),
    db
      .selectFrom("duty_entry")
      .innerJoin("legal_savvy", "legal_savvy.id", "duty_entry.legal_savvy_id")
      .innerJoin("admin_unit as village", "village.id", "duty_entry.village_id")
      .select([
        "duty_entry.id",
        "duty_entry.occurred_on",
        "duty_entry.kind",
        "duty_entry.served",
        "duty_entry.content",
        "duty_entry.result",
        "duty_entry.status",
      ])
      .where("legal_savvy.person_id", "=", person.id)
      .where((eb) => inSubtree(eb.ref("village.path"), scopePath))
      .orderBy("duty_entry.occurred_on", "desc")
      .execute(),
    db
      .selectFrom("pass")
      .select(["pass.id", "pass.issued_at", "pass.revoked_at"])
      .where("pass.person_id", "=", person.id)
      .orderBy("pass.issued_at", "desc")
      .execute(),
    db
      .selectFrom("event_invitation")
      .innerJoin("event", "event.id", "event_invitation.event_id")
      .select([
        "event.id as event_id",
        "event.title as event_title",
        "event.starts_at as event_starts_at",
        "event_invitation.absence_reason",
        "event_invitation.absence_note",
      ])
      .where("event_invitation.person_id", "=", person.id)
      .where(eventInReach(db, scopePath))
      .orderBy("event.starts_at", "desc")
      .execute(),
  ]);
  return {
    person,
    checkins,
    roster,
    cadres,
    duties,
    passes,
    invitations,
    consents: withNotices(consentsOf(person, checkins), await noticeVersions(db)),
    withdrawals: await db
      .selectFrom("consent_withdrawal")
      .select(["consent_version", "withdrawn_at"])
      .where("person_id", "=", person.id)
      .orderBy("withdrawn_at", "desc")
      .execute(),
  };
}

export type PersonData = Awaited<ReturnType<typeof personData>>;

/**
 * Each consent with the notice it was given under (kind, text as shown, the dates it was shown);
 * null for a version this deployment never kept.
 */
function withNotices(
  consents: ReturnType<typeof consentsOf>,
  notices: Awaited<ReturnType<typeof noticeVersions>>,
) {
  const byVersion = new Map(notices.map((notice) => [notice.version, notice]));
  return consents.map((consent) => ({
    ...consent,
    notice: byVersion.get(consent.version) ?? null,
  }));
}

/**
 * The notice versions the person agreed to: the one recorded with their first record, and each
 * one a check-in recorded, with when it was first given and how many check-ins gave it.
 */
function consentsOf(
  person: { consent_version: string | null; consented_at: string | null },
  checkins: { consent_version: string | null; checked_in_at: string }[],
) {
  const versions = new Map<string, { version: string; firstAt: string | null; checkins: number }>();
  if (person.consent_version) {
    versions.set(person.consent_version, {
      version: person.consent_version,
      firstAt: person.consented_at,
      checkins: 0,
    });
  }
  for (const checkin of checkins) {
    if (!checkin.consent_version) continue;
    const seen = versions.get(checkin.consent_version);
    if (!seen) {
      versions.set(checkin.consent_version, {
        version: checkin.consent_version,
        firstAt: checkin.checked_in_at,
        checkins: 1,
      });
      continue;
    }
    seen.checkins += 1;
    if (!seen.firstAt || checkin.checked_in_at < seen.firstAt) seen.firstAt = checkin.checked_in_at;
  }
  return [...versions.values()].sort((a, b) => a.version.localeCompare(b.version));
}

import type { AudienceGroup } from "../../../db/schema";
import { now } from "../clock";
import type { Db } from "../db";
import type { Expression, SqlBool } from "kysely";
import { sql } from "kysely";
import { listedOutside } from "../passes/holders";
import { isPostgres } from "../checkin/dialect";
import { inSubtree, subtreeRange } from "../scope";

// Whom a phone and a name mean. A person row belongs to one unit (person.unit_id) and is found
// only by work within a subtree that holds it: what one sub-district or village types never
// reaches another's people, so no answer can tell whether a phone is known elsewhere
// (README, Decisions: "People belong to the units that hold them").

/** Someone as typed on a form: found by phone and name together, or added. */
export type PersonDetails = {
  name: string;
  phone: string | null;
  villageId: number | null;
  employer: string | null;
  group: AudienceGroup;
};

/**
 * Where a person is looked for and, when not found, added: the subtree searched (`searchPath`)
 * and the unit that owns a new row (`unitId`, within that subtree).
 */
export type PersonPlace = { unitId: number; searchPath: string };

/** The place of a unit's own records (a roster, a cadre, an invitation list): its own subtree. */
export const placeOfUnit = (unit: { id: number; path: string }): PersonPlace => ({
  unitId: unit.id,
  searchPath: unit.path,
});

/**
 * The place of a check-in at an event: the office that hosts it (a village's events search its
 * sub-district, so a 法律明白人 of one village is the same person at the next village's training);
 * someone new belongs to the host.
 */
export function placeOfCheckin(host: { id: number; path: string; level: string }): PersonPlace {
  return { unitId: host.id, searchPath: officePath(host) };
}

/** The office a unit belongs to: a village's sub-district, else the unit itself. */
export function officePath(unit: { path: string; level: string }) {
  return unit.level === "village" ? unit.path.replace(/[^/]+\/$/, "") : unit.path;
}

/**
 * The person of this place with this phone and name (the most local one, should a unit and a
 * unit below it each hold one), or one added to the place's unit; no phone, always a new person.
 * An existing person's record is never changed: what is typed belongs to the record it was
 * typed for. Two requests at once add one row: (unit, phone, name) is unique, and the update of
 * the name to itself makes the conflicting insert return the existing id.
 */
export async function findOrAddPerson(
  db: Db,
  place: PersonPlace,
  person: PersonDetails,
  consentVersion: string | null,
) {
  if (isPostgres(db)) {
    const { rows } = await sql<{
      id: number;
    }>`select ${personCall(place, person, consentVersion, now())} as id`.execute(db);
    if (!rows[0]) throw new Error("a person was neither found nor added");
    return rows[0].id;
  }
  // SQLite: someone new (the usual case at a check-in) is added in one statement; one known in
  // the place's subtree adds nothing, and is then read.
  const { rows } = await sql<{ id: number }>`${addPerson(place, person, consentVersion, now())}
    returning id`.execute(db);
  if (rows[0]) return rows[0].id;
  const found = await sql<{ id: number }>`${knownPerson(place, person)}`.execute(db);
  if (!found.rows[0]) throw new Error("a person known in the place was not found again");
  return found.rows[0].id;
}

/**
 * The place's person with this phone and name, if any: the deepest owner, then the oldest. Every
 * person with the pair is read through its (phone, name) index, a handful at most.
 */
const knownPerson = (place: PersonPlace, person: PersonDetails) =>
  sql`select known.id from person as known
    inner join admin_unit as owner on owner.id = known.unit_id
    where known.phone = ${person.phone} and known.name = ${person.name}
      and ${inSubtree(sql.ref("owner.path"), place.searchPath)}
    order by length(owner.path) desc, known.id limit 1`;

/**
 * The insert of someone new to the place's unit: with a phone, only when the place knows no one
 * with this phone and name (the conflict on (unit, phone, name) returns the existing row).
 */
function addPerson(
  place: PersonPlace,
  person: PersonDetails,
  consentVersion: string | null,
  stamp: string,
) {
  const insert = sql`insert into person (unit_id, phone, name, village_id, employer,
      audience_group, consent_version, consented_at, created_at, updated_at)
    select cast(${place.unitId} as integer), ${person.phone}, ${person.name},
      cast(${person.villageId} as integer), ${person.employer}, ${person.group},
      ${consentVersion}, ${consentVersion ? stamp : null}, ${stamp}, ${stamp}`;
  if (!person.phone) return sql`${insert} where true`;
  return sql`${insert}
    where not exists (${knownPerson(place, person)})
    on conflict (unit_id, phone, name) do update set name = excluded.name`;
}

/**
 * PostgreSQL: the arguments of the place and the person that pufa_person and
 * pufa_record_checkin take first (migration 2026-12-09T6-checkin-functions), which do what
 * findOrAddPerson does on SQLite in one call.
 */
export function personArguments(
  place: PersonPlace,
  person: PersonDetails,
  consentVersion: string | null,
  stamp: string,
) {
  const [from, to] = subtreeRange(place.searchPath);
  return sql`cast(${place.unitId} as integer), cast(${from} as text), cast(${to} as text),
    cast(${person.phone} as text), cast(${person.name} as text),
    cast(${person.villageId} as integer), cast(${person.employer} as text),
    cast(${person.group} as text), cast(${consentVersion} as text), cast(${stamp} as text)`;
}

const personCall = (
  place: PersonPlace,
  person: PersonDetails,
  consentVersion: string | null,
  stamp: string,
) => sql`pufa_person(${personArguments(place, person, consentVersion, stamp)})`;

/** Whether someone other than this person already has this phone and name in the unit. */
export async function pairTaken(
  db: Db,
  input: { unitId: number; phone: string; name: string; exceptId: number },
) {
  const row = await db
    .selectFrom("person")
    .select("id")
    .where("unit_id", "=", input.unitId)
    .where("phone", "=", input.phone)
    .where("name", "=", input.name)
    .where("id", "!=", input.exceptId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * The unit a person belongs to once the record that owns them (a roster entry, a cadre) moves
 * from unit `from` to unit `to`: they move with it when they belonged to `from`, else they stay.
 * Null when they cannot: another record of theirs lies off the new unit's line of the tree, so
 * moving them would share them sideways (a person of two sub-districts).
 */
export async function ownerAfterMove(
  db: Db,
  input: {
    person: { id: number; unitId: number };
    /** The record that moves. */
    record: { kind: "roster" | "cadre"; id: number };
    from: number;
    to: { id: number; path: string };
  },
) {
  const { person, record, from, to } = input;
  if (person.unitId !== from || from === to.id) return person.unitId;
  const above = (path: Expression<string>) =>
    sql<SqlBool>`substr(${sql.lit(to.path)}, 1, length(${path})) = ${path}`;
  const elsewhere = await Promise.all([
    db
      .selectFrom("legal_savvy")
      .innerJoin("admin_unit as unit", "unit.id", "legal_savvy.village_id")
      .select("legal_savvy.id")
      .where("legal_savvy.person_id", "=", person.id)
      .where("legal_savvy.id", "!=", record.kind === "roster" ? record.id : 0)
      .where((eb) => sql<SqlBool>`not ${above(eb.ref("unit.path"))}`)
      .executeTakeFirst(),
    db
      .selectFrom("cadre")
      .innerJoin("admin_unit as unit", "unit.id", "cadre.unit_id")
      .select("cadre.id")
      .where("cadre.person_id", "=", person.id)
      .where("cadre.id", "!=", record.kind === "cadre" ? record.id : 0)
      .where((eb) => sql<SqlBool>`not ${above(eb.ref("unit.path"))}`)
      .executeTakeFirst(),
    db
      .selectFrom("event_invitation")
      .innerJoin("event", "event.id", "event_invitation.event_id")
      .innerJoin("admin_unit as unit", "unit.id", "event.host_unit_id")
      .select("event.id")
      .where("event_invitation.person_id", "=", person.id)
      .where((eb) => sql<SqlBool>`not ${above(eb.ref("unit.path"))}`)
      .executeTakeFirst(),
  ]);
  return elsewhere.some(Boolean) ? null : to.id;
}

/** Whether a roster entry or a cadre record outside this scope also lists this person. */
export async function heldOutside(db: Db, input: { personId: number; scopePath: string }) {
  const outside = await listedOutside(db, {
    personIds: [input.personId],
    scopePath: input.scopePath,
  });
  return outside.size > 0;
}

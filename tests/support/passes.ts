import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { passCodeOf } from "../../app/.server/passes/code";
import { loadCookieSecret } from "../../app/.server/secret";
import { unitId } from "./demo";

// Pass holders written straight into the database: the roster's own pages are another part's.

const phone = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

async function person(
  db: Kysely<Database>,
  name: string,
  villageId: number | null,
  ownerId: number,
) {
  const stamp = new Date().toISOString();
  const row = await db
    .insertInto("person")
    .values({
      unit_id: ownerId,
      phone: phone(),
      name,
      village_id: villageId,
      employer: null,
      audience_group: "villager",
      consent_version: null,
      consented_at: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An active 法律明白人 on the roster of the named village; their person id. */
export async function addLegalSavvy(db: Kysely<Database>, name: string, village: string) {
  const villageId = await unitId(db, village);
  const personId = await person(db, name, villageId, villageId);
  const stamp = new Date().toISOString();
  await db
    .insertInto("legal_savvy")
    .values({
      person_id: personId,
      village_id: villageId,
      category: "mediator",
      recognised_on: "2024-03-01",
      certificate_no: null,
      adviser: null,
      retired_on: null,
      retire_reason: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
  return personId;
}

/** An active cadre of the named unit; their person id. */
export async function addCadre(
  db: Kysely<Database>,
  name: string,
  unit: string,
  lawEnforcement = false,
) {
  const unitIdValue = await unitId(db, unit);
  const personId = await person(db, name, null, unitIdValue);
  const stamp = new Date().toISOString();
  await db
    .insertInto("cadre")
    .values({
      person_id: personId,
      unit_id: unitIdValue,
      department: null,
      position: "科员",
      law_enforcement: lawEnforcement ? 1 : 0,
      left_on: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
  return personId;
}

/**
 * The holder's unrevoked pass code, if any, made again from its nonce as a card prints it (with
 * this process's secret: passes issued here, through the domain).
 */
export async function activeCode(db: Kysely<Database>, personId: number) {
  const row = await db
    .selectFrom("pass")
    .select("nonce")
    .where("person_id", "=", personId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return row?.nonce ? passCodeOf(await loadCookieSecret(db), row.nonce) : null;
}

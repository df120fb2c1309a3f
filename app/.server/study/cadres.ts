import type { CadreInput } from "~/lib/study-schema";
import { normalisePersonName } from "~/lib/person-name";
import { inTransaction } from "../../../db/transaction";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import {
  findOrAddPerson,
  heldOutside,
  ownerAfterMove,
  pairTaken,
  placeOfUnit,
} from "../people/find-or-add";
import { AppError, forbidden, notFound } from "../errors";
import { assertRole, inSubtree, rolesFor } from "../scope";
import { unitPathInScope } from "../units/units";
import { issuePassesOnAdding } from "../passes/issue";

/** The cadres whose unit lies in the scope, in office first, with their person's name and phone. */
export function listCadres(db: Db, input: { scopePath: string }) {
  return db
    .selectFrom("cadre")
    .innerJoin("person", "person.id", "cadre.person_id")
    .innerJoin("admin_unit as unit", "unit.id", "cadre.unit_id")
    .select([
      "cadre.id",
      "cadre.person_id",
      "person.unit_id as person_unit_id",
      "person.name",
      "person.phone",
      "unit.name as unit_name",
      "cadre.department",
      "cadre.position",
      "cadre.law_enforcement",
      "cadre.status",
      "cadre.left_on",
    ])
    .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
    .orderBy("cadre.status")
    .orderBy("unit.path")
    .orderBy("person.name")
    .orderBy("cadre.id")
    .execute();
}

/** One cadre in the scope, as the edit form needs it; FORBIDDEN or NOT_FOUND otherwise. */
export async function getCadre(db: Db, input: { id: number; scopePath: string }) {
  const cadre = await db
    .selectFrom("cadre")
    .innerJoin("person", "person.id", "cadre.person_id")
    .innerJoin("admin_unit as unit", "unit.id", "cadre.unit_id")
    .select([
      "cadre.id",
      "cadre.person_id",
      "person.unit_id as person_unit_id",
      "person.name",
      "person.phone",
      "cadre.unit_id",
      "cadre.department",
      "cadre.position",
      "cadre.law_enforcement",
      "cadre.status",
      "cadre.left_on",
    ])
    .where("cadre.id", "=", input.id)
    .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
    .executeTakeFirst();
  if (cadre) return cadre;
  const exists = await db.selectFrom("cadre").select("id").where("id", "=", input.id).execute();
  throw exists.length ? forbidden() : notFound();
}

async function requireUnit(db: Db, actor: Actor, unitId: number) {
  const unit = await unitPathInScope(db, { id: unitId, scopePath: actor.unitPath });
  if (!unit) throw new AppError("FORBIDDEN", "form.unitOutOfScope", "unitId");
  return unit;
}

function cadreColumns(input: CadreInput) {
  return {
    unit_id: input.unitId,
    department: input.department,
    position: input.position,
    law_enforcement: input.lawEnforcement ? (1 as const) : (0 as const),
    status: input.status,
    left_on: input.leftOn,
  };
}

/**
 * Adds a cadre: the person with this phone and name among the unit's own people (found, or added
 * to the unit in the cadre's group) joins its cadres. A person is one cadre at most. People of
 * other units are never found: the answer tells nothing of a phone known elsewhere.
 */
export async function addCadre(db: Db, input: { actor: Actor; cadre: CadreInput }) {
  assertRole(input.actor, rolesFor.manageLearners);
  return inTransaction(db, async (trx) => {
    const unit = await requireUnit(trx, input.actor, input.cadre.unitId);
    const name = normalisePersonName(input.cadre.name);
    const personId = await findOrAddPerson(
      trx,
      placeOfUnit({ id: input.cadre.unitId, path: unit.path }),
      {
        name,
        phone: input.cadre.phone,
        villageId: unit.level === "village" ? input.cadre.unitId : null,
        employer: null,
        group: input.cadre.lawEnforcement ? "law_enforcement" : "cadre",
      },
      null,
    );
    const stamp = now();
    const row = await trx
      .insertInto("cadre")
      .values({
        ...cadreColumns(input.cadre),
        person_id: personId,
        created_at: stamp,
        updated_at: stamp,
      })
      .onConflict((oc) => oc.column("person_id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) throw new AppError("CONFLICT", "study.form.personTaken", "phone");
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "cadre.create",
      target: `cadre ${row.id} ${name}`,
      outcome: "success",
      unit_path: unit.path,
    });
    await issuePassesOnAdding(trx, {
      actor: input.actor,
      people: [{ personId, name }],
      unitPath: unit.path,
    });
    return { id: row.id, name };
  });
}

/**
 * Saves a cadre's details. A corrected name or phone changes their person's record (staff keep
 * it), unless another person of the unit already holds that pair, or a unit above the caller's
 * lists them too: then nothing is saved.
 */
export async function updateCadre(db: Db, input: { actor: Actor; id: number; cadre: CadreInput }) {
  assertRole(input.actor, rolesFor.manageLearners);
  return inTransaction(db, async (trx) => {
    const current = await getCadre(trx, { id: input.id, scopePath: input.actor.unitPath });
    const unit = await requireUnit(trx, input.actor, input.cadre.unitId);
    const name = normalisePersonName(input.cadre.name);
    const owner = await ownerAfterMove(trx, {
      person: { id: current.person_id, unitId: current.person_unit_id },
      record: { kind: "cadre", id: current.id },
      from: current.unit_id,
      to: { id: input.cadre.unitId, path: unit.path },
    });
    if (owner === null) throw new AppError("CONFLICT", "roster.heldElsewhere", "unitId");
    const renamed = name !== current.name || input.cadre.phone !== current.phone;
    const scope = { personId: current.person_id, scopePath: input.actor.unitPath };
    if (renamed && (await heldOutside(trx, scope))) {
      throw new AppError("CONFLICT", "roster.heldAbove", "name");
    }
    if (renamed || owner !== current.person_unit_id) {
      const pair = { phone: input.cadre.phone, name, exceptId: current.person_id };
      if (await pairTaken(trx, { unitId: owner, ...pair })) {
        throw new AppError("CONFLICT", "study.form.personTaken", "phone");
      }
    }
    await trx
      .updateTable("person")
      .set({ name, phone: input.cadre.phone, unit_id: owner, updated_at: now() })
      .where("id", "=", current.person_id)
      .execute();
    await trx
      .updateTable("cadre")
      .set({ ...cadreColumns(input.cadre), updated_at: now() })
      .where("id", "=", current.id)
      .execute();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "cadre.update",
      target: `cadre ${current.id} ${name}`,
      outcome: "success",
      unit_path: unit.path,
    });
    return { id: current.id, name };
  });
}

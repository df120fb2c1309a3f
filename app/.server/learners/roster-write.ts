import { inTransaction } from "../../../db/transaction";
import type { LearnerInput } from "~/lib/roster-schema";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import {
  findOrAddPerson,
  heldOutside,
  ownerAfterMove,
  pairTaken,
  placeOfUnit,
} from "../people/find-or-add";
import { assertRole, inSubtree, refuseOutOfScope, rolesFor } from "../scope";
import { issuePassesOnAdding } from "../passes/issue";

/** A village of the actor's scope chosen on a form; any other id is refused beside the field. */
export async function villageInScope(db: Db, input: { villageId: number; scopePath: string }) {
  const village = await db
    .selectFrom("admin_unit")
    .select(["id", "name", "path"])
    .where("id", "=", input.villageId)
    .where("level", "=", "village")
    .where((eb) => inSubtree(eb.ref("path"), input.scopePath))
    .executeTakeFirst();
  if (!village) throw new AppError("FORBIDDEN", "roster.villageOutOfScope", "villageId");
  return village;
}

/** One roster entry within the scope (by its village), with its person; 403 or 404 otherwise. */
export async function learnerInScope(db: Db, input: { id: number; scopePath: string }) {
  const row = await db
    .selectFrom("legal_savvy")
    .innerJoin("person", "person.id", "legal_savvy.person_id")
    .innerJoin("admin_unit as village", "village.id", "legal_savvy.village_id")
    .select([
      "legal_savvy.id",
      "legal_savvy.person_id",
      "person.unit_id as person_unit_id",
      "person.name",
      "person.phone",
      "legal_savvy.village_id",
      "village.name as village_name",
      "village.path as village_path",
      "legal_savvy.category",
      "legal_savvy.recognised_on",
      "legal_savvy.certificate_no",
      "legal_savvy.adviser",
      "legal_savvy.status",
      "legal_savvy.retired_on",
      "legal_savvy.retire_reason",
    ])
    .where("legal_savvy.id", "=", input.id)
    .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
    .executeTakeFirst();
  return row ?? refuseOutOfScope(db, "legal_savvy", input.id);
}

const rosterFields = (learner: LearnerInput) => ({
  village_id: learner.villageId,
  category: learner.category,
  recognised_on: learner.recognisedOn,
  certificate_no: learner.certificateNo,
  adviser: learner.adviser,
});

/**
 * Puts a person on a village's roster: found by phone and name together among the village's own
 * people, or added to it. Someone already on its roster (serving or retired) is refused beside
 * the name: their entry is edited or reinstated instead. People of other units are never found,
 * so the answer is the same whether a phone is known elsewhere or not.
 */
export async function addLearner(db: Db, input: { actor: Actor; learner: LearnerInput }) {
  assertRole(input.actor, rolesFor.manageLearners);
  const { learner } = input;
  return inTransaction(db, async (trx) => {
    const village = await villageInScope(trx, {
      villageId: learner.villageId,
      scopePath: input.actor.unitPath,
    });
    const personId = await findOrAddPerson(
      trx,
      placeOfUnit(village),
      {
        name: learner.name,
        phone: learner.phone,
        villageId: village.id,
        employer: null,
        group: "legal_savvy",
      },
      null,
    );
    const stamp = now();
    const inserted = await trx
      .insertInto("legal_savvy")
      .values({
        person_id: personId,
        ...rosterFields(learner),
        created_at: stamp,
        updated_at: stamp,
      })
      .onConflict((oc) => oc.column("person_id").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) throw new AppError("CONFLICT", "roster.alreadyOnRoster", "name");
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "learner.add",
      target: `${learner.name}（${village.name}）`,
      outcome: "success",
      unit_path: village.path,
      detail: null,
    });
    await issuePassesOnAdding(trx, {
      actor: input.actor,
      people: [{ personId, name: learner.name }],
      unitPath: village.path,
    });
    return { id: inserted.id };
  });
}

/**
 * Changes a roster entry and its person: the one place staff change a person's stored name and
 * phone (past check-ins keep the name they were made under). A (phone, name) pair that belongs
 * to another person of the village is refused beside the phone: two records would become one
 * person. A person whom a unit above the caller's also lists keeps the name and phone that unit
 * shows: the change is refused beside the name.
 */
export async function updateLearner(
  db: Db,
  input: { actor: Actor; id: number; learner: LearnerInput },
) {
  assertRole(input.actor, rolesFor.manageLearners);
  const { learner } = input;
  return inTransaction(db, async (trx) => {
    const current = await learnerInScope(trx, { id: input.id, scopePath: input.actor.unitPath });
    const village = await villageInScope(trx, {
      villageId: learner.villageId,
      scopePath: input.actor.unitPath,
    });
    const renamed = current.name !== learner.name || current.phone !== learner.phone;
    if (
      renamed &&
      (await heldOutside(trx, { personId: current.person_id, scopePath: input.actor.unitPath }))
    ) {
      throw new AppError("CONFLICT", "roster.heldAbove", "name");
    }
    const owner = await ownerAfterMove(trx, {
      person: { id: current.person_id, unitId: current.person_unit_id },
      record: { kind: "roster", id: current.id },
      from: current.village_id,
      to: village,
    });
    if (owner === null) throw new AppError("CONFLICT", "roster.heldElsewhere", "villageId");
    const pair = { phone: learner.phone, name: learner.name, exceptId: current.person_id };
    if (await pairTaken(trx, { unitId: owner, ...pair })) {
      throw new AppError("CONFLICT", "roster.pairTaken", "phone");
    }
    const stamp = now();
    await trx
      .updateTable("person")
      .set({
        name: learner.name,
        phone: learner.phone,
        village_id: village.id,
        unit_id: owner,
        updated_at: stamp,
      })
      .where("id", "=", current.person_id)
      .execute();
    await trx
      .updateTable("legal_savvy")
      .set({ ...rosterFields(learner), updated_at: stamp })
      .where("id", "=", current.id)
      .execute();
    if (current.phone !== learner.phone) {
      // The person agreed to show the number they had: a new one is not shown until they agree.
      await trx
        .updateTable("legal_savvy")
        .set({ publish: "name" })
        .where("id", "=", current.id)
        .where("publish", "=", "name_phone")
        .execute();
    }
    const changed = [
      current.name !== learner.name && "name",
      current.phone !== learner.phone && "phone",
      current.village_id !== village.id && "village",
      current.category !== learner.category && "category",
      current.recognised_on !== learner.recognisedOn && "recognised",
      current.certificate_no !== learner.certificateNo && "certificate",
      current.adviser !== learner.adviser && "adviser",
    ].filter(Boolean);
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "learner.update",
      target: `${learner.name}（${village.name}）`,
      outcome: "success",
      unit_path: village.path,
      detail: changed.length > 0 ? `fields=${changed.join(",")}` : "no change",
    });
    return { id: current.id, name: learner.name };
  });
}

/** 退出: the entry stays with its history, marked retired with the reason and the day. */
export async function retireLearner(
  db: Db,
  input: { actor: Actor; id: number; retiredOn: string; reason: string },
) {
  assertRole(input.actor, rolesFor.manageLearners);
  return inTransaction(db, async (trx) => {
    const current = await learnerInScope(trx, { id: input.id, scopePath: input.actor.unitPath });
    if (current.status !== "active") {
      throw new AppError("CONFLICT", "roster.alreadyRetired", "reason");
    }
    await trx
      .updateTable("legal_savvy")
      .set({
        status: "retired",
        retired_on: input.retiredOn,
        retire_reason: input.reason,
        // Off the public list for good: a reinstated member is listed again only if they agree.
        publish: null,
        publish_phone: null,
        publish_consented_on: null,
        publish_recorded_at: now(),
        publish_recorded_by: input.actor.id,
        updated_at: now(),
      })
      .where("id", "=", current.id)
      .execute();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "learner.retire",
      target: `${current.name}（${current.village_name}）`,
      outcome: "success",
      unit_path: current.village_path,
      detail: input.reason,
    });
    return { name: current.name };
  });
}

/** Back on the roster: the retirement's reason and day are cleared (the audit log keeps them). */
export async function reinstateLearner(db: Db, input: { actor: Actor; id: number }) {
  assertRole(input.actor, rolesFor.manageLearners);
  return inTransaction(db, async (trx) => {
    const current = await learnerInScope(trx, { id: input.id, scopePath: input.actor.unitPath });
    if (current.status === "active") {
      throw new AppError("CONFLICT", "roster.notRetired", "form");
    }
    await trx
      .updateTable("legal_savvy")
      .set({ status: "active", retired_on: null, retire_reason: null, updated_at: now() })
      .where("id", "=", current.id)
      .execute();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "learner.reinstate",
      target: `${current.name}（${current.village_name}）`,
      outcome: "success",
      unit_path: current.village_path,
      detail: null,
    });
    return { name: current.name };
  });
}

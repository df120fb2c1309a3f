import { inTransaction } from "../../../db/transaction";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRole, inSubtree, refuseOutOfScope, rolesFor } from "../scope";
import { heldOutside } from "../people/find-or-add";
import { loadCookieSecret } from "../secret";
import { newPass } from "./code";
import type { Holder } from "./holders";
import { holderInScope, holdersInScope, listedOutside } from "./holders";

// Issuing, revoking and reissuing passes. One unrevoked pass per person: the partial unique
// index decides (a double tap or two staff at once issue one), not a read before the write.
// The audit entry names the holder; the code itself never goes into the log.

const target = (holder: Holder) => `${holder.personId} ${holder.name}`;

/** A new pass for the person, unless they hold one; whether one was issued. */
async function insertPass(db: Db, personId: number, actor: Actor, secret: string) {
  const pass = newPass(secret);
  const row = await db
    .insertInto("pass")
    .values({
      person_id: personId,
      code_hash: pass.hash,
      nonce: pass.nonce,
      issued_at: now(),
      issued_by: actor.id,
    })
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * A holder in the actor's scope whose pass the actor may change: not one whom a unit above the
 * actor's also lists (a sub-district's cadre on a village's roster), whose card serves there too.
 */
async function holderToChange(db: Db, input: { actor: Actor; personId: number }) {
  const holder = await holderInScope(db, {
    personId: input.personId,
    scopePath: input.actor.unitPath,
  });
  const scope = { personId: holder.personId, scopePath: input.actor.unitPath };
  if (await heldOutside(db, scope)) throw new AppError("CONFLICT", "pass.heldAbove", "form");
  return holder;
}

async function revokeActive(db: Db, personId: number, actor: Actor) {
  const revoked = await db
    .updateTable("pass")
    .set({ revoked_at: now(), revoked_by: actor.id })
    .where("person_id", "=", personId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(revoked.numUpdatedRows) > 0;
}

/**
 * A pass for a holder in the actor's scope. A first one is refused (CONFLICT) when they hold one
 * already; a replacement (a lost card) revokes the old one and issues the new in one
 * transaction, so there is no moment with two valid cards, nor one with none if the new fails.
 */
async function givePass(
  db: Db,
  input: { actor: Actor; personId: number },
  mode: "issue" | "reissue",
) {
  assertRole(input.actor, rolesFor.manageLearners);
  return inTransaction(db, async (trx) => {
    const holder = await holderToChange(trx, input);
    if (mode === "reissue") await revokeActive(trx, holder.personId, input.actor);
    if (!(await insertPass(trx, holder.personId, input.actor, await loadCookieSecret(trx)))) {
      throw new AppError("CONFLICT", "pass.alreadyIssued", "form");
    }
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: `pass.${mode}`,
      target: target(holder),
      outcome: "success",
      unit_path: holder.unitPath,
      detail: null,
    });
    return { name: holder.name };
  });
}

/** A first pass for a holder in the actor's scope; CONFLICT if they hold one already. */
export const issuePass = (db: Db, input: { actor: Actor; personId: number }) =>
  givePass(db, input, "issue");

/** A lost card: the old pass is revoked and a new one issued. */
export const reissuePass = (db: Db, input: { actor: Actor; personId: number }) =>
  givePass(db, input, "reissue");

/**
 * Passes for people just added to a roster or the cadres (by hand or by import), inside the
 * caller's transaction: a new holder is ready for the door at once. Someone who holds a pass
 * keeps it, and someone a unit above the actor's also lists gets theirs from that unit. One
 * audit entry for all, with the count.
 */
export async function issuePassesOnAdding(
  trx: Db,
  input: { actor: Actor; people: { personId: number; name: string }[]; unitPath: string },
) {
  const above = await listedOutside(trx, {
    personIds: input.people.map((person) => person.personId),
    scopePath: input.actor.unitPath,
  });
  const secret = await loadCookieSecret(trx);
  let issued: { personId: number; name: string }[] = [];
  for (const person of input.people) {
    if (above.has(person.personId)) continue;
    if (await insertPass(trx, person.personId, input.actor, secret)) issued = [...issued, person];
  }
  if (issued.length > 0) {
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "pass.issue",
      target: issued.length === 1 ? `${issued[0]!.personId} ${issued[0]!.name}` : null,
      outcome: "success",
      unit_path: input.unitPath,
      detail: issued.length === 1 ? null : `rows=${issued.length}`,
    });
  }
  return issued.length;
}

/** The holder's pass stops working at once; CONFLICT if there is none to revoke. */
export async function revokePass(db: Db, input: { actor: Actor; personId: number }) {
  assertRole(input.actor, rolesFor.manageLearners);
  return inTransaction(db, async (trx) => {
    const holder = await holderToChange(trx, input);
    if (!(await revokeActive(trx, holder.personId, input.actor))) {
      throw new AppError("CONFLICT", "pass.noneActive", "form");
    }
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "pass.revoke",
      target: target(holder),
      outcome: "success",
      unit_path: holder.unitPath,
      detail: null,
    });
    return { name: holder.name };
  });
}

/**
 * A pass for every holder in the actor's scope, or of one unit in it, who has none, in one go:
 * all or nothing, one audit entry naming the unit with the count and no person. Holders with a
 * pass keep it, so a retried or doubled request issues nothing twice (the partial unique index
 * decides, whichever server takes it); someone a unit above also lists gets theirs from there.
 */
export async function issueMissingPasses(db: Db, input: { actor: Actor; unitId: number | null }) {
  assertRole(input.actor, rolesFor.manageLearners);
  return inTransaction(db, async (trx) => {
    const unit = await trx
      .selectFrom("admin_unit")
      .select(["id", "name", "path"])
      .where((eb) =>
        input.unitId === null ? eb("path", "=", input.actor.unitPath) : eb("id", "=", input.unitId),
      )
      .where((eb) => inSubtree(eb.ref("path"), input.actor.unitPath))
      .executeTakeFirst();
    if (!unit) return refuseOutOfScope(trx, "admin_unit", input.unitId ?? 0);
    const holders = await holdersInScope(trx, {
      unitId: input.unitId ?? undefined,
      scopePath: input.actor.unitPath,
    });
    const ids = holders.map((holder) => holder.personId);
    const [above, holding] = await Promise.all([
      listedOutside(trx, { personIds: ids, scopePath: input.actor.unitPath }),
      ids.length === 0
        ? []
        : trx
            .selectFrom("pass")
            .select("person_id")
            .where("person_id", "in", ids)
            .where("revoked_at", "is", null)
            .execute(),
    ]);
    const hasPass = new Set(holding.map((row) => row.person_id));
    const secret = await loadCookieSecret(trx);
    let issued = 0;
    for (const personId of ids) {
      if (above.has(personId) || hasPass.has(personId)) continue;
      if (await insertPass(trx, personId, input.actor, secret)) issued += 1;
    }
    if (issued > 0) {
      await recordAudit(trx, {
        ...auditBy(input.actor),
        action: "pass.issue",
        target: `${unit.id} ${unit.name}`,
        outcome: "success",
        unit_path: unit.path,
        detail: `rows=${issued}`,
      });
    }
    return { issued, unitName: unit.name };
  });
}

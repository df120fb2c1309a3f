import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase64urlNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { inTransaction } from "../../../db/transaction";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRole, rolesFor } from "../scope";
import { learnerInScope } from "./learner";

// A 法律明白人's personal link /m/<token>: no password, so the token is the whole secret. 256
// random bits, base64url (43 characters); only its SHA-256 is stored, so a copy of the database
// opens no one's page, and a token is found by its hash through the unique index, whoever asks.

/** A well-formed token: exactly what `issuePersonalLink` hands out. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function tokenHash(token: string) {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Issues a new link for an active 法律明白人 of the actor's scope and revokes the one they held,
 * at once. The token is returned to be shown once; it cannot be read again later.
 */
export async function issuePersonalLink(db: Db, input: { actor: Actor; legalSavvyId: number }) {
  assertRole(input.actor, rolesFor.manageLearners);
  const learner = await learnerInScope(db, {
    id: input.legalSavvyId,
    scopePath: input.actor.unitPath,
  });
  if (learner.status !== "active") throw new AppError("CONFLICT", "duty.link.notActive", "form");
  const token = encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(32)));
  await inTransaction(db, async (trx) => {
    const at = now();
    const revoked = await trx
      .updateTable("personal_link")
      .set({ revoked_at: at, revoked_by: input.actor.id })
      .where("legal_savvy_id", "=", learner.id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    await trx
      .insertInto("personal_link")
      .values({
        legal_savvy_id: learner.id,
        token_hash: tokenHash(token),
        issued_at: at,
        issued_by: input.actor.id,
      })
      .execute();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "link.issue",
      target: learner.name,
      outcome: "success",
      unit_path: learner.villagePath,
      detail: Number(revoked.numUpdatedRows) > 0 ? "replaced" : null,
    });
  });
  return token;
}

/** Revokes the person's link, if they hold one; the page behind it answers 404 from now on. */
export async function revokePersonalLink(db: Db, input: { actor: Actor; legalSavvyId: number }) {
  assertRole(input.actor, rolesFor.manageLearners);
  const learner = await learnerInScope(db, {
    id: input.legalSavvyId,
    scopePath: input.actor.unitPath,
  });
  return inTransaction(db, async (trx) => {
    const revoked = await trx
      .updateTable("personal_link")
      .set({ revoked_at: now(), revoked_by: input.actor.id })
      .where("legal_savvy_id", "=", learner.id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (Number(revoked.numUpdatedRows) === 0) return false;
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "link.revoke",
      target: learner.name,
      outcome: "success",
      unit_path: learner.villagePath,
    });
    return true;
  });
}

/**
 * The holder of a link that is neither revoked nor held by someone who left the roster; null
 * for anything else, malformed tokens included, so every refusal looks the same.
 */
export async function linkHolder(db: Db, token: string) {
  if (!TOKEN_PATTERN.test(token)) return null;
  const row = await db
    .selectFrom("personal_link")
    .innerJoin("legal_savvy", "legal_savvy.id", "personal_link.legal_savvy_id")
    .innerJoin("person", "person.id", "legal_savvy.person_id")
    .innerJoin("admin_unit as village", "village.id", "legal_savvy.village_id")
    .select([
      "personal_link.id as linkId",
      "legal_savvy.id as legalSavvyId",
      "legal_savvy.person_id as personId",
      "legal_savvy.village_id as villageId",
      "person.name",
      "village.name as villageName",
      "village.path as villagePath",
    ])
    .where("personal_link.token_hash", "=", tokenHash(token))
    .where("personal_link.revoked_at", "is", null)
    .where("legal_savvy.status", "=", "active")
    .executeTakeFirst();
  return row ?? null;
}

export type LinkHolder = NonNullable<Awaited<ReturnType<typeof linkHolder>>>;

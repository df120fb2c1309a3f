import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase64urlNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { shanghaiDay, shanghaiDayStart } from "~/lib/time";
import { inTransaction } from "../../../db/transaction";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { assertRole, rolesFor } from "../scope";
import { learnerInScope } from "./learner";

// A 法律明白人's personal link /m/<token>: no password, so the token is the whole secret. 128
// random bits, base64url (22 characters, short enough to read out or type from a text message;
// links handed out before were 256 bits, 43 characters, and keep working); only its SHA-256 is
// stored, so a copy of the database opens no one's page, and a token is found by its hash
// through the unique index, whoever asks.

/** A well-formed token: exactly what `issuePersonalLink` hands out. */
const TOKEN_PATTERN = /^(?:[A-Za-z0-9_-]{22}|[A-Za-z0-9_-]{43})$/;

export function tokenHash(token: string) {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * When a link issued or renewed at `at` stops: at the end of the Beijing day PERSONAL_LINK_DAYS
 * later, so that it works through the whole of the last day its holder is told.
 */
export function linkExpiry(at: string, days = env.PERSONAL_LINK_DAYS) {
  return shanghaiDayStart(shanghaiDay(at), days + 1);
}

/** The last Beijing day (YYYY-MM-DD) on which a link expiring at `expiresAt` still works. */
export function lastValidDay(expiresAt: string) {
  return shanghaiDay(new Date(Date.parse(expiresAt) - 1).toISOString());
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
  const token = encodeBase64urlNoPadding(crypto.getRandomValues(new Uint8Array(16)));
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
        expires_at: linkExpiry(at),
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

/** Whether a link expiring at `expiresAt` has stopped by `at`; linkHolder's query says the same. */
const linkExpired = (expiresAt: string, at = now()) => expiresAt <= at;

/**
 * Whether the person holds a personal link (not revoked), since when, until when, and whether
 * that time has passed (the link itself is never kept).
 */
export async function activeLink(db: Db, legalSavvyId: number) {
  const row = await db
    .selectFrom("personal_link")
    .select(["issued_at", "expires_at"])
    .where("legal_savvy_id", "=", legalSavvyId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  return {
    issuedAt: row.issued_at,
    lastDay: lastValidDay(row.expires_at),
    expired: linkExpired(row.expires_at),
  };
}

/**
 * Extends the person's link to a full term from now; the token stays, so the link they hold (an
 * expired one too) works again. Null when they hold none (never issued, or revoked): renewing
 * cannot bring back a revoked link. Guarded and scoped like issuing.
 */
export async function renewPersonalLink(db: Db, input: { actor: Actor; legalSavvyId: number }) {
  assertRole(input.actor, rolesFor.manageLearners);
  return inTransaction(db, async (trx) => {
    const learner = await learnerInScope(trx, {
      id: input.legalSavvyId,
      scopePath: input.actor.unitPath,
    });
    if (learner.status !== "active") {
      throw new AppError("CONFLICT", "duty.link.notActive", "form");
    }
    const expiresAt = linkExpiry(now());
    const renewed = await trx
      .updateTable("personal_link")
      .set({ expires_at: expiresAt })
      .where("legal_savvy_id", "=", learner.id)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (Number(renewed.numUpdatedRows) === 0) return null;
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "link.renew",
      target: learner.name,
      outcome: "success",
      unit_path: learner.villagePath,
      detail: `until=${lastValidDay(expiresAt)}`,
    });
    return { expiresAt, lastDay: lastValidDay(expiresAt) };
  });
}

/**
 * The holder of a link that is neither revoked, expired nor held by someone who left the
 * roster; null for anything else, malformed tokens included, so every refusal looks the same.
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
      "personal_link.expires_at as expiresAt",
    ])
    .where("personal_link.token_hash", "=", tokenHash(token))
    .where("personal_link.revoked_at", "is", null)
    // linkExpired's twin: an expired link is refused like an unknown one.
    .where("personal_link.expires_at", ">", now())
    .where("legal_savvy.status", "=", "active")
    .executeTakeFirst();
  return row ?? null;
}

export type LinkHolder = NonNullable<Awaited<ReturnType<typeof linkHolder>>>;

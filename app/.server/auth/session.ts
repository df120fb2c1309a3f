import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import type { Role } from "../../../db/schema";
import type { Db } from "../db";
import { now } from "../clock";
import { env } from "../env";

// Sessions as the Lucia guide describes them: a random token in the cookie, only its SHA-256 in
// the database, an idle expiry that slides forward while the user is active, and an absolute
// lifetime from log-in that no activity extends.

const idleMs = () => env.SESSION_IDLE_MINUTES * 60_000;
const lifetimeMs = () => env.SESSION_MAX_HOURS * 3_600_000;
/** The idle expiry from `at`, never past the end of the session's lifetime. */
const expiryFrom = (at: number, createdAt: number) =>
  new Date(Math.min(at + idleMs(), createdAt + lifetimeMs())).toISOString();
/** Extending the expiry costs a write: do it at most once a minute per session. */
const EXTEND_AFTER_MS = 60_000;

export function generateSessionToken() {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

function sessionIdOf(token: string) {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(db: Db, userId: number) {
  const token = generateSessionToken();
  const created = Date.now();
  await db
    .insertInto("staff_session")
    .values({
      id: sessionIdOf(token),
      user_id: userId,
      created_at: new Date(created).toISOString(),
      expires_at: expiryFrom(created, created),
    })
    .execute();
  return token;
}

export type SessionUser = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number;
  unitName: string;
  unitPath: string;
  isTopLevel: boolean;
  mustChangePassword: boolean;
};

/**
 * The user behind a token, or null when the token is unknown, idle too long, past its lifetime or
 * the account disabled.
 */
export async function validateSessionToken(db: Db, token: string): Promise<SessionUser | null> {
  const id = sessionIdOf(token);
  const row = await db
    .selectFrom("staff_session as s")
    .innerJoin("staff_user as u", "u.id", "s.user_id")
    .innerJoin("admin_unit as unit", "unit.id", "u.unit_id")
    .select([
      "s.created_at",
      "s.expires_at",
      "u.id",
      "u.username",
      "u.display_name",
      "u.role",
      "u.disabled",
      "u.must_change_password",
      "unit.id as unit_id",
      "unit.name as unit_name",
      "unit.path as unit_path",
      "unit.parent_id as unit_parent_id",
    ])
    .where("s.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const current = Date.now();
  const expires = Date.parse(row.expires_at);
  const created = Date.parse(row.created_at);
  if (expires <= current || created + lifetimeMs() <= current || row.disabled) {
    await db.deleteFrom("staff_session").where("id", "=", id).execute();
    return null;
  }
  const extended = expiryFrom(current, created);
  if (Date.parse(extended) - expires >= EXTEND_AFTER_MS) {
    await db
      .updateTable("staff_session")
      .set({ expires_at: extended })
      .where("id", "=", id)
      .execute();
  }
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    unitId: row.unit_id,
    unitName: row.unit_name,
    unitPath: row.unit_path,
    isTopLevel: row.unit_parent_id === null,
    mustChangePassword: row.must_change_password === 1,
  };
}

export async function invalidateSession(db: Db, token: string) {
  await db.deleteFrom("staff_session").where("id", "=", sessionIdOf(token)).execute();
}

export async function invalidateUserSessions(db: Db, userId: number) {
  await db.deleteFrom("staff_session").where("user_id", "=", userId).execute();
}

/** Ends every session of the account but the one holding `keepToken` (a password change). */
export async function invalidateOtherSessions(db: Db, userId: number, keepToken: string) {
  await db
    .deleteFrom("staff_session")
    .where("user_id", "=", userId)
    .where("id", "!=", sessionIdOf(keepToken))
    .execute();
}

export async function deleteExpiredSessions(db: Db) {
  await db.deleteFrom("staff_session").where("expires_at", "<=", now()).execute();
}

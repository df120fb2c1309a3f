import type { Role, UnitLevel } from "../../../db/schema";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { hashPassword, verifyPassword } from "../auth/password";
import {
  LOCKOUT_MINUTES,
  MAX_FAILED_LOGINS,
  accountLockedUntil,
  accountSubject,
  clearAccountAttempts,
  lockSubject,
  takeSlot,
} from "../auth/login-attempts";
import { invalidateOtherSessions, invalidateUserSessions } from "../auth/session";
import type { Db } from "../db";
import { now } from "../clock";
import { AppError } from "../errors";
import { unitPathInScope } from "../units/units";
import { inTransaction } from "../../../db/transaction";
import { assertRole, inSubtree, refuseOutOfScope, rolesFor } from "../scope";

async function staffInScope(db: Db, input: { id: number; scopePath: string }) {
  const user = await db
    .selectFrom("staff_user as u")
    .innerJoin("admin_unit as unit", "unit.id", "u.unit_id")
    .select([
      "u.id",
      "u.username",
      "u.display_name",
      "u.role",
      "u.unit_id",
      "u.disabled",
      accountLockedUntil,
      "u.password_changed_at",
      "u.must_change_password",
      "u.last_login_at",
      "unit.path as unit_path",
    ])
    .where("u.id", "=", input.id)
    .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
    .executeTakeFirst();
  if (user) return user;
  return refuseOutOfScope(db, "staff_user", input.id);
}

export function getStaffInScope(db: Db, input: { id: number; scopePath: string }) {
  return staffInScope(db, input);
}

/**
 * An organiser or official placed at the district sees and manages all of it: a select left at
 * the top would do that silently, so such an account is made only when the admin confirms it.
 */
export function needsWideConfirm(role: Role, level: UnitLevel) {
  return role !== "admin" && level === "district";
}

async function requireUnitInScope(db: Db, unitId: number, scopePath: string) {
  const unit = await unitPathInScope(db, { id: unitId, scopePath });
  if (!unit) throw new AppError("FORBIDDEN", "form.unitOutOfScope", "unitId");
  return unit;
}

export async function createStaff(
  db: Db,
  input: {
    actor: Actor;
    username: string;
    displayName: string;
    role: Role;
    unitId: number;
    password: string;
    /** The admin ticked "this account will see and manage the whole district". */
    wideConfirmed?: boolean;
  },
) {
  assertRole(input.actor, rolesFor.manageAccounts);
  const unit = await requireUnitInScope(db, input.unitId, input.actor.unitPath);
  if (needsWideConfirm(input.role, unit.level) && !input.wideConfirmed) {
    throw new AppError("BAD_REQUEST", "accounts.wideNeedsConfirm", "unitId");
  }
  // Hashing takes a while: never inside a transaction, which on SQLite holds the one connection.
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (trx) => {
    const stamp = now();
    const created = await trx
      .insertInto("staff_user")
      .values({
        username: input.username,
        display_name: input.displayName,
        password_hash: passwordHash,
        role: input.role,
        unit_id: input.unitId,
        must_change_password: 1,
        password_changed_at: stamp,
        created_at: stamp,
        updated_at: stamp,
      })
      .onConflict((oc) => oc.column("username").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!created) throw new AppError("CONFLICT", "form.usernameTaken", "username");
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "user.create",
      target: input.username,
      outcome: "success",
      unit_path: unit.path,
      detail: `role=${input.role} unit=${input.unitId}`,
    });
    return created.id;
  });
}

export async function updateStaff(
  db: Db,
  input: { actor: Actor; id: number; displayName: string; role: Role; unitId: number },
) {
  assertRole(input.actor, rolesFor.manageAccounts);
  return inTransaction(db, async (trx) => {
    const user = await staffInScope(trx, { id: input.id, scopePath: input.actor.unitPath });
    const unit = await requireUnitInScope(trx, input.unitId, input.actor.unitPath);
    if (user.id === input.actor.id && (input.role !== user.role || input.unitId !== user.unit_id)) {
      throw new AppError("BAD_REQUEST", "form.selfChange", "role");
    }
    await trx
      .updateTable("staff_user")
      .set({
        display_name: input.displayName,
        role: input.role,
        unit_id: input.unitId,
        updated_at: now(),
      })
      .where("id", "=", user.id)
      .execute();
    const changes = [
      user.display_name !== input.displayName && "name",
      user.role !== input.role && `role ${user.role}->${input.role}`,
      user.unit_id !== input.unitId && `unit ${user.unit_id}->${input.unitId}`,
    ].filter(Boolean);
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "user.update",
      target: user.username,
      outcome: "success",
      unit_path: unit.path,
      detail: changes.join("; ") || "no change",
    });
    return user.username;
  });
}

export async function setStaffDisabled(
  db: Db,
  input: { actor: Actor; id: number; disabled: boolean },
) {
  assertRole(input.actor, rolesFor.manageAccounts);
  return inTransaction(db, async (trx) => {
    const user = await staffInScope(trx, { id: input.id, scopePath: input.actor.unitPath });
    if (user.id === input.actor.id) throw new AppError("BAD_REQUEST", "form.selfChange");
    await trx
      .updateTable("staff_user")
      .set({ disabled: input.disabled ? 1 : 0, updated_at: now() })
      .where("id", "=", user.id)
      .execute();
    if (input.disabled) await invalidateUserSessions(trx, user.id);
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: input.disabled ? "user.disable" : "user.enable",
      target: user.username,
      outcome: "success",
      unit_path: user.unit_path,
    });
    return user.username;
  });
}

export async function unlockStaff(db: Db, input: { actor: Actor; id: number }) {
  assertRole(input.actor, rolesFor.manageAccounts);
  return inTransaction(db, async (trx) => {
    const user = await staffInScope(trx, { id: input.id, scopePath: input.actor.unitPath });
    await clearAccountAttempts(trx, user.username);
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "user.unlock",
      target: user.username,
      outcome: "success",
      unit_path: user.unit_path,
    });
    return user.username;
  });
}

/** An admin sets a new password; the owner must change it at next log-in, old sessions end. */
export async function resetStaffPassword(
  db: Db,
  input: { actor: Actor; id: number; password: string },
) {
  assertRole(input.actor, rolesFor.manageAccounts);
  const user = await staffInScope(db, { id: input.id, scopePath: input.actor.unitPath });
  if (input.password.toLowerCase() === user.username) {
    throw new AppError("BAD_REQUEST", "form.passwordIsUsername", "password");
  }
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (trx) => {
    const stamp = now();
    await trx
      .updateTable("staff_user")
      .set({
        password_hash: passwordHash,
        must_change_password: 1,
        password_changed_at: stamp,
        updated_at: stamp,
      })
      .where("id", "=", user.id)
      .execute();
    await clearAccountAttempts(trx, user.username);
    await invalidateUserSessions(trx, user.id);
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "user.reset_password",
      target: user.username,
      outcome: "success",
      unit_path: user.unit_path,
    });
    return {
      id: user.id,
      username: user.username,
      displayName: user.display_name,
      role: user.role,
      unitId: user.unit_id,
    };
  });
}

/** The owner changes their password; their other sessions end, the one they used stays. */
export async function changeOwnPassword(
  db: Db,
  input: { actor: Actor; sessionToken: string; current: string; password: string },
) {
  const audit = {
    ...auditBy(input.actor),
    action: "password.change",
    target: input.actor.username,
    unit_path: input.actor.unitPath,
  };
  // The current password is guessed against the same count as the log-in page: a stolen session
  // gets no more tries than a stranger at the log-in page.
  const subject = accountSubject(input.actor.username);
  const slot = await takeSlot(db, { subject, windowMinutes: LOCKOUT_MINUTES });
  if (slot.attempts > MAX_FAILED_LOGINS) {
    await recordAudit(db, { ...audit, outcome: "denied", detail: "locked" });
    throw new AppError("TOO_MANY", "form.passwordTriesUsed", "current");
  }
  const row = await db
    .selectFrom("staff_user")
    .select("password_hash")
    .where("id", "=", input.actor.id)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, input.current))) {
    await inTransaction(db, async (trx) => {
      await recordAudit(trx, { ...audit, outcome: "failure", detail: "wrong current password" });
      if (slot.attempts >= MAX_FAILED_LOGINS) await lockSubject(trx, subject);
    });
    throw new AppError("BAD_REQUEST", "form.passwordWrong", "current");
  }
  if (input.password.toLowerCase() === input.actor.username) {
    throw new AppError("BAD_REQUEST", "form.passwordIsUsername", "password");
  }
  const passwordHash = await hashPassword(input.password);
  await inTransaction(db, async (trx) => {
    const stamp = now();
    await trx
      .updateTable("staff_user")
      .set({
        password_hash: passwordHash,
        must_change_password: 0,
        password_changed_at: stamp,
        updated_at: stamp,
      })
      .where("id", "=", input.actor.id)
      .execute();
    await invalidateOtherSessions(trx, input.actor.id, input.sessionToken);
    await clearAccountAttempts(trx, input.actor.username);
    await recordAudit(trx, { ...audit, outcome: "success" });
  });
}

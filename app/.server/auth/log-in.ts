import type { AuditEntryInput } from "../audit/audit-log";
import { recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { inTransaction } from "../../../db/transaction";
import {
  IP_FAILURE_LIMIT,
  IP_WINDOW_MINUTES,
  LOCKOUT_MINUTES,
  MAX_FAILED_LOGINS,
  accountSubject,
  addressSubject,
  clearAccountAttempts,
  deleteExpiredAttempts,
  lockSubject,
  releaseSlot,
  takeSlot,
} from "./login-attempts";
import { decoyPasswordHash, verifyPassword } from "./password";
import { createSession, deleteExpiredSessions } from "./session";

export type LogInResult =
  | { ok: true; token: string; userId: number; displayName: string }
  | { ok: false; reason: "failed" | "disabled" }
  | { ok: false; reason: "locked" | "throttled"; minutes: number };

const minutesUntil = (iso: string) =>
  Math.max(1, Math.ceil((Date.parse(iso) - Date.now()) / 60_000));

/**
 * Checks a username and password and opens a session. The address and the account each take a
 * slot before the password is checked, so a burst cannot get more than the limit evaluated; a name
 * with no account goes through the same steps (a decoy hash, the same lock), so the answers never
 * tell which accounts exist. Every attempt lands in the audit log.
 */
export async function logIn(
  db: Db,
  input: { username: string; password: string; ip: string | null },
): Promise<LogInResult> {
  const { username, password, ip } = input;
  const user = await db
    .selectFrom("staff_user as u")
    .innerJoin("admin_unit as unit", "unit.id", "u.unit_id")
    .select(["u.id", "u.display_name", "u.password_hash", "u.disabled", "unit.path"])
    .where("u.username", "=", username)
    .executeTakeFirst();
  const audit = (
    entry: Pick<AuditEntryInput, "action" | "outcome"> & Partial<AuditEntryInput>,
    handle: Db = db,
  ) =>
    recordAudit(handle, {
      actor_id: user?.id ?? null,
      actor_username: username,
      ip,
      unit_path: user?.path ?? null,
      ...entry,
    });

  if (ip) {
    const address = await takeSlot(db, {
      subject: addressSubject(ip),
      windowMinutes: IP_WINDOW_MINUTES,
    });
    if (address.attempts > IP_FAILURE_LIMIT) {
      await audit({ action: "login", outcome: "denied", detail: "throttled" });
      return { ok: false, reason: "throttled", minutes: minutesUntil(address.expires_at) };
    }
  }
  const subject = accountSubject(username);
  const account = await takeSlot(db, { subject, windowMinutes: LOCKOUT_MINUTES });
  if (account.attempts > MAX_FAILED_LOGINS) {
    await audit({ action: "login", outcome: "denied", detail: "locked" });
    return { ok: false, reason: "locked", minutes: minutesUntil(account.expires_at) };
  }

  const passwordHash = user?.password_hash ?? (await decoyPasswordHash());
  if (!user || !(await verifyPassword(passwordHash, password))) {
    return inTransaction(db, async (trx): Promise<LogInResult> => {
      await audit(
        { action: "login", outcome: "failure", detail: user ? "wrong password" : "unknown user" },
        trx,
      );
      if (account.attempts < MAX_FAILED_LOGINS) return { ok: false, reason: "failed" };
      await lockSubject(trx, subject);
      await audit(
        {
          action: "lockout",
          outcome: "success",
          target: username,
          detail: `${MAX_FAILED_LOGINS} failed log-ins; locked ${LOCKOUT_MINUTES} minutes`,
        },
        trx,
      );
      return { ok: false, reason: "locked", minutes: LOCKOUT_MINUTES };
    });
  }

  if (user.disabled) {
    await audit({ action: "login", outcome: "denied", detail: "disabled" });
    return { ok: false, reason: "disabled" };
  }
  return inTransaction(db, async (trx) => {
    await clearAccountAttempts(trx, username);
    if (ip) await releaseSlot(trx, addressSubject(ip));
    // Log-ins are frequent enough to keep both tables small, and the deletes use an index.
    await deleteExpiredSessions(trx);
    await deleteExpiredAttempts(trx);
    const token = await createSession(trx, user.id);
    await trx
      .updateTable("staff_user")
      .set({ last_login_at: now() })
      .where("id", "=", user.id)
      .execute();
    await audit({ action: "login", outcome: "success" }, trx);
    return { ok: true, token, userId: user.id, displayName: user.display_name };
  });
}

import { recordAudit } from "../audit/audit-log";
import type { Db } from "../db";
import { now } from "../clock";
import { decoyPasswordHash, verifyPassword } from "./password";
import { createSession } from "./session";

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
/** Failed log-ins from one IP address within the window before that address must wait. */
export const IP_FAILURE_LIMIT = 30;
export const IP_WINDOW_MINUTES = 15;

export type LogInResult =
  | { ok: true; token: string; userId: number; displayName: string }
  | { ok: false; reason: "failed" | "disabled" }
  | { ok: false; reason: "locked" | "throttled"; minutes: number };

const minutesUntil = (iso: string) =>
  Math.max(1, Math.ceil((Date.parse(iso) - Date.now()) / 60_000));

/**
 * Checks a username and password and opens a session. Every attempt lands in the audit log; the
 * failures counted there also throttle an IP address that tries too many names.
 */
export async function logIn(
  db: Db,
  input: { username: string; password: string; ip: string | null },
): Promise<LogInResult> {
  const { username, password, ip } = input;
  const since = new Date(Date.now() - IP_WINDOW_MINUTES * 60_000).toISOString();
  if (ip) {
    const { failures } = await db
      .selectFrom("audit_log")
      .select((eb) => eb.fn.countAll<number>().as("failures"))
      .where("ip", "=", ip)
      .where("action", "=", "login")
      .where("outcome", "=", "failure")
      .where("at", ">", since)
      .executeTakeFirstOrThrow();
    if (failures >= IP_FAILURE_LIMIT) {
      await recordAudit(db, {
        action: "login",
        outcome: "denied",
        actor_username: username,
        ip,
        unit_path: null,
        detail: "throttled",
      });
      return { ok: false, reason: "throttled", minutes: IP_WINDOW_MINUTES };
    }
  }

  const user = await db
    .selectFrom("staff_user as u")
    .innerJoin("admin_unit as unit", "unit.id", "u.unit_id")
    .select([
      "u.id",
      "u.display_name",
      "u.password_hash",
      "u.disabled",
      "u.locked_until",
      "unit.path",
    ])
    .where("u.username", "=", username)
    .executeTakeFirst();
  const audit = {
    actor_id: user?.id ?? null,
    actor_username: username,
    ip,
    unit_path: user?.path ?? null,
  };

  if (!user) {
    await verifyPassword(await decoyPasswordHash(), password);
    await recordAudit(db, {
      ...audit,
      action: "login",
      outcome: "failure",
      detail: "unknown user",
    });
    return { ok: false, reason: "failed" };
  }
  if (user.locked_until && user.locked_until > now()) {
    await recordAudit(db, { ...audit, action: "login", outcome: "denied", detail: "locked" });
    return { ok: false, reason: "locked", minutes: minutesUntil(user.locked_until) };
  }

  if (!(await verifyPassword(user.password_hash, password))) {
    const counted = await db
      .updateTable("staff_user")
      .set((eb) => ({ failed_logins: eb("failed_logins", "+", 1) }))
      .where("id", "=", user.id)
      .returning("failed_logins")
      .executeTakeFirstOrThrow();
    await recordAudit(db, {
      ...audit,
      action: "login",
      outcome: "failure",
      detail: "wrong password",
    });
    if (counted.failed_logins < MAX_FAILED_LOGINS) return { ok: false, reason: "failed" };
    const lockedUntil = new Date(Date.now() + LOCKOUT_MINUTES * 60_000).toISOString();
    await db
      .updateTable("staff_user")
      .set({ locked_until: lockedUntil, failed_logins: 0 })
      .where("id", "=", user.id)
      .execute();
    await recordAudit(db, {
      ...audit,
      action: "lockout",
      outcome: "success",
      target: username,
      detail: `${MAX_FAILED_LOGINS} failed log-ins; locked ${LOCKOUT_MINUTES} minutes`,
    });
    return { ok: false, reason: "locked", minutes: LOCKOUT_MINUTES };
  }

  if (user.disabled) {
    await recordAudit(db, { ...audit, action: "login", outcome: "denied", detail: "disabled" });
    return { ok: false, reason: "disabled" };
  }
  await db
    .updateTable("staff_user")
    .set({ failed_logins: 0, locked_until: null })
    .where("id", "=", user.id)
    .execute();
  const token = await createSession(db, user.id);
  await recordAudit(db, { ...audit, action: "login", outcome: "success" });
  return { ok: true, token, userId: user.id, displayName: user.display_name };
}

import type { ExpressionBuilder } from "kysely";
import { sql } from "kysely";
import type { Database, StaffUserTable } from "../../../db/schema";
import type { Db } from "../db";
import { now } from "../clock";

// Log-in attempts are counted per account name and per client address in one table, so several
// app servers share the count. Each attempt takes its slot in one atomic upsert BEFORE any password
// is checked: forty attempts arriving together get slots 1 to 40, and only the first five of an
// account's reach Argon2.

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;
/** Failed log-ins from one IP address within the window before that address must wait. */
export const IP_FAILURE_LIMIT = 30;
export const IP_WINDOW_MINUTES = 15;

/** Usernames never contain ":", and the prefix keeps a typed name from posing as an address. */
const ACCOUNT = "user:";
export const accountSubject = (username: string) => `${ACCOUNT}${username}`;
export const addressSubject = (ip: string) => `ip:${ip}`;

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

/**
 * Takes the subject's next slot and returns its number and when the window ends; a window that
 * has ended starts again at 1. Both assignments read the row as it was before the update.
 */
export function takeSlot(db: Db, input: { subject: string; windowMinutes: number }) {
  const at = now();
  return db
    .insertInto("login_attempt")
    .values({
      subject: input.subject,
      attempts: 1,
      expires_at: minutesFromNow(input.windowMinutes),
    })
    .onConflict((oc) =>
      oc.column("subject").doUpdateSet((eb) => {
        const ended = eb("login_attempt.expires_at", "<=", at);
        return {
          attempts: eb
            .case()
            .when(ended)
            .then(1)
            .else(eb("login_attempt.attempts", "+", 1))
            .end(),
          expires_at: eb
            .case()
            .when(ended)
            .then(eb.ref("excluded.expires_at"))
            .else(eb.ref("login_attempt.expires_at"))
            .end(),
        };
      }),
    )
    .returning(["attempts", "expires_at"])
    .executeTakeFirstOrThrow();
}

/** The failure that used the last slot locks the subject for the full time from now. */
export async function lockSubject(db: Db, subject: string) {
  await db
    .updateTable("login_attempt")
    .set({ expires_at: minutesFromNow(LOCKOUT_MINUTES) })
    .where("subject", "=", subject)
    .where("attempts", ">=", MAX_FAILED_LOGINS)
    .execute();
}

/** A slot taken by an attempt that succeeded is given back: the address limit counts failures. */
export async function releaseSlot(db: Db, subject: string) {
  await db
    .updateTable("login_attempt")
    .set((eb) => ({ attempts: eb("attempts", "-", 1) }))
    .where("subject", "=", subject)
    .where("attempts", ">", 0)
    .execute();
}

/** Forgets an account's attempts: after a successful log-in, an unlock or a password reset. */
export async function clearAccountAttempts(db: Db, username: string) {
  await db.deleteFrom("login_attempt").where("subject", "=", accountSubject(username)).execute();
}

export async function deleteExpiredAttempts(db: Db) {
  await db.deleteFrom("login_attempt").where("expires_at", "<=", now()).execute();
}

/** The lock of the account "u" in force now, if any, as a subquery over staff_user as u. */
function lockOf(eb: ExpressionBuilder<Database & { u: StaffUserTable }, "u">) {
  return eb
    .selectFrom("login_attempt as attempt")
    .select("attempt.expires_at")
    .where("attempt.subject", "=", sql<string>`${ACCOUNT} || ${eb.ref("u.username")}`)
    .where("attempt.attempts", ">=", MAX_FAILED_LOGINS)
    .where("attempt.expires_at", ">", now());
}

/** When the lock of the account "u" ends, or null: a column for queries over staff_user as u. */
export function accountLockedUntil(eb: ExpressionBuilder<Database & { u: StaffUserTable }, "u">) {
  return lockOf(eb).as("locked_until");
}

/** Whether the account "u" is locked now: a condition for queries over staff_user as u. */
export function accountLocked(eb: ExpressionBuilder<Database & { u: StaffUserTable }, "u">) {
  return eb.exists(lockOf(eb));
}

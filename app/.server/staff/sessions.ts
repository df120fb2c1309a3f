import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { assertRole, rolesFor } from "../scope";
import { inTransaction } from "../../../db/transaction";
import { getStaffInScope } from "./staff";

// An admin sees the open sessions of an account of theirs and can end one or all: its owner's
// next request then finds no session and goes to the log-in page. A session is named by the
// SHA-256 of its token (what the table keeps), which opens nothing by itself.

/** The account's sessions that have not expired, newest first. */
export async function listStaffSessions(db: Db, input: { actor: Actor; id: number }) {
  assertRole(input.actor, rolesFor.manageAccounts);
  const user = await getStaffInScope(db, { id: input.id, scopePath: input.actor.unitPath });
  return db
    .selectFrom("staff_session")
    .select(["id", "created_at", "expires_at"])
    .where("user_id", "=", user.id)
    .where("expires_at", ">", now())
    .orderBy("created_at", "desc")
    .execute();
}

/** Ends one session of the account (`sessionId`) or all of them; logged. Returns how many. */
export async function endStaffSessions(
  db: Db,
  input: { actor: Actor; id: number; sessionId: string | null },
) {
  assertRole(input.actor, rolesFor.manageAccounts);
  return inTransaction(db, async (trx) => {
    const user = await getStaffInScope(trx, { id: input.id, scopePath: input.actor.unitPath });
    let query = trx.deleteFrom("staff_session").where("user_id", "=", user.id);
    if (input.sessionId !== null) query = query.where("id", "=", input.sessionId);
    const [result] = await query.execute();
    const count = Number(result?.numDeletedRows ?? 0);
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "user.end_sessions",
      target: user.username,
      outcome: "success",
      unit_path: user.unit_path,
      detail: `${input.sessionId === null ? "all" : "one"}; ended=${count}`,
    });
    return { username: user.username, count };
  });
}

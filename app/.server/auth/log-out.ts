import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import type { Db } from "../db";
import { invalidateSession } from "./session";

/** Ends this session (the user's other sessions stay) and notes it in the audit log. */
export async function logOut(db: Db, input: { token: string; actor: Actor | null }) {
  await invalidateSession(db, input.token);
  if (input.actor) {
    await recordAudit(db, {
      ...auditBy(input.actor),
      action: "logout",
      outcome: "success",
      unit_path: input.actor.unitPath,
    });
  }
}

import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { inTransaction } from "../../../db/transaction";
import type { Db } from "../db";
import { invalidateSession } from "./session";

/** Ends this session (the user's other sessions stay) and notes it in the audit log. */
export async function logOut(db: Db, input: { token: string; actor: Actor | null }) {
  const { actor } = input;
  await inTransaction(db, async (trx) => {
    await invalidateSession(trx, input.token);
    if (actor) {
      await recordAudit(trx, {
        ...auditBy(actor),
        action: "logout",
        outcome: "success",
        unit_path: actor.unitPath,
      });
    }
  });
}

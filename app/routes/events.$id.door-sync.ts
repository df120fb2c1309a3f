import type { ActionFunctionArgs } from "@remix-run/node";
import { syncBatchSchema, syncOfflineDoor } from "~/.server/attendance/offline-sync";
import { SYNC_BYTES_MAX } from "~/.server/attendance/sync-limits";
import { actorOf, getCurrentUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { forbidden, idParam, postOnly } from "~/.server/errors";
import { hasRole, rolesFor } from "~/.server/scope";

const refuse = (status: number, error: string) =>
  Response.json({ error }, { status, headers: { "Cache-Control": "no-store" } });

export const loader = postOnly;

/**
 * The offline door's queue (issue 20): JSON in, one answer per item out. No session answers 401
 * (the page keeps its queue and asks for a log-in), never a redirect a script would follow.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await getCurrentUser(request);
  if (!user) return refuse(401, "login");
  if (!hasRole(user, rolesFor.manageEvents)) throw forbidden();
  const eventId = idParam(params.id);
  const declared = Number(request.headers.get("Content-Length") ?? 0);
  if (declared > SYNC_BYTES_MAX) return refuse(413, "too_large");
  const text = await request.text();
  if (Buffer.byteLength(text) > SYNC_BYTES_MAX) return refuse(413, "too_large");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return refuse(400, "not_json");
  }
  const batch = syncBatchSchema.safeParse(body);
  if (!batch.success) {
    const tooMany = batch.error.issues.some(
      (issue) => issue.code === "too_big" && issue.path.length === 1 && issue.path[0] === "items",
    );
    return refuse(tooMany ? 413 : 400, tooMany ? "too_many" : "invalid");
  }
  const results = await syncOfflineDoor(db, {
    actor: actorOf(user, context),
    eventId,
    batch: batch.data,
  });
  return Response.json({ results }, { headers: { "Cache-Control": "no-store" } });
}

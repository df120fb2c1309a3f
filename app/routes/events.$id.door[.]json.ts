import type { LoaderFunctionArgs } from "@remix-run/node";
import { offlineDoor } from "~/.server/attendance/offline-door";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { rolesFor } from "~/.server/scope";

/** What the scan page keeps on the device to decide scans without a signal (issue 20). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageEvents);
  const door = await offlineDoor(db, {
    actor: actorOf(user, context),
    eventId: idParam(params.id),
  });
  return Response.json(door, { headers: { "Cache-Control": "no-store" } });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse, exportAttendance } from "~/.server/attendance/export";
import { actorOf, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { getLang } from "~/.server/request";

// Staff in scope download the attendance (officials too); every export is in the audit log.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const eventId = idParam(params.id);
  const file = await exportAttendance(db, {
    actor: actorOf(user, context),
    eventId,
    format: "xlsx",
    lang: await getLang(request),
  });
  return downloadResponse(file, "xlsx");
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse } from "~/.server/attendance/export";
import { actorOf, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { listVillagesInScope } from "~/.server/events/event-list-query";
import { exportRoster } from "~/.server/learners/export";
import { parseRosterQuery } from "~/.server/learners/roster-list";
import { getLang } from "~/.server/request";

// Staff download the roster of their units as the list filters it (officials too, with phones
// masked); every export is in the audit log.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const villages = await listVillagesInScope(db, { scopePath: user.unitPath });
  const { filters } = parseRosterQuery(new URL(request.url).searchParams, villages);
  const file = await exportRoster(db, {
    actor: actorOf(user, context),
    filters,
    format: "csv",
    lang: await getLang(request),
  });
  return downloadResponse(file, "csv");
}

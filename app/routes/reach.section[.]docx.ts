import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorOf, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { attachment } from "~/.server/documents/download";
import { exportReportSection } from "~/.server/documents/report-section";
import { wordContentType } from "~/.server/documents/word";
import { AppError } from "~/.server/errors";
import { reachRequest } from "~/.server/reach/request";
import { getLang } from "~/.server/request";

// The annual report's section of the dashboard's unit and period as an editable Word file; every
// download is audited. Another office's unit is answered 404, as a unit that does not exist.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const reach = await reachRequest(db, request, user, { hideOthers: true });
  if (!reach.dashboard) throw new AppError("BAD_REQUEST", "error.badRequest.body");
  const file = await exportReportSection(db, {
    actor: actorOf(user, context),
    unit: reach.unit,
    dashboard: reach.dashboard,
    lang: await getLang(request),
    now: reach.now,
  });
  return attachment(file.body, { ...file, contentType: wordContentType });
}

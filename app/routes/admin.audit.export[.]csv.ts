import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse } from "~/.server/attendance/export";
import { exportAudit } from "~/.server/audit/export";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { AppError } from "~/.server/errors";
import { getLang } from "~/.server/request";
import { auditFilterSchema } from "~/lib/schemas";

// Admins download what the audit page shows for the same query, within their own subtree; the
// export itself is written to the audit log.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = auditFilterSchema.safeParse(query);
  if (!parsed.success) throw new AppError("BAD_REQUEST", "error.badRequest.body");
  const { page: _page, ...filter } = parsed.data;
  const file = await exportAudit(db, {
    actor: actorOf(user, context),
    isTopLevel: user.isTopLevel,
    filter,
    format: "csv",
    lang: await getLang(request),
  });
  return downloadResponse(file, "csv");
}

import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { parseForm, readForm } from "~/.server/forms";
import { exportPerson } from "~/.server/privacy/person-export";
import { rolesForPersonData } from "~/.server/privacy/person-lookup";
import { getLang } from "~/.server/request";
import { personExportSchema } from "~/lib/privacy-schema";

// A person's data as a file (XLSX or JSON), asked for with a reason from their page.

const contentType = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  json: "application/json; charset=utf-8",
} as const;

/** Nothing to show here: the page is where the export is asked for. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, rolesForPersonData);
  return redirect(`/people/${idParam(params.id)}`);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesForPersonData);
  const personId = idParam(params.id);
  const parsed = parseForm(await readForm(request), personExportSchema);
  if (!parsed.ok) {
    // Back to the page with the first problem, shown beside its field; nothing was read.
    const [field, key] = Object.entries(parsed.errors)[0] ?? ["reason", "form.required"];
    const query = new URLSearchParams({ exportError: key ?? "form.required", field });
    return redirect(`/people/${personId}?${query.toString()}#export`);
  }
  const file = await exportPerson(db, {
    actor: actorOf(user, context),
    personId,
    format: parsed.data.format,
    reason: parsed.data.reason,
    lang: await getLang(request),
  });
  return new Response(file.body, {
    headers: {
      "Content-Type": contentType[parsed.data.format],
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "no-store",
    },
  });
}

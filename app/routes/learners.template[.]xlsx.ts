import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse } from "~/.server/attendance/export";
import { requireRole } from "~/.server/auth/guards";
import { rosterTemplate } from "~/.server/learners/export";
import { rolesFor } from "~/.server/scope";

// The empty template holds no personal data: those who may import may download it.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, rolesFor.manageLearners);
  const body = await rosterTemplate();
  return downloadResponse(
    { body, filename: "roster-template.xlsx", localFilename: "法律明白人名册模板.xlsx" },
    "xlsx",
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse } from "~/.server/attendance/export";
import { requireRole } from "~/.server/auth/guards";
import { rolesFor } from "~/.server/scope";
import { accountsTemplate } from "~/.server/staff/import-rows";

// The empty template holds nothing of anyone's: those who may import accounts may download it.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, rolesFor.manageAccounts);
  return downloadResponse(
    {
      body: await accountsTemplate(),
      filename: "accounts-template.xlsx",
      localFilename: "账号导入模板.xlsx",
    },
    "xlsx",
  );
}

import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { readForm } from "~/.server/forms";
import { rolesFor } from "~/.server/scope";
import { handoverSheet } from "~/.server/staff/handover";
import {
  AccountsImportRefused,
  commitAccountsImport,
  previewAccountsImport,
} from "~/.server/staff/import";
import type { AccountRow } from "~/.server/staff/import-rows";
import {
  ACCOUNTS_IMPORT_MAX_ROWS,
  accountColumns,
  readAccountsFile,
} from "~/.server/staff/import-rows";
import { AccountsImportPreview } from "~/components/accounts-import-preview";
import { ErrorSummary, Field } from "~/components/form";
import { HandoverSheet } from "~/components/handover-sheet";
import type { MessageKey } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { storableString } from "~/lib/schemas";
import { TABLE_ACCEPT } from "~/lib/spreadsheet";
import { useI18n } from "~/lib/use-i18n";
import handoverStyles from "~/styles/handover.css?url";
import rosterStyles from "~/styles/roster.css?url";

export const meta = pageTitle("accounts.import.title");
// roster.css holds the import preview's rows, shared with the roster's import.
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: rosterStyles },
  { rel: "stylesheet", href: handoverStyles },
];

/** The rows a preview sent back to be confirmed: checked again in full on the server. */
const carriedRows = z
  .array(
    z.object({
      line: z.number().int().positive(),
      ...Object.fromEntries(accountColumns.map((column) => [column, storableString().max(200)])),
    }),
  )
  .min(1)
  .max(ACCOUNTS_IMPORT_MAX_ROWS);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, rolesFor.manageAccounts);
  return null;
}

/** Busy is the server's state, not the file's fault: a 503 that says when to try again. */
const fileError = (key: MessageKey) =>
  key === "roster.import.busy"
    ? data(
        { errors: { file: key }, preview: null, sheet: null },
        { status: 503, headers: { "Retry-After": "5" } },
      )
    : data({ errors: { file: key }, preview: null, sheet: null }, 400);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageAccounts);
  const actor = actorOf(user, context);
  const form = await readForm(request);
  if (form.get("intent") === "confirm") {
    let rows: AccountRow[];
    try {
      rows = carriedRows.parse(JSON.parse(String(form.get("rows") ?? ""))) as AccountRow[];
    } catch {
      return fileError("roster.import.badData");
    }
    const fileName = String(form.get("fileName") ?? "").slice(0, 100);
    try {
      const accounts = await commitAccountsImport(db, {
        actor,
        rows,
        wideConfirmed: form.get("wideConfirmed") === "1",
      });
      // The passwords are in this answer alone, shown once.
      return { errors: {}, preview: null, sheet: await handoverSheet(request, accounts) };
    } catch (error) {
      if (!(error instanceof AccountsImportRefused)) throw error;
      const fixable = error.field === "wideConfirmed";
      return data(
        {
          errors: fixable ? { wideConfirmed: error.messageKey } : {},
          preview: { ...error.preview, fileName, rows_json: fixable ? JSON.stringify(rows) : "" },
          sheet: null,
        },
        400,
      );
    }
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return fileError("roster.import.noFile");
  const read = await readAccountsFile(new Uint8Array(await file.arrayBuffer()));
  if (!read.ok) return fileError(read.error);
  const preview = await previewAccountsImport(db, { actor, rows: read.rows });
  return {
    errors: {},
    preview: {
      ...preview,
      fileName: file.name.slice(0, 100),
      // Carried back by the confirmation only when there is nothing to fix.
      rows_json: preview.bad === 0 ? JSON.stringify(read.rows) : "",
    },
    sheet: null,
  };
}

export default function ImportAccounts() {
  const { t } = useI18n();
  const answer = useActionData<typeof action>();
  if (answer?.sheet) {
    return (
      <HandoverSheet
        sheet={answer.sheet}
        notice={{ key: "accounts.importedSheet", values: { count: answer.sheet.slips.length } }}
      />
    );
  }
  const errors: Partial<Record<"file" | "wideConfirmed", MessageKey>> | undefined = answer?.errors;
  const preview = answer?.preview;
  return (
    <>
      <h1>{t("accounts.import.title")}</h1>
      <p>{t("accounts.import.intro")}</p>
      <p>
        <a href="/admin/users/template.xlsx" download>
          {t("accounts.import.template")}
        </a>
      </p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="intent" value="preview" />
        <ErrorSummary
          errors={errors?.file ? { file: errors.file } : undefined}
          labels={{ file: "accounts.import.file" }}
        />
        <Field
          name="file"
          label="accounts.import.file"
          hint="accounts.import.fileHint"
          type="file"
          accept={TABLE_ACCEPT}
          error={errors?.file}
          required
        />
        <div className="actions">
          <button type="submit">{t("roster.import.preview")}</button>
        </div>
      </Form>
      {preview ? (
        <AccountsImportPreview preview={preview} wideError={errors?.wideConfirmed} />
      ) : null}
    </>
  );
}

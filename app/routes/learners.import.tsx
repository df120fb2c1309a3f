import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { readForm } from "~/.server/forms";
import { commitImport, ImportHasBadRows, previewImport } from "~/.server/learners/import";
import type { RawRow } from "~/.server/learners/import-rows";
import { IMPORT_MAX_ROWS, readRosterFile } from "~/.server/learners/import-rows";
import { redirectWithFlash } from "~/.server/request";
import { rolesFor } from "~/.server/scope";
import { ErrorSummary, Field } from "~/components/form";
import { ImportPreview } from "~/components/import-preview";
import type { MessageKey } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { rosterColumns } from "~/lib/roster-columns";
import { storableString } from "~/lib/schemas";
import { TABLE_ACCEPT } from "~/lib/spreadsheet";
import { useI18n } from "~/lib/use-i18n";
import rosterStyles from "~/styles/roster.css?url";

export const meta = pageTitle("roster.import.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: rosterStyles }];

/** The rows a preview sent back to be confirmed: checked again in full on the server. */
const carriedRows = z
  .array(
    z.object({
      line: z.number().int().positive(),
      ...Object.fromEntries(rosterColumns.map((column) => [column, storableString().max(200)])),
    }),
  )
  .min(1)
  .max(IMPORT_MAX_ROWS);

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, rolesFor.manageLearners);
  return null;
}

/** Busy is the server's state, not the file's fault: a 503 that says when to try again. */
const fileError = (key: MessageKey) =>
  key === "roster.import.busy"
    ? data(
        { errors: { file: key }, preview: null },
        { status: 503, headers: { "Retry-After": "5" } },
      )
    : data({ errors: { file: key }, preview: null }, 400);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const actor = actorOf(user, context);
  const form = await readForm(request);
  if (form.get("intent") === "confirm") {
    let rows: RawRow[];
    try {
      rows = carriedRows.parse(JSON.parse(String(form.get("rows") ?? ""))) as RawRow[];
    } catch {
      return fileError("roster.import.badData");
    }
    try {
      const done = await commitImport(db, { actor, rows });
      return redirectWithFlash("/learners", { key: "roster.imported", values: done });
    } catch (error) {
      if (!(error instanceof ImportHasBadRows)) throw error;
      const fileName = String(form.get("fileName") ?? "").slice(0, 100);
      return data({ errors: {}, preview: { ...error.preview, fileName, rows_json: "" } }, 400);
    }
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return fileError("roster.import.noFile");
  const read = await readRosterFile(new Uint8Array(await file.arrayBuffer()));
  if (!read.ok) return fileError(read.error);
  const preview = await previewImport(db, { actor, rows: read.rows });
  return {
    errors: {},
    preview: {
      ...preview,
      fileName: file.name.slice(0, 100),
      // Carried back by the confirmation only when there is nothing to fix.
      rows_json: preview.bad === 0 ? JSON.stringify(read.rows) : "",
    },
  };
}

export default function ImportRoster() {
  const { t } = useI18n();
  const answer = useActionData<typeof action>();
  const preview = answer?.preview;
  return (
    <>
      <h1>{t("roster.import.title")}</h1>
      <p>{t("roster.import.intro")}</p>
      <p>
        <a href="/learners/template.xlsx" download>
          {t("roster.import.template")}
        </a>
      </p>
      <Form method="post" encType="multipart/form-data" noValidate>
        <input type="hidden" name="intent" value="preview" />
        <ErrorSummary errors={answer?.errors} labels={{ file: "roster.import.file" }} />
        <Field
          name="file"
          label="roster.import.file"
          hint="roster.import.fileHint"
          type="file"
          accept={TABLE_ACCEPT}
          error={answer?.errors && "file" in answer.errors ? answer.errors.file : undefined}
          required
        />
        <div className="actions">
          <button type="submit">{t("roster.import.preview")}</button>
        </div>
      </Form>
      {preview ? <ImportPreview preview={preview} /> : null}
    </>
  );
}

import { Form } from "@remix-run/react";
import type { AccountsPreview } from "~/.server/staff/import";
import { ErrorSummary } from "~/components/form";
import { WideConfirm } from "~/components/wide-confirm";
import type { MessageKey } from "~/lib/i18n";
import { useI18n } from "~/lib/use-i18n";

type Preview = AccountsPreview & {
  fileName: string;
  /** The parsed rows, to send back with the confirmation; empty when a row must be fixed. */
  rows_json: string;
};

/** Every row of an uploaded accounts file: the account it makes, or why it cannot be made. */
export function AccountsImportPreview({
  preview,
  wideError,
}: {
  preview: Preview;
  wideError?: MessageKey;
}) {
  const { t } = useI18n();
  const total = preview.rows.length;
  return (
    <section aria-labelledby="preview">
      <h2 id="preview">{t("accounts.import.previewTitle", { file: preview.fileName })}</h2>
      <p>{t("accounts.import.summary", { total, good: preview.good, bad: preview.bad })}</p>
      {preview.bad > 0 ? (
        <p className="error" role="alert">
          {t("accounts.import.hasBadRows")}
        </p>
      ) : (
        <Form method="post" encType="multipart/form-data" className="card" noValidate>
          <ErrorSummary
            errors={wideError ? { wideConfirmed: wideError } : undefined}
            labels={{ wideConfirmed: "accounts.import.wideConfirm" }}
          />
          <p>{t("accounts.import.allGood", { count: total })}</p>
          {preview.wide > 0 ? (
            <>
              <p>{t("accounts.import.wideRows", { count: preview.wide })}</p>
              <WideConfirm label="accounts.import.wideConfirm" error={wideError} />
            </>
          ) : null}
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="fileName" value={preview.fileName} />
          <input type="hidden" name="rows" value={preview.rows_json} />
          <button type="submit">{t("accounts.import.confirm")}</button>
        </Form>
      )}
      <ul className="import-rows">
        {preview.rows.map((row) => (
          <li
            key={row.line}
            className={row.problems.length === 0 ? "import-row" : "import-row import-row-bad"}
          >
            <p>
              <strong>
                {t("accounts.import.line", { line: row.line })}
                {t("common.colon")}
                {t(row.problems.length === 0 ? "accounts.import.ok" : "accounts.import.bad")}
              </strong>
            </p>
            <p>
              {[
                row.username,
                row.name,
                row.role ? t(`role.${row.role}`) : null,
                row.unitLabel ?? row.unit,
              ]
                .filter(Boolean)
                .join(" · ")}
            </p>
            {row.wide && row.problems.length === 0 ? (
              <p className="tag">{t("accounts.import.wideFlag")}</p>
            ) : null}
            {row.problems.length > 0 ? (
              <ul className="import-problems">
                {row.problems.map((problem) => (
                  <li key={problem.key}>{t(problem.key, problem.values)}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

import { Form } from "@remix-run/react";
import type { PreviewRow } from "~/.server/learners/import";
import { useI18n } from "~/lib/use-i18n";

type Preview = {
  fileName: string;
  rows: PreviewRow[];
  bad: number;
  warned: number;
  added: number;
  updated: number;
  /** The parsed rows, to send back with the confirmation; empty when a row must be fixed. */
  rows_json: string;
};

/** Every row of an uploaded roster: what will happen to it, or why it cannot be imported. */
export function ImportPreview({ preview }: { preview: Preview }) {
  const { t } = useI18n();
  const total = preview.rows.length;
  return (
    <section aria-labelledby="preview">
      <h2 id="preview">{t("roster.import.previewTitle", { file: preview.fileName })}</h2>
      <p>
        {t("roster.import.summary", {
          total,
          added: preview.added,
          updated: preview.updated,
          bad: preview.bad,
        })}
      </p>
      {preview.bad > 0 ? (
        <p className="error" role="alert">
          {t("roster.import.hasBadRows")}
        </p>
      ) : (
        <Form method="post" encType="multipart/form-data" className="card">
          {preview.warned > 0 ? (
            <p className="import-warned">{t("roster.import.warned", { count: preview.warned })}</p>
          ) : null}
          <p>{t("roster.import.allGood", { count: total })}</p>
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="fileName" value={preview.fileName} />
          <input type="hidden" name="rows" value={preview.rows_json} />
          <button type="submit">{t("roster.import.confirm")}</button>
        </Form>
      )}
      <ul className="import-rows">
        {preview.rows.map((row) => (
          <li
            key={row.line}
            className={
              !row.outcome
                ? "import-row import-row-bad"
                : row.warnings.length > 0
                  ? "import-row import-row-check"
                  : "import-row"
            }
          >
            <p>
              <strong>
                {t("roster.import.col.line")} {row.line}
                {t("common.colon")}
                {t(
                  !row.outcome
                    ? "roster.import.outcome.bad"
                    : row.warnings.length > 0
                      ? "roster.import.outcome.check"
                      : `roster.import.outcome.${row.outcome}`,
                )}
              </strong>
            </p>
            <p>
              {[
                row.name,
                row.phone,
                row.village,
                row.category ? t(`roster.category.${row.category}`) : null,
              ]
                .filter(Boolean)
                .join(" · ")}
            </p>
            {row.problems.length > 0 ? (
              <ul className="import-problems">
                {row.problems.map((problem) => (
                  <li key={problem.key}>{t(problem.key, problem.values)}</li>
                ))}
              </ul>
            ) : null}
            {row.warnings.length > 0 ? (
              <ul className="import-warnings">
                {row.warnings.map((warning) => (
                  <li key={warning.key}>{t(warning.key, warning.values)}</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

import { Form } from "@remix-run/react";
import { ErrorSummary } from "~/components/form";
import type { FieldErrors } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

/**
 * How many holders of the page's scope have no pass yet: those the reader's office issues, and
 * those a unit above also lists, whose pass comes from there.
 */
export function MissingNote({
  issuable,
  heldAbove,
  onSheet,
}: {
  issuable: number;
  heldAbove: number;
  /** The sheet says they are not on it; the list says they are on the list, marked. */
  onSheet?: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      {issuable > 0 ? (
        <p className="pass-missing">
          {t(onSheet ? "pass.sheetMissing" : "pass.missingCount", { count: issuable })}
        </p>
      ) : null}
      {heldAbove > 0 ? <p>{t("pass.missingAbove", { count: heldAbove })}</p> : null}
    </>
  );
}

/**
 * One button: a pass for every holder of the scope (or of the unit chosen) who has none. The
 * server decides who that is at the moment it runs, so a second press issues nothing twice.
 */
export function IssueMissingForm({
  unitId,
  count,
  errors,
}: {
  unitId: number | null;
  count: number;
  errors?: FieldErrors;
}) {
  const { t } = useI18n();
  return (
    <Form method="post" className="issue-missing" aria-labelledby="issue-missing">
      <h2 id="issue-missing">{t("pass.issueMissing")}</h2>
      <ErrorSummary errors={errors} labels={{ unitId: "pass.issueMissingUnit" }} />
      <input type="hidden" name="intent" value="issueMissing" />
      {unitId === null ? null : <input type="hidden" name="unitId" value={unitId} />}
      <button type="submit">{t("pass.issueMissingButton", { count })}</button>
    </Form>
  );
}

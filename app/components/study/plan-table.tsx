import { studyKinds } from "../../../db/schema";
import { planField, quarters } from "~/lib/study-schema";
import type { FieldErrors } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

/**
 * Sessions planned against held, per study kind and quarter. Editable, each cell holds a number
 * input for the plan (its error below it); else "held / planned" text.
 */
export function PlanTable({
  planned,
  held,
  editable,
  values,
  errors,
}: {
  planned: Record<string, number>;
  held: Record<string, number>;
  editable: boolean;
  values?: Record<string, string>;
  errors?: FieldErrors;
}) {
  const { t } = useI18n();
  const { message } = useErrorText();
  return (
    // Focusable, so that a keyboard can scroll the grid where it is wider than a phone.
    <div className="table-wrap" role="region" tabIndex={0} aria-label={t("study.plan")}>
      <table className="plan-grid">
        <thead>
          <tr>
            <th scope="col">{t("study.kindColumn")}</th>
            {quarters.map((q) => (
              <th scope="col" key={q}>
                {t("study.quarter", { quarter: q })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {studyKinds.map((kind) => (
            <tr key={kind}>
              <th scope="row">{t(`study.kind.${kind}`)}</th>
              {quarters.map((q) => {
                const name = planField(kind, q);
                const heldHere = held[name] ?? 0;
                const plannedHere = planned[name] ?? 0;
                if (!editable) {
                  return (
                    <td key={q}>
                      <span className={heldHere < plannedHere ? "absent" : undefined}>
                        {t("study.heldOfPlanned", { held: heldHere, planned: plannedHere })}
                      </span>
                    </td>
                  );
                }
                const error = errors?.[name];
                const label = `${t(`study.kind.${kind}`)} ${t("study.quarter", { quarter: q })} ${t("study.plan.planned")}`;
                return (
                  <td key={q} className={error ? "field-error" : undefined}>
                    <input
                      id={name}
                      name={name}
                      inputMode="numeric"
                      aria-label={label}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${name}-error` : `${name}-held`}
                      defaultValue={values?.[name] ?? String(plannedHere)}
                    />
                    <br />
                    <span id={`${name}-held`}>
                      {t("study.plan.held")} {heldHere}
                    </span>
                    {error ? (
                      <p className="error" id={`${name}-error`}>
                        {message(error)}
                      </p>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function useErrorText() {
  const { t } = useI18n();
  return {
    message: (key: string) =>
      t(key === "study.form.plannedRange" ? "study.form.plannedRange" : "form.invalidChoice"),
  };
}

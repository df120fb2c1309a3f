import { Form } from "@remix-run/react";
import { Field } from "~/components/form";
import type { PeriodField } from "~/lib/reach-period";
import { periodKinds } from "~/lib/reach-period";
import { useI18n } from "~/lib/use-i18n";

export type PeriodFormValues = Partial<Record<PeriodField | "unit" | "sort" | "dir", string>>;

/**
 * The dashboard's period and area, as a GET form: every view is a link that can be bookmarked,
 * printed or sent, and works without JavaScript.
 */
export function ReachPeriodForm({
  values,
  error,
  units,
}: {
  values: PeriodFormValues;
  error: PeriodField | null;
  units: { id: number; name: string; depth: number }[];
}) {
  const { t } = useI18n();
  const errorOf = (field: PeriodField) =>
    error === field ? (`reach.error.${field}` as const) : undefined;
  return (
    <details className="fold" open={error !== null}>
      <summary>{t("reach.periodForm")}</summary>
      <Form method="get" className="filters" aria-label={t("reach.periodForm")}>
        <Field name="period" label="reach.period" error={errorOf("period")}>
          {(control) => (
            <select {...control} defaultValue={values.period ?? "year"}>
              {periodKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`reach.period.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="year"
          label="reach.year"
          inputMode="numeric"
          defaultValue={values.year}
          error={errorOf("year")}
        />
        <Field name="quarter" label="reach.quarter" error={errorOf("quarter")}>
          {(control) => (
            <select {...control} defaultValue={values.quarter ?? ""}>
              <option value="">{t("events.choose")}</option>
              {[1, 2, 3, 4].map((quarter) => (
                <option key={quarter} value={quarter}>
                  {quarter}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="month" label="reach.month" error={errorOf("month")}>
          {(control) => (
            <select {...control} defaultValue={values.month ?? ""}>
              <option value="">{t("events.choose")}</option>
              {Array.from({ length: 12 }, (_, index) => index + 1).map((month) => (
                <option key={month} value={month}>
                  {month}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="from"
          label="reach.from"
          type="date"
          defaultValue={values.from}
          error={errorOf("from")}
        />
        <Field
          name="to"
          label="reach.to"
          type="date"
          defaultValue={values.to}
          error={errorOf("to")}
        />
        {units.length > 1 ? (
          <Field name="unit" label="reach.unit">
            {(control) => (
              <select {...control} defaultValue={values.unit ?? ""}>
                {units.map((unit) => (
                  <option key={unit.id} value={unit.id}>
                    {"\u3000".repeat(unit.depth)}
                    {unit.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {/* A district's table keeps the order it was sorted in when the period changes. */}
        {values.sort ? <input type="hidden" name="sort" value={values.sort} /> : null}
        {values.dir ? <input type="hidden" name="dir" value={values.dir} /> : null}
        <div className="field actions">
          <button type="submit">{t("reach.show")}</button>
        </div>
      </Form>
    </details>
  );
}

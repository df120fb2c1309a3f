import { Form } from "@remix-run/react";
import { lawDutyReportForms } from "../../../db/schema";
import { ErrorSummary, Field } from "~/components/form";
import type { MessageKey } from "~/lib/i18n";
import type { FieldErrors } from "~/lib/schemas";
import { evaluations } from "~/lib/study-schema";
import { useI18n } from "~/lib/use-i18n";

const labels: Record<string, MessageKey> = {
  cadreId: "study.report.cadre",
  year: "study.report.year",
  form: "study.report.form",
  evaluation: "study.report.evaluation",
  evaluationNote: "study.report.evaluationNote",
  remedialActions: "study.report.remedialActions",
};

/** Add or edit a 述法 record: the official, the year, how they reported and how it was judged. */
export function ReportForm({
  cadres,
  values,
  errors,
}: {
  cadres: { id: number; name: string; unit_name: string; position: string }[];
  values: Record<string, string>;
  errors?: FieldErrors;
}) {
  const { t } = useI18n();
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" noValidate>
        <Field name="cadreId" label="study.report.cadre" error={errors?.cadreId}>
          {(control) => (
            <select {...control} defaultValue={values.cadreId ?? ""}>
              <option value="" disabled>
                {t("events.choose")}
              </option>
              {cadres.map((cadre) => (
                <option key={cadre.id} value={cadre.id}>
                  {t("common.aside", {
                    text: cadre.name,
                    aside: `${cadre.unit_name} ${cadre.position}`,
                  })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="year"
          label="study.report.year"
          inputMode="numeric"
          defaultValue={values.year}
          error={errors?.year}
        />
        <Field name="form" label="study.report.form" error={errors?.form}>
          {(control) => (
            <select {...control} defaultValue={values.form ?? ""}>
              <option value="" disabled>
                {t("events.choose")}
              </option>
              {lawDutyReportForms.map((form) => (
                <option key={form} value={form}>
                  {t(`study.reportForm.${form}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="evaluation" label="study.report.evaluation" error={errors?.evaluation}>
          {(control) => (
            <select {...control} defaultValue={values.evaluation ?? ""}>
              <option value="" disabled>
                {t("events.choose")}
              </option>
              {evaluations.map((evaluation) => (
                <option key={evaluation} value={evaluation}>
                  {t(`study.evaluation.${evaluation}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="evaluationNote"
          label="study.report.evaluationNote"
          error={errors?.evaluationNote}
        >
          {(control) => <textarea {...control} rows={3} defaultValue={values.evaluationNote} />}
        </Field>
        <Field
          name="remedialActions"
          label="study.report.remedialActions"
          error={errors?.remedialActions}
        >
          {(control) => <textarea {...control} rows={4} defaultValue={values.remedialActions} />}
        </Field>
        <div className="actions">
          <button type="submit">{t("study.save")}</button>
        </div>
      </Form>
    </>
  );
}

import { studyKinds } from "../../db/schema";
import { Field } from "~/components/form";
import type { FieldErrors } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

/** The event form's training, pass-only and cadre-study fields. */
export function EventStudyFields({
  values,
  errors,
}: {
  values: Record<string, string>;
  errors?: FieldErrors;
}) {
  const { t } = useI18n();
  return (
    <>
      <div className="field">
        <label>
          <input type="checkbox" name="training" defaultChecked={values.training === "on"} />{" "}
          {t("study.event.training")}
        </label>
      </div>
      <Field
        name="creditMinutes"
        label="study.event.creditHours"
        hint="study.event.creditHoursHint"
        inputMode="decimal"
        defaultValue={values.creditMinutes}
        error={errors?.creditMinutes}
      />
      <div className="field">
        <label>
          <input type="checkbox" name="passesOnly" defaultChecked={values.passesOnly === "on"} />{" "}
          {t("study.event.passesOnly")}
        </label>
      </div>
      <fieldset className="field">
        <legend>{t("study.event.studyFields")}</legend>
        <Field name="studyKind" label="study.event.studyKind" error={errors?.studyKind}>
          {(control) => (
            <select {...control} defaultValue={values.studyKind ?? ""}>
              <option value="">{t("event.none")}</option>
              {studyKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`study.kind.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="chair"
          label="study.event.chair"
          defaultValue={values.chair}
          error={errors?.chair}
          maxLength={40}
        />
        <Field
          name="minutes"
          label="study.event.minutes"
          hint="study.event.minutesHint"
          error={errors?.minutes}
        >
          {(control) => <textarea {...control} rows={5} defaultValue={values.minutes} />}
        </Field>
      </fieldset>
    </>
  );
}

/** Hours as the form shows them: "1.5" for 90 minutes, empty for none. */
export const hoursText = (minutes: number | null) => (minutes === null ? "" : String(minutes / 60));

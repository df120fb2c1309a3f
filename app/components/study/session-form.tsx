import { Form } from "@remix-run/react";
import { studyKinds } from "../../../db/schema";
import { ErrorSummary, Field } from "~/components/form";
import { UnitOptions } from "~/components/unit-select";
import type { MessageKey } from "~/lib/i18n";
import { isMessageKey } from "~/lib/i18n";
import type { FieldErrors } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

const labels: Record<string, MessageKey> = {
  title: "event.title",
  studyKind: "study.event.studyKind",
  hostUnitId: "event.hostUnit",
  venue: "event.venue",
  startsAt: "event.startsAt",
  endsAt: "event.endsAt",
  speaker: "event.speaker",
  chair: "study.event.chair",
  creditMinutes: "study.event.creditHours",
  cadreIds: "study.sessions.invite",
};

export type CadreChoice = {
  id: number;
  name: string;
  unit_name: string;
  position: string;
  law_enforcement: number;
};

/** The cadres to tick, each labelled with their unit and position. */
export function CadreChecklist({
  cadres,
  ticked,
  error,
}: {
  cadres: CadreChoice[];
  ticked: Set<number>;
  error?: string;
}) {
  const { t } = useI18n();
  if (cadres.length === 0) return <p>{t("study.sessions.noCadres")}</p>;
  return (
    <fieldset
      id="cadreIds"
      tabIndex={-1}
      className={error ? "field field-error" : "field"}
      aria-describedby={error ? "cadreIds-hint cadreIds-error" : "cadreIds-hint"}
    >
      <legend>{t("study.sessions.invite")}</legend>
      <p className="hint" id="cadreIds-hint">
        {t("study.sessions.inviteHint")}
      </p>
      {error ? (
        <p className="error" id="cadreIds-error">
          {t(isMessageKey(error) ? error : "form.invalidChoice")}
        </p>
      ) : null}
      <ul className="checkbox-list">
        {cadres.map((cadre) => (
          <li key={cadre.id}>
            <label>
              <input
                type="checkbox"
                name="cadreIds"
                value={cadre.id}
                defaultChecked={ticked.has(cadre.id)}
              />{" "}
              {t("common.aside", {
                text: cadre.name,
                aside: [
                  cadre.unit_name,
                  cadre.position,
                  cadre.law_enforcement ? t("study.cadre.lawEnforcement") : "",
                ]
                  .filter(Boolean)
                  .join(" "),
              })}
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}

/** A new study session: the event fields it needs and its invitation list of cadres. */
export function SessionForm({
  units,
  cadres,
  values,
  ticked,
  errors,
}: {
  units: { id: number; name: string; level: string; depth: number }[];
  cadres: CadreChoice[];
  values: Record<string, string>;
  ticked: Set<number>;
  errors?: FieldErrors;
}) {
  const { t } = useI18n();
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" noValidate>
        <Field
          name="title"
          label="event.title"
          defaultValue={values.title}
          error={errors?.title}
          maxLength={80}
        />
        <Field name="studyKind" label="study.event.studyKind" error={errors?.studyKind}>
          {(control) => (
            <select {...control} defaultValue={values.studyKind}>
              {studyKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`study.kind.${kind}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="hostUnitId" label="event.hostUnit" error={errors?.hostUnitId}>
          {(control) => (
            <select {...control} defaultValue={values.hostUnitId}>
              <UnitOptions units={units} />
            </select>
          )}
        </Field>
        <Field
          name="venue"
          label="event.venue"
          defaultValue={values.venue}
          error={errors?.venue}
          maxLength={100}
        />
        <Field
          name="startsAt"
          label="event.startsAt"
          type="datetime-local"
          hint="events.timeHint"
          defaultValue={values.startsAt}
          error={errors?.startsAt}
        />
        <Field
          name="endsAt"
          label="event.endsAt"
          type="datetime-local"
          hint="events.timeHint"
          defaultValue={values.endsAt}
          error={errors?.endsAt}
        />
        <Field
          name="speaker"
          label="event.speaker"
          defaultValue={values.speaker}
          error={errors?.speaker}
          maxLength={40}
        />
        <Field
          name="chair"
          label="study.event.chair"
          defaultValue={values.chair}
          error={errors?.chair}
          maxLength={40}
        />
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
        <CadreChecklist cadres={cadres} ticked={ticked} error={errors?.cadreIds} />
        <div className="actions">
          <button type="submit">{t("events.publish")}</button>
        </div>
      </Form>
    </>
  );
}

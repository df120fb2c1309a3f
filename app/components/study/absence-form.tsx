import { Form } from "@remix-run/react";
import { absenceReasons } from "../../../db/schema";
import { isMessageKey } from "~/lib/i18n";
import { useI18n } from "~/lib/use-i18n";

/** One absentee's reason, in their row of the list; its error beside the reason. */
export function AbsenceForm({
  personId,
  name,
  reason,
  note,
  error,
}: {
  personId: number;
  name: string;
  reason: string | null;
  note: string | null;
  error?: string;
}) {
  const { t } = useI18n();
  const reasonId = `reason-${personId}`;
  const errorId = `reason-${personId}-error`;
  return (
    <Form method="post" className="absence-form" noValidate>
      <input type="hidden" name="intent" value="absence" />
      <input type="hidden" name="personId" value={personId} />
      <div className={error ? "field field-error" : "field"}>
        <label htmlFor={reasonId}>
          {t("study.sessions.reason")}
          <span className="visually-hidden">
            {t("common.colon")}
            {name}
          </span>
        </label>
        {error ? (
          <p className="error" id={errorId}>
            {t(isMessageKey(error) ? error : "form.invalidChoice")}
          </p>
        ) : null}
        <select
          id={reasonId}
          name="reason"
          defaultValue={reason ?? ""}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        >
          <option value="">{t("events.choose")}</option>
          {absenceReasons.map((code) => (
            <option key={code} value={code}>
              {t(`study.absence.${code}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`note-${personId}`}>
          {t("study.sessions.note")}
          <span className="visually-hidden">
            {t("common.colon")}
            {name}
          </span>
        </label>
        <input id={`note-${personId}`} name="note" defaultValue={note ?? ""} maxLength={200} />
      </div>
      <button type="submit" className="secondary">
        {t("study.sessions.saveReason")}
      </button>
    </Form>
  );
}

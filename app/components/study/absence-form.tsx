import { absenceReasons } from "../../../db/schema";
import { isMessageKey } from "~/lib/i18n";
import { useI18n } from "~/lib/use-i18n";

/**
 * One listed person's reason and note, in their row of the session's list. The rows share one
 * form (the page's), so every reason is saved with one button; each error sits beside its field.
 */
export function AbsenceFields({
  personId,
  name,
  reason,
  note,
  errors,
}: {
  personId: number;
  name: string;
  reason: string | null;
  note: string | null;
  errors: { reason?: string; note?: string };
}) {
  const { t } = useI18n();
  const field = (kind: "reason" | "note") => {
    const id = `${kind}-${personId}`;
    const error = errors[kind];
    return {
      id,
      name: id,
      errorId: `${id}-error`,
      error: error ? t(isMessageKey(error) ? error : "form.invalidChoice") : null,
    };
  };
  const reasonField = field("reason");
  const noteField = field("note");
  const who = (
    <span className="visually-hidden">
      {t("common.colon")}
      {name}
    </span>
  );
  return (
    <div className="absence-form">
      <div className={reasonField.error ? "field field-error" : "field"}>
        <label htmlFor={reasonField.id}>
          {t("study.sessions.reason")}
          {who}
        </label>
        {reasonField.error ? (
          <p className="error" id={reasonField.errorId}>
            {reasonField.error}
          </p>
        ) : null}
        <select
          id={reasonField.id}
          name={reasonField.name}
          defaultValue={reason ?? ""}
          aria-invalid={reasonField.error ? true : undefined}
          aria-describedby={reasonField.error ? reasonField.errorId : undefined}
        >
          <option value="">{t("study.sessions.noReason")}</option>
          {absenceReasons.map((code) => (
            <option key={code} value={code}>
              {t(`study.absence.${code}`)}
            </option>
          ))}
        </select>
      </div>
      <div className={noteField.error ? "field field-error" : "field"}>
        <label htmlFor={noteField.id}>
          {t("study.sessions.note")}
          {who}
        </label>
        {noteField.error ? (
          <p className="error" id={noteField.errorId}>
            {noteField.error}
          </p>
        ) : null}
        <input
          id={noteField.id}
          name={noteField.name}
          defaultValue={note ?? ""}
          maxLength={200}
          aria-invalid={noteField.error ? true : undefined}
          aria-describedby={noteField.error ? noteField.errorId : undefined}
        />
      </div>
    </div>
  );
}

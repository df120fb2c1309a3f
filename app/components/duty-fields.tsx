import { dutyKinds } from "../../db/schema";
import { Field } from "~/components/form";
import type { MessageKey } from "~/lib/i18n";
import type { FieldErrors } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

// The fields of one duty entry on staff pages; the personal link's page draws the same fields
// as plain HTML (app/.server/records/personal-page.tsx) and both are checked by one schema.

export const dutyFieldLabels: Record<string, MessageKey> = {
  legalSavvyId: "duty.field.person",
  occurredOn: "duty.field.occurredOn",
  kind: "duty.field.kind",
  served: "duty.field.served",
  content: "duty.field.content",
  result: "duty.field.result",
  disputeResolved: "duty.field.disputeResolved",
};

export function DutyFields({
  errors,
  values,
}: {
  errors?: FieldErrors;
  values?: Record<string, string>;
}) {
  const { t } = useI18n();
  const resolved = values?.disputeResolved ?? "";
  const resolvedError = errors?.disputeResolved;
  return (
    <>
      <Field
        name="occurredOn"
        label="duty.field.occurredOn"
        type="date"
        defaultValue={values?.occurredOn ?? ""}
        error={errors?.occurredOn}
      />
      <Field name="kind" label="duty.field.kind" error={errors?.kind}>
        {(control) => (
          <select {...control} defaultValue={values?.kind ?? ""}>
            <option value="">{t("duty.choose")}</option>
            {dutyKinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`duty.kind.${kind}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        name="served"
        label="duty.field.served"
        hint="duty.field.servedHint"
        maxLength={100}
        defaultValue={values?.served ?? ""}
        error={errors?.served}
      />
      <Field name="content" label="duty.field.content" error={errors?.content}>
        {(control) => <textarea {...control} rows={4} defaultValue={values?.content ?? ""} />}
      </Field>
      <Field
        name="result"
        label="duty.field.result"
        defaultValue={values?.result ?? ""}
        error={errors?.result}
      />
      <fieldset
        className={resolvedError ? "field field-error" : "field"}
        aria-describedby={
          resolvedError ? "disputeResolved-hint disputeResolved-error" : "disputeResolved-hint"
        }
      >
        <legend id="disputeResolved">{t("duty.field.disputeResolved")}</legend>
        <p className="hint" id="disputeResolved-hint">
          {t("duty.field.disputeResolvedHint")}
        </p>
        {resolvedError ? (
          <p className="error" id="disputeResolved-error">
            {t(resolvedError)}
          </p>
        ) : null}
        <label className="choice">
          <input type="radio" name="disputeResolved" value="1" defaultChecked={resolved === "1"} />
          {t("duty.resolved")}
        </label>
        <label className="choice">
          <input type="radio" name="disputeResolved" value="0" defaultChecked={resolved === "0"} />
          {t("duty.unresolved")}
        </label>
      </fieldset>
    </>
  );
}

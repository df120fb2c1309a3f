import { Form } from "@remix-run/react";
import { audienceGroups } from "../../db/schema";
import { ErrorSummary, Field } from "~/components/form";
import type { EntryKind } from "~/lib/attendance-schema";
import { entryFieldName } from "~/lib/attendance-schema";
import type { MessageKey } from "~/lib/i18n";
import { isMessageKey } from "~/lib/i18n";
import type { FieldErrors } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

// The door's entry form, walk-in or assisted, folded behind a button-like summary so that on a
// phone the count and the list come first. A failed submit, or an entry just made, keeps its
// form open.

type Villages = { id: number; label: string }[];
/** Errors under the unprefixed field names; values under the names the form sent. */
type Failed = { errors: FieldErrors; values: Record<string, string> } | undefined;

const words: Record<
  EntryKind,
  { button: MessageKey; heading: MessageKey; hint: MessageKey; group: string }
> = {
  walk_in: {
    button: "attendance.walkIn",
    heading: "attendance.walkIn",
    hint: "attendance.walkInHint",
    group: "villager",
  },
  assisted: {
    button: "attendance.assistedButton",
    heading: "attendance.assisted",
    hint: "attendance.assistedHint",
    group: "elderly",
  },
};

const labels: Record<string, MessageKey> = {
  name: "attendance.name",
  phone: "attendance.phone",
  villageId: "attendance.village",
  employer: "attendance.employer",
  group: "attendance.group",
  consent: "attendance.consent",
};

/** The privacy notice the staff member reads out, and the tick that says the person agreed. */
function ConsentBox({
  name,
  notice,
  error,
  checked,
}: {
  name: string;
  notice: string;
  error?: string;
  checked: boolean;
}) {
  const { t } = useI18n();
  const noticeId = `${name}-notice`;
  const errorId = error ? `${name}-error` : undefined;
  return (
    <div className={error ? "field field-error" : "field"}>
      <h3>{t("attendance.noticeTitle")}</h3>
      <p className="hint" id={noticeId}>
        {notice}
      </p>
      {error ? (
        <p className="error" id={errorId}>
          {t(isMessageKey(error) ? error : "form.invalidChoice")}
        </p>
      ) : null}
      <label>
        <input
          type="checkbox"
          id={name}
          name={name}
          aria-invalid={error ? true : undefined}
          aria-describedby={[noticeId, errorId].filter(Boolean).join(" ")}
          defaultChecked={checked}
        />{" "}
        {t("attendance.consent")}
      </label>
    </div>
  );
}

/**
 * A walk-in or an assisted entry (name, optional phone: a known phone and name find the person
 * already recorded). Both start at the event's own village and need a village or an employer, as
 * on the resident's form.
 */
export function EntryForm({
  kind,
  failed,
  open,
  villages,
  defaultVillageId,
  notice,
  onSubmit,
  heading,
}: {
  kind: EntryKind;
  failed: Failed;
  open: boolean;
  villages: Villages;
  defaultVillageId: number | null;
  notice: string;
  /** Takes the entry on the page instead of posting it: the offline door's walk-in. */
  onSubmit?: (form: HTMLFormElement) => void;
  heading?: MessageKey;
}) {
  const { t } = useI18n();
  const w = words[kind];
  const nameOf = (field: string) => entryFieldName(kind, field);
  const value = (field: string) => failed?.values[nameOf(field)];
  const error = (field: string) => failed?.errors[field];
  const headingId = `${kind}-heading`;
  const ownVillage = villages.some((village) => village.id === defaultVillageId)
    ? String(defaultVillageId)
    : "";
  return (
    <details className="fold" open={open || failed !== undefined}>
      <summary>{t(heading ?? w.button)}</summary>
      <section className="fold-body" aria-labelledby={headingId}>
        <h3 id={headingId}>{t(heading ?? w.heading)}</h3>
        <p className="hint">{t(w.hint)}</p>
        <ErrorSummary
          errors={Object.fromEntries(
            Object.entries(failed?.errors ?? {}).map(([field, key]) => [nameOf(field), key]),
          )}
          labels={Object.fromEntries(
            Object.entries(labels).map(([field, label]) => [nameOf(field), label]),
          )}
        />
        <Form
          method="post"
          noValidate
          onSubmit={
            onSubmit
              ? (event) => {
                  event.preventDefault();
                  onSubmit(event.currentTarget);
                }
              : undefined
          }
        >
          <input type="hidden" name="intent" value={kind} />
          <Field
            name={nameOf("name")}
            label="attendance.name"
            autoComplete="off"
            defaultValue={value("name")}
            error={error("name")}
          />
          <Field
            name={nameOf("phone")}
            label="attendance.phone"
            hint={kind === "assisted" ? "attendance.assistedPhoneHint" : undefined}
            type="tel"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={value("phone")}
            error={error("phone")}
          />
          <Field name={nameOf("villageId")} label="attendance.village" error={error("villageId")}>
            {(control) => (
              <select {...control} defaultValue={value("villageId") ?? ownVillage}>
                <option value="">{t("attendance.villageChoose")}</option>
                {villages.map((village) => (
                  <option key={village.id} value={village.id}>
                    {village.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            name={nameOf("employer")}
            label="attendance.employer"
            defaultValue={value("employer")}
            error={error("employer")}
          />
          <Field name={nameOf("group")} label="attendance.group" error={error("group")}>
            {(control) => (
              <select {...control} defaultValue={value("group") ?? w.group}>
                {audienceGroups.map((group) => (
                  <option key={group} value={group}>
                    {t(`group.${group}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <ConsentBox
            name={nameOf("consent")}
            notice={notice}
            error={error("consent")}
            checked={value("consent") === "on"}
          />
          <button type="submit">{t("attendance.add")}</button>
        </Form>
      </section>
    </details>
  );
}

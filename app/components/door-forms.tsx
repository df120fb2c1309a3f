import { Form } from "@remix-run/react";
import { audienceGroups } from "../../db/schema";
import { ErrorSummary, Field } from "~/components/form";
import { isMessageKey } from "~/lib/i18n";
import type { FieldErrors } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

// The door's two entry forms, each folded behind a button-like summary so that on a phone the
// count and the list come first. A failed submit, or an entry just made, keeps its form open.

type Villages = { id: number; label: string }[];
type Failed = { errors: FieldErrors; values: Record<string, string> } | undefined;

function VillageOptions({ villages }: { villages: Villages }) {
  const { t } = useI18n();
  return (
    <>
      <option value="">{t("attendance.villageNone")}</option>
      {villages.map((village) => (
        <option key={village.id} value={village.id}>
          {village.label}
        </option>
      ))}
    </>
  );
}

function GroupOptions() {
  const { t } = useI18n();
  return (
    <>
      {audienceGroups.map((group) => (
        <option key={group} value={group}>
          {t(`group.${group}`)}
        </option>
      ))}
    </>
  );
}

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

export function WalkInForm({
  failed,
  open,
  villages,
  notice,
}: {
  failed: Failed;
  open: boolean;
  villages: Villages;
  notice: string;
}) {
  const { t } = useI18n();
  return (
    <details className="fold" open={open || failed !== undefined}>
      <summary id="walk-in">{t("attendance.walkIn")}</summary>
      <section className="fold-body" aria-labelledby="walk-in">
        <p className="hint">{t("attendance.walkInHint")}</p>
        <ErrorSummary
          errors={failed?.errors}
          labels={{
            name: "attendance.name",
            phone: "attendance.phone",
            villageId: "attendance.village",
            employer: "attendance.employer",
            group: "attendance.group",
            consent: "attendance.consent",
          }}
        />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="walk_in" />
          <Field
            name="name"
            label="attendance.name"
            autoComplete="off"
            defaultValue={failed?.values.name}
            error={failed?.errors.name}
          />
          <Field
            name="phone"
            label="attendance.phone"
            type="tel"
            inputMode="numeric"
            autoComplete="off"
            defaultValue={failed?.values.phone}
            error={failed?.errors.phone}
          />
          <Field name="villageId" label="attendance.village" error={failed?.errors.villageId}>
            {(control) => (
              <select {...control} defaultValue={failed?.values.villageId ?? ""}>
                <VillageOptions villages={villages} />
              </select>
            )}
          </Field>
          <Field
            name="employer"
            label="attendance.employer"
            defaultValue={failed?.values.employer}
            error={failed?.errors.employer}
          />
          <Field name="group" label="attendance.group" error={failed?.errors.group}>
            {(control) => (
              <select {...control} defaultValue={failed?.values.group ?? "villager"}>
                <GroupOptions />
              </select>
            )}
          </Field>
          <ConsentBox
            name="consent"
            notice={notice}
            error={failed?.errors.consent}
            checked={failed?.values.consent === "on"}
          />
          <button type="submit">{t("attendance.add")}</button>
        </Form>
      </section>
    </details>
  );
}

export function AssistedForm({
  failed,
  open,
  villages,
  notice,
}: {
  failed: Failed;
  open: boolean;
  villages: Villages;
  notice: string;
}) {
  const { t } = useI18n();
  return (
    <details className="fold" open={open || failed !== undefined}>
      <summary>{t("attendance.assistedButton")}</summary>
      <section className="fold-body" aria-labelledby="assisted">
        <h3 id="assisted">{t("attendance.assisted")}</h3>
        <p className="hint">{t("attendance.assistedHint")}</p>
        <ErrorSummary
          errors={failed?.errors}
          labels={{
            assistedName: "attendance.name",
            assistedVillageId: "attendance.village",
            assistedGroup: "attendance.group",
            assistedConsent: "attendance.consent",
          }}
        />
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="assisted" />
          <Field
            name="assistedName"
            label="attendance.name"
            autoComplete="off"
            defaultValue={failed?.values.assistedName}
            error={failed?.errors.assistedName}
          />
          <Field
            name="assistedVillageId"
            label="attendance.village"
            error={failed?.errors.assistedVillageId}
          >
            {(control) => (
              <select {...control} defaultValue={failed?.values.assistedVillageId ?? ""}>
                <VillageOptions villages={villages} />
              </select>
            )}
          </Field>
          <Field name="assistedGroup" label="attendance.group" error={failed?.errors.assistedGroup}>
            {(control) => (
              <select {...control} defaultValue={failed?.values.assistedGroup ?? "elderly"}>
                <GroupOptions />
              </select>
            )}
          </Field>
          <ConsentBox
            name="assistedConsent"
            notice={notice}
            error={failed?.errors.assistedConsent}
            checked={failed?.values.assistedConsent === "on"}
          />
          <button type="submit">{t("attendance.add")}</button>
        </Form>
      </section>
    </details>
  );
}

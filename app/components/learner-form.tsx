import { Form } from "@remix-run/react";
import { legalSavvyCategories } from "../../db/schema";
import { ErrorSummary, Field } from "~/components/form";
import { PersonFields } from "~/components/person-fields";
import type { MessageKey } from "~/lib/i18n";
import type { FieldErrors } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

const labels: Record<string, MessageKey> = {
  name: "roster.col.name",
  phone: "roster.col.phone",
  villageId: "roster.col.village",
  category: "roster.col.category",
  recognisedOn: "roster.col.recognisedOn",
  certificateNo: "roster.col.certificateNo",
  adviser: "roster.col.adviser",
};

/** A 法律明白人's details: the person (name, phone) and their roster entry. */
export function LearnerForm({
  villages,
  values,
  errors,
  submit,
  withIntent,
}: {
  villages: { id: number; label: string }[];
  values: Record<string, string>;
  errors?: FieldErrors;
  submit: MessageKey;
  /** The edit page holds several forms, told apart by `intent`. */
  withIntent?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Form method="post" noValidate className="learner-form">
      {withIntent ? <input type="hidden" name="intent" value="update" /> : null}
      <ErrorSummary errors={errors} labels={labels} />
      <PersonFields
        values={values}
        errors={errors}
        words={{
          name: "roster.col.name",
          nameHint: "roster.nameHint",
          phone: "roster.col.phone",
          phoneHint: "roster.phoneHint",
        }}
        unit={{
          name: "villageId",
          label: "roster.col.village",
          options: (
            <>
              <option value="">{t("roster.choose")}</option>
              {villages.map((village) => (
                <option key={village.id} value={village.id}>
                  {village.label}
                </option>
              ))}
            </>
          ),
        }}
      />
      <Field name="category" label="roster.col.category" error={errors?.category}>
        {(control) => (
          <select {...control} defaultValue={values.category ?? ""} required>
            <option value="">{t("roster.choose")}</option>
            {legalSavvyCategories.map((category) => (
              <option key={category} value={category}>
                {t(`roster.category.${category}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        name="recognisedOn"
        label="roster.col.recognisedOn"
        type="date"
        defaultValue={values.recognisedOn}
        error={errors?.recognisedOn}
      />
      <Field
        name="certificateNo"
        label="roster.col.certificateNo"
        defaultValue={values.certificateNo}
        error={errors?.certificateNo}
        maxLength={40}
      />
      <Field
        name="adviser"
        label="roster.col.adviser"
        defaultValue={values.adviser}
        error={errors?.adviser}
        maxLength={40}
      />
      <div className="actions">
        <button type="submit">{t(submit)}</button>
      </div>
    </Form>
  );
}

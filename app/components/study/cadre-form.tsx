import { Form } from "@remix-run/react";
import { cadreStatuses } from "../../../db/schema";
import { ErrorSummary, Field } from "~/components/form";
import { PersonFields } from "~/components/person-fields";
import { UnitOptions } from "~/components/unit-select";
import type { MessageKey } from "~/lib/i18n";
import type { FieldErrors } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

const labels: Record<string, MessageKey> = {
  name: "study.cadre.name",
  phone: "study.cadre.phone",
  unitId: "study.cadre.unit",
  department: "study.cadre.department",
  position: "study.cadre.position",
  status: "study.cadre.status",
  leftOn: "study.cadre.leftOn",
};

/** Add or edit a cadre: who they are (phone and name), where, and whether still in office. */
export function CadreForm({
  units,
  values,
  errors,
}: {
  units: { id: number; name: string; level: string; depth: number }[];
  values: Record<string, string>;
  errors?: FieldErrors;
}) {
  const { t } = useI18n();
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" noValidate>
        <PersonFields
          values={values}
          errors={errors}
          words={{ name: "study.cadre.name", phone: "study.cadre.phone" }}
          unit={{
            name: "unitId",
            label: "study.cadre.unit",
            options: <UnitOptions units={units} />,
          }}
        />
        <Field
          name="department"
          label="study.cadre.department"
          defaultValue={values.department}
          error={errors?.department}
          maxLength={60}
        />
        <Field
          name="position"
          label="study.cadre.position"
          defaultValue={values.position}
          error={errors?.position}
          maxLength={60}
        />
        <div className="field">
          <label>
            <input
              type="checkbox"
              name="lawEnforcement"
              defaultChecked={values.lawEnforcement === "on"}
            />{" "}
            {t("study.cadre.lawEnforcementBox")}
          </label>
        </div>
        <Field name="status" label="study.cadre.status" error={errors?.status}>
          {(control) => (
            <select {...control} defaultValue={values.status ?? "active"}>
              {cadreStatuses.map((status) => (
                <option key={status} value={status}>
                  {t(`study.cadreStatus.${status}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="leftOn"
          label="study.cadre.leftOn"
          hint="study.cadre.leftOnHint"
          type="date"
          defaultValue={values.leftOn}
          error={errors?.leftOn}
        />
        <div className="actions">
          <button type="submit">{t("study.save")}</button>
        </div>
      </Form>
    </>
  );
}

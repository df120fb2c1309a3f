import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { parseForm, readForm, submit } from "~/.server/forms";
import { redirectWithFlash } from "~/.server/request";
import { createStaff } from "~/.server/staff/staff";
import { listUnitsInScope } from "~/.server/units/units";
import { ErrorSummary, Field } from "~/components/form";
import { NewPasswordField } from "~/components/new-password-field";
import { UnitOptions } from "~/components/unit-select";
import { roles } from "../../db/schema";
import { pageTitle } from "~/lib/meta";
import { createUserSchema } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("users.new");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const units = await listUnitsInScope(db, { scopePath: user.unitPath });
  return { units: units.map(({ id, name, level, depth }) => ({ id, name, level, depth })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const form = await readForm(request);
  const parsed = parseForm(form, createUserSchema);
  if (!parsed.ok) return data(parsed, 400);
  const result = await submit(form, () =>
    createStaff(db, { actor: actorOf(user, context), ...parsed.data }),
  );
  if (!result.ok) return data(result, 400);
  return redirectWithFlash(`/admin/users/${result.value}`, {
    key: "users.created",
    values: { username: parsed.data.username },
  });
}

const labels = {
  username: "users.username",
  displayName: "users.displayName",
  role: "users.role",
  unitId: "users.unit",
  password: "users.initialPassword",
} as const;

export default function NewUser() {
  const { t } = useI18n();
  const { units } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const errors = failed?.errors;
  const values = failed?.values;
  return (
    <>
      <h1>{t("users.new")}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" noValidate>
        <Field
          name="username"
          label="users.username"
          hint="form.usernameFormat"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          defaultValue={values?.username}
          error={errors?.username}
        />
        <Field
          name="displayName"
          label="users.displayName"
          autoComplete="off"
          defaultValue={values?.displayName}
          error={errors?.displayName}
        />
        <Field name="role" label="users.role" error={errors?.role}>
          {(control) => (
            <select {...control} defaultValue={values?.role ?? "organiser"}>
              {roles.map((role) => (
                <option key={role} value={role}>
                  {t(`role.${role}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field name="unitId" label="users.unit" error={errors?.unitId}>
          {(control) => (
            <select {...control} defaultValue={values?.unitId}>
              <UnitOptions units={units} />
            </select>
          )}
        </Field>
        <NewPasswordField name="password" label="users.initialPassword" error={errors?.password} />
        <button type="submit">{t("users.new")}</button>
      </Form>
    </>
  );
}

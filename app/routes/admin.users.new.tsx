import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { parseForm, readForm, submit } from "~/.server/forms";
import { firstPassword, handoverSheet } from "~/.server/staff/handover";
import { createStaff } from "~/.server/staff/staff";
import { unitChoices, unitLabel } from "~/.server/staff/unit-choices";
import { ErrorSummary, Field } from "~/components/form";
import { HandoverSheet } from "~/components/handover-sheet";
import { NewPasswordField } from "~/components/new-password-field";
import { UnitOptions } from "~/components/unit-select";
import { WideConfirm } from "~/components/wide-confirm";
import { roles } from "../../db/schema";
import { pageTitle } from "~/lib/meta";
import { createUserSchema } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";
import handoverStyles from "~/styles/handover.css?url";

export const meta = pageTitle("users.new");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: handoverStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const units = await unitChoices(db, { scopePath: user.unitPath });
  return {
    units: units
      .filter((unit) => !unit.retired)
      .map(({ id, label, level, depth }) => ({ id, name: label, level, depth })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const form = await readForm(request);
  const parsed = parseForm(form, createUserSchema);
  if (!parsed.ok) return data({ ...parsed, sheet: null }, 400);
  const { password, ...account } = parsed.data;
  const first = password ?? firstPassword(account.username);
  const result = await submit(form, () =>
    createStaff(db, { actor: actorOf(user, context), ...account, password: first }),
  );
  if (!result.ok) return data({ ...result, sheet: null }, 400);
  const sheet = await handoverSheet(request, [
    {
      id: result.value,
      username: account.username,
      displayName: account.displayName,
      role: account.role,
      unitLabel: await unitLabel(db, account.unitId),
      password: first,
    },
  ]);
  // The answer is the handover slip itself: the first password is shown once and kept nowhere
  // (pages are never cached: the server sends them private, no-store).
  return { errors: undefined, values: undefined, sheet };
}

const labels = {
  username: "users.username",
  displayName: "users.displayName",
  role: "users.role",
  unitId: "users.unit",
  password: "users.initialPassword",
  wideConfirmed: "accounts.wideConfirm",
} as const;

export default function NewUser() {
  const { t } = useI18n();
  const { units } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  if (answer?.sheet) {
    const [slip] = answer.sheet.slips;
    return (
      <HandoverSheet
        sheet={answer.sheet}
        notice={{ key: "accounts.createdSheet", values: { username: slip!.username } }}
      />
    );
  }
  const errors = answer?.errors;
  const values = answer?.values;
  // The tick appears once the district was chosen for someone who is not an admin.
  const askWide = errors?.unitId === "accounts.wideNeedsConfirm" || values?.wideConfirmed === "1";
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
            <select {...control} defaultValue={values?.unitId ?? ""}>
              <option value="">{t("accounts.unitChoose")}</option>
              <UnitOptions units={units} />
            </select>
          )}
        </Field>
        {askWide ? (
          <WideConfirm
            label="accounts.wideConfirm"
            error={errors?.wideConfirmed}
            checked={values?.wideConfirmed === "1"}
          />
        ) : null}
        <NewPasswordField
          name="password"
          label="users.initialPassword"
          hint="accounts.passwordOptionalHint"
          error={errors?.password}
        />
        <button type="submit">{t("users.new")}</button>
      </Form>
    </>
  );
}

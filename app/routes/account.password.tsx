import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { actorOf, getSessionToken, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { parseForm, readForm, submit } from "~/.server/forms";
import { redirectWithFlash } from "~/.server/request";
import { changeOwnPassword } from "~/.server/staff/staff";
import { ErrorSummary, Field } from "~/components/form";
import { pageTitle } from "~/lib/meta";
import { changePasswordSchema } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("password.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await readForm(request);
  const parsed = parseForm(form, changePasswordSchema);
  if (!parsed.ok) return data(parsed, 400);
  // requireUser has just validated this token; the session it names is the one that stays.
  const sessionToken = (await getSessionToken(request)) ?? "";
  const result = await submit(form, () =>
    changeOwnPassword(db, { actor: actorOf(user, context), sessionToken, ...parsed.data }),
  );
  if (!result.ok) return data(result, 400);
  return redirectWithFlash("/dashboard", { key: "password.changed" });
}

export default function ChangePassword() {
  const { t } = useI18n();
  const failed = useActionData<typeof action>();
  const errors = failed?.errors;
  return (
    <>
      <h1>{t("password.title")}</h1>
      <ErrorSummary
        errors={errors}
        labels={{
          current: "password.current",
          password: "password.new",
          confirm: "password.confirm",
        }}
      />
      <Form method="post" noValidate>
        <Field
          name="current"
          label="password.current"
          type="password"
          autoComplete="current-password"
          error={errors?.current}
        />
        <Field
          name="password"
          label="password.new"
          type="password"
          autoComplete="new-password"
          hint="password.rules"
          error={errors?.password}
        />
        <Field
          name="confirm"
          label="password.confirm"
          type="password"
          autoComplete="new-password"
          error={errors?.confirm}
        />
        <button type="submit">{t("password.title")}</button>
      </Form>
    </>
  );
}

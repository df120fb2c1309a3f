import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { getCurrentUser, sessionCookieHeader } from "~/.server/auth/guards";
import { logIn } from "~/.server/auth/log-in";
import { db } from "~/.server/db";
import { parseForm, readForm } from "~/.server/forms";
import { redirectWithFlash, safeNext } from "~/.server/request";
import { ErrorSummary, Field } from "~/components/form";
import type { MessageKey } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { loginSchema } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";

export const meta: MetaFunction = pageTitle("login.title");

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) throw redirect("/dashboard");
  return null;
}

const statusOf = { failed: 401, disabled: 403, locked: 423, throttled: 429 } as const;
const messageOf: Record<keyof typeof statusOf, MessageKey> = {
  failed: "login.failed",
  disabled: "login.disabled",
  locked: "login.locked",
  throttled: "login.throttled",
};

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = parseForm(form, loginSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, values: parsed.values, refusal: null }, 400);
  const result = await logIn(db, { ...parsed.data, ip: context.clientIp });
  if (result.ok) {
    return redirectWithFlash(
      safeNext(form.get("next")),
      { key: "login.welcome", values: { name: result.displayName } },
      { "Set-Cookie": await sessionCookieHeader(request, result.token) },
    );
  }
  const refusal = {
    key: messageOf[result.reason],
    minutes: "minutes" in result ? result.minutes : 0,
  };
  return data(
    { errors: {}, values: { username: parsed.data.username }, refusal },
    statusOf[result.reason],
  );
}

export default function LogIn() {
  const { t } = useI18n();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors = result?.errors;
  return (
    <section>
      <h1>{t("login.title")}</h1>
      <ErrorSummary
        errors={errors}
        labels={{ username: "login.username", password: "login.password" }}
      />
      {result?.refusal ? (
        <p className="error-summary" role="alert">
          {t(result.refusal.key, { minutes: result.refusal.minutes })}
        </p>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="next" value={params.get("next") ?? ""} />
        <Field
          name="username"
          label="login.username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          defaultValue={result?.values.username}
          error={errors && "username" in errors ? errors.username : undefined}
          required
        />
        <Field
          name="password"
          label="login.password"
          type="password"
          autoComplete="current-password"
          error={errors && "password" in errors ? errors.password : undefined}
          required
        />
        <button type="submit">{t("login.submit")}</button>
      </Form>
    </section>
  );
}

import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { parseForm, readForm, submit } from "~/.server/forms";
import {
  LOOKUPS_PER_HOUR,
  lookUpPerson,
  rolesForPersonData,
} from "~/.server/privacy/person-lookup";
import { ErrorSummary, Field } from "~/components/form";
import type { MessageKey } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { personLookupSchema } from "~/lib/privacy-schema";
import { useI18n } from "~/lib/use-i18n";
import auditStyles from "~/styles/audit.css?url";

export const meta = pageTitle("people.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: auditStyles }];

const labels: Record<string, MessageKey> = {
  phone: "people.phone",
  reason: "people.reason",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, rolesForPersonData);
  return { perHour: LOOKUPS_PER_HOUR };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesForPersonData);
  const form = await readForm(request);
  const parsed = parseForm(form, personLookupSchema);
  if (!parsed.ok) return data({ ...parsed, people: null }, 400);
  const found = await submit(form, () =>
    lookUpPerson(db, { actor: actorOf(user, context), ...parsed.data }),
  );
  // Unknown, another unit's, or past the hour's bound: answered beside the phone field.
  if (!found.ok) return data({ ...found, people: null }, 422);
  if (found.value.length === 1) return redirect(`/people/${found.value[0]!.id}`);
  return { ok: true as const, errors: {}, values: {}, people: found.value };
}

export default function People() {
  const { t } = useI18n();
  const result = useActionData<typeof action>();
  const errors = result && !result.ok ? result.errors : {};
  const values: Record<string, string> = result && !result.ok ? result.values : {};
  return (
    <>
      <h1>{t("people.title")}</h1>
      <p>{t("people.intro")}</p>
      <Form method="post" className="card" noValidate>
        <ErrorSummary errors={errors} labels={labels} />
        <Field
          name="phone"
          label="people.phone"
          inputMode="numeric"
          autoComplete="off"
          defaultValue={values.phone ?? ""}
          error={errors.phone}
        />
        <Field
          name="reason"
          label="people.reason"
          hint="people.reasonHint"
          autoComplete="off"
          maxLength={200}
          defaultValue={values.reason ?? ""}
          error={errors.reason}
        />
        <PerHour />
        <div className="actions">
          <button type="submit">{t("people.find")}</button>
        </div>
      </Form>
      {result?.people ? (
        <section className="card" aria-labelledby="people-found">
          <h2 id="people-found">{t("people.found")}</h2>
          <ul>
            {result.people.map((person) => (
              <li key={person.id}>
                <Link to={`/people/${person.id}`}>
                  {person.name} · {person.unit_name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

function PerHour() {
  const { t } = useI18n();
  const { perHour } = useLoaderData<typeof loader>();
  return <p className="hint">{t("people.bound", { count: perHour })}</p>;
}

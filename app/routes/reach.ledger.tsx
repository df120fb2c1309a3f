import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { actorOf, requireUser } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { ledgerPage } from "~/.server/documents/ledger-page";
import { Field } from "~/components/form";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import reachStyles from "~/styles/reach.css?url";

export const meta = pageTitle("ledger.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: reachStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return ledgerPage(db, {
    actor: { ...actorOf(user, context), unitId: user.unitId },
    params: new URL(request.url).searchParams,
    now: now(),
  });
}

export default function Ledger() {
  const { t } = useI18n();
  const page = useLoaderData<typeof loader>();
  if (page.villageOnly) {
    return (
      <>
        <h1>{t("ledger.title")}</h1>
        <p className="card">{t("ledger.villageOnly")}</p>
        <p>
          <Link to="/events">{t("nav.events")}</Link>
        </p>
      </>
    );
  }
  const { units, values, errors, found, year, busy } = page;
  const query = found
    ? new URLSearchParams({ unit: String(found.unit.id), year: String(year) })
    : null;
  return (
    <>
      <h1>{t("ledger.title")}</h1>
      <p className="lead">{t("ledger.intro")}</p>
      {busy ? (
        <p className="card notice" role="status">
          {t("ledger.busy")}
        </p>
      ) : null}
      <Form method="get" className="filters" aria-label={t("ledger.form")}>
        <Field name="unit" label="ledger.unit" error={errors.unit}>
          {(control) => (
            <select {...control} defaultValue={values.unit}>
              {units.map((unit) => (
                <option key={unit.id} value={unit.id}>
                  {unit.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          name="year"
          label="ledger.year"
          error={errors.year}
          defaultValue={values.year}
          inputMode="numeric"
          autoComplete="off"
          maxLength={4}
          size={6}
        />
        <p className="actions">
          <button type="submit" className="secondary">
            {t("ledger.show")}
          </button>
        </p>
      </Form>
      {found && query ? (
        <section className="card" aria-labelledby="ledger-contents">
          <h2 id="ledger-contents">
            {t("ledger.contents", { unit: found.unit.name, year: String(year) })}
          </h2>
          <ul>
            <li>{t("ledger.count.events", { count: found.counts.events })}</li>
            <li>{t("ledger.count.sessions", { count: found.counts.sessions })}</li>
            <li>{t("ledger.count.photos", { count: found.counts.photos })}</li>
            <li>{t("ledger.count.learners", { count: found.counts.learners })}</li>
            <li>{t("ledger.count.duties", { count: found.counts.duties })}</li>
          </ul>
          <p className="actions">
            <a className="button" href={`/reach/ledger.zip?${query.toString()}`} download>
              {t("ledger.download")}
            </a>
          </p>
          <p className="hint">{t("ledger.hint")}</p>
        </section>
      ) : null}
      <p>
        <Link to="/reach">{t("reach.title")}</Link>
      </p>
    </>
  );
}

import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { parseForm, readForm, submit } from "~/.server/forms";
import {
  publishState,
  recordPublishConsent,
  withdrawPublishConsent,
} from "~/.server/learners/publish";
import { getLang, redirectWithFlash } from "~/.server/request";
import { hasRole, rolesFor } from "~/.server/scope";
import { ErrorSummary, Field } from "~/components/form";
import type { MessageKey } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { publishActionSchema } from "~/lib/publish-schema";
import { formatDateTime, shanghaiDay } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";
import publishStyles from "~/styles/publish.css?url";
import rosterStyles from "~/styles/roster.css?url";

export const meta = pageTitle("publish.link");
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: rosterStyles },
  { rel: "stylesheet", href: publishStyles },
];

// Staff record here that a 法律明白人 agreed to be on their village's public list (with their
// phone or without), or withdrew. Officials read the state; only organisers and admins change it.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const lang = await getLang(request);
  const state = await publishState(db, { id: idParam(params.id), scopePath: user.unitPath });
  return {
    id: state.id,
    name: state.name,
    hasPhone: Boolean(state.phone),
    active: state.status === "active",
    villageId: state.village_id,
    villageOpen: state.village_retired_at === null,
    publish: state.publish,
    consentedOn: state.publish_consented_on,
    recorded: state.publish_recorded_at
      ? { at: formatDateTime(lang, state.publish_recorded_at), by: state.recorded_by ?? "" }
      : null,
    today: shanghaiDay(new Date().toISOString()),
    canManage: hasRole(user, rolesFor.manageLearners),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesFor.manageLearners);
  const id = idParam(params.id);
  const form = await readForm(request);
  const parsed = parseForm(form, publishActionSchema);
  if (!parsed.ok) return data({ intent: String(form.get("intent")), ...parsed }, 400);
  const actor = actorOf(user, context);
  const input = parsed.data;
  const result = await submit(form, async () =>
    input.intent === "consent"
      ? {
          key: "publish.recorded" as const,
          ...(await recordPublishConsent(db, { actor, id, consent: input })),
        }
      : { key: "publish.withdrawn" as const, ...(await withdrawPublishConsent(db, { actor, id })) },
  );
  if (!result.ok) return data({ intent: input.intent, ...result }, 400);
  return redirectWithFlash(`/learners/${id}/publish`, {
    key: result.value.key,
    values: { name: result.value.name },
  });
}

/** What the page says of the current listing, in one sentence. */
function stateKey(publish: string | null, recorded: boolean): MessageKey {
  if (publish === "name") return "publish.state.name";
  if (publish === "name_phone") return "publish.state.name_phone";
  return recorded ? "publish.state.withdrawn" : "publish.state.none";
}

export default function PublishConsent() {
  const { t } = useI18n();
  const page = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const failedConsent = failed?.intent === "consent" ? failed : undefined;
  const failedWithdraw = failed && failed.intent !== "consent" ? failed : undefined;
  const scope = failedConsent?.values.scope ?? page.publish ?? "";
  return (
    <>
      <p>
        <Link to={`/learners/${page.id}`}>{t("publish.back", { name: page.name })}</Link>
      </p>
      <h1>{t("publish.heading", { name: page.name })}</h1>
      <p>{t("publish.explain")}</p>
      <section className="card" aria-labelledby="publish-now">
        <h2 id="publish-now">{t("publish.now")}</h2>
        <p>
          <strong>
            {t(stateKey(page.publish, page.recorded !== null), { date: page.consentedOn ?? "" })}
          </strong>
          {page.recorded ? ` ${t("publish.state.recorded", page.recorded)}` : null}
        </p>
        {!page.active ? <p>{t("publish.state.retired")}</p> : null}
        {page.villageOpen ? (
          <p>
            <a href={`/v/${page.villageId}`}>{t("publish.viewPublic")}</a>
          </p>
        ) : null}
      </section>
      {page.canManage && page.active ? (
        <section className="card" aria-labelledby="publish-consent">
          <h2 id="publish-consent">{t("publish.consentTitle")}</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="consent" />
            <ErrorSummary
              errors={failedConsent?.errors}
              labels={{ scope: "publish.scope", consentedOn: "publish.consentedOn" }}
            />
            <fieldset
              className={failedConsent?.errors.scope ? "field field-error" : "field"}
              aria-describedby={
                [
                  page.hasPhone ? null : "scope-hint",
                  failedConsent?.errors.scope ? "scope-error" : null,
                ]
                  .filter(Boolean)
                  .join(" ") || undefined
              }
            >
              <legend id="scope">{t("publish.scope")}</legend>
              {page.hasPhone ? null : (
                <p className="hint" id="scope-hint">
                  {t("publish.noPhoneHint")}
                </p>
              )}
              {failedConsent?.errors.scope ? (
                <p className="error" id="scope-error">
                  {t(failedConsent.errors.scope as MessageKey)}
                </p>
              ) : null}
              <label className="choice">
                <input type="radio" name="scope" value="name" defaultChecked={scope === "name"} />
                {t("publish.scope.name")}
              </label>
              <label className="choice">
                <input
                  type="radio"
                  name="scope"
                  value="name_phone"
                  defaultChecked={scope === "name_phone"}
                  disabled={!page.hasPhone}
                />
                {t("publish.scope.name_phone")}
              </label>
            </fieldset>
            <Field
              name="consentedOn"
              label="publish.consentedOn"
              type="date"
              max={page.today}
              defaultValue={failedConsent?.values.consentedOn ?? page.consentedOn ?? page.today}
              error={failedConsent?.errors.consentedOn}
              required
            />
            <div className="actions">
              <button type="submit">{t("publish.submit")}</button>
            </div>
          </Form>
        </section>
      ) : null}
      {page.canManage && page.publish ? (
        <section className="card" aria-labelledby="publish-withdraw">
          <h2 id="publish-withdraw">{t("publish.withdrawTitle")}</h2>
          <p>{t("publish.withdrawIntro")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            <ErrorSummary errors={failedWithdraw?.errors} labels={{}} />
            <div className="actions">
              <button type="submit" className="secondary">
                {t("publish.withdrawSubmit")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  );
}

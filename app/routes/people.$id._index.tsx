import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { actorOf, requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { personData } from "~/.server/privacy/person-data";
import { rolesForPersonData } from "~/.server/privacy/person-lookup";
import { ErasureRefused, erasePerson } from "~/.server/privacy/person-erase";
import { getLang, redirectWithFlash } from "~/.server/request";
import { parseForm, readForm } from "~/.server/forms";
import { ErrorSummary, Field } from "~/components/form";
import { maskPhone } from "~/lib/checkin-window";
import { isMessageKey } from "~/lib/i18n";
import type { MessageKey } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { personEraseSchema } from "~/lib/privacy-schema";
import type { FieldErrors } from "~/lib/schemas";
import { formatDateTime } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";
import auditStyles from "~/styles/audit.css?url";

export const meta = pageTitle("person.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: auditStyles }];

const eraseLabels: Record<string, MessageKey> = { confirm: "person.erase" };

const exportLabels: Record<string, MessageKey> = {
  reason: "person.exportReason",
  format: "person.format",
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, rolesForPersonData);
  const lang = await getLang(request);
  const held = await personData(db, {
    actor: actorOf(user, context),
    personId: idParam(params.id),
  });
  // Times are written here, on the server: a browser in another zone shows the same.
  const when = (iso: string | null) => (iso ? formatDateTime(lang, iso) : "");
  // A refused export comes back here with its message's key, shown beside its field.
  const url = new URL(request.url);
  const exportError = url.searchParams.get("exportError");
  const exportField = url.searchParams.get("field") === "format" ? "format" : "reason";
  return {
    person: {
      id: held.person.id,
      name: held.person.name,
      // The page never needs the whole number: the staff member typed it to get here.
      phone: maskPhone(held.person.phone),
      village: held.person.village_name,
      employer: held.person.employer,
      group: held.person.audience_group,
      unit: held.person.unit_name,
      created: when(held.person.created_at),
    },
    consents: held.consents.map((consent) => ({
      version: consent.version,
      firstAt: when(consent.firstAt),
      checkins: consent.checkins,
      kind: consent.notice?.kind ?? null,
      shownFrom: when(consent.notice?.validFrom ?? null),
      shownUntil: when(consent.notice?.validUntil ?? null),
    })),
    withdrawals: held.withdrawals.map((withdrawal) => ({
      version: withdrawal.consent_version ?? "",
      at: when(withdrawal.withdrawn_at),
    })),
    checkins: held.checkins.map((checkin) => ({
      id: checkin.id,
      event: checkin.event_title,
      at: when(checkin.checked_in_at),
      method: checkin.method,
      consent: checkin.consent_version,
    })),
    roster: held.roster,
    cadres: held.cadres,
    duties: held.duties.map(({ id, occurred_on, kind, served }) => ({
      id,
      occurred_on,
      kind,
      served,
    })),
    passes: held.passes.map((pass) => ({
      id: pass.id,
      issued: when(pass.issued_at),
      revoked: when(pass.revoked_at),
    })),
    invitations: held.invitations.map((invitation) => ({
      id: invitation.event_id,
      event: invitation.event_title,
      absence: invitation.absence_reason,
    })),
    exportErrors: (exportError && isMessageKey(exportError)
      ? { [exportField]: exportError }
      : undefined) as FieldErrors | undefined,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, rolesForPersonData);
  const personId = idParam(params.id);
  const parsed = parseForm(await readForm(request), personEraseSchema);
  if (!parsed.ok) return data({ errors: parsed.errors, reasons: [] as MessageKey[] }, 400);
  try {
    const erased = await erasePerson(db, { actor: actorOf(user, context), personId });
    return redirectWithFlash("/people", {
      key: "person.erased",
      values: { count: erased.checkins },
    });
  } catch (error) {
    if (!(error instanceof ErasureRefused)) throw error;
    const errors: FieldErrors = { confirm: error.messageKey };
    return data({ errors, reasons: error.reasons }, 409);
  }
}

export default function PersonPage() {
  const { t } = useI18n();
  const data = useLoaderData<typeof loader>();
  const { person } = data;
  return (
    <>
      <p>
        <Link to="/people">{t("person.back")}</Link>
      </p>
      <h1>
        {t("person.title")}：{person.name}
      </h1>
      <section className="card">
        <dl className="audit-facts">
          <Fact label="person.phone" value={person.phone} />
          <Fact label="person.village" value={person.village} />
          <Fact label="person.employer" value={person.employer} />
          <Fact label="person.group" value={t(`checkin.group.${person.group}`)} />
          <Fact label="person.unit" value={person.unit} />
          <Fact label="person.created" value={person.created} />
        </dl>
      </section>
      <Records title="person.consents" id="consents" count={data.consents.length}>
        {data.consents.map((consent) => (
          <Entry key={consent.version} head={consent.version}>
            <Fact label="person.consent.first" value={consent.firstAt} />
            <Fact label="person.consent.uses" value={String(consent.checkins)} />
            <Fact
              label="person.consent.notice"
              value={consent.kind ? t(`person.notice.${consent.kind}`) : t("person.notice.unknown")}
            />
            <Fact label="person.consent.shownFrom" value={consent.shownFrom} />
            <Fact label="person.consent.shownUntil" value={consent.shownUntil} />
          </Entry>
        ))}
      </Records>
      <Records title="person.withdrawals" id="withdrawals" count={data.withdrawals.length}>
        {data.withdrawals.map((withdrawal) => (
          <Entry key={withdrawal.at} head={withdrawal.at}>
            <Fact label="person.consent.version" value={withdrawal.version} />
          </Entry>
        ))}
      </Records>
      <Records title="person.checkins" id="checkins" count={data.checkins.length}>
        {data.checkins.map((checkin) => (
          <Entry key={checkin.id} head={checkin.event}>
            <Fact label="person.checkin.at" value={checkin.at} />
            <Fact label="person.checkin.method" value={t(`method.${checkin.method}`)} />
            <Fact label="person.consent.version" value={checkin.consent} />
          </Entry>
        ))}
      </Records>
      <Records title="person.roster" id="roster" count={data.roster.length}>
        {data.roster.map((entry) => (
          <Entry key={entry.id} head={entry.village_name}>
            <Fact label="person.roster.category" value={t(`roster.category.${entry.category}`)} />
            <Fact label="person.roster.status" value={t(`roster.status.${entry.status}`)} />
            <Fact label="person.roster.certificate" value={entry.certificate_no} />
          </Entry>
        ))}
      </Records>
      <Records title="person.cadres" id="cadres" count={data.cadres.length}>
        {data.cadres.map((cadre) => (
          <Entry key={cadre.id} head={cadre.unit_name}>
            <Fact label="person.cadre.position" value={cadre.position} />
            <Fact label="person.cadre.status" value={t(`study.cadreStatus.${cadre.status}`)} />
          </Entry>
        ))}
      </Records>
      <Records title="person.duties" id="duties" count={data.duties.length}>
        {data.duties.map((duty) => (
          <Entry key={duty.id} head={duty.occurred_on}>
            <Fact label="person.duty.kind" value={t(`duty.kind.${duty.kind}`)} />
            <Fact label="person.duty.served" value={duty.served} />
          </Entry>
        ))}
      </Records>
      <Records title="person.passes" id="passes" count={data.passes.length}>
        {data.passes.map((pass) => (
          <Entry key={pass.id} head={pass.issued}>
            <Fact label="person.pass.revoked" value={pass.revoked || t("person.pass.valid")} />
          </Entry>
        ))}
      </Records>
      <Records title="person.invitations" id="invitations" count={data.invitations.length}>
        {data.invitations.map((invitation) => (
          <Entry key={invitation.id} head={invitation.event}>
            <Fact
              label="person.invitation.absence"
              value={invitation.absence ? t(`study.absence.${invitation.absence}`) : null}
            />
          </Entry>
        ))}
      </Records>
      <ExportForm personId={person.id} errors={data.exportErrors} />
      <EraseForm />
    </>
  );
}

function ExportForm({ personId, errors }: { personId: number; errors?: FieldErrors }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="person-export" id="export">
      <h2 id="person-export">{t("person.export")}</h2>
      <p>{t("person.exportNote")}</p>
      {/* A real document request: the answer is the file, which the browser saves. */}
      <Form method="post" action={`/people/${personId}/export`} reloadDocument noValidate>
        <ErrorSummary errors={errors} labels={exportLabels} />
        <Field
          name="reason"
          label="person.exportReason"
          autoComplete="off"
          maxLength={200}
          error={errors?.reason}
        />
        <Field name="format" label="person.format" error={errors?.format}>
          {(control) => (
            <select {...control} defaultValue="xlsx">
              <option value="xlsx">{t("person.formatXlsx")}</option>
              <option value="json">{t("person.formatJson")}</option>
            </select>
          )}
        </Field>
        <div className="actions">
          <button type="submit">{t("person.exportButton")}</button>
        </div>
      </Form>
    </section>
  );
}

function EraseForm() {
  const { t } = useI18n();
  const result = useActionData<typeof action>();
  return (
    <section className="card" aria-labelledby="person-erase" id="erase">
      <h2 id="person-erase">{t("person.erase")}</h2>
      <p>{t("person.eraseNote")}</p>
      <Form method="post" noValidate>
        <ErrorSummary errors={result?.errors} labels={eraseLabels} />
        {result?.reasons.length ? (
          <ul className="error" aria-label={t("person.eraseRefused")}>
            {result.reasons.map((reason) => (
              <li key={reason}>{t(reason)}</li>
            ))}
          </ul>
        ) : null}
        <Field name="confirm" label="person.eraseConfirm" error={result?.errors.confirm}>
          {(control) => <input {...control} type="checkbox" value="1" />}
        </Field>
        <div className="actions">
          <button type="submit">{t("person.eraseButton")}</button>
        </div>
      </Form>
    </section>
  );
}

function Records({
  title,
  id,
  count,
  children,
}: {
  title: MessageKey;
  id: string;
  count: number;
  children: React.ReactNode;
}) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby={`person-${id}`}>
      <h2 id={`person-${id}`}>
        {t(title)} ({count})
      </h2>
      {count === 0 ? <p>{t("person.none")}</p> : <ol className="audit-list">{children}</ol>}
    </section>
  );
}

function Entry({ head, children }: { head: string; children: React.ReactNode }) {
  return (
    <li className="audit-entry">
      <p className="audit-head">
        <strong>{head}</strong>
      </p>
      <dl className="audit-facts">{children}</dl>
    </li>
  );
}

function Fact({ label, value }: { label: MessageKey; value: string | null }) {
  const { t } = useI18n();
  return (
    <div>
      <dt>{t(label)}</dt>
      <dd>{value || "—"}</dd>
    </div>
  );
}

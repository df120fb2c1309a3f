import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listAudit, listAuditActions } from "~/.server/audit/audit-log";
import { AUDIT_EXPORT_LIMIT } from "~/.server/audit/export";
import { requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { ErrorSummary, Field } from "~/components/form";
import { auditOutcomes } from "../../db/schema";
import { auditActionLabel, auditDetails } from "~/lib/audit-words";
import type { MessageKey } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import type { FieldErrors } from "~/lib/schemas";
import { auditFilterSchema, fieldErrors } from "~/lib/schemas";
import { formatDateTime } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";
import auditStyles from "~/styles/audit.css?url";

export const meta = pageTitle("audit.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: auditStyles }];

const PAGE_SIZE = 50;

const filterLabels: Record<string, MessageKey> = {
  action: "audit.action",
  outcome: "audit.outcome",
  actor: "audit.actor",
  from: "audit.from",
  to: "audit.to",
  page: "audit.pages",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = auditFilterSchema.safeParse(query);
  const actions = await listAuditActions(db);
  if (!parsed.success) {
    return { query, actions, errors: fieldErrors(parsed.error), list: null, exportQuery: "" };
  }
  const { page, ...filter } = parsed.data;
  const list = await listAudit(db, {
    scopePath: user.unitPath,
    isTopLevel: user.isTopLevel,
    filter,
    page,
    pageSize: PAGE_SIZE,
  });
  // The export and the page links carry the filter as it was understood, without the page.
  const given = Object.entries(filter).filter((entry): entry is [string, string] => !!entry[1]);
  const exportQuery = new URLSearchParams(given).toString();
  return {
    query,
    actions,
    errors: {} as FieldErrors,
    list: { ...list, exportLimit: AUDIT_EXPORT_LIMIT },
    exportQuery,
  };
}

export default function AuditLog() {
  const { t, lang } = useI18n();
  const { query, actions, errors, list, exportQuery } = useLoaderData<typeof loader>();
  const pageLink = (page: number) => `?${exportQuery ? `${exportQuery}&` : ""}page=${page}`;
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p>{t("audit.retention")}</p>
      <Form method="get" className="card">
        <ErrorSummary errors={errors} labels={filterLabels} />
        <div className="filters">
          <Field name="action" label="audit.action">
            {(control) => (
              <select {...control} defaultValue={query.action ?? ""}>
                <option value="">{t("audit.any")}</option>
                {actions.map((action) => (
                  <option key={action} value={action}>
                    {auditActionLabel(t, action)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="outcome" label="audit.outcome">
            {(control) => (
              <select {...control} defaultValue={query.outcome ?? ""}>
                <option value="">{t("audit.any")}</option>
                {auditOutcomes.map((outcome) => (
                  <option key={outcome} value={outcome}>
                    {t(`outcome.${outcome}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            name="actor"
            label="audit.actor"
            defaultValue={query.actor ?? ""}
            autoComplete="off"
          />
          <Field
            name="from"
            label="audit.from"
            type="date"
            defaultValue={query.from ?? ""}
            error={errors.from}
          />
          <Field
            name="to"
            label="audit.to"
            type="date"
            defaultValue={query.to ?? ""}
            error={errors.to}
          />
        </div>
        <div className="actions">
          <button type="submit">{t("audit.filter")}</button>
          <Link to="/admin/audit">{t("audit.clear")}</Link>
        </div>
      </Form>
      {list ? (
        <AuditEntries list={list} pageLink={pageLink} exportQuery={exportQuery} lang={lang} />
      ) : null}
    </>
  );
}

type List = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["list"]>;

function AuditEntries({
  list,
  pageLink,
  exportQuery,
  lang,
}: {
  list: List;
  pageLink: (page: number) => string;
  exportQuery: string;
  lang: ReturnType<typeof useI18n>["lang"];
}) {
  const { t } = useI18n();
  if (list.total === 0) return <p>{t("audit.empty")}</p>;
  const exportHref = (format: string) =>
    `/admin/audit/export.${format}${exportQuery ? `?${exportQuery}` : ""}`;
  return (
    <>
      <p className="audit-count">
        {t("audit.entries", { count: list.total })} ·{" "}
        {t("audit.page", { page: list.page, pages: list.pages })}
      </p>
      <ol className="audit-list" aria-label={t("audit.title")}>
        {list.entries.map((entry) => (
          <li key={entry.id} className="audit-entry">
            <p className="audit-head">
              <strong>{auditActionLabel(t, entry.action)}</strong>{" "}
              <span className={`tag audit-${entry.outcome}`}>{t(`outcome.${entry.outcome}`)}</span>{" "}
              <time dateTime={entry.at}>{formatDateTime(lang, entry.at)}</time>
            </p>
            <dl className="audit-facts">
              {entry.actor_username ? (
                <div>
                  <dt>{t("audit.actor")}</dt>
                  <dd>{entry.actor_username}</dd>
                </div>
              ) : null}
              {entry.target ? (
                <div>
                  <dt>{t("audit.target")}</dt>
                  <dd>{entry.target}</dd>
                </div>
              ) : null}
              {auditDetails(t, lang, entry).map((detail) => (
                <div key={detail.label}>
                  <dt>{detail.label}</dt>
                  <dd>{detail.value}</dd>
                </div>
              ))}
              {entry.ip ? (
                <div>
                  <dt>{t("audit.ip")}</dt>
                  <dd>{entry.ip}</dd>
                </div>
              ) : null}
            </dl>
          </li>
        ))}
      </ol>
      {list.pages > 1 ? (
        <nav className="pager" aria-label={t("audit.pages")}>
          {list.page > 1 ? (
            <Link to={pageLink(list.page - 1)} rel="prev">
              {t("audit.previous")}
            </Link>
          ) : null}
          <span>{t("audit.page", { page: list.page, pages: list.pages })}</span>
          {list.page < list.pages ? (
            <Link to={pageLink(list.page + 1)} rel="next">
              {t("audit.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
      <section className="card" aria-labelledby="audit-export">
        <h2 id="audit-export">{t("audit.export")}</h2>
        <p>{t("audit.exportNote")}</p>
        {list.total > list.exportLimit ? (
          <p className="audit-warning">{t("audit.exportCapped", { count: list.exportLimit })}</p>
        ) : null}
        <ul className="actions audit-downloads">
          <li>
            <a href={exportHref("csv")} download>
              {t("audit.exportCsv")}
            </a>
          </li>
          <li>
            <a href={exportHref("xlsx")} download>
              {t("audit.exportXlsx")}
            </a>
          </li>
        </ul>
      </section>
    </>
  );
}

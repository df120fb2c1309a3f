import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listAudit, listAuditActions } from "~/.server/audit/audit-log";
import { AUDIT_EXPORT_LIMIT } from "~/.server/audit/export";
import { auditUnits, unitChoices, unitWords } from "~/.server/audit/unit-names";
import { requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { ErrorSummary, Field } from "~/components/form";
import { auditOutcomes } from "../../db/schema";
import { auditActionLabel, auditEntryWords, auditKindNames } from "~/lib/audit-words";
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
  unit: "audit.unit",
  kind: "audit.kind",
  page: "audit.pages",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = auditFilterSchema.safeParse(query);
  const [actions, units] = await Promise.all([
    listAuditActions(db),
    auditUnits(db, { scopePath: user.unitPath }),
  ]);
  const choices = unitChoices(units, user.unitPath);
  const refused = (errors: FieldErrors) => ({
    query,
    actions,
    units: choices,
    errors,
    list: null,
    names: {},
    exportQuery: "",
  });
  if (!parsed.success) return refused(fieldErrors(parsed.error));
  const { page, ...filter } = parsed.data;
  // Only the reader's own units are offered; another id is answered beside the field.
  if (filter.unit !== undefined && !units.some((unit) => unit.id === filter.unit)) {
    return refused({ unit: "form.unitOutOfScope" });
  }
  const list = await listAudit(db, {
    scopePath: user.unitPath,
    isTopLevel: user.isTopLevel,
    filter,
    page,
    pageSize: PAGE_SIZE,
  });
  // The export and the page links carry the filter as it was understood, without the page.
  const given = Object.entries(filter)
    .filter(([, value]) => value !== undefined && value !== "")
    .map(([name, value]) => [name, String(value)]);
  const exportQuery = new URLSearchParams(given).toString();
  // Units by their paths: one read of the units for the whole page, never one per entry.
  const words = unitWords(units, user.unitPath, list.entries);
  return {
    query,
    actions,
    units: choices,
    errors: {} as FieldErrors,
    list: { ...list, entries: words.entries, exportLimit: AUDIT_EXPORT_LIMIT },
    names: words.names,
    exportQuery,
  };
}

export default function AuditLog() {
  const { t } = useI18n();
  const { query, actions, units, errors, list, names, exportQuery } =
    useLoaderData<typeof loader>();
  const pageLink = (page: number) => `?${exportQuery ? `${exportQuery}&` : ""}page=${page}`;
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p>{t("audit.retention")}</p>
      <p>
        <Link to="/admin/sensitive-reads">{t("nav.sensitiveReads")}</Link>
      </p>
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
          <Field name="unit" label="audit.unit" error={errors.unit}>
            {(control) => (
              <select {...control} defaultValue={query.unit ?? ""}>
                <option value="">{t("audit.any")}</option>
                {units.map((unit) => (
                  <option key={unit.id} value={unit.id}>
                    {unit.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="kind" label="audit.kind" error={errors.kind}>
            {(control) => (
              <select {...control} defaultValue={query.kind ?? ""}>
                <option value="">{t("audit.any")}</option>
                {auditKindNames.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`audit.kind.${kind}`)}
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
        <AuditEntries list={list} names={names} pageLink={pageLink} exportQuery={exportQuery} />
      ) : null}
    </>
  );
}

type List = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["list"]>;

function AuditEntries({
  list,
  names,
  pageLink,
  exportQuery,
}: {
  list: List;
  names: Record<number, string>;
  pageLink: (page: number) => string;
  exportQuery: string;
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
          <AuditEntry key={entry.id} entry={entry} names={names} />
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

function AuditEntry({
  entry,
  names,
}: {
  entry: List["entries"][number];
  names: Record<number, string>;
}) {
  const { t, lang } = useI18n();
  const words = auditEntryWords(t, lang, entry, names);
  return (
    <li className="audit-entry">
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
        {words.target ? (
          <div>
            <dt>{t("audit.target")}</dt>
            <dd>{words.target}</dd>
          </div>
        ) : null}
        {words.unit ? (
          <div>
            <dt>{t("audit.unit")}</dt>
            <dd>{words.unit}</dd>
          </div>
        ) : null}
        {words.details.map((detail) => (
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
  );
}

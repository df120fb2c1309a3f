import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { listSensitiveReads } from "~/.server/privacy/sensitive-reads";
import { getLang } from "~/.server/request";
import { ErrorSummary, Field } from "~/components/form";
import { sensitiveReadPurposes } from "../../db/schema";
import type { MessageKey } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { sensitiveReadFilterSchema } from "~/lib/privacy-schema";
import type { FieldErrors } from "~/lib/schemas";
import { fieldErrors } from "~/lib/schemas";
import { formatDateTime } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";
import auditStyles from "~/styles/audit.css?url";

export const meta = pageTitle("reads.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: auditStyles }];

const PAGE_SIZE = 50;

const filterLabels: Record<string, MessageKey> = {
  actor: "reads.actor",
  purpose: "reads.purpose",
  from: "reads.from",
  to: "reads.to",
  page: "reads.pages",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin"]);
  const lang = await getLang(request);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = sensitiveReadFilterSchema.safeParse(query);
  if (!parsed.success) {
    return { query, errors: fieldErrors(parsed.error), list: null, filterQuery: "" };
  }
  const { page, ...filter } = parsed.data;
  const list = await listSensitiveReads(db, {
    scopePath: user.unitPath,
    filter,
    page,
    pageSize: PAGE_SIZE,
  });
  const given = Object.entries(filter)
    .filter(([, value]) => value !== undefined && value !== "")
    .map(([name, value]) => [name, String(value)]);
  return {
    query,
    errors: {} as FieldErrors,
    // Times are written here, on the server: a browser in another zone shows the same.
    list: {
      page,
      hasMore: list.hasMore,
      entries: list.entries.map((entry) => ({ ...entry, at: formatDateTime(lang, entry.at) })),
    },
    filterQuery: new URLSearchParams(given).toString(),
  };
}

export default function SensitiveReads() {
  const { t } = useI18n();
  const { query, errors, list, filterQuery } = useLoaderData<typeof loader>();
  const pageLink = (page: number) => `?${filterQuery ? `${filterQuery}&` : ""}page=${page}`;
  return (
    <>
      <h1>{t("reads.title")}</h1>
      <p>{t("reads.intro")}</p>
      <Form method="get" className="card">
        <ErrorSummary errors={errors} labels={filterLabels} />
        <div className="filters">
          <Field
            name="actor"
            label="reads.actor"
            defaultValue={query.actor ?? ""}
            autoComplete="off"
            error={errors.actor}
          />
          <Field name="purpose" label="reads.purpose" error={errors.purpose}>
            {(control) => (
              <select {...control} defaultValue={query.purpose ?? ""}>
                <option value="">{t("reads.any")}</option>
                {sensitiveReadPurposes.map((purpose) => (
                  <option key={purpose} value={purpose}>
                    {t(`purpose.${purpose}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            name="from"
            label="reads.from"
            type="date"
            defaultValue={query.from ?? ""}
            error={errors.from}
          />
          <Field
            name="to"
            label="reads.to"
            type="date"
            defaultValue={query.to ?? ""}
            error={errors.to}
          />
        </div>
        <div className="actions">
          <button type="submit">{t("reads.filter")}</button>
          <Link to="/admin/sensitive-reads">{t("reads.clear")}</Link>
        </div>
      </Form>
      {list ? <ReadList list={list} pageLink={pageLink} /> : null}
    </>
  );
}

type List = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["list"]>;

function ReadList({ list, pageLink }: { list: List; pageLink: (page: number) => string }) {
  const { t } = useI18n();
  if (list.entries.length === 0) return <p>{t("reads.empty")}</p>;
  return (
    <>
      <ol className="audit-list" aria-label={t("reads.title")}>
        {list.entries.map((entry) => (
          <li key={entry.id} className="audit-entry">
            <p className="audit-head">
              <strong>{t(`purpose.${entry.purpose}`)}</strong> <span>{entry.at}</span>
            </p>
            <dl className="audit-facts">
              <div>
                <dt>{t("reads.actor")}</dt>
                <dd>{entry.actor_username}</dd>
              </div>
              <div>
                <dt>{t("reads.unit")}</dt>
                <dd>{entry.unit_name ?? ""}</dd>
              </div>
              <div>
                <dt>{t("reads.records")}</dt>
                <dd>{entry.records}</dd>
              </div>
              <div>
                <dt>{t("reads.reason")}</dt>
                <dd>{entry.reason ?? t("reads.fixedPurpose")}</dd>
              </div>
              {entry.target ? (
                <div>
                  <dt>{t("reads.target")}</dt>
                  <dd>{entry.target}</dd>
                </div>
              ) : null}
            </dl>
          </li>
        ))}
      </ol>
      {list.page > 1 || list.hasMore ? (
        <nav className="pager" aria-label={t("reads.pages")}>
          {list.page > 1 ? (
            <Link to={pageLink(list.page - 1)} rel="prev">
              {t("reads.previous")}
            </Link>
          ) : null}
          {list.hasMore ? (
            <Link to={pageLink(list.page + 1)} rel="next">
              {t("reads.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { dutyKinds, dutyStatuses } from "../../db/schema";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { photoCounts } from "~/.server/photos/store";
import { listDuties, villagesInScope } from "~/.server/records/duties";
import { formatDay } from "~/.server/records/shown";
import { getLang } from "~/.server/request";
import { hasRole, rolesFor } from "~/.server/scope";
import { ErrorSummary, Field } from "~/components/form";
import { DutyEntryText } from "~/components/duty-entry";
import { dutyFilterSchema } from "~/lib/duty-schema";
import type { MessageKey } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import type { FieldErrors } from "~/lib/schemas";
import { fieldErrors } from "~/lib/schemas";
import { useI18n } from "~/lib/use-i18n";
import recordsStyles from "~/styles/records.css?url";

export const meta = pageTitle("duty.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: recordsStyles }];

const PAGE_SIZE = 30;

const filterLabels: Record<string, MessageKey> = {
  villageId: "duty.person.village",
  kind: "duty.field.kind",
  status: "duty.col.status",
  month: "duty.filter.month",
  from: "duty.filter.from",
  to: "duty.filter.to",
  page: "duty.pages",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const lang = await getLang(request);
  const query = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = dutyFilterSchema.safeParse(query);
  const villages = await villagesInScope(db, { scopePath: user.unitPath });
  const canManage = hasRole(user, rolesFor.manageLearners);
  if (!parsed.success) {
    return {
      query,
      villages,
      canManage,
      errors: fieldErrors(parsed.error),
      list: null,
      filterQuery: "",
    };
  }
  const { page, ...filter } = parsed.data;
  const list = await listDuties(db, {
    scopePath: user.unitPath,
    filter,
    page,
    pageSize: PAGE_SIZE,
  });
  const photos = await photoCounts(
    db,
    list.entries.map((entry) => entry.id),
  );
  const given = Object.entries(filter)
    .filter((entry) => entry[1] !== undefined && entry[1] !== null)
    .map(([key, value]) => [key, String(value)]);
  return {
    query,
    villages,
    canManage,
    errors: {} as FieldErrors,
    list: {
      ...list,
      entries: list.entries.map(({ occurredOn, ...entry }) => ({
        ...entry,
        date: formatDay(lang, occurredOn),
        photos: photos.get(entry.id) ?? 0,
      })),
    },
    filterQuery: new URLSearchParams(given).toString(),
  };
}

export default function DutyLedger() {
  const { t } = useI18n();
  const { query, villages, canManage, errors, list, filterQuery } = useLoaderData<typeof loader>();
  const pageLink = (page: number) => `?${filterQuery ? `${filterQuery}&` : ""}page=${page}`;
  return (
    <>
      <h1>{t("duty.title")}</h1>
      <ul className="actions learner-links">
        <li>
          <Link to="/duties/queue">{t("duty.queue.title")}</Link>
        </li>
        {canManage ? (
          <li>
            <Link to="/duties/new">{t("duty.new.title")}</Link>
          </li>
        ) : null}
        <li>
          <Link to="/learners/hours">{t("duty.hoursList.title")}</Link>
        </li>
      </ul>
      <Form method="get" className="card">
        <ErrorSummary errors={errors} labels={filterLabels} />
        <div className="filters">
          <Field name="villageId" label="duty.person.village" error={errors.villageId}>
            {(control) => (
              <select {...control} defaultValue={query.villageId ?? ""}>
                <option value="">{t("duty.filter.any")}</option>
                {villages.map((village) => (
                  <option key={village.id} value={village.id}>
                    {village.name}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="kind" label="duty.field.kind" error={errors.kind}>
            {(control) => (
              <select {...control} defaultValue={query.kind ?? ""}>
                <option value="">{t("duty.filter.any")}</option>
                {dutyKinds.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`duty.kind.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="status" label="duty.col.status" error={errors.status}>
            {(control) => (
              <select {...control} defaultValue={query.status ?? ""}>
                <option value="">{t("duty.filter.any")}</option>
                {dutyStatuses.map((status) => (
                  <option key={status} value={status}>
                    {t(`duty.status.${status}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            name="month"
            label="duty.filter.month"
            type="month"
            defaultValue={query.month ?? ""}
            error={errors.month}
          />
          <Field
            name="from"
            label="duty.filter.from"
            type="date"
            defaultValue={query.from ?? ""}
            error={errors.from}
          />
          <Field
            name="to"
            label="duty.filter.to"
            type="date"
            defaultValue={query.to ?? ""}
            error={errors.to}
          />
        </div>
        <div className="actions">
          <button type="submit">{t("duty.filter.apply")}</button>
          <Link to="/duties">{t("duty.filter.clear")}</Link>
        </div>
      </Form>
      {list ? (
        list.total === 0 ? (
          <p>{t("duty.noEntries")}</p>
        ) : (
          <>
            <p>
              {t("duty.count", { count: list.total })} ·{" "}
              {t("duty.page", { page: list.page, pages: list.pages })}
            </p>
            <ol className="duty-list" aria-label={t("duty.title")}>
              {list.entries.map((entry) => (
                <li key={entry.id} className="duty-entry">
                  <DutyEntryText entry={entry} />
                  <p>
                    <Link
                      to={`/duties/${entry.id}`}
                      aria-label={t("duty.entry.openLabel", { name: entry.name, date: entry.date })}
                    >
                      {t("duty.entry.open")}
                    </Link>
                    {entry.photos > 0 ? ` · ${t("photo.count", { count: entry.photos })}` : null}
                  </p>
                </li>
              ))}
            </ol>
            {list.pages > 1 ? (
              <nav className="pager" aria-label={t("duty.pages")}>
                {list.page > 1 ? <Link to={pageLink(list.page - 1)}>{t("duty.prev")}</Link> : null}
                {list.page < list.pages ? (
                  <Link to={pageLink(list.page + 1)}>{t("duty.next")}</Link>
                ) : null}
              </nav>
            ) : null}
          </>
        )
      ) : null}
    </>
  );
}

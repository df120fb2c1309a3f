import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { listVillagesInScope, parseEventListQuery } from "~/.server/events/event-list-query";
import { listEventsPage } from "~/.server/events/events-page";
import { listTodayEvents } from "~/.server/events/today";
import { Field } from "~/components/form";
import { StatusTag } from "~/components/status-tag";
import { TodayEvents } from "~/components/today-events";
import { displayedStatuses } from "~/lib/event-status";
import { pageTitle } from "~/lib/meta";
import { formatDateTimeRange } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("events.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const stamp = now();
  const villages = await listVillagesInScope(db, { scopePath: user.unitPath });
  const query = parseEventListQuery(new URL(request.url).searchParams, villages);
  const [today, list] = await Promise.all([
    listTodayEvents(db, { scopePath: user.unitPath, now: stamp }),
    listEventsPage(db, {
      scopePath: user.unitPath,
      now: stamp,
      filters: query.filters,
      page: query.page,
    }),
  ]);
  // A card names its village as the filter does: "横泾街道 · 舟山村" where the name repeats.
  const labels = new Map(villages.map((village) => [village.id, village.label]));
  return {
    today,
    list: {
      ...list,
      events: list.events.map(({ village_id, village_name, ...event }) => ({
        ...event,
        village: village_id ? (labels.get(village_id) ?? village_name) : null,
      })),
    },
    villages: villages.map(({ id, label }) => ({ id, label })),
    values: query.values,
    errors: query.errors,
    canManage: user.role !== "official",
  };
}

export default function Events() {
  const { t, lang } = useI18n();
  const { today, list, villages, values, errors, canManage } = useLoaderData<typeof loader>();
  const filtered = Object.values(values).some(Boolean);
  const pageLink = (page: number) => {
    const used = Object.entries(values).filter(
      ([field, value]) => value && !errors[field as keyof typeof errors],
    );
    const params = new URLSearchParams(used);
    params.set("page", String(page));
    return `/events?${params}`;
  };
  return (
    <>
      <h1>{t("events.title")}</h1>
      {canManage ? (
        <p>
          <Link className="button" to="/events/new">
            {t("events.new")}
          </Link>
        </p>
      ) : null}
      <TodayEvents events={today} runsDoor={canManage} />
      <section aria-labelledby="all-events">
        <h2 id="all-events">{t("events.mine")}</h2>
        <details className="fold" open={filtered}>
          <summary>{t("events.filter")}</summary>
          <Form method="get" className="filters" aria-label={t("events.filter")}>
            <Field name="status" label="events.filterStatus" error={errors.status}>
              {(control) => (
                <select {...control} defaultValue={values.status}>
                  <option value="">{t("events.any")}</option>
                  {displayedStatuses.map((status) => (
                    <option key={status} value={status}>
                      {t(`status.${status}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field
              name="from"
              label="events.filterFrom"
              type="date"
              defaultValue={errors.from ? "" : values.from}
              error={errors.from}
            />
            <Field
              name="to"
              label="events.filterTo"
              type="date"
              defaultValue={errors.to ? "" : values.to}
              error={errors.to}
            />
            <Field name="village" label="event.village" error={errors.village}>
              {(control) => (
                <select {...control} defaultValue={errors.village ? "" : values.village}>
                  <option value="">{t("events.any")}</option>
                  {villages.map((village) => (
                    <option key={village.id} value={village.id}>
                      {village.label}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div className="field actions">
              <button type="submit">{t("events.filter")}</button>
              {filtered ? <Link to="/events">{t("events.filterClear")}</Link> : null}
            </div>
          </Form>
        </details>
        {list.total === 0 ? (
          <p>{filtered ? t("events.noMatch") : t("events.empty")}</p>
        ) : (
          <>
            <p className="hint">
              {t("events.range", { from: list.first, to: list.last, total: list.total })}
            </p>
            <ul className="plain-list event-cards">
              {list.events.map((event) => (
                <li key={event.id} className="card event-card">
                  <h3>
                    <Link to={`/events/${event.id}`}>{event.title}</Link>
                  </h3>
                  <p>
                    <StatusTag status={event.status} />{" "}
                    <span className="tag">{t(`format.${event.format}`)}</span>{" "}
                    {event.visibility === "internal" ? (
                      <span className="tag">{t("visibility.internal")}</span>
                    ) : null}
                  </p>
                  <p>{formatDateTimeRange(lang, event.starts_at, event.ends_at)}</p>
                  <p>
                    {event.venue}
                    {event.village ? ` · ${event.village}` : null}
                  </p>
                  <p>{t("events.checkinCount", { count: event.checkins ?? 0 })}</p>
                </li>
              ))}
            </ul>
            {list.page > 1 || list.hasNext ? (
              <nav className="pager" aria-label={t("events.pages")}>
                {list.page > 1 ? (
                  <Link to={pageLink(list.page - 1)} rel="prev">
                    {t("events.previous")}
                  </Link>
                ) : null}
                {list.hasNext ? (
                  <Link to={pageLink(list.page + 1)} rel="next">
                    {t("events.next")}
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </>
        )}
      </section>
    </>
  );
}

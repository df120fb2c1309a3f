import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { listEventsInScope } from "~/.server/events/events";
import { formatDateTime } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("events.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const events = await listEventsInScope(db, { scopePath: user.unitPath });
  return { events, canManage: user.role !== "official" };
}

export default function Events() {
  const { t, lang } = useI18n();
  const { events, canManage } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("events.title")}</h1>
      <p>{t("events.mine")}</p>
      {canManage ? (
        <p>
          <Link className="button" to="/events/new">
            {t("events.new")}
          </Link>
        </p>
      ) : null}
      {events.length === 0 ? (
        <p>{t("events.empty")}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="events-caption" tabIndex={0}>
          <table>
            <caption id="events-caption" className="visually-hidden">
              {t("events.title")}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t("event.title")}</th>
                <th scope="col">{t("event.time")}</th>
                <th scope="col">{t("event.venue")}</th>
                <th scope="col">{t("event.status")}</th>
                <th scope="col">{t("event.checkins")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((event) => (
                <tr key={event.id}>
                  <td>
                    <Link to={`/events/${event.id}`}>{event.title}</Link>
                    <br />
                    <span className="tag">{t(`format.${event.format}`)}</span>{" "}
                    {event.visibility === "internal" ? (
                      <span className="tag">{t("visibility.internal")}</span>
                    ) : null}
                  </td>
                  <td>{formatDateTime(lang, event.starts_at)}</td>
                  <td>
                    {event.village_name
                      ? t("common.aside", { text: event.venue, aside: event.village_name })
                      : event.venue}
                  </td>
                  <td>{t(`status.${event.status}`)}</td>
                  <td>{event.checkins}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

import { Link } from "@remix-run/react";
import type { DisplayedStatus } from "~/lib/event-status";
import { formatClock } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";
import { StatusTag } from "./status-tag";

type TodayEvent = {
  id: number;
  title: string;
  status: DisplayedStatus;
  starts_at: string;
  ends_at: string;
  venue: string;
  village_name: string | null;
  checkins: number | null;
  code: string;
  visibility: string;
};

/**
 * 今日: what runs now and later today. Who runs events gets one tap to its door, projector and
 * poster; an official, who only reads, gets the figures and the public page instead.
 */
export function TodayEvents({ events, runsDoor }: { events: TodayEvent[]; runsDoor: boolean }) {
  const { t } = useI18n();
  return (
    <section className="today" aria-labelledby="today-title">
      <h2 id="today-title">{t("today.title")}</h2>
      {events.length === 0 ? (
        <p>{t("today.empty")}</p>
      ) : (
        <ul className="plain-list">
          {events.map((event) => (
            <li key={event.id} className="today-event">
              <p className="today-when">
                <StatusTag status={event.status} /> {formatClock(event.starts_at)}–
                {formatClock(event.ends_at)}
              </p>
              <h3>
                <Link to={`/events/${event.id}`}>{event.title}</Link>
              </h3>
              <p>
                {event.venue}
                {event.village_name ? ` · ${event.village_name}` : null} ·{" "}
                {t("events.checkinCount", { count: event.checkins ?? 0 })}
              </p>
              {runsDoor ? (
                <p className="today-actions">
                  <Link className="button" to={`/events/${event.id}/attendance`}>
                    {t("today.door")}
                  </Link>
                  <Link className="button secondary" to={`/events/${event.id}/projector`}>
                    {t("today.projector")}
                  </Link>
                  <Link className="button secondary" to={`/events/${event.id}/poster`}>
                    {t("today.poster")}
                  </Link>
                </p>
              ) : (
                <p className="today-actions">
                  <Link to={`/events/${event.id}/report`}>{t("today.figures")}</Link>
                  {event.visibility === "public" ? (
                    <Link to={`/e/${event.code}`}>{t("events.publicPage")}</Link>
                  ) : null}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

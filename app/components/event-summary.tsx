import { Link } from "@remix-run/react";
import type { DisplayedStatus } from "~/lib/event-status";
import { formatDateTimeRange } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";
import { StatusTag } from "./status-tag";

type Listed = {
  code: string;
  title: string;
  format: string;
  starts_at: string;
  ends_at: string;
  venue: string;
  status: DisplayedStatus;
  cancel_reason: string | null;
  village_name: string | null;
};

/**
 * One public event in the home page's list: what, when, where; a cancellation says why, and an
 * event on now offers its check-in.
 */
export function EventSummary({ event }: { event: Listed }) {
  const { t, lang } = useI18n();
  const cancelled = event.status === "cancelled";
  return (
    <li className="card">
      <h3>
        <Link to={`/e/${event.code}`}>{event.title}</Link>
      </h3>
      <p>
        <span className="tag">{t(`format.${event.format as "lecture"}`)}</span>{" "}
        {event.status === "published" ? null : <StatusTag status={event.status} />}
      </p>
      <p>
        {formatDateTimeRange(lang, event.starts_at, event.ends_at)} ·{" "}
        {event.village_name
          ? t("common.aside", { text: event.venue, aside: event.village_name })
          : event.venue}
      </p>
      {event.status === "running" ? (
        <p>
          <a className="button" href={`/c/${event.code}`}>
            {t("events.checkinNow")}
          </a>
        </p>
      ) : null}
      {cancelled ? (
        <p>
          <strong>{t("events.cancelledNotice", { reason: event.cancel_reason ?? "" })}</strong>
        </p>
      ) : null}
    </li>
  );
}

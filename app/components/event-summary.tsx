import { Link } from "@remix-run/react";
import { formatDateTime } from "~/lib/i18n";
import { useI18n } from "~/lib/use-i18n";

type Listed = {
  code: string;
  title: string;
  format: string;
  starts_at: string;
  venue: string;
  status: string;
  cancel_reason: string | null;
  village_name: string | null;
};

/** One public event in the home page's list: what, when, where; a cancellation says why. */
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
        {cancelled ? <span className="tag">{t("status.cancelled")}</span> : null}
      </p>
      <p>
        {formatDateTime(lang, event.starts_at)} ·{" "}
        {event.village_name
          ? t("common.aside", { text: event.venue, aside: event.village_name })
          : event.venue}
      </p>
      {cancelled ? (
        <p>
          <strong>{t("events.cancelledNotice", { reason: event.cancel_reason ?? "" })}</strong>
        </p>
      ) : null}
    </li>
  );
}

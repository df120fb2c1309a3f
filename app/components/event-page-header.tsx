import { Link } from "@remix-run/react";
import type { DisplayedStatus } from "~/lib/event-status";
import type { MessageKey } from "~/lib/i18n";
import { formatDateTime } from "~/lib/i18n";
import { useI18n } from "~/lib/use-i18n";
import { StatusTag } from "./status-tag";

/** The top of an event's working pages: what page, which event, when and where, where next. */
export function EventPageHeader({
  heading,
  event,
  links,
}: {
  heading: MessageKey;
  event: { title: string; startsAt: string; venue: string; shownStatus: DisplayedStatus };
  links: { to: string; label: MessageKey }[];
}) {
  const { t, lang } = useI18n();
  return (
    <>
      <h1>
        {t(heading)} · {event.title}
      </h1>
      <p>
        {formatDateTime(lang, event.startsAt)} · {event.venue}{" "}
        <StatusTag status={event.shownStatus} />
      </p>
      <p className="actions">
        {links.map((link) => (
          <Link key={link.to} to={link.to}>
            {t(link.label)}
          </Link>
        ))}
      </p>
    </>
  );
}

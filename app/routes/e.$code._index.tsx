import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { db } from "~/.server/db";
import { publicBase } from "~/.server/events/poster";
import { getPublicEvent } from "~/.server/events/public-events";
import { eventPreviewTags } from "~/.server/previews/previews";
import { getLang } from "~/.server/request";
import { defaultLang, formatDateTime, localName, translator } from "~/lib/i18n";
import type { Lang } from "~/lib/i18n";
import { pageTitle, previewTags } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import { EventDetailRow } from "~/components/event-detail-row";
import { StatusTag } from "~/components/status-tag";

export const meta: MetaFunction<typeof loader> = (args) => {
  if (args.error || !args.data) return pageTitle(null)(args);
  const root = args.matches.find((match) => match.id === "root")?.data as { lang?: Lang };
  const t = translator(root?.lang ?? defaultLang);
  return [
    { title: `${args.data.event.title} · ${t("app.name")}` },
    ...previewTags({ title: args.data.event.title, ...args.data.preview }, t("app.name")),
  ];
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await getPublicEvent(db, { code: params.code ?? "" });
  const { updated_at: _stamp, ...event } = found;
  // A phone calendar is for what is still ahead: an event that has ended offers none.
  const ended = Date.parse(event.ends_at) <= Date.now();
  const preview = eventPreviewTags(found, {
    lang: await getLang(request),
    base: publicBase(request),
  });
  return { event, ended, preview };
}

export default function PublicEvent() {
  const { t, lang } = useI18n();
  const { event, ended } = useLoaderData<typeof loader>();
  const cancelled = event.status === "cancelled";
  return (
    <article>
      <h1>{event.title}</h1>
      <p>
        <StatusTag status={event.shown_status} />
      </p>
      {event.shown_status === "running" ? (
        <p>
          <a className="button" href={`/c/${event.code}`}>
            {t("events.checkinNow")}
          </a>
        </p>
      ) : null}
      {cancelled ? (
        <p className="error-summary" role="note">
          {t("events.cancelledNotice", { reason: event.cancel_reason ?? "" })}
        </p>
      ) : null}
      <dl>
        <EventDetailRow label="event.time">
          {formatDateTime(lang, event.starts_at)} – {formatDateTime(lang, event.ends_at)}
        </EventDetailRow>
        <EventDetailRow label="event.venue">{event.venue}</EventDetailRow>
        {event.village_name ? (
          <EventDetailRow label="event.village">{event.village_name}</EventDetailRow>
        ) : null}
        <EventDetailRow label="event.format">{t(`format.${event.format}`)}</EventDetailRow>
        {event.campaign_name ? (
          <EventDetailRow label="event.campaign">
            {localName(lang, event.campaign_name, event.campaign_name_en)}
          </EventDetailRow>
        ) : null}
        <EventDetailRow label="event.audience">
          {event.audience.map((group) => t(`group.${group}`)).join(t("common.listSeparator"))}
          {event.audience.includes("youth") ? <p className="hint">{t("event.childNote")}</p> : null}
        </EventDetailRow>
        {event.laws ? <EventDetailRow label="event.laws">{event.laws}</EventDetailRow> : null}
        {event.speaker ? (
          <EventDetailRow label="event.speaker">
            {event.speaker_role
              ? t("common.aside", {
                  text: event.speaker,
                  aside: t(`speakerRole.${event.speaker_role}`),
                })
              : event.speaker}
          </EventDetailRow>
        ) : null}
      </dl>
      {event.description ? <p className="pre-line">{event.description}</p> : null}
      {cancelled || ended ? null : (
        <p>
          <a className="button" href={`/e/${event.code}/calendar.ics`} download>
            {t("events.addToCalendar")}
          </a>
        </p>
      )}
      {/* Never a dead end: an event past, cancelled or not open yet points on to what is next. */}
      <p>
        <a href="/">{t("checkin.moreEvents")}</a>
      </p>
    </article>
  );
}

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { db } from "~/.server/db";
import { handle } from "~/.server/errors";
import { getPublicEvent } from "~/.server/events/public-events";
import type { MessageKey } from "~/lib/i18n";
import { defaultLang, formatDateTime, translator } from "~/lib/i18n";
import type { Lang } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";

export const meta: MetaFunction<typeof loader> = (args) => {
  if (args.error || !args.data) return pageTitle(null)(args);
  const root = args.matches.find((match) => match.id === "root")?.data as { lang?: Lang };
  const t = translator(root?.lang ?? defaultLang);
  return [{ title: `${args.data.event.title} · ${t("app.name")}` }];
};

export async function loader({ params }: LoaderFunctionArgs) {
  return handle(async () => ({ event: await getPublicEvent(db, { code: params.code ?? "" }) }));
}

function Row({ label, children }: { label: MessageKey; children: React.ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <dt>{t(label)}</dt>
      <dd>{children}</dd>
    </>
  );
}

export default function PublicEvent() {
  const { t, lang } = useI18n();
  const { event } = useLoaderData<typeof loader>();
  const cancelled = event.status === "cancelled";
  return (
    <article>
      <h1>{event.title}</h1>
      {cancelled ? (
        <p className="error-summary" role="note">
          {t("events.cancelledNotice", { reason: event.cancel_reason ?? "" })}
        </p>
      ) : null}
      <dl>
        <Row label="event.time">
          {formatDateTime(lang, event.starts_at)} – {formatDateTime(lang, event.ends_at)}
        </Row>
        <Row label="event.venue">{event.venue}</Row>
        {event.village_name ? <Row label="event.village">{event.village_name}</Row> : null}
        <Row label="event.format">{t(`format.${event.format}`)}</Row>
        {event.campaign_name ? <Row label="event.campaign">{event.campaign_name}</Row> : null}
        <Row label="event.audience">
          {event.audience.map((group) => t(`group.${group}`)).join("、")}
        </Row>
        {event.laws ? <Row label="event.laws">{event.laws}</Row> : null}
        {event.speaker ? (
          <Row label="event.speaker">
            {event.speaker}
            {event.speaker_role ? `（${t(`speakerRole.${event.speaker_role}`)}）` : null}
          </Row>
        ) : null}
      </dl>
      {event.description ? <p style={{ whiteSpace: "pre-line" }}>{event.description}</p> : null}
      {cancelled ? null : (
        <p>
          <a className="button" href={`/e/${event.code}/calendar.ics`} download>
            {t("events.addToCalendar")}
          </a>
        </p>
      )}
    </article>
  );
}

import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { rolesFor } from "~/.server/scope";
import { idParam } from "~/.server/errors";
import { getPoster, linkBaseOf } from "~/.server/events/poster";
import { env } from "~/.server/env";
import { getLang } from "~/.server/request";
import type { Lang } from "~/lib/i18n";
import { defaultLang, translator } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { retentionPeriod } from "~/lib/retention";
import { formatDateTime, formatDateTimeRange } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";
import type { PageHandle } from "~/root";
import posterStyles from "~/styles/poster.css?url";

export const handle: PageHandle = { chrome: false };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: posterStyles }];

/** "签到海报 · <event title>": the title also heads the printout when the browser adds one. */
export const meta: MetaFunction<typeof loader> = (args) => {
  if (args.error || !args.data) return pageTitle("poster.title")(args);
  const root = args.matches.find((match) => match.id === "root")?.data as
    | { lang?: Lang }
    | undefined;
  const t = translator(root?.lang ?? defaultLang);
  return [{ title: `${t("poster.title")} · ${args.data.title}` }];
};

// Dates are written here on the server and sent as text: a browser in another time zone or with
// another ICU would write them differently and the page would not hydrate.
export async function loader({ request, params }: LoaderFunctionArgs) {
  // The code that checks people in is for those who run the door; officials read the figures.
  const user = await requireRole(request, rolesFor.manageEvents);
  const lang = await getLang(request);
  const poster = await getPoster(db, {
    id: idParam(params.id),
    scopePath: user.unitPath,
    base: linkBaseOf(request),
  });
  return {
    ...poster,
    when: formatDateTimeRange(lang, poster.startsAt, poster.endsAt),
    opens: formatDateTime(lang, poster.opensAt),
    linkHost: new URL(poster.link).host,
    retentionDays: env.RETENTION_DAYS,
  };
}

/** A role after a name: full-width brackets in Chinese, half-width in English. */
const parenthesised = (lang: Lang, text: string) => (lang === "en" ? ` (${text})` : `（${text}）`);

/** Printing works from the browser's menu; once scripts run, a button does the same. */
function PrintButton() {
  const { t } = useI18n();
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  if (!ready) return null;
  return (
    <button type="button" onClick={() => window.print()}>
      {t("poster.print")}
    </button>
  );
}

export default function Poster() {
  const { t, lang } = useI18n();
  const poster = useLoaderData<typeof loader>();
  const place = poster.villageName
    ? t("common.aside", { text: poster.venue, aside: poster.villageName })
    : poster.venue;
  return (
    <>
      <section className="poster-tools" aria-labelledby="poster-tools">
        <h1 id="poster-tools">
          {t("poster.title")} · {poster.title}
        </h1>
        {poster.status === "draft" ? <p className="poster-note">{t("poster.draftNote")}</p> : null}
        {poster.linkWarning ? (
          <p className="poster-note poster-warning" role="note">
            {t(
              poster.linkWarning === "this_machine"
                ? "poster.warnThisMachine"
                : "poster.warnThisNetwork",
              {
                host: poster.linkHost,
              },
            )}
          </p>
        ) : null}
        {poster.rotating ? <p className="poster-note">{t("poster.rotatingNote")}</p> : null}
        <p>{t("poster.printHint")}</p>
        <PrintButton />
        <ul>
          <li>
            <a href={`/events/${poster.id}/qr.svg`} download>
              {t("poster.downloadSvg")}
            </a>
          </li>
          <li>
            <a href={`/events/${poster.id}/qr.png`} download>
              {t("poster.downloadPng")}
            </a>
          </li>
          <li>
            <Link to={`/events/${poster.id}/projector`}>{t("poster.toProjector")}</Link>
          </li>
          <li>
            <Link to={`/events/${poster.id}`}>{t("poster.toEvent")}</Link>
          </li>
        </ul>
      </section>
      <article className="poster-sheet" aria-label={t("poster.title")}>
        <h2 className="poster-title">{poster.title}</h2>
        <dl className="poster-facts">
          <div>
            <dt>{t("event.time")}</dt>
            <dd>{poster.when}</dd>
          </div>
          <div>
            <dt>{t("event.venue")}</dt>
            <dd>{place}</dd>
          </div>
          <div>
            <dt>{t("event.hostUnit")}</dt>
            <dd>{poster.hostName}</dd>
          </div>
          {poster.speaker ? (
            <div>
              <dt>{t("event.speaker")}</dt>
              <dd>
                {poster.speaker}
                {poster.speakerRole
                  ? parenthesised(lang, t(`speakerRole.${poster.speakerRole}`))
                  : null}
              </dd>
            </div>
          ) : null}
          {poster.laws ? (
            <div>
              <dt>{t("event.laws")}</dt>
              <dd>{poster.laws}</dd>
            </div>
          ) : null}
        </dl>
        {poster.qrSvg ? (
          <div className="poster-qr-block">
            <p className="poster-scan">{t("poster.scan")}</p>
            <div
              className="poster-qr"
              role="img"
              aria-label={t("poster.qrLabel", { link: poster.link })}
              dangerouslySetInnerHTML={{ __html: poster.qrSvg }}
            />
            <p className="poster-how">{t("poster.scanHow")}</p>
            <p className="poster-link">
              {t("poster.linkIntro")}
              <br />
              <span className="poster-url">{poster.link}</span>
            </p>
          </div>
        ) : (
          <p className="poster-scan poster-screen">{t("poster.rotatingScreen")}</p>
        )}
        <p className="poster-opens">{t("poster.opens", { time: poster.opens })}</p>
        <p className="poster-privacy">
          {t("poster.privacy", {
            collector: poster.hostName,
            period: retentionPeriod(t, poster.retentionDays),
          })}
        </p>
      </article>
    </>
  );
}

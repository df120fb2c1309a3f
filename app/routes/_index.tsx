import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { getCurrentUser } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import {
  listPublicEvents,
  listPublicFilterOptions,
  parsePublicFilters,
} from "~/.server/events/public-events";
import { describeCoverage } from "~/.server/units/units";
import { EventSummary } from "~/components/event-summary";
import { audienceGroups, eventFormats } from "../../db/schema";
import { pageTitle } from "~/lib/meta";
import { localName } from "~/lib/i18n";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("home.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const filters = parsePublicFilters(new URL(request.url).searchParams);
  const stamp = now();
  const [coverage, user, events, options] = await Promise.all([
    describeCoverage(db),
    getCurrentUser(request),
    listPublicEvents(db, { now: stamp, filters }),
    listPublicFilterOptions(db, { now: stamp }),
  ]);
  return { coverage, loggedIn: user !== null, events, options, filters };
}

export default function Home() {
  const { t, lang } = useI18n();
  const { coverage, loggedIn, events, options, filters } = useLoaderData<typeof loader>();
  const any = <option value="">{t("events.any")}</option>;
  const filtered = Object.values(filters).some((value) => value !== undefined);
  return (
    <>
      <h1>{t("home.title")}</h1>
      <section aria-labelledby="upcoming">
        <h2 id="upcoming">{t("events.upcoming")}</h2>
        {/* Folded, so that on a phone the first event is on the first screen. */}
        <details className="fold" open={filtered}>
          <summary>{t("events.filter")}</summary>
          <Form method="get" className="filters" aria-label={t("events.filter")}>
            <div className="field">
              <label htmlFor="filter-village">{t("event.village")}</label>
              <select id="filter-village" name="village" defaultValue={filters.village ?? ""}>
                {any}
                {options.villages.map((village) => (
                  <option key={village.id} value={village.id}>
                    {village.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="filter-format">{t("event.format")}</label>
              <select id="filter-format" name="format" defaultValue={filters.format ?? ""}>
                {any}
                {eventFormats.map((format) => (
                  <option key={format} value={format}>
                    {t(`format.${format}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="filter-audience">{t("event.audience")}</label>
              <select id="filter-audience" name="audience" defaultValue={filters.audience ?? ""}>
                {any}
                {audienceGroups.map((group) => (
                  <option key={group} value={group}>
                    {t(`group.${group}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="filter-campaign">{t("event.campaign")}</label>
              <select id="filter-campaign" name="campaign" defaultValue={filters.campaign ?? ""}>
                {any}
                {options.campaigns.map((campaign) => (
                  <option key={campaign.id} value={campaign.id}>
                    {localName(lang, campaign.name, campaign.name_en)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <button type="submit">{t("events.filter")}</button>
            </div>
          </Form>
        </details>
        {events.length === 0 ? (
          <p>{t("events.noUpcoming")}</p>
        ) : (
          <ul className="plain-list">
            {events.map((event) => (
              <EventSummary key={event.code} event={event} />
            ))}
          </ul>
        )}
        <p>
          <a href="/calendar.ics">{t("events.calendar")}</a>
        </p>
      </section>
      <p>{t("home.intro")}</p>
      {coverage ? (
        <section aria-labelledby="coverage">
          <h2 id="coverage">{t("home.coverage")}</h2>
          <p>{t("home.coverageCount", { unit: coverage.unit, count: coverage.villages.length })}</p>
          <ul className="villages">
            {coverage.villages.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <p>
        <Link className="button" to={loggedIn ? "/dashboard" : "/login"}>
          {loggedIn ? t("nav.dashboard") : t("home.staffEntry")}
        </Link>
      </p>
    </>
  );
}

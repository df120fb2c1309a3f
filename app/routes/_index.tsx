import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { getCurrentUser } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { publicBase } from "~/.server/events/poster";
import { publicHome } from "~/.server/events/public-events";
import { homePreviewTags } from "~/.server/previews/previews";
import { getLang } from "~/.server/request";
import { describeCoverage } from "~/.server/units/units";
import { EventSummary } from "~/components/event-summary";
import { audienceGroups, eventFormats } from "../../db/schema";
import { pageTitle, previewTags } from "~/lib/meta";
import { localName } from "~/lib/i18n";
import { useI18n } from "~/lib/use-i18n";

export const meta: MetaFunction<typeof loader> = (args) => {
  const title = pageTitle("home.title")(args);
  if (args.error || !args.data) return title;
  const { siteName, ...preview } = args.data.preview;
  return [...title, ...previewTags(preview, siteName)];
};

export async function loader({ request }: LoaderFunctionArgs) {
  const [coverage, user, home, lang] = await Promise.all([
    describeCoverage(db),
    getCurrentUser(request),
    publicHome(db, { now: now(), params: new URL(request.url).searchParams }),
    getLang(request),
  ]);
  const preview = homePreviewTags(coverage?.unit ?? null, { lang, base: publicBase(request) });
  return { coverage, loggedIn: user !== null, ...home, preview };
}

/**
 * Sub-district, then village. Without JavaScript the chosen sub-district narrows the villages
 * once the form is sent; with it, at once. A village list reset by a new sub-district starts at
 * "any".
 */
function PlaceFilters() {
  const { t } = useI18n();
  const { options, filters } = useLoaderData<typeof loader>();
  const [area, setArea] = useState(filters.area ? String(filters.area) : "");
  const villages = area
    ? options.villages.filter((village) => String(village.areaId) === area)
    : options.villages;
  return (
    <>
      {options.areas.length > 1 ? (
        <div className="field">
          <label htmlFor="filter-area">{t("home.filterArea")}</label>
          <p className="hint" id="filter-area-hint">
            {t("home.filterAreaHint")}
          </p>
          <select
            id="filter-area"
            name="area"
            aria-describedby="filter-area-hint"
            value={area}
            onChange={(event) => setArea(event.target.value)}
          >
            <option value="">{t("events.any")}</option>
            {options.areas.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unit.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <div className="field">
        <label htmlFor="filter-village">{t("event.village")}</label>
        <select
          key={area}
          id="filter-village"
          name="village"
          defaultValue={area === String(filters.area ?? "") ? (filters.village ?? "") : ""}
        >
          <option value="">{t("events.any")}</option>
          {villages.map((village) => (
            <option key={village.id} value={village.id}>
              {village.label}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

/** The deployment's own area, counted from its units, each sub-district opening its own page. */
function Area() {
  const { t } = useI18n();
  const { coverage } = useLoaderData<typeof loader>();
  if (!coverage) return null;
  const villages = (count: number) => t("home.areaVillages", { count });
  return (
    <section aria-labelledby="coverage">
      <h2 id="coverage">{t("home.coverage")}</h2>
      <p>
        {coverage.level === "district"
          ? t("home.area", {
              unit: coverage.unit,
              subdistricts: t("home.areaSubdistricts", { count: coverage.areas.length }),
              villages: villages(coverage.villageCount),
            })
          : t("common.labelled", { label: coverage.unit, value: villages(coverage.villageCount) })}
      </p>
      <ul className="villages">
        {coverage.areas.map((area) => (
          <li key={area.id}>
            <Link to={`/s/${area.id}`}>
              {t("home.areaLink", { name: area.name, villages: villages(area.villages.length) })}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function Home() {
  const { t, lang } = useI18n();
  const { loggedIn, events, options, filters } = useLoaderData<typeof loader>();
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
            <PlaceFilters />
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
      <Area />
      <p>
        <Link className="button" to={loggedIn ? "/dashboard" : "/login"}>
          {loggedIn ? t("nav.dashboard") : t("home.staffEntry")}
        </Link>
      </p>
    </>
  );
}

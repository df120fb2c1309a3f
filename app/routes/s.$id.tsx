import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { publicAreaPage } from "~/.server/events/public-events";
import { EventSummary } from "~/components/event-summary";
import { defaultLang, translator } from "~/lib/i18n";
import type { Lang } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";

// A sub-district's own public page: the address its posters print, listing only its events.

export const meta: MetaFunction<typeof loader> = (args) => {
  if (args.error || !args.data) return pageTitle(null)(args);
  const root = args.matches.find((match) => match.id === "root")?.data as { lang?: Lang };
  const t = translator(root?.lang ?? defaultLang);
  return [{ title: `${t("area.title", { name: args.data.name })} · ${t("app.name")}` }];
};

export async function loader({ params }: LoaderFunctionArgs) {
  return publicAreaPage(db, { id: idParam(params.id), now: now() });
}

export default function AreaPage() {
  const { t } = useI18n();
  const { name, parentName, villages, events } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("area.title", { name })}</h1>
      <p>{t("area.intro", { name, parent: parentName ?? "", count: villages.length })}</p>
      <section aria-labelledby="upcoming">
        <h2 id="upcoming">{t("events.upcoming")}</h2>
        {events.length === 0 ? (
          <p>{t("area.noUpcoming")}</p>
        ) : (
          <ul className="plain-list">
            {events.map((event) => (
              <EventSummary key={event.code} event={event} />
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="villages">
        <h2 id="villages">{t("area.villages")}</h2>
        <p>{t("publish.areaHint")}</p>
        <ul className="villages">
          {villages.map((village) => (
            <li key={village.id}>
              <Link
                to={`/v/${village.id}`}
                aria-label={t("publish.public.title", { name: village.name })}
              >
                {village.name}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <p>
        <Link to="/">{t("area.allEvents")}</Link>
      </p>
    </>
  );
}

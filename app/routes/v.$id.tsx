import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { publicVillageList } from "~/.server/learners/publish";
import type { Lang } from "~/lib/i18n";
import { defaultLang, translator } from "~/lib/i18n";
import { errorLang, pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import type { PageHandle } from "~/root";
import publishStyles from "~/styles/publish.css?url";

// 名单公示: a village's public list of its 法律明白人, the address its poster's QR code opens.
// No session, no script: an elderly villager's phone gets a small page that reads at once.

export const handle: PageHandle = { hydrate: false };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: publishStyles }];

export const meta: MetaFunction<typeof loader> = (args) => {
  if (args.error || !args.data) {
    if (!isRouteErrorResponse(args.error) || args.error.status !== 404) {
      return pageTitle(null)(args);
    }
    const root = args.matches.find((match) => match.id === "root")?.data as { lang?: Lang };
    const t = translator(root?.lang ?? errorLang(args.error) ?? defaultLang);
    return [{ title: `${t("publish.public.notFound")} · ${t("app.name")}` }];
  }
  const root = args.matches.find((match) => match.id === "root")?.data as { lang?: Lang };
  const t = translator(root?.lang ?? defaultLang);
  return [{ title: `${t("publish.public.title", { name: args.data.title })} · ${t("app.name")}` }];
};

export async function loader({ params }: LoaderFunctionArgs) {
  const list = await publicVillageList(db, { villageId: idParam(params.id) });
  // The sub-district names the village: two villages of one name are two pages, told apart.
  const title = list.parentName ? `${list.parentName} · ${list.name}` : list.name;
  return { title, area: list.areaId && { id: list.areaId, name: list.parentName }, ...list };
}

/** "13812345678" as "138 1234 5678": easier to read aloud and to type into an old phone. */
const spaced = (phone: string) => phone.replace(/^(\d{3})(\d{4})(\d{4})$/, "$1 $2 $3");

export default function VillageList() {
  const { t } = useI18n();
  const { title, area, people } = useLoaderData<typeof loader>();
  return (
    <div className="village-list">
      <h1>{t("publish.public.title", { name: title })}</h1>
      <p className="lead">{t("publish.public.intro")}</p>
      {people.length === 0 ? (
        <p className="lead">{t("publish.public.empty")}</p>
      ) : (
        <ul className="plain-list listed-people">
          {people.map((person, index) => (
            <li key={index} className="listed-person">
              <h2>{person.name}</h2>
              <p>
                {t("publish.public.category", {
                  category: t(`roster.category.${person.category}`),
                })}
              </p>
              {person.phone ? (
                <p>
                  <a
                    className="call"
                    href={`tel:${person.phone}`}
                    aria-label={t("publish.public.callLabel", {
                      name: person.name,
                      phone: spaced(person.phone),
                    })}
                  >
                    {t("publish.public.phone")} {spaced(person.phone)}
                  </a>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p className="lead">{t("publish.public.hotline")}</p>
      <p className="hint">{t("publish.public.note")}</p>
      <ul className="plain-list village-links">
        {area ? (
          <li>
            <Link to={`/s/${area.id}`}>
              {t("publish.public.events", { name: area.name ?? "" })}
            </Link>
          </li>
        ) : null}
        <li>
          <Link to="/">{t("publish.public.home")}</Link>
        </li>
      </ul>
    </div>
  );
}

/** An unknown or retired village says so in plain words, with the way back. */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useI18n();
  if (!isRouteErrorResponse(error) || error.status !== 404) throw error;
  return (
    <section className="error-page village-list">
      <h1>{t("publish.public.notFound")}</h1>
      <p className="lead">{t("publish.public.notFoundBody")}</p>
      <p className="lead">{t("publish.public.hotline")}</p>
      <p>
        <Link to="/">{t("error.backHome")}</Link>
      </p>
    </section>
  );
}

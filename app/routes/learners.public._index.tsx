import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { listVillagesInScope } from "~/.server/events/event-list-query";
import { publishOverview } from "~/.server/learners/publish";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";
import publishStyles from "~/styles/publish.css?url";
import rosterStyles from "~/styles/roster.css?url";

export const meta = pageTitle("publish.overview.title");
export const links: LinksFunction = () => [
  { rel: "stylesheet", href: rosterStyles },
  { rel: "stylesheet", href: publishStyles },
];

// Every village of the caller's units with how many are on its public list, the list itself and
// its poster: where staff go to put the list on the village's notice board.

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [villages, counts] = await Promise.all([
    listVillagesInScope(db, { scopePath: user.unitPath }),
    publishOverview(db, { scopePath: user.unitPath }),
  ]);
  const byVillage = new Map(counts.map((row) => [row.id, row]));
  return {
    villages: villages
      .filter((village) => !village.retired)
      .map((village) => {
        const row = byVillage.get(village.id);
        return {
          id: village.id,
          label: village.label,
          active: Number(row?.active ?? 0),
          listed: Number(row?.listed ?? 0),
          withPhone: Number(row?.withPhone ?? 0),
        };
      }),
  };
}

export default function PublishOverview() {
  const { t } = useI18n();
  const { villages } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/learners">{t("roster.title")}</Link>
      </p>
      <h1>{t("publish.overview.title")}</h1>
      <p>{t("publish.overview.intro")}</p>
      <p>{t("publish.overview.posterWhy")}</p>
      <p className="hint">{t("publish.overview.howTo")}</p>
      {villages.length === 0 ? (
        <p>{t("publish.overview.empty")}</p>
      ) : (
        <div className="table-wrap">
          <table className="publish-table">
            <thead>
              <tr>
                <th scope="col">{t("publish.col.village")}</th>
                <th scope="col">{t("publish.col.active")}</th>
                <th scope="col">{t("publish.col.listed")}</th>
                <th scope="col">{t("publish.col.withPhone")}</th>
                <th scope="col">{t("publish.col.links")}</th>
              </tr>
            </thead>
            <tbody>
              {villages.map((village) => (
                <tr key={village.id}>
                  <th scope="row">{village.label}</th>
                  <td>{village.active}</td>
                  <td>{village.listed}</td>
                  <td>{village.withPhone}</td>
                  <td>
                    <a
                      href={`/v/${village.id}`}
                      aria-label={t("publish.openPageOf", { village: village.label })}
                    >
                      {t("publish.openPage")}
                    </a>
                    <Link
                      to={`/learners/public/${village.id}/poster`}
                      aria-label={t("publish.posterOf", { village: village.label })}
                    >
                      {t("publish.poster")}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

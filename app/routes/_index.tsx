import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getCurrentUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { describeCoverage } from "~/.server/units/units";
import { pageTitle } from "~/lib/meta";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("home.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const [coverage, user] = await Promise.all([describeCoverage(db), getCurrentUser(request)]);
  return { coverage, loggedIn: user !== null };
}

export default function Home() {
  const { t } = useI18n();
  const { coverage, loggedIn } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("home.title")}</h1>
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

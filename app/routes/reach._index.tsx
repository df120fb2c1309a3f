import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { reachCharts } from "~/.server/reach/charts";
import { reachRequest } from "~/.server/reach/request";
import { getLang } from "~/.server/request";
import { BarChart } from "~/components/bar-chart";
import { ReachFigures, ReachTables } from "~/components/reach-figures";
import { ReachCadres, ReachGaps, ReachLearners } from "~/components/reach-learners";
import { ReachPeriodForm } from "~/components/reach-period-form";
import { ReachSubdistricts } from "~/components/reach-subdistricts";
import { ReportParagraph } from "~/components/report-paragraph";
import { translator } from "~/lib/i18n";
import { formatDate } from "~/lib/time";
import { pageTitle } from "~/lib/meta";
import type { ReachPeriod } from "~/lib/reach-period";
import { periodName } from "~/lib/reach-words";
import { dashboardParagraph } from "~/lib/report-paragraph";
import { useI18n } from "~/lib/use-i18n";
import reachStyles from "~/styles/reach.css?url";

export const meta = pageTitle("reach.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: reachStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return reachPage(request, user);
}

async function reachPage(request: Request, user: Awaited<ReturnType<typeof requireUser>>) {
  const [reach, lang] = await Promise.all([reachRequest(db, request, user), getLang(request)]);
  const charts = reach.dashboard ? reachCharts(reach.dashboard, lang, translator(lang)) : null;
  return { ...reach, charts };
}

/** The dashboard as files, for the same query, and how to print it. */
function ReachExports({
  values,
  ledger,
}: {
  values: Record<string, string | undefined>;
  /** The 台账 of the dashboard's sub-district and year, when it shows one. */
  ledger: string | null;
}) {
  const { t } = useI18n();
  const query = new URLSearchParams(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  ).toString();
  return (
    <div className="reach-tools">
      <p className="actions">
        <a className="button secondary" href={`/reach/export.xlsx?${query}`} download>
          {t("reach.exportXlsx")}
        </a>{" "}
        <a className="button secondary" href={`/reach/export.csv?${query}`} download>
          {t("reach.exportCsv")}
        </a>{" "}
        <a className="button secondary" href={`/reach/section.docx?${query}`} download>
          {t("section.download")}
        </a>{" "}
        {ledger ? (
          <Link className="button secondary" to={ledger}>
            {t("ledger.open")}
          </Link>
        ) : null}
      </p>
      <p className="hint">{t("reach.exportHint")}</p>
    </div>
  );
}

/**
 * The 台账 is one sub-district's year: beside a sub-district's dashboard, for it; beside a
 * district's, for the year, its sub-district chosen on the ledger's page.
 */
function ledgerLink(unit: { id: number; level: string }, period: ReachPeriod) {
  if (unit.level === "village") return null;
  const year = String("year" in period ? period.year : Number(period.from.slice(0, 4)));
  const query: Record<string, string> =
    unit.level === "subdistrict" ? { unit: String(unit.id), year } : { year };
  return `/reach/ledger?${new URLSearchParams(query)}`;
}

export default function Reach() {
  const { t, lang } = useI18n();
  const { values, error, unit, units, dashboard, order, charts } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("reach.title")}</h1>
      {dashboard ? (
        <p className="lead">
          {t("reach.intro", { unit: unit.name, period: periodName(t, lang, dashboard.period) })}
        </p>
      ) : null}
      <div className="reach-tools">
        <ReachPeriodForm values={values} error={error ?? null} units={units} />
      </div>
      {dashboard?.setUp.periodBefore ? (
        <p className="card">
          {t("reach.notYetPeriod", {
            unit: unit.name,
            day: formatDate(lang, dashboard.setUp.at),
          })}
        </p>
      ) : null}
      {dashboard && charts ? (
        <>
          <ReachExports values={values} ledger={ledgerLink(unit, dashboard.period)} />
          <ReachSubdistricts dashboard={dashboard} values={values} order={order} />
          <ReachFigures dashboard={dashboard} />
          <ReachGaps dashboard={dashboard} />
          <div className="charts">
            <BarChart
              id="chart-months"
              title={t("reach.chart.months")}
              chart={charts.months}
              series={[t("reach.checkins"), t("reach.crowd")]}
              rowHeader={t("reach.col.month")}
            />
            <BarChart
              id="chart-villages"
              title={t("reach.chart.villages")}
              chart={charts.villages}
              series={[t("reach.col.events")]}
              rowHeader={t("reach.col.village")}
            />
            <BarChart
              id="chart-audience"
              title={t("reach.chart.audience")}
              chart={charts.audience}
              series={[t("reach.checkins")]}
              rowHeader={t("reach.col.group")}
            />
          </div>
          <ReachLearners dashboard={dashboard} />
          <ReachCadres dashboard={dashboard} />
          <ReportParagraph pieces={dashboardParagraph(lang, unit.name, dashboard)} />
          <ReachTables dashboard={dashboard} />
        </>
      ) : null}
      <p>
        <Link to="/events">{t("nav.events")}</Link>
      </p>
    </>
  );
}

import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { reachCharts } from "~/.server/reach/charts";
import { reachRequest } from "~/.server/reach/request";
import { getLang } from "~/.server/request";
import { BarChart } from "~/components/bar-chart";
import { ReachFigures, ReachTables } from "~/components/reach-figures";
import { ReachCadres, ReachGaps, ReachLearners, heldOf } from "~/components/reach-learners";
import { ReachPeriodForm } from "~/components/reach-period-form";
import { ReachSubdistricts } from "~/components/reach-subdistricts";
import { ReportParagraph } from "~/components/report-paragraph";
import { translator } from "~/lib/i18n";
import { formatDate } from "~/lib/time";
import { pageTitle } from "~/lib/meta";
import { periodName } from "~/lib/reach-words";
import { reportParagraph } from "~/lib/report-paragraph";
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
function ReachExports({ values }: { values: Record<string, string | undefined> }) {
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
        </a>
      </p>
      <p className="hint">{t("reach.exportHint")}</p>
    </div>
  );
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
          <ReachExports values={values} />
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
          <ReportParagraph
            pieces={reportParagraph(lang, {
              periodName: periodName(t, lang, dashboard.period),
              unitName: unit.name,
              subdistricts: dashboard.subdistricts?.rows.length ?? null,
              events: dashboard.current.events,
              ...dashboard.current.attendance,
              materials: dashboard.current.materials,
              consultations: dashboard.current.consultations,
              villagesCovered: dashboard.current.villagesCovered,
              villagesTotal: dashboard.current.villages.length,
              formats: [...dashboard.current.byFormat]
                .sort((a, b) => b.events - a.events)
                .map((row) => row.format),
              campaigns: dashboard.current.byCampaign.filter(
                (row): row is typeof row & { name: string } => row.name !== null,
              ),
              legalSavvy: {
                count: dashboard.learners.current.onRoster,
                villages: dashboard.learners.current.villagesWithRoster,
              },
              study: {
                centralGroup: heldOf(dashboard.cadres.current, "central_group"),
                enforcement: heldOf(dashboard.cadres.current, "enforcement_training"),
                progress: heldOf(dashboard.cadres.current, "progress_meeting"),
              },
            })}
          />
          <ReachTables dashboard={dashboard} />
        </>
      ) : null}
      <p>
        <Link to="/events">{t("nav.events")}</Link>
      </p>
    </>
  );
}

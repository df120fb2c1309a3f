import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { handle, idParam } from "~/.server/errors";
import { reachCharts } from "~/.server/reach/charts";
import { reachDashboard, reachUnit } from "~/.server/reach/dashboard";
import { getLang } from "~/.server/request";
import { listUnitsInScope } from "~/.server/units/units";
import { BarChart } from "~/components/bar-chart";
import { ReachFigures, ReachTables } from "~/components/reach-figures";
import { ReachCadres, ReachGaps, ReachLearners, heldOf } from "~/components/reach-learners";
import { ReachPeriodForm } from "~/components/reach-period-form";
import { ReportParagraph } from "~/components/report-paragraph";
import { translator } from "~/lib/i18n";
import { pageTitle } from "~/lib/meta";
import { parsePeriod } from "~/lib/reach-period";
import { periodName } from "~/lib/reach-words";
import { reportParagraph } from "~/lib/report-paragraph";
import { shanghaiDay } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";
import reachStyles from "~/styles/reach.css?url";

export const meta = pageTitle("reach.title");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: reachStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handle(() => reachPage(request, user));
}

async function reachPage(request: Request, user: Awaited<ReturnType<typeof requireUser>>) {
  const params = new URL(request.url).searchParams;
  const values = Object.fromEntries(
    ["period", "year", "quarter", "month", "from", "to", "unit"].map((name) => [
      name,
      params.get(name) ?? undefined,
    ]),
  );
  const stamp = now();
  const parsed = parsePeriod(values, Number(shanghaiDay(stamp).slice(0, 4)));
  const [unit, units, lang] = await Promise.all([
    reachUnit(db, {
      scopePath: user.unitPath,
      unitId: values.unit ? idParam(values.unit) : null,
      ownUnitId: user.unitId,
    }),
    listUnitsInScope(db, { scopePath: user.unitPath }),
    getLang(request),
  ]);
  const unitOptions = units
    .filter((row) => row.level !== "village" || units.length <= 1)
    .map(({ id, name, depth }) => ({ id, name, depth }));
  if (!parsed.period) {
    return { values, error: parsed.error, unit, units: unitOptions, dashboard: null, charts: null };
  }
  const dashboard = await reachDashboard(db, { unit, period: parsed.period, now: stamp });
  const charts = reachCharts(dashboard, translator(lang));
  return { values, error: null, unit, units: unitOptions, dashboard, charts };
}

export default function Reach() {
  const { t, lang } = useI18n();
  const { values, error, unit, units, dashboard, charts } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("reach.title")}</h1>
      {dashboard ? (
        <p className="lead">
          {t("reach.intro", { unit: unit.name, period: periodName(t, lang, dashboard.period) })}
        </p>
      ) : null}
      <ReachPeriodForm values={values} error={error ?? null} units={units} />
      {dashboard && charts ? (
        <>
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

import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { Role, UnitLevel } from "../../db/schema";
import { requireUser } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { listTodayEvents } from "~/.server/events/today";
import { rosterCoverage } from "~/.server/learners/coverage";
import { reachDashboard, reachUnit } from "~/.server/reach/dashboard";
import { pendingDutyCount } from "~/.server/records/duties";
import { listUnitsInScope } from "~/.server/units/units";
import type { MessageKey } from "~/lib/i18n";
import { TodayEvents } from "~/components/today-events";
import { CoveragePanel } from "~/components/roster-coverage";
import { DutyQueuePanel } from "~/components/duty-queue-panel";
import { ReachSummary } from "~/components/reach-summary";
import { pageTitle } from "~/lib/meta";
import { yearPeriod } from "~/lib/reach-period";
import { shanghaiDay } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";

export const meta = pageTitle("dashboard.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const stamp = now();
  const [units, today, coverage, pendingDuties, reach] = await Promise.all([
    listUnitsInScope(db, { scopePath: user.unitPath }),
    listTodayEvents(db, { scopePath: user.unitPath, now: stamp }),
    rosterCoverage(db, { scopePath: user.unitPath }),
    user.role === "official" ? null : pendingDutyCount(db, { scopePath: user.unitPath }),
    reachUnit(db, { scopePath: user.unitPath, unitId: null, ownUnitId: user.unitId }).then((unit) =>
      reachDashboard(db, {
        unit,
        period: yearPeriod(Number(shanghaiDay(stamp).slice(0, 4))),
        now: stamp,
      }),
    ),
  ]);
  const level = units.find((unit) => unit.id === user.unitId)?.level;
  const villages = units.filter(
    (unit) => unit.level === "village" && unit.id !== user.unitId,
  ).length;
  return {
    user: {
      displayName: user.displayName,
      role: user.role,
      unitName: user.unitName,
      unitId: user.unitId,
    },
    can: canSentence(user.role, level),
    villages,
    units: units.length,
    today,
    coverage,
    pendingDuties,
    reach,
  };
}

/** The one sentence that says what this account can see and do, by role and unit level. */
function canSentence(role: Role, level: UnitLevel | undefined): MessageKey {
  if (role === "organiser" && level === "village") return "dashboard.can.organiserVillage";
  return `dashboard.can.${role}`;
}

export default function Dashboard() {
  const { t } = useI18n();
  const { user, villages, can, today, coverage, pendingDuties, reach } =
    useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("dashboard.title")}</h1>
      <TodayEvents events={today} />
      <DutyQueuePanel pending={pendingDuties} />
      <ReachSummary dashboard={reach} />
      <p>
        {t("dashboard.you", {
          name: user.displayName,
          role: t(`role.${user.role}`),
          unit: user.unitName,
        })}
      </p>
      <p>{t(can, { unit: user.unitName })}</p>
      <section className="card" aria-labelledby="scope">
        <h2 id="scope">{t("dashboard.scope")}</h2>
        <p>
          <Link to={`/units/${user.unitId}`}>{user.unitName}</Link>
          {villages > 0
            ? ` · ${t("home.coverageCount", { unit: user.unitName, count: villages })}`
            : null}
        </p>
        <p>
          <Link to="/units">{t("nav.units")}</Link>
        </p>
      </section>
      {coverage.villages.length > 0 ? <CoveragePanel coverage={coverage} /> : null}
      <section className="card" aria-labelledby="events">
        <h2 id="events">{t("nav.events")}</h2>
        <p>
          <Link to="/events">
            {t(user.role === "official" ? "events.dashboardLinkRead" : "events.dashboardLink")}
          </Link>
        </p>
      </section>
    </>
  );
}

import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { Role, UnitLevel } from "../../db/schema";
import { accountsNeedingAttention, subdistrictGaps } from "~/.server/admin/attention";
import { firstStepsFrom } from "~/.server/admin/first-steps";
import { subdistrictStates } from "~/.server/admin/subdistricts";
import { requireUser } from "~/.server/auth/guards";
import { hasRole, rolesFor } from "~/.server/scope";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { listTodayEvents } from "~/.server/events/today";
import { rosterCoverage } from "~/.server/learners/coverage";
import { reachDashboard, reachUnit } from "~/.server/reach/dashboard";
import { pendingDutyCount } from "~/.server/records/duties";
import { listUnitsInScope } from "~/.server/units/units";
import type { MessageKey } from "~/lib/i18n";
import { TodayEvents } from "~/components/today-events";
import {
  AccountsPanel,
  AdminLinks,
  FirstStepsPanel,
  SubdistrictsPanel,
} from "~/components/admin-home";
import { CoveragePanel } from "~/components/roster-coverage";
import { DutyQueuePanel } from "~/components/duty-queue-panel";
import { ReachSummary } from "~/components/reach-summary";
import { pageTitle } from "~/lib/meta";
import { yearPeriod } from "~/lib/reach-period";
import { shanghaiDay } from "~/lib/time";
import { useI18n } from "~/lib/use-i18n";
import adminStyles from "~/styles/admin.css?url";

export const meta = pageTitle("dashboard.title");

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const stamp = now();
  const [units, states] = await Promise.all([
    listUnitsInScope(db, { scopePath: user.unitPath }),
    subdistrictStates(db, { scopePath: user.unitPath }),
  ]);
  const level = units.find((unit) => unit.id === user.unitId)?.level;
  const shown = {
    user: {
      displayName: user.displayName,
      role: user.role,
      unitName: user.unitName,
      unitId: user.unitId,
    },
    can: canSentence(user.role, level),
    firstSteps: firstStepsFrom(states, { unitId: user.unitId, role: user.role }),
  };
  // An admin's home: accounts and units that need a look, not the organiser's day.
  if (user.role === "admin") {
    const accounts = await accountsNeedingAttention(db, { scopePath: user.unitPath, now: stamp });
    return { ...shown, admin: { accounts, gaps: subdistrictGaps(states) }, staff: null };
  }
  const [today, coverage, pendingDuties, reach] = await Promise.all([
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
  const villages = units.filter(
    (unit) => unit.level === "village" && unit.id !== user.unitId,
  ).length;
  return {
    ...shown,
    admin: null,
    staff: {
      villages,
      today,
      runsDoor: hasRole(user, rolesFor.manageEvents),
      coverage,
      pendingDuties,
      reach,
    },
  };
}

/** The one sentence that says what this account can see and do, by role and unit level. */
function canSentence(role: Role, level: UnitLevel | undefined): MessageKey {
  if (role === "organiser" && level === "village") return "dashboard.can.organiserVillage";
  return `dashboard.can.${role}`;
}

export default function Dashboard() {
  const { t } = useI18n();
  const { user, can, firstSteps, admin, staff } = useLoaderData<typeof loader>();
  const intro = (
    <>
      <p>
        {t("dashboard.you", {
          name: user.displayName,
          role: t(`role.${user.role}`),
          unit: user.unitName,
        })}
      </p>
      <p>{t(can, { unit: user.unitName })}</p>
    </>
  );
  const steps = firstSteps.map((list) => <FirstStepsPanel key={list.unitId} list={list} />);
  if (admin) {
    return (
      <>
        <h1>{t("dashboard.title")}</h1>
        {intro}
        <AccountsPanel accounts={admin.accounts} />
        <SubdistrictsPanel gaps={admin.gaps} />
        {steps}
        <AdminLinks />
      </>
    );
  }
  if (!staff) return null;
  // A new office sees its first steps instead of this year's zeros and empty rosters.
  const starting = firstSteps.some((list) => list.unitId === user.unitId && list.open);
  return (
    <>
      <h1>{t("dashboard.title")}</h1>
      <TodayEvents events={staff.today} runsDoor={staff.runsDoor} />
      <DutyQueuePanel pending={staff.pendingDuties} />
      {steps}
      {starting ? null : <ReachSummary dashboard={staff.reach} />}
      {intro}
      <section className="card" aria-labelledby="scope">
        <h2 id="scope">{t("dashboard.scope")}</h2>
        <p>
          <Link to={`/units/${user.unitId}`}>{user.unitName}</Link>
          {staff.villages > 0
            ? ` · ${t("home.coverageCount", { unit: user.unitName, count: staff.villages })}`
            : null}
        </p>
        <p>
          <Link to="/units">{t("nav.units")}</Link>
        </p>
      </section>
      {!starting && staff.coverage.villages.length > 0 ? (
        <CoveragePanel coverage={staff.coverage} />
      ) : null}
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

import { Link } from "@remix-run/react";
import type { ReachDashboard } from "~/.server/reach/dashboard";
import { formatNumber } from "~/lib/i18n";
import { periodName } from "~/lib/reach-words";
import { useI18n } from "~/lib/use-i18n";
import { ReachGaps } from "./reach-learners";

/**
 * The home page's share of the reach dashboard: this year's figures for the caller's own unit
 * (a village organiser's village, an official's sub-district) and what is still missing.
 */
export function ReachSummary({ dashboard }: { dashboard: ReachDashboard }) {
  const { t, lang } = useI18n();
  const number = (value: number) => formatNumber(lang, value);
  const { current, learners } = dashboard;
  const items = [
    [t("reach.events"), number(current.events)],
    [t("reach.total"), number(current.attendance.checkins + current.attendance.crowd)],
    [
      t("reach.villagesCovered"),
      t("reach.ofTotal", { count: current.villagesCovered, total: current.villages.length }),
    ],
    [t("reach.learners.onRoster"), number(learners.current.onRoster)],
  ] as const;
  return (
    <section className="card" aria-labelledby="reach-summary">
      <h2 id="reach-summary">
        {t("dashboard.reach", { period: periodName(t, lang, dashboard.period) })}
      </h2>
      <dl className="summary-figures">
        {items.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <ReachGaps dashboard={dashboard} inSummary />
      <p>
        <Link to="/reach">{t("dashboard.reachLink")}</Link>
      </p>
    </section>
  );
}

import { Link } from "@remix-run/react";
import type { ReachDashboard } from "~/.server/reach/dashboard";
import type { CadreFigures } from "~/.server/reach/learners";
import { heldOf } from "~/lib/report-paragraph";
import { studyKinds } from "../../db/schema";
import { formatNumber } from "~/lib/i18n";
import { periodName } from "~/lib/reach-words";
import { useI18n } from "~/lib/use-i18n";
import { Figure } from "./reach-figures";

/** The 法律明白人 on the rosters and what they did, and the cadres' law study, for the period. */
export function ReachLearners({ dashboard }: { dashboard: ReachDashboard }) {
  const { t, lang } = useI18n();
  const previous = periodName(t, lang, dashboard.previous);
  const { current: now, before } = dashboard.learners;
  const notYet = dashboard.setUp.previousBefore;
  const number = (value: number) => formatNumber(lang, value);
  const ofTotal = (count: number, total: number) =>
    t("reach.ofTotal", { count: number(count), total: number(total) });
  return (
    <section aria-labelledby="learners" className="card">
      <h2 id="learners">{t("reach.learners")}</h2>
      <dl className="figures">
        <Figure
          id="figure-legal-savvy"
          label={t("reach.learners.onRoster")}
          previous={previous}
          notYet={notYet}
          now={now.onRoster}
          before={before.onRoster}
        />
        <Figure
          id="figure-legal-savvy-villages"
          label={t("reach.learners.villages")}
          previous={previous}
          notYet={notYet}
          now={now.villagesWithRoster}
          before={before.villagesWithRoster}
          shown={ofTotal(now.villagesWithRoster, now.villages.length)}
          shownBefore={ofTotal(before.villagesWithRoster, before.villages.length)}
        />
        <Figure
          id="figure-hours"
          label={t("reach.learners.hours", { year: String(now.hoursYear) })}
          previous={previous}
          notYet={notYet}
          now={now.metHours}
          before={before.metHours}
          shown={ofTotal(now.metHours, now.onRoster)}
          shownBefore={ofTotal(before.metHours, before.onRoster)}
          comparable={dashboard.period.kind === "year"}
        >
          <dd className="hint">{t("reach.learners.hoursProrated")}</dd>
        </Figure>
        <Figure
          id="figure-duties"
          label={t("reach.learners.duties")}
          previous={previous}
          notYet={notYet}
          now={now.duties}
          before={before.duties}
        />
        <Figure
          id="figure-disputes"
          label={t("reach.learners.disputes")}
          previous={previous}
          notYet={notYet}
          now={now.disputesResolved}
          before={before.disputesResolved}
          shown={ofTotal(now.disputesResolved, now.disputes)}
          shownBefore={ofTotal(before.disputesResolved, before.disputes)}
        />
      </dl>
      <p className="hint">{t("reach.learners.rosterNote")}</p>
      <ul className="links">
        <li>
          <Link to="/learners">{t("reach.learners.openRoster")}</Link>
        </li>
        <li>
          <Link to={`/learners/hours?year=${now.hoursYear}`}>{t("reach.learners.openHours")}</Link>
        </li>
        <li>
          <Link to="/duties">{t("reach.learners.openDuties")}</Link>
        </li>
      </ul>
    </section>
  );
}

export function ReachCadres({ dashboard }: { dashboard: ReachDashboard }) {
  const { t, lang } = useI18n();
  const previous = periodName(t, lang, dashboard.previous);
  const { current: now, before } = dashboard.cadres;
  const notYet = dashboard.setUp.previousBefore;
  const number = (value: number) => formatNumber(lang, value);
  const rate = (figures: CadreFigures) => (figures.rate === null ? "—" : `${figures.rate}%`);
  const planned = (figures: CadreFigures) =>
    figures.planned === null
      ? number(figures.held)
      : t("reach.ofTotal", { count: number(figures.held), total: number(figures.planned) });
  return (
    <section aria-labelledby="cadres" className="card">
      <h2 id="cadres">{t("reach.cadres")}</h2>
      <dl className="figures">
        <Figure
          id="figure-study-sessions"
          label={now.planned === null ? t("reach.cadres.sessions") : t("reach.cadres.planned")}
          previous={previous}
          notYet={notYet}
          now={now.held}
          before={before.held}
          shown={planned(now)}
          shownBefore={planned(before)}
        >
          {now.planned === null ? <dd className="hint">{t("reach.cadres.noPlan")}</dd> : null}
        </Figure>
        <Figure
          id="figure-study-rate"
          label={t("reach.cadres.rate")}
          previous={previous}
          notYet={notYet}
          now={now.rate ?? 0}
          before={before.rate ?? 0}
          shown={rate(now)}
          shownBefore={rate(before)}
          comparable={now.rate !== null && before.rate !== null}
        >
          <dd className="hint">
            {t("reach.cadres.rateHint", {
              came: number(now.came),
              invited: number(now.invited),
              target: now.targetPercent,
            })}
          </dd>
        </Figure>
        <Figure
          id="figure-study-enforcement"
          label={t("reach.cadres.enforcement")}
          previous={previous}
          notYet={notYet}
          now={heldOf(now, "enforcement_training")}
          before={heldOf(before, "enforcement_training")}
        />
        <Figure
          id="figure-study-progress"
          label={t("reach.cadres.progress")}
          previous={previous}
          notYet={notYet}
          now={heldOf(now, "progress_meeting")}
          before={heldOf(before, "progress_meeting")}
        >
          {now.quarters.length > 0 ? (
            <dd className="hint">
              {now.quarters
                .map((quarter) =>
                  t("reach.cadres.quarter", {
                    quarter: quarter.quarter,
                    count: quarter.progressMeetings,
                  }),
                )
                .join(t("common.listSeparator"))}
            </dd>
          ) : null}
        </Figure>
      </dl>
      <div className="table-wrap">
        <table>
          <caption>{t("reach.cadres.sessions")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("study.kindColumn")}</th>
              <th scope="col">{t("reach.cadres.held")}</th>
              <th scope="col">{t("reach.cadres.plan")}</th>
            </tr>
          </thead>
          <tbody>
            {studyKinds.map((kind) => {
              const row = now.byKind.find((item) => item.kind === kind)!;
              return (
                <tr key={kind} id={`figure-study-kind-${kind}`}>
                  <th scope="row">{t(`study.kind.${kind}`)}</th>
                  <td>{number(row.held)}</td>
                  <td>{row.planned === null ? "—" : number(row.planned)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p>
        <Link to="/study">{t("reach.cadres.openStudy")}</Link>
      </p>
    </section>
  );
}

/** How many names a gap lists before it says "and others". */
const NAMES_SHOWN = 12;

/** What the period missed: the part of the dashboard that helps most. */
export function ReachGaps({
  dashboard,
  inSummary = false,
}: {
  dashboard: ReachDashboard;
  /** Inside the home page's summary: a lower heading, and no roster line (the home page has the
   * roster coverage panel). */
  inSummary?: boolean;
}) {
  const { t } = useI18n();
  const { gaps, learners } = dashboard;
  const list = (items: string[]) => items.join(t("common.listSeparator"));
  const names = (items: string[]) =>
    items.length > NAMES_SHOWN
      ? t("reach.gaps.hoursMore", { list: list(items.slice(0, NAMES_SHOWN)) })
      : list(items);
  const lines = [
    gaps.villagesWithoutEvents.length > 0
      ? t("reach.gaps.villages", { list: list(gaps.villagesWithoutEvents.map((v) => v.label)) })
      : null,
    gaps.groupsNotReached.length > 0
      ? t("reach.gaps.groups", { list: list(gaps.groupsNotReached.map((g) => t(`group.${g}`))) })
      : null,
    gaps.rostersShort.length > 0 && !inSummary
      ? t("reach.gaps.rosters", {
          list: list(
            gaps.rostersShort.map((village) =>
              t("reach.gaps.roster", {
                name: village.label,
                count: village.onRoster,
                target: village.target,
              }),
            ),
          ),
        })
      : null,
    gaps.belowHours.length > 0
      ? t("reach.gaps.hours", {
          year: String(learners.current.hoursYear),
          count: gaps.belowHours.length,
          list: names(
            gaps.belowHours.map((person) =>
              t("reach.gaps.person", { name: person.name, village: person.village }),
            ),
          ),
        })
      : null,
    gaps.cadresBelow.length > 0
      ? t("reach.gaps.cadres", {
          list: list(
            gaps.cadresBelow.map((cadre) =>
              t("reach.gaps.cadre", { name: cadre.name, percent: cadre.percent }),
            ),
          ),
        })
      : null,
    gaps.quartersWithoutProgress.length > 0
      ? t("reach.gaps.quarters", {
          list: list(
            gaps.quartersWithoutProgress.map((q) =>
              t("reach.name.quarter", { year: String(q.year), quarter: q.quarter }),
            ),
          ),
        })
      : null,
  ].filter((line): line is string => line !== null);
  const Heading = inSummary ? "h3" : "h2";
  return (
    <section aria-labelledby="gaps" className={inSummary ? undefined : "card"}>
      <Heading id="gaps">{t("reach.gaps")}</Heading>
      {lines.length === 0 ? (
        <p>{t("reach.gaps.none")}</p>
      ) : (
        <ul>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

import { Link } from "@remix-run/react";
import type { RosterCoverage } from "~/.server/learners/coverage";
import { useI18n } from "~/lib/use-i18n";

type Coverage = Pick<RosterCoverage, "floor" | "villages" | "belowFloor" | "belowTarget">;

/** The state of one village in words (and a tag's border): colour alone would say nothing. */
function CoverageState({ village }: { village: Coverage["villages"][number] }) {
  const { t } = useI18n();
  if (village.belowFloor)
    return <span className="tag tag-below-floor">{t("roster.coverage.belowFloor")}</span>;
  if (village.belowTarget)
    return <span className="tag tag-below-target">{t("roster.coverage.belowTarget")}</span>;
  return <span className="tag">{t("roster.coverage.met")}</span>;
}

/** Per village: on the roster against its target, villages below the floor or target flagged. */
export function CoverageTable({ coverage }: { coverage: Coverage }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="coverage">
      <h2 id="coverage">{t("roster.coverage.title")}</h2>
      <p>{t("roster.coverage.intro", { floor: coverage.floor })}</p>
      <p className="coverage-summary">
        {coverage.belowTarget > 0
          ? t("roster.coverage.summary", {
              count: coverage.belowTarget,
              floor: coverage.belowFloor,
            })
          : t("roster.coverage.allMet")}
      </p>
      <ul className="plain-list coverage-list">
        {coverage.villages.map((village) => (
          <li key={village.id}>
            <span className="coverage-name">{village.label}</span>{" "}
            <span>
              {t("roster.coverage.active")} {village.active} / {t("roster.coverage.target")}{" "}
              {village.target}
            </span>{" "}
            <CoverageState village={village} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The dashboard's short word on coverage, for staff whose scope holds villages. */
export function CoveragePanel({ coverage }: { coverage: Coverage }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="roster-coverage">
      <h2 id="roster-coverage">{t("roster.panel.title")}</h2>
      {coverage.belowTarget > 0 ? (
        <p>
          <strong>{t("roster.panel.below", { count: coverage.belowTarget })}</strong>
          {coverage.belowFloor > 0
            ? `${t("common.colon")}${t("roster.panel.belowFloor", {
                count: coverage.belowFloor,
                floor: coverage.floor,
              })}`
            : null}
        </p>
      ) : (
        <p>{t("roster.panel.allMet")}</p>
      )}
      <p>
        <Link to="/learners">{t("roster.panel.link")}</Link>
      </p>
    </section>
  );
}

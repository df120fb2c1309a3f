import type { ReachDashboard } from "~/.server/reach/dashboard";
import type { MessageKey } from "~/lib/i18n";
import { formatNumber, localName } from "~/lib/i18n";
import { compareWithBefore, periodName } from "~/lib/reach-words";
import { useI18n } from "~/lib/use-i18n";
import { ReachVillages } from "./reach-villages";

type Figures = ReachDashboard["current"];

/** Each figure has an id the report paragraph's numbers link to. */
const headline: { id: string; key: MessageKey; value: (figures: Figures) => number }[] = [
  { id: "figure-events", key: "reach.events", value: (f) => f.events },
  { id: "figure-checkins", key: "reach.checkins", value: (f) => f.attendance.checkins },
  { id: "figure-crowd", key: "reach.crowd", value: (f) => f.attendance.crowd },
  {
    id: "figure-total",
    key: "reach.total",
    value: (f) => f.attendance.checkins + f.attendance.crowd,
  },
  { id: "figure-unique", key: "reach.unique", value: (f) => f.uniquePeople },
  { id: "figure-materials", key: "reach.materials", value: (f) => f.materials },
  { id: "figure-consultations", key: "reach.consultations", value: (f) => f.consultations },
];

/**
 * One figure of the dashboard beside the equal period before (named by `previous`) and the
 * change. `shown` and `shownBefore` are the words on the page when they are not the bare numbers.
 */
export function Figure({
  id,
  label,
  previous,
  now,
  before,
  shown,
  shownBefore,
  comparable = true,
  notYet = false,
  recorded = true,
  children,
}: {
  id: string;
  label: string;
  previous: string;
  now: number;
  before: number;
  shown?: string;
  shownBefore?: string;
  /** False when the period before has no such figure (a rate of nothing): no change is told. */
  comparable?: boolean;
  /**
   * The unit was set up after the period before: its zero there is "not yet set up", with no
   * change told (a figure it holds anyway, such as a roster entered later, is still shown).
   */
  notYet?: boolean;
  /** False when nothing at all was recorded in the period before: "上期无记录", no change. */
  recorded?: boolean;
  children?: React.ReactNode;
}) {
  const { t, lang } = useI18n();
  const unset = notYet && before === 0;
  const comparison = compareWithBefore(now, before, recorded);
  const change =
    comparison.kind === "up" || comparison.kind === "down"
      ? t(comparison.kind === "up" ? "reach.up" : "reach.down", {
          count: formatNumber(lang, comparison.count),
        })
      : t("reach.same");
  return (
    <div id={id} className="figure">
      <dt>{label}</dt>
      <dd className="figure-value">{shown ?? formatNumber(lang, now)}</dd>
      <dd className="hint">
        {comparison.kind === "noRecord" && !unset ? (
          t("reach.beforeNoRecord", { period: previous })
        ) : (
          <>
            {t("reach.before", {
              period: previous,
              value: unset ? t("reach.notYet") : (shownBefore ?? formatNumber(lang, before)),
            })}
            {comparable && !unset ? t("common.listSeparator") + change : null}
          </>
        )}
      </dd>
      {children}
    </div>
  );
}

/** The headline figures, each beside the equal period before and the change. */
export function ReachFigures({ dashboard }: { dashboard: ReachDashboard }) {
  const { t, lang } = useI18n();
  const { current, before } = dashboard;
  const previous = periodName(t, lang, dashboard.previous);
  // Outreach figures all come from held events: none held in the period before, nothing to compare.
  const recorded = before.events > 0;
  const ofTotal = (figures: Figures) =>
    t("reach.ofTotal", { count: figures.villagesCovered, total: figures.villages.length });
  return (
    <section aria-labelledby="headline">
      <h2 id="headline">{t("reach.headline")}</h2>
      <dl className="figures">
        {headline.map(({ id, key, value }) => (
          <Figure
            key={id}
            id={id}
            label={t(key)}
            previous={previous}
            notYet={dashboard.setUp.previousBefore}
            recorded={recorded}
            now={value(current)}
            before={value(before)}
          />
        ))}
        <Figure
          id="figure-villages"
          label={t("reach.villagesCovered")}
          previous={previous}
          notYet={dashboard.setUp.previousBefore}
          recorded={recorded}
          now={current.villagesCovered}
          before={before.villagesCovered}
          shown={ofTotal(current)}
          shownBefore={ofTotal(before)}
        />
      </dl>
      <p className="hint">{t("reach.apartNote")}</p>
    </section>
  );
}

export function AttendanceCells({
  row,
}: {
  row: { events: number; checkins: number; crowd: number };
}) {
  const { lang } = useI18n();
  return (
    <>
      <td>{formatNumber(lang, row.events)}</td>
      <td>{formatNumber(lang, row.checkins)}</td>
      <td>{formatNumber(lang, row.crowd)}</td>
    </>
  );
}

type BreakdownRow = {
  key: string;
  label: React.ReactNode;
  events: number;
  checkins: number;
  crowd: number;
};

function BreakdownTable({
  id,
  title,
  column,
  rows,
}: {
  id: string;
  title: MessageKey;
  column: MessageKey;
  rows: BreakdownRow[];
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby={id} className="table-wrap">
      <h3 id={id}>{t(title)}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">{t(column)}</th>
            <th scope="col">{t("reach.col.events")}</th>
            <th scope="col">{t("reach.checkins")}</th>
            <th scope="col">{t("reach.crowd")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <AttendanceCells row={row} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The breakdowns by village (its own table), format, setting and campaign. */
export function ReachTables({ dashboard }: { dashboard: ReachDashboard }) {
  const { t, lang } = useI18n();
  const { current } = dashboard;
  return (
    <>
      <ReachVillages dashboard={dashboard} />
      <BreakdownTable
        id="by-format"
        title="reach.byFormat"
        column="reach.col.format"
        rows={current.byFormat.map((row) => ({
          key: row.format,
          label: t(`format.${row.format}`),
          ...row,
        }))}
      />
      <BreakdownTable
        id="by-setting"
        title="reach.bySetting"
        column="reach.col.setting"
        rows={current.bySetting.map((row) => ({
          key: row.setting ?? "",
          label: row.setting ? t(`setting.${row.setting}`) : t("reach.noSetting"),
          ...row,
        }))}
      />
      <BreakdownTable
        id="by-campaign"
        title="reach.byCampaign"
        column="reach.col.campaign"
        rows={current.byCampaign.map((row) => ({
          key: String(row.campaignId ?? ""),
          label: row.name ? localName(lang, row.name, row.nameEn) : t("reach.noCampaign"),
          ...row,
        }))}
      />
    </>
  );
}

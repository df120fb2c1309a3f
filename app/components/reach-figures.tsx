import { Link } from "@remix-run/react";
import type { ReachDashboard } from "~/.server/reach/dashboard";
import type { MessageKey } from "~/lib/i18n";
import { formatNumber, localName } from "~/lib/i18n";
import { periodName } from "~/lib/reach-words";
import { useI18n } from "~/lib/use-i18n";

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

/** The headline figures, each beside the equal period before and the change. */
export function ReachFigures({ dashboard }: { dashboard: ReachDashboard }) {
  const { t, lang } = useI18n();
  const number = (value: number) => formatNumber(lang, value);
  const previous = periodName(t, lang, dashboard.previous);
  const change = (now: number, before: number) =>
    now === before
      ? t("reach.same")
      : t(now > before ? "reach.up" : "reach.down", { count: Math.abs(now - before) });
  const { current, before } = dashboard;
  return (
    <section aria-labelledby="headline">
      <h2 id="headline">{t("reach.headline")}</h2>
      <dl className="figures">
        {headline.map(({ id, key, value }) => (
          <div key={key} id={id} className="figure">
            <dt>{t(key)}</dt>
            <dd className="figure-value">{number(value(current))}</dd>
            <dd className="hint">
              {t("reach.before", { period: previous, value: number(value(before)) })}
              {t("common.listSeparator")}
              {change(value(current), value(before))}
            </dd>
          </div>
        ))}
        <div id="figure-villages" className="figure">
          <dt>{t("reach.villagesCovered")}</dt>
          <dd className="figure-value">
            {t("reach.ofTotal", { count: current.villagesCovered, total: current.villages.length })}
          </dd>
          <dd className="hint">
            {t("reach.before", {
              period: previous,
              value: t("reach.ofTotal", {
                count: before.villagesCovered,
                total: before.villages.length,
              }),
            })}
            {t("common.listSeparator")}
            {change(current.villagesCovered, before.villagesCovered)}
          </dd>
        </div>
      </dl>
      <p className="hint">{t("reach.apartNote")}</p>
    </section>
  );
}

function AttendanceCells({ row }: { row: { events: number; checkins: number; crowd: number } }) {
  const { lang } = useI18n();
  return (
    <>
      <td>{formatNumber(lang, row.events)}</td>
      <td>{formatNumber(lang, row.checkins)}</td>
      <td>{formatNumber(lang, row.crowd)}</td>
    </>
  );
}

function BreakdownTable({
  id,
  title,
  column,
  rows,
}: {
  id: string;
  title: MessageKey;
  column: MessageKey;
  rows: { key: string; label: React.ReactNode; events: number; checkins: number; crowd: number }[];
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

/** The breakdowns by village, format, setting and campaign; a village opens its events. */
export function ReachTables({ dashboard }: { dashboard: ReachDashboard }) {
  const { t, lang } = useI18n();
  const { current, period } = dashboard;
  const eventsOf = (villageId: number) =>
    `/events?${new URLSearchParams({
      village: String(villageId),
      from: period.from,
      to: period.to,
      status: "held",
    })}`;
  return (
    <>
      <BreakdownTable
        id="by-village"
        title="reach.byVillage"
        column="reach.col.village"
        rows={current.villages.map((row) => ({
          key: String(row.id),
          label: (
            <Link to={eventsOf(row.id)} aria-label={t("reach.openEvents", { name: row.name })}>
              {row.name}
            </Link>
          ),
          ...row,
        }))}
      />
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

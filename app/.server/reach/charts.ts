import { scaleLinear } from "d3-scale";
import type { BarChart, BarRow } from "~/lib/bar-chart";
import type { Lang, Translate } from "~/lib/i18n";
import { dateTimeFormat } from "~/lib/i18n";
import type { ReachDashboard } from "./dashboard";

/**
 * Charts are drawn on the server: this module turns figures into the geometry of a horizontal
 * bar chart (one row per label, up to two stacked series), and the page's SVG component only
 * places what it is given. No chart code reaches the browser.
 */

// A phone's width in user units, so that text keeps its size on a 360 px screen; each row is its
// label on one line and its bar below, so long labels (English audience groups) never squeeze the
// bars.
const WIDTH = 400;
const RIGHT_MARGIN = 64;
const ROW_HEIGHT = 44;
const LABEL_HEIGHT = 20;
const BAR_HEIGHT = 16;
const AXIS_HEIGHT = 24;

export function barChart(rows: BarRow[]): BarChart {
  const totals = rows.map((row) => row.values.reduce((sum, value) => sum + value, 0));
  const plotLeft = 1;
  const plotRight = WIDTH - RIGHT_MARGIN;
  const x = scaleLinear()
    .domain([0, Math.max(1, ...totals)])
    .range([plotLeft, plotRight])
    .nice();
  return {
    width: WIDTH,
    height: rows.length * ROW_HEIGHT + AXIS_HEIGHT,
    plotLeft,
    plotRight,
    barHeight: BAR_HEIGHT,
    rows: rows.map((row, index) => {
      let start = 0;
      const segments = row.values.map((value, series) => {
        const segment = {
          series,
          x: x(start),
          width: x(start + value) - x(start),
          value,
        };
        start += value;
        return segment;
      });
      return {
        label: row.label,
        labelY: index * ROW_HEIGHT + LABEL_HEIGHT - 5,
        y: index * ROW_HEIGHT + LABEL_HEIGHT,
        segments,
        total: totals[index]!,
        totalX: x(totals[index]!) + 6,
      };
    }),
    ticks: x
      .ticks(4)
      .filter((value) => Number.isInteger(value))
      .map((value) => ({ x: x(value), value })),
  };
}

/** The dashboard's three charts: attendance per month, events per village, reach per group. */
export function reachCharts(dashboard: ReachDashboard, lang: Lang, t: Translate) {
  const { current, period } = dashboard;
  // Months by name in the reader's language ("Mar", "3月"); with the year when the period is
  // not one year ("Mar 2026", "2026年3月"). Mid-month, so no time zone moves it.
  const monthName = dateTimeFormat(
    lang,
    period.kind === "year" ? { month: "short" } : { year: "numeric", month: "short" },
  );
  return {
    months: barChart(
      current.byMonth.map((row) => ({
        label: monthName.format(new Date(`${row.month}-15T00:00:00Z`)),
        values: [row.checkins, row.crowd],
      })),
    ),
    villages: barChart(current.villages.map((row) => ({ label: row.label, values: [row.events] }))),
    audience: barChart(
      current.byAudience.map((row) => ({ label: t(`group.${row.group}`), values: [row.checkins] })),
    ),
  };
}

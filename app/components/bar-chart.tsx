import type { BarChart as Chart } from "~/lib/bar-chart";
import { formatNumber } from "~/lib/i18n";
import { useI18n } from "~/lib/use-i18n";

/**
 * A horizontal bar chart drawn from geometry the server computed, readable printed in black and
 * white: the first series solid, the second hatched. The SVG is hidden from screen readers, who
 * get the same figures as a table.
 */
export function BarChart({
  id,
  title,
  chart,
  series,
  rowHeader,
}: {
  id: string;
  title: string;
  chart: Chart;
  /** The name of each series, in the order of the values. */
  series: string[];
  rowHeader: string;
}) {
  const { lang } = useI18n();
  const number = (value: number) => formatNumber(lang, value);
  const axisY = chart.height - 24;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {series.length > 1 ? (
        <ul className="chart-legend" aria-hidden="true">
          {series.map((name, index) => (
            <li key={name}>
              <svg width="18" height="14" viewBox="0 0 18 14">
                <rect width="18" height="14" fill={fillOf(id, index)} stroke="#1a1a1a" />
              </svg>
              {name}
            </li>
          ))}
        </ul>
      ) : null}
      <svg
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        className="chart-svg"
        aria-hidden="true"
        focusable="false"
      >
        <defs>
          <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse">
            <rect width="6" height="6" fill="#ffffff" />
            <path d="M0,6 L6,0" stroke="#1a1a1a" strokeWidth="1.5" />
          </pattern>
        </defs>
        {chart.ticks.map((tick) => (
          <g key={tick.value}>
            <line x1={tick.x} x2={tick.x} y1={0} y2={axisY} stroke="#c9c9c9" />
            <text
              x={tick.x}
              y={axisY + 17}
              textAnchor={tick.value === 0 ? "start" : "middle"}
              fontSize="13"
              fill="#4a4a4a"
            >
              {number(tick.value)}
            </text>
          </g>
        ))}
        {chart.rows.map((row) => (
          <g key={row.label}>
            <text x={chart.plotLeft} y={row.labelY} fontSize="15" fill="#1a1a1a">
              {row.label}
            </text>
            {row.segments.map((segment) =>
              segment.width > 0 ? (
                <rect
                  key={segment.series}
                  x={segment.x}
                  y={row.y}
                  width={segment.width}
                  height={chart.barHeight}
                  fill={fillOf(id, segment.series)}
                  stroke="#1a1a1a"
                  strokeWidth="1"
                />
              ) : null,
            )}
            <text x={row.totalX} y={row.y + chart.barHeight - 3} fontSize="14" fill="#1a1a1a">
              {number(row.total)}
            </text>
          </g>
        ))}
      </svg>
      {/* A table ignores a width below its content's: the box around it is what hides it. */}
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{rowHeader}</th>
              {series.map((name) => (
                <th key={name} scope="col">
                  {name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {chart.rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {row.segments.map((segment) => (
                  <td key={segment.series}>{number(segment.value)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

function fillOf(id: string, series: number) {
  return series === 0 ? "#4a4a4a" : `url(#${id}-hatch)`;
}

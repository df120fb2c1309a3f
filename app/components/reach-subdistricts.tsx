import { Link } from "@remix-run/react";
import type { ReachDashboard } from "~/.server/reach/dashboard";
import type { MessageKey } from "~/lib/i18n";
import { formatNumber } from "~/lib/i18n";
import type { SubdistrictOrder, SubdistrictRow, SubdistrictSort } from "~/lib/reach-subdistricts";
import { defaultDirection } from "~/lib/reach-subdistricts";
import { useI18n } from "~/lib/use-i18n";

const columns: { sort: SubdistrictSort; key: MessageKey }[] = [
  { sort: "name", key: "reach.col.subdistrict" },
  { sort: "events", key: "reach.col.events" },
  { sort: "checkins", key: "reach.checkins" },
  { sort: "crowd", key: "reach.crowd" },
  { sort: "villages", key: "reach.col.villagesCovered" },
  { sort: "legalSavvy", key: "reach.col.onRoster" },
  { sort: "hours", key: "reach.col.metHours" },
  { sort: "rate", key: "reach.col.rate" },
  { sort: "progress", key: "reach.col.progress" },
];

/** The page's query without its order: what a header link and a row's link start from. */
function periodQuery(values: Record<string, string | undefined>) {
  return Object.entries(values).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && entry[0] !== "sort" && entry[0] !== "dir" && entry[0] !== "unit",
  );
}

/**
 * At a district, its sub-districts side by side for the period, with the district's total last.
 * Each header is a link that sorts on the server (the page works before its script loads), the
 * sorted one marked with aria-sort; each name opens that sub-district's own dashboard.
 */
export function ReachSubdistricts({
  dashboard,
  values,
  order,
}: {
  dashboard: ReachDashboard;
  values: Record<string, string | undefined>;
  order: SubdistrictOrder;
}) {
  const { t, lang } = useI18n();
  if (!dashboard.subdistricts) return null;
  const { rows, total } = dashboard.subdistricts;
  const number = (value: number) => formatNumber(lang, value);
  const base = periodQuery(values);
  const unit = values.unit ? [["unit", values.unit] as [string, string]] : [];
  const sortLink = (sort: SubdistrictSort) => {
    const dir =
      order.sort === sort ? (order.dir === "asc" ? "desc" : "asc") : defaultDirection(sort);
    return `/reach?${new URLSearchParams([...base, ...unit, ["sort", sort], ["dir", dir]])}#subdistricts`;
  };
  const ofTotal = (count: number, all: number) =>
    t("reach.ofTotal", { count: number(count), total: number(all) });
  const cells = (row: SubdistrictRow) => (
    <>
      <td>{number(row.events)}</td>
      <td>{number(row.checkins)}</td>
      <td>{number(row.crowd)}</td>
      <td>{ofTotal(row.villagesCovered, row.villagesTotal)}</td>
      <td>{number(row.onRoster)}</td>
      <td>{ofTotal(row.metHours, row.onRoster)}</td>
      <td>{row.rate === null ? "—" : `${row.rate}%`}</td>
      <td>{number(row.progress)}</td>
    </>
  );
  return (
    <section aria-labelledby="subdistricts" className="card table-wrap">
      <h2 id="subdistricts">{t("reach.subdistricts")}</h2>
      <p className="hint">
        {t("reach.subdistricts.intro")} {t("reach.subdistricts.sortHint")}
      </p>
      <table className="subdistrict-table">
        <thead>
          <tr>
            {columns.map((column) => {
              const sorted = order.sort === column.sort;
              return (
                <th
                  key={column.sort}
                  scope="col"
                  aria-sort={
                    sorted ? (order.dir === "asc" ? "ascending" : "descending") : undefined
                  }
                >
                  <Link to={sortLink(column.sort)} preventScrollReset>
                    {t(column.key)}
                    {sorted ? (
                      <span className="sort-mark">
                        <span aria-hidden="true">{order.dir === "asc" ? " ▲" : " ▼"}</span>
                        <span className="visually-hidden">
                          {` (${t(order.dir === "asc" ? "reach.sortAscending" : "reach.sortDescending")})`}
                        </span>
                      </span>
                    ) : null}
                  </Link>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">
                <Link
                  to={`/reach?${new URLSearchParams([...base, ["unit", String(row.id)]])}`}
                  aria-label={t("reach.openSubdistrict", { name: row.name })}
                >
                  {row.name}
                </Link>
              </th>
              {cells(row)}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="total-row">
            <th scope="row">{t("reach.col.total")}</th>
            {cells(total)}
          </tr>
        </tfoot>
      </table>
    </section>
  );
}

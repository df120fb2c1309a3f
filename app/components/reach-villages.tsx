import { Link } from "@remix-run/react";
import type { ReachDashboard } from "~/.server/reach/dashboard";
import { formatNumber } from "~/lib/i18n";
import type { VillageTally } from "~/lib/reach-villages";
import { sumVillages, villageGroups } from "~/lib/reach-villages";
import { useI18n } from "~/lib/use-i18n";
import { AttendanceCells } from "./reach-figures";

/**
 * Events and 法律明白人 per village; a village opens its events of the period and its roster. At a
 * district the table has a sub-district column and a subtotal after each sub-district's villages,
 * and a name that repeats carries its sub-district.
 */
export function ReachVillages({ dashboard }: { dashboard: ReachDashboard }) {
  const { t, lang } = useI18n();
  const { current, period } = dashboard;
  const district = dashboard.subdistricts !== null;
  const rosterOf = new Map(
    dashboard.learners.current.villages.map((village) => [village.id, village.onRoster]),
  );
  const villages = current.villages.map((village) => ({
    ...village,
    onRoster: rosterOf.get(village.id) ?? 0,
  }));
  const number = (value: number) => formatNumber(lang, value);
  const eventsOf = (villageId: number) =>
    `/events?${new URLSearchParams({
      village: String(villageId),
      from: period.from,
      to: period.to,
      status: "held",
    })}`;
  const row = (village: (typeof villages)[number]) => (
    <tr key={village.id}>
      {district ? <td>{village.parentName}</td> : null}
      <th scope="row">
        <Link to={eventsOf(village.id)} aria-label={t("reach.openEvents", { name: village.label })}>
          {/* Beside its sub-district's column a village needs no qualifier; its link still names both. */}
          {district ? village.name : village.label}
        </Link>
      </th>
      <AttendanceCells row={village} />
      <td>
        <Link
          to={`/learners?village=${village.id}`}
          aria-label={t("reach.openRoster", {
            name: village.label,
            count: number(village.onRoster),
          })}
        >
          {number(village.onRoster)}
        </Link>
      </td>
    </tr>
  );
  const totalRow = (key: string, label: string, tally: VillageTally) => (
    <tr key={key} className="total-row">
      <th scope="row" colSpan={district ? 2 : 1}>
        {label}
      </th>
      <AttendanceCells row={tally} />
      <td>{number(tally.onRoster)}</td>
    </tr>
  );
  return (
    <section aria-labelledby="by-village" className="table-wrap">
      <h3 id="by-village">{t("reach.byVillage")}</h3>
      <table>
        <thead>
          <tr>
            {district ? <th scope="col">{t("reach.col.subdistrict")}</th> : null}
            <th scope="col">{t("reach.col.village")}</th>
            <th scope="col">{t("reach.col.events")}</th>
            <th scope="col">{t("reach.checkins")}</th>
            <th scope="col">{t("reach.crowd")}</th>
            <th scope="col">{t("reach.col.legalSavvy")}</th>
          </tr>
        </thead>
        <tbody>
          {district
            ? villageGroups(villages).flatMap((group) => [
                ...group.villages.map(row),
                totalRow(
                  `subtotal-${group.id}`,
                  t("reach.subtotal", { name: group.name }),
                  sumVillages(group.villages),
                ),
              ])
            : villages.map(row)}
          {district ? totalRow("total", t("reach.col.total"), sumVillages(villages)) : null}
        </tbody>
      </table>
    </section>
  );
}

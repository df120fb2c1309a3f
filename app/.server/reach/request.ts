import { parsePeriod } from "~/lib/reach-period";
import { parseSubdistrictOrder, sortSubdistricts } from "~/lib/reach-subdistricts";
import { shanghaiDay } from "~/lib/time";
import type { SessionUser } from "../auth/session";
import { now } from "../clock";
import type { Db } from "../db";
import { idQuery } from "../errors";
import { listUnitsInScope } from "../units/units";
import { reachDashboard, reachUnit } from "./dashboard";

/**
 * The query a reach page or export reads: the period's fields, the unit, and the order of a
 * district's sub-districts.
 */
const FIELDS = ["period", "year", "quarter", "month", "from", "to", "unit", "sort", "dir"] as const;

/**
 * The dashboard a reach URL asks for, within the caller's units (another unit is refused, as
 * reachUnit says: `hideOthers` answers 404 for any): the period as typed, its error if it is not
 * one, the units to choose from, and the figures.
 */
export async function reachRequest(
  db: Db,
  request: Request,
  user: SessionUser,
  options: { hideOthers?: boolean } = {},
) {
  const params = new URL(request.url).searchParams;
  const values = Object.fromEntries(FIELDS.map((name) => [name, params.get(name) ?? undefined]));
  const stamp = now();
  const parsed = parsePeriod(values, Number(shanghaiDay(stamp).slice(0, 4)));
  const [unit, units] = await Promise.all([
    reachUnit(db, {
      scopePath: user.unitPath,
      unitId: idQuery(values.unit),
      ownUnitId: user.unitId,
      hideOthers: options.hideOthers,
    }),
    listUnitsInScope(db, { scopePath: user.unitPath }),
  ]);
  const unitOptions = units
    .filter((row) => row.level !== "village" || units.length <= 1)
    .map(({ id, name, depth }) => ({ id, name, depth }));
  const order = parseSubdistrictOrder(values);
  const figures = parsed.period
    ? await reachDashboard(db, { unit, period: parsed.period, now: stamp })
    : null;
  const dashboard = figures?.subdistricts
    ? {
        ...figures,
        subdistricts: {
          ...figures.subdistricts,
          rows: sortSubdistricts(figures.subdistricts.rows, order),
        },
      }
    : figures;
  return {
    values,
    error: parsed.error ?? null,
    unit,
    units: unitOptions,
    dashboard,
    order,
    now: stamp,
  };
}

import type { ReachPeriod } from "~/lib/reach-period";
import { periodInstants } from "~/lib/reach-period";
import { labelUnits } from "~/lib/unit-label";
import type { Db } from "../db";
import { inSubtree } from "../scope";
import { byTreeOrder } from "../units/tree-order";

/** When a unit was set up in Pufa, and retired (kept in the figures of the periods it served). */
export type ServiceDates = { createdAt: string; retiredAt: string | null };

/** A village of the scope, named as a view that holds several sub-districts must name it. */
export type ReachVillage = ServiceDates & {
  id: number;
  name: string;
  path: string;
  parentId: number | null;
  parentName: string | null;
  /** "横泾街道 · 舟山村" where the name repeats among the scope's villages, else the name. */
  label: string;
};

/** A sub-district below the scope: a row of the district's side-by-side table. */
export type ReachBranch = ServiceDates & { id: number; name: string; path: string };

export type ReachUnits = { villages: ReachVillage[]; branches: ReachBranch[] };

/**
 * The villages of the scope and the sub-districts below it, in tree order, from one query: every
 * figure of a dashboard (both periods) reads this one list.
 */
export async function reachUnits(db: Db, input: { scopePath: string }): Promise<ReachUnits> {
  const rows = await db
    .selectFrom("admin_unit as unit")
    .leftJoin("admin_unit as parent", "parent.id", "unit.parent_id")
    .select([
      "unit.id",
      "unit.name",
      "unit.level",
      "unit.path",
      "unit.parent_id",
      "unit.created_at",
      "unit.retired_at",
      "parent.name as parent_name",
    ])
    .where("unit.level", "in", ["village", "subdistrict"])
    .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
    .execute();
  rows.sort(byTreeOrder);
  const dates = (row: (typeof rows)[number]) => ({
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  });
  const villages = labelUnits(
    rows
      .filter((row) => row.level === "village")
      .map((row) => ({
        id: row.id,
        name: row.name,
        path: row.path,
        parentId: row.parent_id,
        parentName: row.parent_name,
        ...dates(row),
      })),
  );
  const branches = rows
    .filter((row) => row.level === "subdistrict" && row.path !== input.scopePath)
    .map((row) => ({ id: row.id, name: row.name, path: row.path, ...dates(row) }));
  return { villages, branches };
}

/**
 * The sub-district a path lies in, by its ancestors' paths ("/1/5/17/" -> "/1/", "/1/5/", …): a
 * few map lookups per event instead of a comparison with every sub-district.
 */
export function branchFinder(branches: readonly { id: number; path: string }[]) {
  const byPath = new Map(branches.map((branch) => [branch.path, branch.id]));
  return (path: string | null) => {
    if (path === null) return undefined;
    for (let end = path.indexOf("/", 1); end !== -1; end = path.indexOf("/", end + 1)) {
      const id = byPath.get(path.slice(0, end + 1));
      if (id !== undefined) return id;
    }
    return undefined;
  };
}

/**
 * Whether a unit served in the period: set up before it ended, and not retired before it began.
 * A unit that did not is left out of "n of m" and of the gaps, unless it holds figures of the
 * period (records entered for it are never hidden).
 */
export function servedIn(unit: ServiceDates, period: ReachPeriod) {
  const { start, end } = periodInstants(period);
  return unit.createdAt < end && (unit.retiredAt === null || unit.retiredAt > start);
}

/** Whether the whole period lies before the unit was set up. */
export function beforeSetUp(unit: { createdAt: string }, period: ReachPeriod) {
  return periodInstants(period).end <= unit.createdAt;
}

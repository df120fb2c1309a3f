import type { Db } from "../db";
import { pathInSubtree } from "../scope";
import { unitRecords } from "./lifecycle";
import { getUnitInScope, listUnitsInScope } from "./units";

/**
 * A unit's page: the unit, its place by names, the units below and its staff; for an
 * administrator also the parents it may move under (not itself, nothing below it, nothing
 * retired) and what refers to it (retired if anything does, deleted otherwise).
 */
export async function unitPage(
  db: Db,
  input: { id: number; scopePath: string; canManage: boolean },
) {
  const unit = await getUnitInScope(db, input);
  if (!input.canManage) return { unit, manage: null };
  const [units, records] = await Promise.all([
    listUnitsInScope(db, { scopePath: input.scopePath }),
    unitRecords(db, unit.id),
  ]);
  const parents = units
    .filter((candidate) => candidate.level !== "village")
    .filter((candidate) => !pathInSubtree(candidate.path, unit.path))
    .map(({ id, name, level, depth }) => ({ id, name, level, depth }));
  const ownUnit = unit.path === input.scopePath;
  return {
    unit,
    manage: {
      ownUnit,
      parents,
      records,
      hasRecords: Object.values(records).some((n) => n > 0),
    },
  };
}

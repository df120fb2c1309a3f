import type { UnitLevel } from "../../../db/schema";
import type { Db } from "../db";
import { listUnitsInScope } from "./units";

export type OutlineNode = {
  id: number;
  name: string;
  level: UnitLevel;
  retired: boolean;
  children: OutlineNode[];
};

/**
 * The units page of a scope: the tree (retired units included and marked), the units a search
 * finds with their place by names, and the parents the add form offers, with the one chosen last
 * when it is still one of them.
 */
export async function unitOutline(
  db: Db,
  input: { scopePath: string; search: string; parentId: number | null },
) {
  const rows = await listUnitsInScope(db, { scopePath: input.scopePath, includeRetired: true });
  const nodes = new Map<number, OutlineNode>();
  const tree: OutlineNode[] = [];
  for (const row of rows) {
    const node = {
      id: row.id,
      name: row.name,
      level: row.level,
      retired: row.retired,
      children: [],
    };
    nodes.set(row.id, node);
    const parent = row.parent_id === null ? undefined : nodes.get(row.parent_id);
    (parent ? parent.children : tree).push(node);
  }
  const parents = rows
    .filter((row) => row.level !== "village" && !row.retired)
    .map(({ id, name, level, depth }) => ({ id, name, level, depth }));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const trail = (id: number) => {
    const names: string[] = [];
    for (
      let row = byId.get(id);
      row;
      row = row.parent_id === null ? undefined : byId.get(row.parent_id)
    ) {
      names.unshift(row.name);
    }
    return names.join(" / ");
  };
  const matches = input.search
    ? rows
        .filter((row) => row.name.includes(input.search))
        .map((row) => ({
          id: row.id,
          level: row.level,
          retired: row.retired,
          trail: trail(row.id),
        }))
    : null;
  const parentId = parents.some((unit) => unit.id === input.parentId) ? input.parentId : null;
  return { tree, matches, parents, parentId };
}

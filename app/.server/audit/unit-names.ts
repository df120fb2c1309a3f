import type { UnitNames } from "~/lib/audit-words";
import { unitIdsOf } from "~/lib/audit-words";
import type { Db } from "../db";
import { inSubtree } from "../scope";
import { byTreeOrder } from "../units/tree-order";

type Unit = { id: number; name: string; path: string };

/** The units a reader of the audit log may name: their own unit and everything below, in tree order. */
export async function auditUnits(db: Db, input: { scopePath: string }): Promise<Unit[]> {
  const rows = await db
    .selectFrom("admin_unit")
    .select(["id", "name", "path"])
    .where((eb) => inSubtree(eb.ref("path"), input.scopePath))
    .execute();
  return rows.sort(byTreeOrder);
}

const ids = (path: string) => path.split("/").filter(Boolean).map(Number);

/**
 * A path of unit ids as names below the reader's own unit ("/1/26/40/" read at the district:
 * "横泾街道 / 舟山村"); the reader's own unit by its name. Null when a unit of it is not known
 * (deleted, or outside the reader's units).
 */
export function pathByNames(byId: Map<number, Unit>, readerPath: string, path: string) {
  const reader = ids(readerPath);
  const lineage = ids(path);
  const below = lineage.length > reader.length ? lineage.slice(reader.length) : lineage.slice(-1);
  const names = below.map((id) => byId.get(id)?.name);
  return names.every((name) => name !== undefined) ? names.join(" / ") : null;
}

/**
 * What the entries of one page (or one export) need to name units by their paths, from the
 * units already read once for the page: the unit of each entry (its stored path, as it was when
 * the entry was written, in today's names) and every unit its target or detail names by id.
 */
export function unitWords<
  E extends { target: string | null; detail: string | null; unit_path: string | null },
>(units: Unit[], readerPath: string, entries: E[]) {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const names: Record<number, string> = {};
  for (const entry of entries) {
    for (const id of unitIdsOf(entry)) {
      const unit = byId.get(id);
      const named = unit && pathByNames(byId, readerPath, unit.path);
      if (named) names[id] = named;
    }
  }
  // The stored path itself stays on the server: the page needs its names only.
  const withUnits = entries.map(({ unit_path: path, ...entry }) => ({
    ...entry,
    unitLabel: path ? pathByNames(byId, readerPath, path) : null,
  }));
  return { names: names as UnitNames, entries: withUnits };
}

/** The units a reader may filter the log by, each named by its path below the reader's unit. */
export function unitChoices(units: Unit[], readerPath: string) {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  return units.map((unit) => ({
    id: unit.id,
    label: pathByNames(byId, readerPath, unit.path) ?? unit.name,
  }));
}

/**
 * How a unit is named where it is shown beside units of other branches: by its name, and by its
 * parent's name too ("横泾街道 · 舟山村") when the name repeats among the units of the same view.
 * A district holds several 舟山村; a village's own pages never need the prefix.
 */
export type NamedUnit = { id: number; name: string; parentName: string | null };

export function qualifiedName(unit: { name: string; parentName: string | null }) {
  return unit.parentName ? `${unit.parentName} · ${unit.name}` : unit.name;
}

/** Each unit with its `label`: its name, or its qualified name where the name repeats. */
export function labelUnits<T extends NamedUnit>(units: readonly T[]): (T & { label: string })[] {
  const ids = new Map<string, Set<number>>();
  for (const unit of units) ids.set(unit.name, (ids.get(unit.name) ?? new Set()).add(unit.id));
  return units.map((unit) => ({
    ...unit,
    label: ids.get(unit.name)!.size > 1 ? qualifiedName(unit) : unit.name,
  }));
}

/**
 * A district's village table cut by sub-district, for the page and the exports alike: the
 * villages in tree order, a new group where the sub-district changes, and the sum of a group.
 */
export type VillageTally = { events: number; checkins: number; crowd: number; onRoster: number };

export function villageGroups<T extends { parentId: number | null; parentName: string | null }>(
  villages: readonly T[],
) {
  const groups: { id: number | null; name: string; villages: T[] }[] = [];
  for (const village of villages) {
    const last = groups.at(-1);
    if (last && last.id === village.parentId) last.villages.push(village);
    else groups.push({ id: village.parentId, name: village.parentName ?? "", villages: [village] });
  }
  return groups;
}

export function sumVillages(rows: readonly VillageTally[]): VillageTally {
  return rows.reduce(
    (total, row) => ({
      events: total.events + row.events,
      checkins: total.checkins + row.checkins,
      crowd: total.crowd + row.crowd,
      onRoster: total.onRoster + row.onRoster,
    }),
    { events: 0, checkins: 0, crowd: 0, onRoster: 0 },
  );
}

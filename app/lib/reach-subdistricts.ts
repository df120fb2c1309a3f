/**
 * The district's table of sub-districts side by side: its row, the columns it sorts by, and the
 * order the server sends (a header is a link with `sort` and `dir` in the query string, so the
 * table sorts without JavaScript).
 */
export type SubdistrictRow = {
  id: number;
  name: string;
  events: number;
  checkins: number;
  crowd: number;
  villagesCovered: number;
  villagesTotal: number;
  /** 法律明白人 on the rosters on the period's last day, and who of them met the hours target. */
  onRoster: number;
  metHours: number;
  /** Invitations to the cadres' held study sessions hosted there, and who came. */
  invited: number;
  came: number;
  rate: number | null;
  /** 推进会 held. */
  progress: number;
};

export const subdistrictSorts = [
  "name",
  "events",
  "checkins",
  "crowd",
  "villages",
  "legalSavvy",
  "hours",
  "rate",
  "progress",
] as const;
export type SubdistrictSort = (typeof subdistrictSorts)[number];
export type SortDirection = "asc" | "desc";
export type SubdistrictOrder = { sort: SubdistrictSort; dir: SortDirection };

/** The tree's order unless the query names a column; an unknown column or direction is ignored. */
export function parseSubdistrictOrder(values: {
  sort?: string | undefined;
  dir?: string | undefined;
}): SubdistrictOrder {
  const sort = subdistrictSorts.find((key) => key === values.sort) ?? "name";
  const dir = values.dir === "desc" || values.dir === "asc" ? values.dir : defaultDirection(sort);
  return { sort, dir };
}

/** A figure sorts most first when its header is first chosen; the names in the tree's order. */
export function defaultDirection(sort: SubdistrictSort): SortDirection {
  return sort === "name" ? "asc" : "desc";
}

/** A share as a number to compare (a sub-district with no villages or nobody sorts last). */
const share = (count: number, total: number) => (total === 0 ? -1 : count / total);

const sortValue: Record<Exclude<SubdistrictSort, "name">, (row: SubdistrictRow) => number> = {
  events: (row) => row.events,
  checkins: (row) => row.checkins,
  crowd: (row) => row.crowd,
  villages: (row) => share(row.villagesCovered, row.villagesTotal),
  legalSavvy: (row) => row.onRoster,
  hours: (row) => share(row.metHours, row.onRoster),
  rate: (row) => row.rate ?? -1,
  progress: (row) => row.progress,
};

/** The rows in the order asked for; ties keep the tree's order (the rows come in it). */
export function sortSubdistricts(rows: SubdistrictRow[], order: SubdistrictOrder) {
  if (order.sort === "name") return order.dir === "asc" ? [...rows] : [...rows].reverse();
  const value = sortValue[order.sort];
  const sign = order.dir === "asc" ? 1 : -1;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => sign * (value(a.row) - value(b.row)) || a.index - b.index)
    .map(({ row }) => row);
}

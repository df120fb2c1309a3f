import type { ExpressionBuilder } from "kysely";
import type { Database } from "../../../db/schema";
import type { DisplayedStatus } from "~/lib/event-status";
import { isDisplayedStatus } from "~/lib/event-status";
import type { MessageKey } from "~/lib/i18n";
import { shanghaiDayStart } from "~/lib/time";
import type { Db } from "../db";
import { inSubtree } from "../scope";
import { heldBy } from "./held";
import { byTreeOrder } from "../units/tree-order";
import { labelUnits } from "~/lib/unit-label";

export const EVENTS_PER_PAGE = 20;

export type EventListFilters = {
  status?: DisplayedStatus;
  /** Shanghai calendar days, both included. */
  from?: string;
  to?: string;
  villageId?: number;
};

type Field = "status" | "from" | "to" | "village";

/**
 * Villages and communities of the scope, in the order of the unit tree, each with its `label`:
 * its name, or "横泾街道 · 舟山村" where the name repeats in the scope. Retired ones are kept and
 * marked (filters still find their records); forms offer them through `offeredVillages`.
 */
export async function listVillagesInScope(db: Db, input: { scopePath: string }) {
  const rows = await db
    .selectFrom("admin_unit as village")
    .leftJoin("admin_unit as parent", "parent.id", "village.parent_id")
    .select([
      "village.id",
      "village.name",
      "village.path",
      "village.retired_at",
      "parent.name as parentName",
    ])
    .where("village.level", "=", "village")
    .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
    .execute();
  return labelUnits(rows.sort(byTreeOrder)).map(({ id, name, parentName, label, retired_at }) => ({
    id,
    name,
    parentName,
    label,
    retired: retired_at !== null,
  }));
}

/** The villages a form offers for a new choice: none that is retired, but the record's own. */
export function offeredVillages<T extends { id: number; retired: boolean }>(
  villages: T[],
  current?: number | null,
) {
  return villages.filter((village) => !village.retired || village.id === current);
}

/** "2026-12-04", and a real day of the calendar (not 2026-02-30). */
function isDay(value: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/**
 * The events list's query string. A value that cannot be used is dropped (the list shows as if
 * it were not given) and named in `errors`, so the page can say so beside its field.
 */
export function parseEventListQuery(
  params: URLSearchParams,
  villages: { id: number }[],
): {
  filters: EventListFilters;
  page: number;
  values: Record<Field, string>;
  errors: Partial<Record<Field, MessageKey>>;
} {
  const read = (name: string) => (params.get(name) ?? "").trim().slice(0, 100);
  const values = {
    status: read("status"),
    from: read("from"),
    to: read("to"),
    village: read("village"),
  };
  const filters: EventListFilters = {};
  const errors: Partial<Record<Field, MessageKey>> = {};
  if (values.status) {
    if (isDisplayedStatus(values.status)) filters.status = values.status;
    else errors.status = "events.filterUnknownStatus";
  }
  for (const field of ["from", "to"] as const) {
    if (!values[field]) continue;
    if (isDay(values[field])) filters[field] = values[field];
    else errors[field] = "events.filterBadDate";
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    delete filters.to;
    errors.to = "events.filterToBeforeFrom";
  }
  if (values.village) {
    const village = villages.find((unit) => String(unit.id) === values.village);
    if (village) filters.villageId = village.id;
    else errors.village = "events.filterVillageOutOfScope";
  }
  const pageText = read("page");
  const page = /^\d{1,6}$/.test(pageText) && Number(pageText) > 0 ? Number(pageText) : 1;
  return { filters, page, values, errors };
}

/**
 * The filters as SQL. The status filter says in SQL what `displayedStatus` says in code (the
 * integration tests hold the two together): running from the start up to the end, held from
 * the end on, published before the start.
 */
export function eventListWhere(
  eb: ExpressionBuilder<Database & { event: Database["event"] }, "event">,
  input: { filters: EventListFilters; now: string },
) {
  const { filters, now } = input;
  const conditions = [];
  const out = ["published", "held"] as const;
  switch (filters.status) {
    case "draft":
    case "cancelled":
      conditions.push(eb("event.status", "=", filters.status));
      break;
    case "held":
      conditions.push(heldBy(eb, now));
      break;
    case "running":
      conditions.push(
        eb("event.status", "in", out),
        eb("event.starts_at", "<=", now),
        eb("event.ends_at", ">", now),
      );
      break;
    case "published":
      conditions.push(
        eb("event.status", "in", out),
        eb("event.starts_at", ">", now),
        eb("event.ends_at", ">", now),
      );
      break;
  }
  if (filters.from) conditions.push(eb("event.starts_at", ">=", shanghaiDayStart(filters.from)));
  if (filters.to) conditions.push(eb("event.starts_at", "<", shanghaiDayStart(filters.to, 1)));
  if (filters.villageId) conditions.push(eb("event.village_id", "=", filters.villageId));
  return eb.and(conditions);
}

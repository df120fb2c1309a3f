import { displayedStatus } from "~/lib/event-status";
import type { Db } from "../db";
import type { EventListFilters } from "./event-list-query";
import { EVENTS_PER_PAGE } from "./event-list-query";
import { listEventsInScope } from "./events";

/**
 * One page of the organiser's list, each event with its displayed status. A page past the end
 * (an old link, fewer events since) shows the last page instead of an empty list.
 */
export async function listEventsPage(
  db: Db,
  input: { scopePath: string; now: string; filters: EventListFilters; page: number },
) {
  const list = (page: number) =>
    listEventsInScope(db, {
      scopePath: input.scopePath,
      now: input.now,
      filters: input.filters,
      limit: EVENTS_PER_PAGE,
      offset: (page - 1) * EVENTS_PER_PAGE,
    });
  let page = input.page;
  let rows = await list(page);
  if (rows.length === 0 && page > 1) {
    const first = await list(1);
    page = Math.max(1, Math.ceil((first[0]?.total ?? 0) / EVENTS_PER_PAGE));
    rows = page === 1 ? first : await list(page);
  }
  const total = rows[0]?.total ?? 0;
  return {
    page,
    total,
    first: total === 0 ? 0 : (page - 1) * EVENTS_PER_PAGE + 1,
    last: (page - 1) * EVENTS_PER_PAGE + rows.length,
    hasNext: page * EVENTS_PER_PAGE < total,
    events: rows.map(({ total: _total, status, ...row }) => ({
      ...row,
      status: displayedStatus(
        { status, starts_at: row.starts_at, ends_at: row.ends_at },
        input.now,
      ),
    })),
  };
}

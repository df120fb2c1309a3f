import type { ExpressionBuilder } from "kysely";
import type { Database } from "../../../db/schema";
import { runStatuses } from "~/lib/event-status";

/**
 * `isHeld` in SQL: the event was run (published or reported on) and had ended by `now`. Stored
 * times are ISO instants of one format, so comparing them as text compares them as times.
 */
export function heldBy<TB extends "event">(eb: ExpressionBuilder<Database, TB>, now: string) {
  const ref = eb as unknown as ExpressionBuilder<Database, "event">;
  return ref.and([ref("event.status", "in", runStatuses), ref("event.ends_at", "<=", now)]);
}

import type { ExpressionBuilder } from "kysely";
import type { Database } from "../../../db/schema";
import type { Db } from "../db";

// What the staff pages and the evidence papers show an event by, read the same way by both.

/**
 * Events with the names they are shown by: the host (name, and path for its scope), the village
 * it is held in, and its campaign in both languages. Select the event's own columns on top.
 */
export const eventsWithLabels = (db: Db) =>
  db
    .selectFrom("event")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .leftJoin("admin_unit as village", "village.id", "event.village_id")
    .leftJoin("campaign", "campaign.id", "event.campaign_id")
    .select([
      "host.name as host_name",
      "host.path as host_path",
      "village.name as village_name",
      "campaign.name as campaign_name",
      "campaign.name_en as campaign_name_en",
    ]);

/** The check-ins of the row's event, counted as a column "checkins" (a number, or its text). */
export function checkinCount<TB extends "event">(eb: ExpressionBuilder<Database, TB>) {
  const ref = eb as unknown as ExpressionBuilder<Database, "event">;
  return ref
    .selectFrom("checkin")
    .select((inner) => inner.fn.countAll<number>().as("n"))
    .whereRef("checkin.event_id", "=", "event.id")
    .as("checkins");
}

/** The audience groups (普法对象) an event is for. */
export async function eventAudience(db: Db, eventId: number) {
  const rows = await db
    .selectFrom("event_audience")
    .select("audience_group")
    .where("event_id", "=", eventId)
    .execute();
  return rows.map((row) => row.audience_group);
}

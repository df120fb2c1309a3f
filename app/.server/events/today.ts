import { displayedStatus } from "~/lib/event-status";
import { shanghaiDay, shanghaiDayStart } from "~/lib/time";
import type { Db } from "../db";
import { eventInReach } from "../scope";

/**
 * The organiser's day: events within reach of the scope (hosted in it or held in one of its
 * villages) that run now or start later today (the day of Asia/Shanghai), soonest first, with
 * what the door needs to know at a glance.
 */
export async function listTodayEvents(db: Db, input: { scopePath: string; now: string }) {
  const endOfDay = shanghaiDayStart(shanghaiDay(input.now), 1);
  const rows = await db
    .selectFrom("event")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .leftJoin("admin_unit as village", "village.id", "event.village_id")
    .select((eb) => [
      "event.id",
      "event.title",
      "event.code",
      "event.visibility",
      "event.status",
      "event.starts_at",
      "event.ends_at",
      "event.venue",
      "village.name as village_name",
      eb
        .selectFrom("checkin")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .whereRef("checkin.event_id", "=", "event.id")
        .as("checkins"),
    ])
    .where(eventInReach(db, input.scopePath))
    .where("event.status", "in", ["published", "held"])
    .where("event.ends_at", ">", input.now)
    .where("event.starts_at", "<", endOfDay)
    .orderBy("event.starts_at")
    .orderBy("event.id")
    .limit(50)
    .execute();
  return rows.map(({ status, ...row }) => ({
    ...row,
    status: displayedStatus({ status, starts_at: row.starts_at, ends_at: row.ends_at }, input.now),
  }));
}

import { eventInReach, refuseOutOfScope } from "../scope";
import { villagesOfArea } from "../units/units";
import type { Db } from "../db";

/**
 * The event whose attendance is asked for, if it is within the caller's reach (hosted in their
 * subtree or held in one of its villages); FORBIDDEN when it lies elsewhere, NOT_FOUND when
 * there is no such event.
 */
export async function attendanceEvent(db: Db, input: { id: number; scopePath: string }) {
  const event = await db
    .selectFrom("event")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .select([
      "event.id",
      "event.code",
      "event.title",
      "event.status",
      "event.visibility",
      "event.venue",
      "event.village_id",
      "event.starts_at",
      "event.ends_at",
      "event.estimated_crowd",
      "event.materials_handed_out",
      "event.consultations",
      "event.summary",
      "host.id as host_id",
      "host.name as host_name",
      "host.level as host_level",
      "host.parent_id as host_parent_id",
      "host.path as host_path",
    ])
    .where("event.id", "=", input.id)
    .where(eventInReach(db, input.scopePath))
    .executeTakeFirst();
  if (event) return event;
  return refuseOutOfScope(db, "event", input.id);
}

export type AttendanceEvent = Awaited<ReturnType<typeof attendanceEvent>>;

/**
 * The villages a person at the door may come from: those of the sub-district the event belongs
 * to (as on the resident's own check-in page), so a village's event can record a neighbour.
 */
export function villagesOfEventArea(db: Db, event: AttendanceEvent) {
  return villagesOfArea(db, {
    id: event.host_id,
    level: event.host_level,
    parentId: event.host_parent_id,
  });
}

import { displayedStatus } from "~/lib/event-status";
import { now } from "../clock";
import type { Db } from "../db";
import { attendanceEvent } from "./event";

/**
 * The after-event figures of an event in the caller's scope, beside its individual check-ins,
 * and where the event stands: before its start no report can be written yet.
 */
export async function getEventReport(db: Db, input: { id: number; scopePath: string }) {
  const event = await attendanceEvent(db, input);
  const checkins = await db
    .selectFrom("checkin")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("event_id", "=", event.id)
    .executeTakeFirstOrThrow();
  return {
    hostPath: event.host_path,
    id: event.id,
    title: event.title,
    status: event.status,
    shownStatus: displayedStatus(event, now()),
    venue: event.venue,
    startsAt: event.starts_at,
    phase: reportPhase(event, now()),
    estimatedCrowd: event.estimated_crowd,
    materialsHandedOut: event.materials_handed_out,
    consultations: event.consultations,
    summary: event.summary,
    checkins: checkins.n,
  };
}

export type ReportPhase = "before" | "during" | "after";

function reportPhase(event: { starts_at: string; ends_at: string }, at: string): ReportPhase {
  if (at < event.starts_at) return "before";
  return at < event.ends_at ? "during" : "after";
}

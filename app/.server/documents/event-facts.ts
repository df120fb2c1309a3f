import type { Db } from "../db";
import { notFound } from "../errors";
import { checkinCount, eventAudience, eventsWithLabels } from "../events/event-labels";

/**
 * What the evidence papers say of one event, read by id alone: the callers (the download routes,
 * the year's file) have already decided that the reader may see it. NOT_FOUND when there is none.
 */
export async function eventFacts(db: Db, eventId: number) {
  const event = await eventsWithLabels(db)
    .select((eb) => [
      "event.id",
      "event.code",
      "event.title",
      "event.format",
      "event.venue",
      "event.starts_at",
      "event.ends_at",
      "event.speaker",
      "event.speaker_role",
      "event.status",
      "event.estimated_crowd",
      "event.materials_handed_out",
      "event.consultations",
      "event.summary",
      "event.training",
      "event.credit_minutes",
      "event.study_kind",
      "event.chair",
      "event.minutes",
      checkinCount(eb),
    ])
    .where("event.id", "=", eventId)
    .executeTakeFirst();
  if (!event) throw notFound();
  return {
    ...event,
    checkins: Number(event.checkins),
    audience: await eventAudience(db, eventId),
  };
}

export type EventFacts = Awaited<ReturnType<typeof eventFacts>>;

/** The venue with the village it lies in, when the venue does not already name it. */
export function placeOf(event: Pick<EventFacts, "venue" | "village_name">) {
  if (!event.village_name || event.venue.includes(event.village_name)) return event.venue;
  return `${event.village_name} ${event.venue}`;
}

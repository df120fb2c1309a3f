import type { Lang } from "~/lib/i18n";
import type { Db } from "../db";
import { notFound } from "../errors";

/**
 * What the evidence papers say of one event, read by id alone: the callers (the download routes,
 * the year's file) have already decided that the reader may see it. NOT_FOUND when there is none.
 */
export async function eventFacts(db: Db, eventId: number) {
  const event = await db
    .selectFrom("event")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .leftJoin("admin_unit as village", "village.id", "event.village_id")
    .leftJoin("campaign", "campaign.id", "event.campaign_id")
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
      "host.name as host_name",
      "host.path as host_path",
      "village.name as village_name",
      "campaign.name as campaign_name",
      "campaign.name_en as campaign_name_en",
      eb
        .selectFrom("checkin")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .whereRef("checkin.event_id", "=", "event.id")
        .as("checkins"),
    ])
    .where("event.id", "=", eventId)
    .executeTakeFirst();
  if (!event) throw notFound();
  const audience = await db
    .selectFrom("event_audience")
    .select("audience_group")
    .where("event_id", "=", eventId)
    .execute();
  return {
    ...event,
    checkins: Number(event.checkins),
    audience: audience.map((row) => row.audience_group),
  };
}

export type EventFacts = Awaited<ReturnType<typeof eventFacts>>;

/** The venue with the village it lies in, when the venue does not already name it. */
export function placeOf(event: Pick<EventFacts, "venue" | "village_name">) {
  if (!event.village_name || event.venue.includes(event.village_name)) return event.venue;
  return `${event.village_name} ${event.venue}`;
}

/** The campaign's name in the reader's language (English pages fall back to the Chinese name). */
export function campaignOf(
  event: Pick<EventFacts, "campaign_name" | "campaign_name_en">,
  lang: Lang,
) {
  if (!event.campaign_name) return null;
  return lang === "en" ? (event.campaign_name_en ?? event.campaign_name) : event.campaign_name;
}

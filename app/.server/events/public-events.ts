import { z } from "zod";
import { audienceGroups, eventFormats } from "../../../db/schema";
import { recordIdSchema } from "~/lib/schemas";
import { displayedStatus } from "~/lib/event-status";
import { shanghaiDay } from "~/lib/time";
import { now } from "../clock";
import type { Db } from "../db";
import { notFound } from "../errors";
import { byTreeOrder } from "../units/tree-order";

/** Statuses a resident may see on a public event: a draft is not out yet. */
const visibleStatuses = ["published", "cancelled", "held"] as const;

const anyOr = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** The home page's filters from the query string; anything unknown means "any". */
const publicFilterSchema = z.object({
  village: anyOr(recordIdSchema),
  format: anyOr(z.enum(eventFormats)),
  audience: anyOr(z.enum(audienceGroups)),
  campaign: anyOr(recordIdSchema),
});

export type PublicFilters = z.output<typeof publicFilterSchema>;

export function parsePublicFilters(params: URLSearchParams): PublicFilters {
  const raw = Object.fromEntries([...params].filter(([, value]) => value !== "")) as Record<
    string,
    string
  >;
  return publicFilterSchema.parse(raw);
}

/**
 * Public events that have not ended yet, soonest first: published ones, running ones until their
 * end (even once a report is in), and cancelled ones with their reason. Each carries its
 * displayed status.
 */
export async function listPublicEvents(
  db: Db,
  input: { now: string; filters: PublicFilters; limit?: number },
) {
  const { filters } = input;
  let query = db
    .selectFrom("event")
    .leftJoin("admin_unit as village", "village.id", "event.village_id")
    .select([
      "event.code",
      "event.title",
      "event.format",
      "event.starts_at",
      "event.ends_at",
      "event.venue",
      "event.status",
      "event.cancel_reason",
      "village.name as village_name",
    ])
    .where("event.visibility", "=", "public")
    .where("event.status", "in", visibleStatuses)
    .where("event.ends_at", ">", input.now);
  if (filters.village) query = query.where("event.village_id", "=", filters.village);
  if (filters.format) query = query.where("event.format", "=", filters.format);
  if (filters.campaign) query = query.where("event.campaign_id", "=", filters.campaign);
  const audience = filters.audience;
  if (audience) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("event_audience")
          .select("event_audience.event_id")
          .whereRef("event_audience.event_id", "=", "event.id")
          .where("event_audience.audience_group", "=", audience),
      ),
    );
  }
  const rows = await query
    .orderBy("event.starts_at")
    .orderBy("event.id")
    .limit(input.limit ?? 100)
    .execute();
  return rows.map((row) => ({ ...row, status: displayedStatus(row, input.now) }));
}

/**
 * The choices of the home page's filters: the villages and communities in the office's own order
 * (the unit tree's), and this year's campaigns (Beijing time): a resident looks for what is on now.
 */
export async function listPublicFilterOptions(db: Db, input: { now: string }) {
  const year = Number(shanghaiDay(input.now).slice(0, 4));
  const [villages, campaigns] = await Promise.all([
    db
      .selectFrom("admin_unit")
      .select(["id", "name", "path"])
      .where("level", "=", "village")
      .execute(),
    db
      .selectFrom("campaign")
      .select(["id", "name", "name_en"])
      .where("year", "=", year)
      .orderBy("starts_on")
      .orderBy("id")
      .execute(),
  ]);
  return { villages: villages.sort(byTreeOrder).map(({ id, name }) => ({ id, name })), campaigns };
}

/** One public event by its code; a draft or internal event does not exist for the public. */
export async function getPublicEvent(db: Db, input: { code: string; now?: string }) {
  const event = await db
    .selectFrom("event")
    .leftJoin("admin_unit as village", "village.id", "event.village_id")
    .leftJoin("campaign", "campaign.id", "event.campaign_id")
    .select([
      "event.id",
      "event.code",
      "event.title",
      "event.format",
      "event.starts_at",
      "event.ends_at",
      "event.venue",
      "event.laws",
      "event.speaker",
      "event.speaker_role",
      "event.description",
      "event.status",
      "event.cancel_reason",
      "event.updated_at",
      "village.name as village_name",
      "campaign.name as campaign_name",
      "campaign.name_en as campaign_name_en",
    ])
    .where("event.code", "=", input.code)
    .where("event.visibility", "=", "public")
    .where("event.status", "in", visibleStatuses)
    .executeTakeFirst();
  if (!event) throw notFound();
  const audience = await db
    .selectFrom("event_audience")
    .select("audience_group")
    .where("event_id", "=", event.id)
    .execute();
  const { id: _id, ...shown } = event;
  return {
    ...shown,
    shown_status: displayedStatus(event, input.now ?? now()),
    audience: audience.map((row) => row.audience_group),
  };
}

/** The calendar feed: public events from `since` on (published, held, and cancelled ones so
 *  that subscribed calendars learn of the cancellation). */
export async function listCalendarEvents(db: Db, input: { since: string }) {
  return db
    .selectFrom("event")
    .leftJoin("admin_unit as village", "village.id", "event.village_id")
    .select([
      "event.code",
      "event.title",
      "event.starts_at",
      "event.ends_at",
      "event.venue",
      "event.description",
      "event.status",
      "event.cancel_reason",
      "event.updated_at",
      "village.name as village_name",
    ])
    .where("event.visibility", "=", "public")
    .where("event.status", "in", visibleStatuses)
    .where("event.ends_at", ">=", input.since)
    .orderBy("event.starts_at")
    .limit(1000)
    .execute();
}

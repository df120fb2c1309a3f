import type { ExpressionBuilder } from "kysely";
import { sql } from "kysely";
import { z } from "zod";
import type { AdminUnitTable, Database } from "../../../db/schema";
import { audienceGroups, eventFormats } from "../../../db/schema";
import { recordIdSchema } from "~/lib/schemas";
import { displayedStatus } from "~/lib/event-status";
import { shanghaiDay } from "~/lib/time";
import { labelUnits, qualifiedName } from "~/lib/unit-label";
import { now } from "../clock";
import type { Db } from "../db";
import { notFound } from "../errors";
import { eventInReach, inSubtree } from "../scope";
import { eventAudience } from "./event-labels";
import { byTreeOrder } from "../units/tree-order";

/** Statuses a resident may see on a public event: a draft is not out yet. */
const visibleStatuses = ["published", "cancelled", "held"] as const;

const anyOr = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** The home page's filters from the query string; anything unknown means "any". */
const publicFilterSchema = z.object({
  area: anyOr(recordIdSchema),
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
 * A village as the public reads it beside villages of other sub-districts: "横泾街道 · 舟山村"
 * where another village of the deployment has its name (`repeated`, 0/1 or a boolean by
 * dialect), else its name.
 */
function shownVillage(name: string | null, parentName: string | null, repeated: unknown) {
  if (name === null) return null;
  return repeated ? qualifiedName({ name, parentName }) : name;
}

/**
 * Public events that have not ended yet, soonest first: published ones, running ones until their
 * end (even once a report is in), and cancelled ones with their reason. Each carries its
 * displayed status. An area (a sub-district's path) keeps the events hosted in it or held in
 * one of its villages. A village goes by its label, or by its name alone on its own
 * sub-district's page (`ownArea`).
 */
export async function listPublicEvents(
  db: Db,
  input: { now: string; filters: PublicFilters; area?: string; ownArea?: boolean; limit?: number },
) {
  const { filters, area } = input;
  let query = db
    .selectFrom("event")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .leftJoin("admin_unit as village", "village.id", "event.village_id")
    .leftJoin("admin_unit as village_parent", "village_parent.id", "village.parent_id")
    .select((eb) => [
      "event.code",
      "event.title",
      "event.format",
      "event.starts_at",
      "event.ends_at",
      "event.venue",
      "event.status",
      "event.cancel_reason",
      "village.name as village_name",
      "village_parent.name as village_parent",
      input.ownArea ? sql<boolean>`false`.as("village_repeated") : villageRepeated(eb),
    ])
    .where("event.visibility", "=", "public")
    .where("event.status", "in", visibleStatuses)
    .where("event.ends_at", ">", input.now);
  if (area) {
    query = query.where(eventInReach(db, area));
  }
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
  return rows.map(({ village_parent, village_repeated, ...row }) => ({
    ...row,
    village_name: shownVillage(row.village_name, village_parent, village_repeated),
    status: displayedStatus(row, input.now),
  }));
}

/** Whether another village of the deployment has the joined `village`'s name. */
function villageRepeated(eb: ExpressionBuilder<Database & { village: AdminUnitTable }, "village">) {
  return eb
    .exists(
      eb
        .selectFrom("admin_unit as same")
        .select("same.id")
        .whereRef("same.name", "=", "village.name")
        .whereRef("same.id", "!=", "village.id")
        .where("same.level", "=", "village"),
    )
    .as("village_repeated");
}

/**
 * The deployment's sub-districts and villages as the home page's filters offer them, in the
 * unit tree's order, none retired: each village with its sub-district (`areaId`, null for one
 * directly under the district) and its label, qualified where its name repeats.
 */
async function publicAreas(db: Db) {
  const units = await db
    .selectFrom("admin_unit as unit")
    .leftJoin("admin_unit as parent", "parent.id", "unit.parent_id")
    .select([
      "unit.id",
      "unit.name",
      "unit.level",
      "unit.path",
      "unit.parent_id",
      "unit.retired_at",
      "parent.name as parentName",
      "parent.level as parentLevel",
    ])
    .where("unit.level", "in", ["subdistrict", "village"])
    .execute();
  units.sort(byTreeOrder);
  const active = (unit: { retired_at: string | null }) => unit.retired_at === null;
  const villages = labelUnits(units.filter((unit) => unit.level === "village"))
    .filter(active)
    .map((village) => ({
      id: village.id,
      label: village.label,
      areaId: village.parentLevel === "subdistrict" ? village.parent_id : null,
    }));
  const areas = units
    .filter((unit) => unit.level === "subdistrict" && active(unit))
    .map(({ id, name, path }) => ({ id, name, path }));
  return { areas, villages };
}

/**
 * The home page: its filters from the query string (a village outside the chosen sub-district
 * is dropped, as the narrowed list no longer offers it), the choices of its filters, and the
 * upcoming public events that match. The choices: sub-districts and villages (`publicAreas`),
 * and this year's campaigns (Beijing time): a resident looks for what is on now.
 */
export async function publicHome(db: Db, input: { now: string; params: URLSearchParams }) {
  const year = Number(shanghaiDay(input.now).slice(0, 4));
  const [{ areas, villages }, campaigns] = await Promise.all([
    publicAreas(db),
    db
      .selectFrom("campaign")
      .select(["id", "name", "name_en"])
      .where("year", "=", year)
      .orderBy("starts_on")
      .orderBy("id")
      .execute(),
  ]);
  const filters = parsePublicFilters(input.params);
  const area = areas.find((unit) => unit.id === filters.area);
  if (!area) filters.area = undefined;
  if (area && !villages.some((v) => v.id === filters.village && v.areaId === area.id)) {
    filters.village = undefined;
  }
  const events = await listPublicEvents(db, { now: input.now, filters, area: area?.path });
  return {
    filters,
    events,
    options: { areas: areas.map(({ id, name }) => ({ id, name })), villages, campaigns },
  };
}

/** One public event by its code; a draft or internal event does not exist for the public. */
export async function getPublicEvent(db: Db, input: { code: string; now?: string }) {
  const event = await db
    .selectFrom("event")
    .leftJoin("admin_unit as village", "village.id", "event.village_id")
    .leftJoin("admin_unit as village_parent", "village_parent.id", "village.parent_id")
    .leftJoin("campaign", "campaign.id", "event.campaign_id")
    .select((eb) => [
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
      "village_parent.name as village_parent",
      villageRepeated(eb),
      "campaign.name as campaign_name",
      "campaign.name_en as campaign_name_en",
    ])
    .where("event.code", "=", input.code)
    .where("event.visibility", "=", "public")
    .where("event.status", "in", visibleStatuses)
    .executeTakeFirst();
  if (!event) throw notFound();
  const { id: _id, village_parent, village_repeated, ...shown } = event;
  return {
    ...shown,
    village_name: shownVillage(event.village_name, village_parent, village_repeated),
    shown_status: displayedStatus(event, input.now ?? now()),
    audience: await eventAudience(db, event.id),
  };
}

/**
 * A sub-district's own public page, at a stable address its posters print: its name and its
 * district's, its villages (none retired), and its upcoming public events, its villages going
 * by their own names. Not found for any other unit, or a retired one.
 */
export async function publicAreaPage(db: Db, input: { id: number; now: string }) {
  const area = await db
    .selectFrom("admin_unit as area")
    .leftJoin("admin_unit as parent", "parent.id", "area.parent_id")
    .select(["area.name", "area.path", "parent.name as parentName"])
    .where("area.id", "=", input.id)
    .where("area.level", "=", "subdistrict")
    .where("area.retired_at", "is", null)
    .executeTakeFirst();
  if (!area) throw notFound();
  const [villages, events] = await Promise.all([
    db
      .selectFrom("admin_unit")
      .select(["id", "name", "path"])
      .where("level", "=", "village")
      .where("retired_at", "is", null)
      .where((eb) => inSubtree(eb.ref("path"), area.path))
      .execute(),
    listPublicEvents(db, { now: input.now, filters: {}, area: area.path, ownArea: true }),
  ]);
  return {
    name: area.name,
    parentName: area.parentName,
    // Each village with its id: it links to its public list of 法律明白人 (/v/<id>).
    villages: villages.sort(byTreeOrder).map(({ id, name }) => ({ id, name })),
    events,
  };
}

/** The calendar feed: public events from `since` on (published, held, and cancelled ones so
 *  that subscribed calendars learn of the cancellation), villages named as on the home page. */
export async function listCalendarEvents(db: Db, input: { since: string }) {
  const rows = await db
    .selectFrom("event")
    .leftJoin("admin_unit as village", "village.id", "event.village_id")
    .leftJoin("admin_unit as village_parent", "village_parent.id", "village.parent_id")
    .select((eb) => [
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
      "village_parent.name as village_parent",
      villageRepeated(eb),
    ])
    .where("event.visibility", "=", "public")
    .where("event.status", "in", visibleStatuses)
    .where("event.ends_at", ">=", input.since)
    .orderBy("event.starts_at")
    .limit(1000)
    .execute();
  return rows.map(({ village_parent, village_repeated, ...row }) => ({
    ...row,
    village_name: shownVillage(row.village_name, village_parent, village_repeated),
  }));
}

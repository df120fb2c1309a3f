import type { Lang } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import type { Db } from "../db";
import type { CalendarEvent } from "./icalendar";
import { buildCalendar } from "./icalendar";
import { getPublicEvent, listCalendarEvents } from "./public-events";

const FEED_DAYS_BACK = 90;

type Row = {
  code: string;
  title: string;
  starts_at: string;
  ends_at: string;
  venue: string;
  description: string | null;
  status: string;
  cancel_reason: string | null;
  updated_at: string;
  village_name: string | null;
};

function toCalendarEvent(row: Row, input: { origin: string; lang: Lang }): CalendarEvent {
  const t = translator(input.lang);
  const cancelled = row.status === "cancelled";
  const notice = cancelled
    ? t("events.cancelledNotice", { reason: row.cancel_reason ?? "" })
    : null;
  return {
    uid: `event-${row.code}@${new URL(input.origin).hostname}`,
    stamp: row.updated_at,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    summary: row.title,
    location: row.village_name
      ? t("common.aside", { text: row.venue, aside: row.village_name })
      : row.venue,
    description: [notice, row.description].filter(Boolean).join("\n"),
    url: `${input.origin}/e/${row.code}`,
    cancelled,
  };
}

/** The .ics file of one public event (404 for a draft or internal one). */
export async function publicEventCalendar(
  db: Db,
  input: { code: string; origin: string; lang: Lang },
) {
  const event = await getPublicEvent(db, { code: input.code });
  return buildCalendar({ events: [toCalendarEvent(event, input)] });
}

/** The subscribable feed of public events, from 90 days ago on. */
export async function publicCalendarFeed(
  db: Db,
  input: { origin: string; lang: Lang; now: string },
) {
  const since = new Date(Date.parse(input.now) - FEED_DAYS_BACK * 86_400_000).toISOString();
  const rows = await listCalendarEvents(db, { since });
  return buildCalendar({
    name: translator(input.lang)("events.calendarName"),
    events: rows.map((row) => toCalendarEvent(row, input)),
  });
}

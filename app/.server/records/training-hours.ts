import { shanghaiDayStart } from "~/lib/time";
import type { Db } from "../db";
import { inSubtree } from "../scope";

// Training hours, written once for every page that shows them (a person's page, the list of who
// is below target, the yearly record, and the officials' figures to come). An event marked as
// training credits everyone checked in to it, by any method, unless it was cancelled: its own
// credit (credit_minutes) or else its duration. A year is a calendar year in Beijing time, and a
// training counts in the year it starts.

/** The first instant of a Beijing-time year and of the next, as stored (ISO UTC). */
export function yearBounds(year: number) {
  return { from: shanghaiDayStart(`${year}-01-01`), to: shanghaiDayStart(`${year + 1}-01-01`) };
}

/** What one attendance of a training earns: the credit the organiser set, or its duration. */
export function creditedMinutes(event: {
  credit_minutes: number | null;
  starts_at: string;
  ends_at: string;
}) {
  if (event.credit_minutes !== null) return event.credit_minutes;
  return Math.max(
    0,
    Math.round((Date.parse(event.ends_at) - Date.parse(event.starts_at)) / 60_000),
  );
}

/** Check-ins that earn hours in a year: to trainings that were not cancelled. */
function creditedCheckins(db: Db, year: number) {
  const { from, to } = yearBounds(year);
  return db
    .selectFrom("checkin")
    .innerJoin("event", "event.id", "checkin.event_id")
    .where("event.training", "=", 1)
    .where("event.status", "!=", "cancelled")
    .where("event.starts_at", ">=", from)
    .where("event.starts_at", "<", to);
}

export type Training = { eventId: number; title: string; startsAt: string; minutes: number };

/** The trainings one person attended in a year, in order, with what each earned. */
export async function trainingsOf(db: Db, input: { personId: number; year: number }) {
  const rows = await creditedCheckins(db, input.year)
    .select(["event.id", "event.title", "event.starts_at", "event.ends_at", "event.credit_minutes"])
    .where("checkin.person_id", "=", input.personId)
    .orderBy("event.starts_at")
    .orderBy("event.id")
    .execute();
  const trainings: Training[] = rows.map((row) => ({
    eventId: row.id,
    title: row.title,
    startsAt: row.starts_at,
    minutes: creditedMinutes(row),
  }));
  return { trainings, totalMinutes: trainings.reduce((sum, item) => sum + item.minutes, 0) };
}

/**
 * Minutes earned in a year by each 法律明白人 on a roster of the scope (by the roster's village),
 * keyed by person id; someone who attended nothing is absent from the map (0).
 */
export async function minutesPerPerson(db: Db, input: { year: number; scopePath: string }) {
  const rows = await creditedCheckins(db, input.year)
    .innerJoin("legal_savvy", "legal_savvy.person_id", "checkin.person_id")
    .innerJoin("admin_unit as village", "village.id", "legal_savvy.village_id")
    .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
    .select(["checkin.person_id", "event.starts_at", "event.ends_at", "event.credit_minutes"])
    .execute();
  const minutes = new Map<number, number>();
  for (const row of rows) {
    minutes.set(row.person_id, (minutes.get(row.person_id) ?? 0) + creditedMinutes(row));
  }
  return minutes;
}

import { displayedStatus } from "~/lib/event-status";
import { now } from "../clock";
import type { AudienceGroup, CheckinMethod } from "../../../db/schema";
import { audienceGroups, checkinMethods } from "../../../db/schema";
import type { AttendanceSearch } from "~/lib/attendance-schema";
import { maskPhone } from "~/lib/checkin-window";
import type { Db } from "../db";
import { attendanceEvent, villagesOfEventArea } from "./event";

/**
 * Every check-in of one event, newest first, as the people at the door need to see it: each with
 * the name, group, village and employer it was given at the event, never the person's current
 * record. The phone is the person's: it identifies, it is not counted by.
 */
export async function attendanceRows(db: Db, eventId: number) {
  return db
    .selectFrom("checkin")
    .innerJoin("person", "person.id", "checkin.person_id")
    .leftJoin("admin_unit as village", "village.id", "checkin.village_id")
    .leftJoin("staff_user as recorder", "recorder.id", "checkin.recorded_by")
    .select([
      "checkin.id",
      "checkin.checked_in_at",
      "checkin.person_id",
      "checkin.method",
      "checkin.name",
      "person.phone",
      "checkin.employer",
      "checkin.audience_group",
      "village.name as village_name",
      "recorder.display_name as recorded_by",
      "checkin.device",
    ])
    .where("checkin.event_id", "=", eventId)
    .orderBy("checkin.checked_in_at", "desc")
    .orderBy("checkin.id", "desc")
    .execute();
}

/**
 * Check-ins of an internal session sent from a phone that checked in more than one different
 * person there: how proxy sign-in shows. Public events are left alone, where a family or a
 * volunteer helping the elderly on one phone is ordinary.
 */
export function proxyCheckins(
  visibility: string,
  rows: { id: number; person_id: number; device: string | null }[],
) {
  const flagged = new Set<number>();
  if (visibility !== "internal") return flagged;
  const people = new Map<string, Set<number>>();
  for (const row of rows) {
    if (!row.device) continue;
    const seen = people.get(row.device) ?? new Set<number>();
    seen.add(row.person_id);
    people.set(row.device, seen);
  }
  for (const row of rows) {
    if (row.device && people.get(row.device)!.size > 1) flagged.add(row.id);
  }
  return flagged;
}

function countBy<K extends string>(keys: readonly K[], values: K[]) {
  const counts = Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
  for (const value of values) counts[value] += 1;
  return counts;
}

type Row = Awaited<ReturnType<typeof attendanceRows>>[number];

/** A name search matches inside names, any case; four digits match the end of a phone only. */
function matches(row: Row, search: AttendanceSearch) {
  if (!search) return true;
  const { phoneEnding, name } = search;
  if (phoneEnding !== undefined) return row.phone?.endsWith(phoneEnding) ?? false;
  return row.name.toLowerCase().includes((name ?? "").toLowerCase());
}

/** Rows a page of the door's list holds: a phone scrolls past 50 names, not past 500. */
export const ATTENDANCE_PAGE_SIZE = 50;

/**
 * The live attendance list of an event in the caller's scope: phones masked (the full number
 * never leaves the server; a search by its last four digits is answered here), counts by
 * audience group and by method over all check-ins, the rows as the search narrows them.
 */
export async function listAttendance(
  db: Db,
  input: {
    eventId: number;
    scopePath: string;
    search?: AttendanceSearch;
    proxyOnly?: boolean;
    /** 1-based; past the last page reads as the last. */
    page?: number;
  },
) {
  const event = await attendanceEvent(db, { id: input.eventId, scopePath: input.scopePath });
  const [rows, villages] = await Promise.all([
    attendanceRows(db, event.id),
    villagesOfEventArea(db, event),
  ]);
  // Family members who share one phone are separate people: the list says so beside each.
  const perPhone = new Map<string, number>();
  for (const row of rows) {
    if (row.phone) perPhone.set(row.phone, (perPhone.get(row.phone) ?? 0) + 1);
  }
  const proxy = proxyCheckins(event.visibility, rows);
  const matched = rows
    .filter((row) => matches(row, input.search ?? null))
    .filter((row) => !input.proxyOnly || proxy.has(row.id));
  const pages = Math.max(1, Math.ceil(matched.length / ATTENDANCE_PAGE_SIZE));
  const page = Math.min(Math.max(1, input.page ?? 1), pages);
  return {
    hostPath: event.host_path,
    event: {
      id: event.id,
      title: event.title,
      status: event.status,
      shownStatus: displayedStatus(event, now()),
      venue: event.venue,
      villageId: event.village_id,
      startsAt: event.starts_at,
      estimatedCrowd: event.estimated_crowd,
      hostName: event.host_name,
    },
    rows: matched
      .slice((page - 1) * ATTENDANCE_PAGE_SIZE, page * ATTENDANCE_PAGE_SIZE)
      .map((row) => ({
        id: row.id,
        at: row.checked_in_at,
        method: row.method,
        name: row.name,
        phone: maskPhone(row.phone),
        sharesPhone: row.phone !== null && (perPhone.get(row.phone) ?? 0) > 1,
        proxy: proxy.has(row.id),
        place: row.village_name ?? row.employer ?? "",
        group: row.audience_group,
        recordedBy: row.recorded_by,
      })),
    byGroup: countBy<AudienceGroup>(
      audienceGroups,
      rows.map((row) => row.audience_group),
    ),
    byMethod: countBy<CheckinMethod>(
      checkinMethods,
      rows.map((row) => row.method),
    ),
    total: rows.length,
    matched: matched.length,
    page,
    pages,
    proxyCount: proxy.size,
    villages,
  };
}

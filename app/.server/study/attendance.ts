import type { StudyKind } from "../../../db/schema";
import { isoToShanghaiLocal, shanghaiDay, shanghaiDayStart } from "~/lib/time";
import type { Db } from "../db";
import { heldBy } from "../events/held";
import { inSubtree } from "../scope";

// Attendance counts held sessions only (isHeld): internal events with a study kind that were run
// (not a draft, not cancelled) and have ended. A person came when a check-in of theirs exists, by pass
// or by QR; the rate is who came of who was invited, so an absentee with a reason is still absent.

/** The year (Beijing time) an instant falls in. */
export const shanghaiYear = (iso: string) => Number(shanghaiDay(iso).slice(0, 4));

/** The quarter (1 to 4, Beijing time) an instant falls in. */
export const shanghaiQuarter = (iso: string) =>
  Math.ceil(Number(isoToShanghaiLocal(iso).slice(5, 7)) / 3);

/** When a quarter of a year begins, as a stored instant (quarter 5 is the next year's first). */
export const quarterStart = (year: number, quarter: number) =>
  quarter === 5
    ? shanghaiDayStart(`${year + 1}-01-01`)
    : shanghaiDayStart(`${year}-${String(quarter * 3 - 2).padStart(2, "0")}-01`);

const yearRange = (year: number) => [quarterStart(year, 1), quarterStart(year, 5)] as const;

/** Study sessions hosted in the scope, with who was invited and who of them came. */
function studySessions(db: Db, scopePath: string) {
  return db
    .selectFrom("event")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .where("event.study_kind", "is not", null)
    .where("event.visibility", "=", "internal")
    .where((eb) => inSubtree(eb.ref("host.path"), scopePath))
    .select((eb) => [
      "event.id",
      "event.title",
      "event.study_kind",
      "event.starts_at",
      "event.ends_at",
      "event.status",
      "host.path as host_path",
      eb
        .selectFrom("event_invitation as i")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .whereRef("i.event_id", "=", "event.id")
        .as("invited"),
      eb
        .selectFrom("event_invitation as i")
        .innerJoin("checkin", (join) =>
          join
            .onRef("checkin.event_id", "=", "i.event_id")
            .onRef("checkin.person_id", "=", "i.person_id"),
        )
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .whereRef("i.event_id", "=", "event.id")
        .as("came"),
    ]);
}

const withCounts = <T extends { invited: unknown; came: unknown; study_kind: unknown }>(
  row: T,
) => ({
  ...row,
  study_kind: row.study_kind as StudyKind,
  invited: Number(row.invited),
  came: Number(row.came),
});

/** Each held session of the year hosted in the scope, newest first. */
export function sessionRates(db: Db, input: { scopePath: string; year: number; now: string }) {
  const [from, to] = yearRange(input.year);
  return sessionRatesBetween(db, { ...input, from, to });
}

/** Each held session hosted in the scope that started from `from` until before `to`. */
export async function sessionRatesBetween(
  db: Db,
  input: { scopePath: string; from: string; to: string; now: string },
) {
  const { from, to } = input;
  const rows = await studySessions(db, input.scopePath)
    .where((eb) => heldBy(eb, input.now))
    .where("event.starts_at", ">=", from)
    .where("event.starts_at", "<", to)
    .orderBy("event.starts_at", "desc")
    .orderBy("event.id", "desc")
    .execute();
  return rows.map(withCounts);
}

/** The latest study sessions hosted in the scope (drafts too: they are being prepared). */
export async function recentSessions(db: Db, input: { scopePath: string; limit: number }) {
  const rows = await studySessions(db, input.scopePath)
    .orderBy("event.starts_at", "desc")
    .orderBy("event.id", "desc")
    .limit(input.limit)
    .execute();
  return rows.map(withCounts);
}

/** Each cadre in the scope: held sessions of the year they were invited to, and attended. */
export function cadreRates(db: Db, input: { scopePath: string; year: number; now: string }) {
  const [from, to] = yearRange(input.year);
  return cadreRatesBetween(db, { ...input, from, to });
}

/** Each cadre in the scope: held sessions that started from `from` until before `to`. */
export async function cadreRatesBetween(
  db: Db,
  input: { scopePath: string; from: string; to: string; now: string },
) {
  const { from, to } = input;
  // Held sessions wherever hosted: a cadre's record counts every session they were invited to.
  const held = db
    .selectFrom("event")
    .select("event.id")
    .where("event.study_kind", "is not", null)
    .where((eb) => heldBy(eb, input.now))
    .where("event.starts_at", ">=", from)
    .where("event.starts_at", "<", to);
  const rows = await db
    .selectFrom("cadre")
    .innerJoin("person", "person.id", "cadre.person_id")
    .innerJoin("admin_unit as unit", "unit.id", "cadre.unit_id")
    .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
    .select((eb) => [
      "cadre.id",
      "person.name",
      "unit.name as unit_name",
      "cadre.position",
      "cadre.status",
      eb
        .selectFrom("event_invitation as i")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .whereRef("i.person_id", "=", "cadre.person_id")
        .where("i.event_id", "in", held)
        .as("invited"),
      eb
        .selectFrom("event_invitation as i")
        .innerJoin("checkin", (join) =>
          join
            .onRef("checkin.event_id", "=", "i.event_id")
            .onRef("checkin.person_id", "=", "i.person_id"),
        )
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .whereRef("i.person_id", "=", "cadre.person_id")
        .where("i.event_id", "in", held)
        .as("attended"),
    ])
    .orderBy("unit.path")
    .orderBy("person.name")
    .orderBy("cadre.id")
    .execute();
  return rows.map((row) => ({
    ...row,
    invited: Number(row.invited),
    attended: Number(row.attended),
  }));
}

/** Whole percent of a part, or null when there is nothing to divide by. */
export const percent = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 100);

/** Held sessions of the year hosted in the scope, counted per study kind and quarter. */
export async function heldPerQuarter(
  db: Db,
  input: { scopePath: string; year: number; now: string },
) {
  const rows = await sessionRates(db, input);
  const held = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.study_kind}-q${shanghaiQuarter(row.starts_at)}`;
    held.set(key, (held.get(key) ?? 0) + 1);
  }
  return held;
}

/**
 * The quarters of the year that have ended (Beijing time) without a progress meeting held in the
 * scope: the office is expected to hold one each quarter.
 */
export async function quartersWithoutProgressMeeting(
  db: Db,
  input: { scopePath: string; year: number; now: string },
) {
  const held = await heldPerQuarter(db, input);
  return [1, 2, 3, 4].filter(
    (quarter) =>
      quarterStart(input.year, quarter + 1) <= input.now &&
      !held.get(`progress_meeting-q${quarter}`),
  );
}

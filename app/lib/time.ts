import type { Lang } from "./i18n";

/** Pages show times in the sub-district's zone, whatever the zone of the server or the phone. */
export const TIME_ZONE = "Asia/Shanghai";

// China keeps one offset all year (UTC+8, no daylight saving), so local times convert exactly.
const OFFSET_MS = 8 * 60 * 60 * 1000;

/** "2026-12-04T09:30" typed in Asia/Shanghai -> the UTC ISO instant stored in the database. */
export function shanghaiLocalToIso(local: string) {
  const ms = Date.parse(`${local.length === 16 ? `${local}:00` : local}.000Z`);
  return Number.isNaN(ms) ? null : new Date(ms - OFFSET_MS).toISOString();
}

/** A stored UTC instant -> "2026-12-04T09:30" for a datetime-local input in Asia/Shanghai. */
export function isoToShanghaiLocal(iso: string) {
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 16);
}

/** The calendar day (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function shanghaiDay(iso: string) {
  return isoToShanghaiLocal(iso).slice(0, 10);
}

/** The UTC instant at which a Shanghai calendar day begins, plus whole days. */
export function shanghaiDayStart(day: string, plusDays = 0) {
  return new Date(
    Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS + plusDays * 86_400_000,
  ).toISOString();
}

/** Whether "YYYY-MM-DD" names a day that exists (2026-02-30 does not). */
export function isCalendarDay(day: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const ms = Date.parse(`${day}T00:00:00.000Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(day);
}

// Pages are drawn on the server and again in the browser, and Node's ICU and Chromium's put
// different spaces into the same format (U+202F before "AM", U+2009 around a range's dash): React
// then throws the page away (#418/#423/#425). So only names (month, weekday) come from Intl; the
// numbers, the 24-hour clock and every separator are put together here, the same on both sides.

const nameFormats = new Map<string, Intl.DateTimeFormat>();

function names(lang: Lang, iso: string) {
  let format = nameFormats.get(lang);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, {
      timeZone: TIME_ZONE,
      month: "short",
      weekday: "short",
    });
    nameFormats.set(lang, format);
  }
  const parts = format.formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? "";
  return { month: part("month"), weekday: part("weekday") };
}

function fields(iso: string) {
  const local = isoToShanghaiLocal(iso);
  return {
    year: local.slice(0, 4),
    month: Number(local.slice(5, 7)),
    day: Number(local.slice(8, 10)),
    clock: local.slice(11, 16),
  };
}

/** "2026年12月4日" / "Dec 4, 2026"; with the weekday "2026年12月4日 周五" / "Fri, Dec 4, 2026". */
export function formatDate(lang: Lang, iso: string, withWeekday = false) {
  const { year, month, day } = fields(iso);
  const named = names(lang, iso);
  if (lang === "en") {
    const date = `${named.month} ${day}, ${year}`;
    return withWeekday ? `${named.weekday}, ${date}` : date;
  }
  const date = `${year}年${month}月${day}日`;
  return withWeekday ? `${date} ${named.weekday}` : date;
}

/** "09:30", a 24-hour clock in Asia/Shanghai, the same in both languages. */
export function formatClock(iso: string) {
  return fields(iso).clock;
}

/** "2026年12月4日 09:30" / "Dec 4, 2026, 09:30". */
export function formatDateTime(lang: Lang, iso: string) {
  return `${formatDate(lang, iso)}${lang === "en" ? ", " : " "}${formatClock(iso)}`;
}

/**
 * From start to end with the weekday: "Fri, Dec 4, 2026, 09:30–11:30" on one day; an evening
 * that runs past midnight ends "01:00 next day" (次日 01:00), as short as a one-day range; both
 * dates in full when the event spans more days.
 */
export function formatDateTimeRange(lang: Lang, startsAt: string, endsAt: string) {
  const start = `${formatDate(lang, startsAt, true)}${lang === "en" ? ", " : " "}`;
  if (shanghaiDay(startsAt) === shanghaiDay(endsAt)) {
    return `${start}${formatClock(startsAt)}–${formatClock(endsAt)}`;
  }
  if (shanghaiDay(endsAt) === shanghaiDay(shanghaiDayStart(shanghaiDay(startsAt), 1))) {
    const next = lang === "en" ? `${formatClock(endsAt)} next day` : `次日 ${formatClock(endsAt)}`;
    return `${start}${formatClock(startsAt)} – ${next}`;
  }
  const end = `${formatDate(lang, endsAt, true)}${lang === "en" ? ", " : " "}`;
  return `${start}${formatClock(startsAt)} – ${end}${formatClock(endsAt)}`;
}

/** "2026-11-28 14:05:09" in Asia/Shanghai: plain text a spreadsheet shows as it is. */
export function formatStamp(iso: string) {
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}

import type { Lang } from "./i18n";
import { dateTimeFormat } from "./i18n";

// One way to write an event's day and time, with the year, for what is printed or checked at a
// glance: 2026年12月4日（周五）14:00–16:00 / Fri 4 Dec 2026, 14:00–16:00. Built from parts so the
// two languages each read naturally and no "AM" or locale-specific spacing slips in.

const dayParts = (lang: Lang, iso: string) => {
  const parts = dateTimeFormat(lang, {
    year: "numeric",
    month: lang === "en" ? "short" : "numeric",
    day: "numeric",
    weekday: "short",
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? "";
  return {
    year: part("year"),
    month: part("month"),
    day: part("day"),
    weekday: part("weekday"),
  };
};

/** The day with its year: 2026年12月4日（周五） / Fri 4 Dec 2026. */
export function eventDay(lang: Lang, iso: string) {
  const d = dayParts(lang, iso);
  return lang === "en"
    ? `${d.weekday} ${d.day} ${d.month} ${d.year}`
    : `${d.year}年${d.month}月${d.day}日（${d.weekday}）`;
}

/** The 24-hour clock time: 14:00. */
export function eventClock(lang: Lang, iso: string) {
  return dateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
    new Date(iso),
  );
}

/** A day and time: 2026年12月4日（周五）14:00 / Fri 4 Dec 2026, 14:00. */
export function eventMoment(lang: Lang, iso: string) {
  return `${eventDay(lang, iso)}${lang === "en" ? ", " : ""}${eventClock(lang, iso)}`;
}

/** An event's time span; the end's day is written again only when it differs. */
export function eventSpan(lang: Lang, startsAt: string, endsAt: string) {
  const sameDay = eventDay(lang, startsAt) === eventDay(lang, endsAt);
  const end = sameDay ? eventClock(lang, endsAt) : eventMoment(lang, endsAt);
  return `${eventMoment(lang, startsAt)}${sameDay ? "–" : " – "}${end}`;
}

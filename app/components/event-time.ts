import type { Lang } from "~/lib/i18n";
import { dateTimeFormat } from "~/lib/i18n";

// 24-hour clock in both languages: no "AM" clutter, and no AM spacing that differs between the
// server's ICU and the browser's (a hydration mismatch).
const clock = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" } as const;

/** "12月4日 09:00–11:00", or with both days when the event runs past midnight. */
export function formatEventSpan(lang: Lang, startsAt: string, endsAt: string) {
  const day = dateTimeFormat(lang, { month: "short", day: "numeric", weekday: "short" });
  const time = dateTimeFormat(lang, clock);
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  const sameDay = day.format(start) === day.format(end);
  return sameDay
    ? `${day.format(start)} ${time.format(start)}–${time.format(end)}`
    : `${day.format(start)} ${time.format(start)} – ${day.format(end)} ${time.format(end)}`;
}

/** "09:00–11:00": the hours of an event on the day it is shown. */
export function formatEventHours(lang: Lang, startsAt: string, endsAt: string) {
  const time = dateTimeFormat(lang, clock);
  return `${time.format(new Date(startsAt))}–${time.format(new Date(endsAt))}`;
}

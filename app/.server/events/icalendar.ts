// iCalendar (RFC 5545) written by hand: one VEVENT per event, a feed of many. Small enough that a
// library would add more than it saves; escaping and folding are unit-tested.

export type CalendarEvent = {
  uid: string;
  /** When this version of the event was written (UTC ISO). */
  stamp: string;
  startsAt: string;
  endsAt: string;
  summary: string;
  location: string;
  description: string;
  url: string;
  cancelled: boolean;
};

const CRLF = "\r\n";
const MAX_OCTETS = 75;

/** TEXT values: backslash, semicolon and comma escaped, line breaks as \n (RFC 5545 3.3.11). */
export function escapeText(value: string) {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

const octets = (text: string) => Buffer.byteLength(text, "utf8");

/**
 * Folds a content line into lines of at most 75 octets (RFC 5545 3.1): each continuation starts
 * with one space, which counts; a multi-byte character is never split.
 */
export function foldLine(line: string) {
  const lines: string[] = [];
  let current = "";
  let size = 0;
  for (const char of line) {
    const width = octets(char);
    if (size + width > MAX_OCTETS) {
      lines.push(current);
      current = " ";
      size = 1;
    }
    current += char;
    size += width;
  }
  lines.push(current);
  return lines.join(CRLF);
}

/** 2026-12-04T01:30:00.000Z -> 20261204T013000Z (UTC form). */
export function utcStamp(iso: string) {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

function vevent(event: CalendarEvent) {
  return [
    "BEGIN:VEVENT",
    `UID:${event.uid}`,
    `DTSTAMP:${utcStamp(event.stamp)}`,
    `DTSTART:${utcStamp(event.startsAt)}`,
    `DTEND:${utcStamp(event.endsAt)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `LOCATION:${escapeText(event.location)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    `URL:${event.url}`,
    `STATUS:${event.cancelled ? "CANCELLED" : "CONFIRMED"}`,
    "END:VEVENT",
  ];
}

/** A VCALENDAR with the events; `name` makes it a subscribable feed (X-WR-CALNAME). */
export function buildCalendar(input: { events: CalendarEvent[]; name?: string }) {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Pufa//Legal-education events//ZH",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    ...(input.name
      ? [`X-WR-CALNAME:${escapeText(input.name)}`, "X-WR-TIMEZONE:Asia/Shanghai"]
      : []),
    ...input.events.flatMap(vevent),
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

export const CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8";

import { describe, expect, it } from "vitest";
import { buildCalendar, escapeText, foldLine, utcStamp } from "../../app/.server/events/icalendar";

const octets = (line: string) => Buffer.byteLength(line, "utf8");

describe("escapeText", () => {
  it("escapes backslash, semicolon, comma and line breaks (RFC 5545 3.3.11)", () => {
    expect(escapeText("a\\b; c, d\ne\r\nf")).toBe("a\\\\b\\; c\\, d\\ne\\nf");
  });

  it("leaves colons and Chinese text alone", () => {
    expect(escapeText("地点：舟山村")).toBe("地点：舟山村");
  });
});

describe("foldLine", () => {
  it("keeps a short line as it is", () => {
    expect(foldLine("SUMMARY:short")).toBe("SUMMARY:short");
  });

  it("folds ASCII at 75 octets, continuations starting with one space", () => {
    const line = `DESCRIPTION:${"x".repeat(200)}`;
    const folded = foldLine(line).split("\r\n");
    expect(folded.length).toBeGreaterThan(2);
    for (const part of folded) expect(octets(part)).toBeLessThanOrEqual(75);
    expect(folded[0]).toHaveLength(75);
    for (const part of folded.slice(1)) expect(part.startsWith(" ")).toBe(true);
    expect(folded.map((part, i) => (i ? part.slice(1) : part)).join("")).toBe(line);
  });

  it("never splits a multi-byte character", () => {
    const line = `SUMMARY:${"普法活动".repeat(30)}`;
    const folded = foldLine(line).split("\r\n");
    for (const part of folded) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      expect(part).not.toContain("\uFFFD");
    }
    expect(folded.map((part, i) => (i ? part.slice(1) : part)).join("")).toBe(line);
  });
});

describe("buildCalendar", () => {
  const event = {
    uid: "event-abc@example.org",
    stamp: "2026-11-28T08:00:00.000Z",
    startsAt: "2026-12-04T01:30:00.000Z",
    endsAt: "2026-12-04T03:00:00.000Z",
    summary: "宪法宣传周, 讲座; 第一场",
    location: "舟山村文化礼堂",
    description: "第一行\n第二行",
    url: "https://pufa.example.org/e/abc",
    cancelled: false,
  };

  it("writes one VEVENT with UTC times and escaped text, CRLF line ends", () => {
    const ics = buildCalendar({ events: [event] });
    expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
    expect(ics.endsWith("END:VCALENDAR\r\n")).toBe(true);
    expect(ics).toContain("\r\nUID:event-abc@example.org\r\n");
    expect(ics).toContain("\r\nDTSTAMP:20261128T080000Z\r\n");
    expect(ics).toContain("\r\nDTSTART:20261204T013000Z\r\n");
    expect(ics).toContain("\r\nDTEND:20261204T030000Z\r\n");
    expect(ics).toContain("\r\nSUMMARY:宪法宣传周\\, 讲座\\; 第一场\r\n");
    expect(ics).toContain("\r\nDESCRIPTION:第一行\\n第二行\r\n");
    expect(ics).toContain("\r\nSTATUS:CONFIRMED\r\n");
    expect(ics).not.toContain("X-WR-CALNAME");
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("marks a cancelled event and names a feed", () => {
    const ics = buildCalendar({ name: "普法活动", events: [{ ...event, cancelled: true }] });
    expect(ics).toContain("\r\nX-WR-CALNAME:普法活动\r\n");
    expect(ics).toContain("\r\nSTATUS:CANCELLED\r\n");
  });

  it("utcStamp drops separators and milliseconds", () => {
    expect(utcStamp("2026-01-02T03:04:05.678Z")).toBe("20260102T030405Z");
  });
});

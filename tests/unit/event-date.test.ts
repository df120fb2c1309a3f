import { describe, expect, it } from "vitest";
import { eventMoment, eventSpan } from "../../app/lib/event-date";

// Beijing time: 06:00 UTC is 14:00.
describe("event dates, one style with the year", () => {
  it("writes a one-day event's span", () => {
    const span = ["2026-12-04T06:00:00.000Z", "2026-12-04T08:00:00.000Z"] as const;
    expect(eventSpan("zh-CN", ...span)).toBe("2026年12月4日（周五）14:00–16:00");
    expect(eventSpan("en", ...span)).toBe("Fri 4 Dec 2026, 14:00–16:00");
  });

  it("writes the end's day again when the event ends on another day", () => {
    const span = ["2026-12-31T14:00:00.000Z", "2027-01-01T02:00:00.000Z"] as const;
    expect(eventSpan("zh-CN", ...span)).toBe(
      "2026年12月31日（周四）22:00 – 2027年1月1日（周五）10:00",
    );
    expect(eventSpan("en", ...span)).toBe("Thu 31 Dec 2026, 22:00 – Fri 1 Jan 2027, 10:00");
  });

  it("writes midnight as 00:00, not 24:00", () => {
    expect(eventMoment("en", "2026-12-04T16:00:00.000Z")).toBe("Sat 5 Dec 2026, 00:00");
  });
});

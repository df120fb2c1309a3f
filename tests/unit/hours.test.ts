import { describe, expect, it } from "vitest";
import { creditedMinutes, yearBounds } from "~/.server/records/training-hours";
import { hoursNumber } from "~/lib/hours";

describe("training hours", () => {
  it("credits the organiser's minutes, else the duration", () => {
    const times = { starts_at: "2026-03-12T01:00:00.000Z", ends_at: "2026-03-12T04:30:00.000Z" };
    expect(creditedMinutes({ ...times, credit_minutes: null })).toBe(210);
    expect(creditedMinutes({ ...times, credit_minutes: 90 })).toBe(90);
    expect(creditedMinutes({ ...times, credit_minutes: 0 })).toBe(0);
  });

  it("bounds a year at Beijing midnight", () => {
    expect(yearBounds(2026)).toEqual({
      from: "2025-12-31T16:00:00.000Z",
      to: "2026-12-31T16:00:00.000Z",
    });
  });

  it("shows hours with one decimal in each language", () => {
    expect(hoursNumber("zh-CN", 210)).toBe("3.5");
    expect(hoursNumber("en", 720)).toBe("12.0");
    expect(hoursNumber("en", 60_030)).toBe("1,000.5");
  });
});

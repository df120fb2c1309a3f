import { describe, expect, it } from "vitest";
import { creditedMinutes, yearBounds } from "~/.server/records/training-hours";
import { hoursNumber, proratedTarget } from "~/lib/hours";

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

describe("proratedTarget", () => {
  it("asks the whole target of anyone on the roster before the year, or on an unknown day", () => {
    expect(proratedTarget(720, 2024, "2023-11-30")).toBe(720);
    expect(proratedTarget(720, 2024, null)).toBe(720);
  });

  it("asks the share for the months on the roster, the month of recognition counted whole", () => {
    expect(proratedTarget(720, 2024, "2024-01-20")).toBe(720);
    expect(proratedTarget(720, 2024, "2024-07-15")).toBe(360);
    expect(proratedTarget(720, 2024, "2024-12-01")).toBe(60);
    expect(proratedTarget(100, 2024, "2024-05-01")).toBe(67);
  });
});

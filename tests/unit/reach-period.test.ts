import { describe, expect, it } from "vitest";
import { compareWithBefore } from "../../app/lib/reach-words";
import {
  monthPeriod,
  parsePeriod,
  parseYear,
  periodInstants,
  periodMonths,
  previousPeriod,
  quarterPeriod,
  yearPeriod,
} from "../../app/lib/reach-period";

describe("reach periods", () => {
  it("reads each kind of period, this year when none is named", () => {
    expect(parsePeriod({}, 2026)).toEqual({ period: yearPeriod(2026) });
    expect(parsePeriod({ period: "year", year: "2024" }, 2026).period).toEqual({
      kind: "year",
      year: 2024,
      from: "2024-01-01",
      to: "2024-12-31",
    });
    expect(parsePeriod({ period: "quarter", year: "2024", quarter: "1" }, 2026).period).toEqual({
      kind: "quarter",
      year: 2024,
      quarter: 1,
      from: "2024-01-01",
      to: "2024-03-31",
    });
    expect(parsePeriod({ period: "month", year: "2024", month: "2" }, 2026).period?.to).toBe(
      "2024-02-29",
    );
    expect(
      parsePeriod({ period: "days", from: "2024-02-26", to: "2024-03-07" }, 2026).period,
    ).toEqual({ kind: "days", from: "2024-02-26", to: "2024-03-07" });
  });

  it("names the field in error", () => {
    expect(parsePeriod({ period: "week" }, 2026).error).toBe("period");
    expect(parsePeriod({ year: "1999" }, 2026).error).toBe("year");
    expect(parsePeriod({ year: "20x4" }, 2026).error).toBe("year");
    expect(parsePeriod({ period: "quarter", quarter: "5" }, 2026).error).toBe("quarter");
    expect(parsePeriod({ period: "month", month: "0" }, 2026).error).toBe("month");
    expect(parsePeriod({ period: "days", from: "2024-02-30", to: "2024-03-01" }, 2026).error).toBe(
      "from",
    );
    expect(parsePeriod({ period: "days", from: "2024-03-02", to: "2024-03-01" }, 2026).error).toBe(
      "to",
    );
    expect(parsePeriod({ period: "days", from: "2000-01-01", to: "2024-03-01" }, 2026).error).toBe(
      "to",
    );
  });

  it("keeps every period within 2000 to 2100", () => {
    const days = (from: string, to: string) => parsePeriod({ period: "days", from, to }, 2026);
    expect(days("0001-01-01", "0010-12-31").error).toBe("from");
    expect(days("1999-12-31", "2000-01-05").error).toBe("from");
    expect(days("2100-12-25", "2101-01-02").error).toBe("to");
    expect(days("2000-01-01", "2000-01-31").period).toBeDefined();
    expect(days("2100-12-01", "2100-12-31").period).toBeDefined();
    expect(parsePeriod({ year: "2101" }, 2026).error).toBe("year");
    expect(parsePeriod({ year: "0001" }, 2026).error).toBe("year");
    expect(parsePeriod({ period: "quarter", year: "1999", quarter: "1" }, 2026).error).toBe("year");
    expect(parsePeriod({ period: "month", year: "2101", month: "1" }, 2026).error).toBe("year");
    expect(parsePeriod({ period: "month", month: "13" }, 2026).error).toBe("month");
    expect(parsePeriod({ period: "quarter", quarter: "0" }, 2026).error).toBe("quarter");
  });

  it("gives the equal period before", () => {
    expect(previousPeriod(yearPeriod(2024))).toEqual(yearPeriod(2023));
    expect(previousPeriod(quarterPeriod(2024, 1))).toEqual(quarterPeriod(2023, 4));
    expect(previousPeriod(quarterPeriod(2024, 3))).toEqual(quarterPeriod(2024, 2));
    expect(previousPeriod(monthPeriod(2024, 1))).toEqual(monthPeriod(2023, 12));
    expect(previousPeriod({ kind: "days", from: "2024-03-01", to: "2024-03-10" })).toEqual({
      kind: "days",
      from: "2024-02-20",
      to: "2024-02-29",
    });
  });

  it("covers whole Beijing days and lists the months it touches", () => {
    expect(periodInstants(yearPeriod(2024))).toEqual({
      start: "2023-12-31T16:00:00.000Z",
      end: "2024-12-31T16:00:00.000Z",
    });
    expect(periodMonths(quarterPeriod(2024, 4))).toEqual(["2024-10", "2024-11", "2024-12"]);
    expect(periodMonths({ kind: "days", from: "2024-11-20", to: "2025-01-05" })).toEqual([
      "2024-11",
      "2024-12",
      "2025-01",
    ]);
  });
});

describe("compareWithBefore", () => {
  it("tells no change over a period with nothing recorded, whatever the numbers", () => {
    expect(compareWithBefore(1078, 0, false)).toEqual({ kind: "noRecord" });
    expect(compareWithBefore(0, 0, false)).toEqual({ kind: "noRecord" });
  });

  it("tells up, down or same over a period with records", () => {
    expect(compareWithBefore(1078, 0, true)).toEqual({ kind: "up", count: 1078 });
    expect(compareWithBefore(3, 10, true)).toEqual({ kind: "down", count: 7 });
    expect(compareWithBefore(5, 5, true)).toEqual({ kind: "same" });
  });
});

describe("a year asked for (the 台账, the cadres' hours)", () => {
  it("is four digits within the years a period may name, else null", () => {
    expect(parseYear("2024")).toBe(2024);
    expect(parseYear(" 2024 ")).toBe(2024);
    for (const text of ["1999", "2101", "20x4", "024", "20245", "", null, undefined]) {
      expect(parseYear(text)).toBeNull();
    }
  });
});

import { describe, expect, it } from "vitest";
import type { SubdistrictRow } from "../../app/lib/reach-subdistricts";
import { parseSubdistrictOrder, sortSubdistricts } from "../../app/lib/reach-subdistricts";

const row = (name: string, figures: Partial<SubdistrictRow>): SubdistrictRow => ({
  id: name.length,
  name,
  events: 0,
  checkins: 0,
  crowd: 0,
  villagesCovered: 0,
  villagesTotal: 10,
  onRoster: 0,
  metHours: 0,
  invited: 0,
  came: 0,
  rate: null,
  progress: 0,
  ...figures,
});

// In the tree's order, as the dashboard reads them.
const rows = [
  row("香山街道", { events: 5, villagesCovered: 5, villagesTotal: 13, rate: 80, onRoster: 84 }),
  row("横泾街道", { events: 0, villagesCovered: 0, villagesTotal: 12, rate: null }),
  row("胥口镇", { events: 5, villagesCovered: 5, villagesTotal: 10, rate: 95, onRoster: 0 }),
];
const names = (list: SubdistrictRow[]) => list.map((r) => r.name);

describe("the sub-districts' order", () => {
  it("reads the column and direction, a figure most first by default", () => {
    expect(parseSubdistrictOrder({})).toEqual({ sort: "name", dir: "asc" });
    expect(parseSubdistrictOrder({ sort: "events" })).toEqual({ sort: "events", dir: "desc" });
    expect(parseSubdistrictOrder({ sort: "events", dir: "asc" })).toEqual({
      sort: "events",
      dir: "asc",
    });
    expect(parseSubdistrictOrder({ sort: "drop table", dir: "up" })).toEqual({
      sort: "name",
      dir: "asc",
    });
  });

  it("sorts by a figure, ties in the tree's order, nothing to compare last", () => {
    expect(names(sortSubdistricts(rows, { sort: "name", dir: "desc" }))).toEqual([
      "胥口镇",
      "横泾街道",
      "香山街道",
    ]);
    expect(names(sortSubdistricts(rows, { sort: "events", dir: "desc" }))).toEqual([
      "香山街道",
      "胥口镇",
      "横泾街道",
    ]);
    // A share, not a count: 5 of 10 before 5 of 13.
    expect(names(sortSubdistricts(rows, { sort: "villages", dir: "desc" }))).toEqual([
      "胥口镇",
      "香山街道",
      "横泾街道",
    ]);
    // No rate (no session held) is below any rate, and nobody on a roster has no share.
    expect(names(sortSubdistricts(rows, { sort: "rate", dir: "asc" }))).toEqual([
      "横泾街道",
      "香山街道",
      "胥口镇",
    ]);
    expect(names(sortSubdistricts(rows, { sort: "hours", dir: "desc" }))[0]).toBe("香山街道");
    expect(names(rows)).toEqual(["香山街道", "横泾街道", "胥口镇"]);
  });
});

import { describe, expect, it } from "vitest";
import { labelUnits, qualifiedName } from "~/lib/unit-label";

describe("unit labels", () => {
  it("qualify a name only where it repeats in the view", () => {
    const labels = labelUnits([
      { id: 3, name: "舟山村", parentName: "香山街道" },
      { id: 4, name: "渔帆村", parentName: "香山街道" },
      { id: 17, name: "舟山村", parentName: "横泾街道" },
      { id: 3, name: "舟山村", parentName: "香山街道" },
    ]).map((unit) => unit.label);
    expect(labels).toEqual([
      "香山街道 · 舟山村",
      "渔帆村",
      "横泾街道 · 舟山村",
      "香山街道 · 舟山村",
    ]);
  });

  it("keep a repeated row of one unit plain", () => {
    const labels = labelUnits([
      { id: 3, name: "舟山村", parentName: "香山街道" },
      { id: 3, name: "舟山村", parentName: "香山街道" },
    ]).map((unit) => unit.label);
    expect(labels).toEqual(["舟山村", "舟山村"]);
    expect(qualifiedName({ name: "吴中区", parentName: null })).toBe("吴中区");
  });
});

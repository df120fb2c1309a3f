import { describe, expect, it } from "vitest";
import { villageCore } from "~/.server/learners/import-villages";
import { editDistance, nearPhoneFinder, similarNames } from "~/.server/learners/similar";

describe("what looks like a typo in an imported row", () => {
  it("counts edits between short names, a character at a time", () => {
    expect(editDistance("舟山", "舟山")).toBe(0);
    expect(editDistance("舟山", "舟三")).toBe(1);
    expect(editDistance("舟山", "舟山村")).toBe(1);
    expect(editDistance("王𬀩", "王")).toBe(1);
    expect(editDistance("渔帆", "舟山")).toBe(2);
  });

  it("takes a name as similar when it is the same or one character off, never for one character", () => {
    expect(similarNames("张三", "张三")).toBe(true);
    expect(similarNames("张三", "张山")).toBe(true);
    expect(similarNames("欧阳娜", "欧阳娜娜")).toBe(true);
    expect(similarNames("张三", "李四")).toBe(false);
    expect(similarNames("张", "李")).toBe(false);
  });

  it("finds a member one digit away with a similar name, and no one else", () => {
    const find = nearPhoneFinder([
      { name: "张三", phone: "13800000001" },
      { name: "李四", phone: "13900000002" },
      { name: "无号", phone: null },
    ]);
    expect(find({ name: "张三", phone: "13800000002" })).toEqual({
      name: "张三",
      phone: "13800000001",
    });
    expect(find({ name: "张山", phone: "13800010001" })?.name).toBe("张三");
    // Two digits away, another name, or the very same phone (that is a match, not a typo).
    expect(find({ name: "张三", phone: "13800000022" })).toBeUndefined();
    expect(find({ name: "王五", phone: "13800000002" })).toBeUndefined();
    expect(find({ name: "张三", phone: "13800000001" })).toBeUndefined();
  });

  it("reads a village's core without 村, 社区 or 居委会", () => {
    expect(villageCore("舟山村")).toBe("舟山");
    expect(villageCore("舟山")).toBe("舟山");
    expect(villageCore("香山 社区")).toBe("香山");
    expect(villageCore("舟山村委会")).toBe("舟山");
    expect(villageCore("村")).toBe("村");
  });
});

import { describe, expect, it } from "vitest";
import { normalisePersonName, personNameSchema } from "~/lib/person-name";

// Phone and name together say who someone is, so a name must have one spelling.

describe("a person's name", () => {
  it.each([
    ["张三", "张三"],
    ["  张三\t", "张三"],
    ["Li   Ming", "Li Ming"],
    ["Ｌｉ　Ｍｉｎｇ", "Li Ming"],
    ["王\u3000小明", "王 小明"],
    ["Li\n\nMing", "Li Ming"],
  ])("%j is spelt %j", (typed, stored) => {
    expect(normalisePersonName(typed)).toBe(stored);
    expect(personNameSchema.parse(typed)).toBe(stored);
  });

  it("is required, and at most 40 characters once normalised", () => {
    expect(personNameSchema.safeParse(" \u3000 ").error?.issues[0]?.message).toBe("form.required");
    expect(personNameSchema.safeParse(undefined).error?.issues[0]?.message).toBe("form.required");
    expect(personNameSchema.safeParse("李".repeat(41)).error?.issues[0]?.message).toBe(
      "form.tooLong",
    );
    // Forty characters with spaces to spare: the spaces go first.
    expect(personNameSchema.parse(`  ${"李".repeat(40)}  `)).toHaveLength(40);
  });
});

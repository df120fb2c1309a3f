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
    // Hostile or pasted names: invisible characters that make one name two.
    ["张\u200b三", "张三"],
    ["\ufeff张三\u200d", "张三"],
    ["张\u202e三", "张三"],
    ["张\u00ad三", "张三"],
    ["张\u2066三\u2069", "张三"],
    ["张\u0007三\u007f", "张三"],
    ["张\ufe0f三\u{e0100}", "张三"],
    ["Li\u000bMing", "Li Ming"],
    ["李\u2028明", "李 明"],
  ])("%j is spelt %j", (typed, stored) => {
    expect(normalisePersonName(typed)).toBe(stored);
    expect(personNameSchema.parse(typed)).toBe(stored);
  });

  it("is required, and at most 40 characters once normalised", () => {
    expect(personNameSchema.safeParse("\u200b\u200c\u2060\u3164").error?.issues[0]?.message).toBe(
      "form.required",
    );
    expect(personNameSchema.safeParse("张\u0000三").error?.issues[0]?.message).toBe(
      "form.invalidCharacters",
    );
    expect(personNameSchema.safeParse(" \u3000 ").error?.issues[0]?.message).toBe("form.required");
    expect(personNameSchema.safeParse(undefined).error?.issues[0]?.message).toBe("form.required");
    expect(personNameSchema.safeParse("李".repeat(41)).error?.issues[0]?.message).toBe(
      "form.tooLong",
    );
    // Forty characters with spaces to spare: the spaces go first.
    expect(personNameSchema.parse(`  ${"李".repeat(40)}  `)).toHaveLength(40);
  });
});

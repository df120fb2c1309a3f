import { describe, expect, it } from "vitest";
import { nameKey } from "~/.server/people/name-key";

// Two spellings of one name meet under one key; different names do not.

describe("a name's key for duplicate suggestions", () => {
  it.each([
    ["張偉", "张伟"],
    ["陳麗華", "陈丽华"],
    ["劉\u200b德華", "刘德华"],
    ["Li Ming", "liming"],
    ["Ｌｉ　Ｍｉｎｇ", "liming"],
  ])("%j and %j share a key", (a, b) => {
    expect(nameKey(a)).toBe(nameKey(b));
  });

  it.each([
    ["张伟", "张玮"],
    ["王芳", "汪芳"],
  ])("%j and %j do not", (a, b) => {
    expect(nameKey(a)).not.toBe(nameKey(b));
  });
});

import { describe, expect, it } from "vitest";
import { formatDateTime, langFromAcceptLanguage, messageKeys, translator } from "~/lib/i18n";

describe("langFromAcceptLanguage", () => {
  it.each([
    [null, "zh-CN"],
    ["", "zh-CN"],
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"],
    ["en-US,en;q=0.9", "en"],
    ["fr-FR, en;q=0.5, zh;q=0.7", "zh-CN"],
    ["de-DE", "zh-CN"],
    ["zh-TW;q=0, en-GB", "en"],
  ])("%s -> %s", (header, lang) => {
    expect(langFromAcceptLanguage(header)).toBe(lang);
  });
});

describe("translator", () => {
  it("fills placeholders and formats numbers by language", () => {
    expect(translator("zh-CN")("home.coverageCount", { unit: "香山街道", count: 13 })).toBe(
      "香山街道下辖 13 个村（社区）",
    );
    expect(translator("en")("audit.showing", { count: 1200 })).toBe("Latest 1,200 entries");
  });

  it("uses the same placeholders in both languages for every key", () => {
    const zh = translator("zh-CN");
    const en = translator("en");
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    expect(messageKeys.length).toBeGreaterThan(100);
    for (const key of messageKeys) {
      expect(en(key), key).not.toBe("");
      expect(placeholders(en(key)), key).toEqual(placeholders(zh(key)));
    }
  });
});

describe("formatDateTime", () => {
  it("shows UTC instants in Shanghai time", () => {
    expect(formatDateTime("en", "2026-11-28T16:30:00.000Z")).toContain("12:30");
    expect(formatDateTime("zh-CN", "2026-11-28T16:30:00.000Z")).toContain("2026年11月29日");
  });
});

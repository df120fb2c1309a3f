import { describe, expect, it } from "vitest";
import {
  formatDateTime,
  langFromAcceptLanguage,
  localName,
  messageKeys,
  translator,
} from "~/lib/i18n";
import { formatDateTimeRange, isCalendarDay } from "~/lib/time";

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
    expect(translator("en")("audit.entries", { count: 1200 })).toBe("1,200 entries");
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

describe("plurals", () => {
  it("picks the English variant by Intl.PluralRules and keeps Chinese as it is", () => {
    const en = translator("en");
    expect(en("audit.entries", { count: 1 })).toBe("1 entry");
    expect(en("audit.entries", { count: 2 })).toBe("2 entries");
    expect(en("audit.entries", { count: 0 })).toBe("0 entries");
    expect(en("form.errorSummary", { count: 1 })).toBe("Please correct this problem:");
    expect(en("form.errorSummary", { count: 3 })).toBe("Please correct these 3 problems:");
    expect(translator("zh-CN")("audit.entries", { count: 1 })).toBe("共 1 条");
  });
});

describe("localName", () => {
  it("shows an English name on English pages when there is one, else the Chinese", () => {
    expect(localName("en", "宪法宣传周", "Constitution Week")).toBe("Constitution Week");
    expect(localName("zh-CN", "宪法宣传周", "Constitution Week")).toBe("宪法宣传周");
    expect(localName("en", "本村专项", null)).toBe("本村专项");
  });
});

describe("formatDateTime", () => {
  it("shows UTC instants in Shanghai time on a 24-hour clock", () => {
    expect(formatDateTime("en", "2026-11-28T16:30:00.000Z")).toBe("Nov 29, 2026, 00:30");
    expect(formatDateTime("zh-CN", "2026-11-28T16:30:00.000Z")).toBe("2026年11月29日 00:30");
    expect(formatDateTime("en", "2026-12-04T06:05:00.000Z")).toBe("Dec 4, 2026, 14:05");
  });

  it("writes ranges with plain spaces only, as Node and every browser agree on", () => {
    const sameDay = formatDateTimeRange("en", "2026-12-04T01:30:00Z", "2026-12-04T03:30:00Z");
    expect(sameDay).toBe("Fri, Dec 4, 2026, 09:30–11:30");
    expect(formatDateTimeRange("zh-CN", "2026-12-04T01:30:00Z", "2026-12-04T03:30:00Z")).toBe(
      "2026年12月4日 周五 09:30–11:30",
    );
    const overnight = formatDateTimeRange("en", "2026-12-04T12:00:00Z", "2026-12-04T17:00:00Z");
    expect(overnight).toBe("Fri, Dec 4, 2026, 20:00 – 01:00 next day");
    expect(formatDateTimeRange("zh-CN", "2026-12-04T12:00:00Z", "2026-12-04T17:00:00Z")).toBe(
      "2026年12月4日 周五 20:00 – 次日 01:00",
    );
    const days = formatDateTimeRange("en", "2026-12-04T12:00:00Z", "2026-12-06T03:00:00Z");
    expect(days).toBe("Fri, Dec 4, 2026, 20:00 – Sun, Dec 6, 2026, 11:00");
    for (const text of [sameDay, overnight, days]) {
      expect(text).not.toMatch(/[\u2009\u202f]|AM|PM/);
    }
  });
});

describe("isCalendarDay", () => {
  it.each([
    ["2026-02-28", true],
    ["2028-02-29", true],
    ["2026-02-29", false],
    ["2026-13-01", false],
    ["2026-1-01", false],
    ["", false],
  ])("%s -> %s", (day, valid) => {
    expect(isCalendarDay(day)).toBe(valid);
  });
});

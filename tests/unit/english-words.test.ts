import { describe, expect, it } from "vitest";
import { messageKeys, translator } from "~/lib/i18n";

// The English interface speaks English. Chinese characters may appear only as:
// - the Chinese language's own name on the language switch;
// - a glossed term, written after its English word the one way the interface uses it
//   ("Five-elders volunteer (五老)", "Rule-of-law duty reports (述法)");
// - an example of data a user writes in Chinese (a unit's name in an import template).
const allowed: Record<string, readonly string[]> = {
  "lang.switch": ["中文"],
  "accounts.import.intro": ["舟山村", "横泾街道"],
  "accounts.template.unit": ["舟山村", "横泾街道"],
};
const glossed: Record<string, string> = {
  五老: "Five-elders volunteer (五老)",
  述法: "Rule-of-law duty reports (述法)",
};

const en = translator("en");
const everyValue = new Proxy({}, { get: () => "X" }) as Record<string, string>;

describe("the English catalogue", () => {
  it("holds no Chinese outside the switch, the glossed terms and examples of typed data", () => {
    const stray: string[] = [];
    for (const key of messageKeys) {
      const text = en(key, everyValue);
      for (const [han] of text.matchAll(/\p{Script=Han}+/gu)) {
        if (allowed[key]?.includes(han!)) continue;
        if (glossed[han!] && text.includes(glossed[han!]!)) continue;
        stray.push(`${key}: ${text}`);
      }
    }
    expect(stray).toEqual([]);
  });

  it("glosses each term once per entry and writes it the same way everywhere", () => {
    for (const [term, gloss] of Object.entries(glossed)) {
      const entries = messageKeys.map((key) => en(key, everyValue)).filter((t) => t.includes(term));
      expect(entries.length, term).toBeGreaterThan(0);
      for (const text of entries) expect(text, term).toContain(gloss);
    }
  });
});

import { describe, expect, it } from "vitest";
import { isMobile, normalisePhone, phoneSchema } from "~/lib/phone";

describe("a typed mobile number", () => {
  it("loses the country code, separators and full-width forms", () => {
    for (const typed of [
      "13800000001",
      "138 0000 0001",
      "138-0000-0001",
      "+86 138 0000 0001",
      "+86-13800000001",
      "8613800000001",
      "0086 138 0000 0001",
      "１３８００００００01",
      "＋８６　１３８－００００－０００１",
      "(+86) 138.0000.0001",
    ]) {
      expect(normalisePhone(typed), typed).toBe("13800000001");
      expect(phoneSchema.parse(typed), typed).toBe("13800000001");
    }
  });

  it("refuses what is not a mainland mobile once folded", () => {
    for (const typed of [
      "",
      "1380000000",
      "138000000012",
      "+85 13800000001",
      "12800000001",
      "0512 6666 8888",
      "86138000000",
    ]) {
      expect(isMobile(typed), typed).toBe(false);
      expect(phoneSchema.safeParse(typed).success, typed).toBe(false);
    }
    // "86" followed by eleven digits is the country code, not the number's start.
    expect(normalisePhone("86 1380000000")).toBe("861380000000");
  });
});

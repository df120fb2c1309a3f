import { describe, expect, it } from "vitest";
import { MAX_RECORD_ID, parseRecordId } from "~/lib/record-id";
import { optionalRecordIdSchema, recordIdSchema } from "~/lib/schemas";

describe("a record id", () => {
  it("is plain decimal digits as the site writes them", () => {
    expect(parseRecordId("2")).toBe(2);
    expect(parseRecordId("1234567")).toBe(1234567);
    expect(parseRecordId(String(MAX_RECORD_ID))).toBe(MAX_RECORD_ID);
  });

  it("is nothing Number() alone would also read as a number", () => {
    for (const text of ["0x2", "+2", "2e0", " 2", "2 ", "02", "0", "-2", "2.0", "２", "", "1_0"]) {
      expect(parseRecordId(text), JSON.stringify(text)).toBeNull();
    }
    expect(parseRecordId(String(MAX_RECORD_ID + 1))).toBeNull();
    expect(parseRecordId("99999999999")).toBeNull();
    expect(parseRecordId(null)).toBeNull();
  });

  it("is read the same way by the form schemas", () => {
    expect(recordIdSchema.parse("7")).toBe(7);
    expect(recordIdSchema.safeParse("0x7").success).toBe(false);
    expect(recordIdSchema.safeParse("07").error?.issues[0]?.message).toBe("form.invalidChoice");
    expect(optionalRecordIdSchema.parse("")).toBeNull();
    expect(optionalRecordIdSchema.parse(undefined)).toBeNull();
    expect(optionalRecordIdSchema.safeParse("+7").error?.issues[0]?.message).toBe(
      "form.invalidChoice",
    );
  });
});

import { describe, expect, it } from "vitest";
import { NameBook, safeSegment } from "../../app/.server/documents/ledger-names";

describe("names inside the year's zip", () => {
  it("turns what Windows refuses into spaces and keeps Chinese as it is", () => {
    expect(safeSegment('2024-03-05 民法典/宪法:讲座*?"<>|', "x")).toBe(
      "2024-03-05 民法典 宪法 讲座",
    );
    expect(safeSegment("a\u0000b\u001fc\u007fd\u2028e", "x")).toBe("a b c d e");
    expect(safeSegment("C:\\Windows\\system32", "x")).toBe("C Windows system32");
  });

  it("never starts with a dot or ends with a dot or space, and is never empty", () => {
    expect(safeSegment("..\\..\\etc", "x")).toBe("etc");
    expect(safeSegment(".hidden", "x")).toBe("hidden");
    expect(safeSegment("讲座. ", "x")).toBe("讲座");
    expect(safeSegment(" / .. / ", "fallback")).toBe("fallback");
    expect(safeSegment("nul", "fallback")).toBe("fallback");
    expect(safeSegment("COM1.txt", "fallback")).toBe("fallback");
  });

  it("cuts a long title at whole characters", () => {
    const title = "😀".repeat(50);
    const cut = safeSegment(title, "x", 10);
    expect(Array.from(cut)).toHaveLength(10);
    expect(cut).toBe("😀".repeat(10));
  });

  it("hands out each name once per folder, whatever its case", () => {
    const book = new NameBook();
    expect(book.claim("普法活动", "2024-03-05 讲座")).toBe("2024-03-05 讲座");
    expect(book.claim("普法活动", "2024-03-05 讲座")).toBe("2024-03-05 讲座 (2)");
    expect(book.claim("普法活动", "2024-03-05 讲座")).toBe("2024-03-05 讲座 (3)");
    expect(book.claim("学法用法", "2024-03-05 讲座")).toBe("2024-03-05 讲座");
    expect(book.claim("", "Photo", ".jpg")).toBe("Photo.jpg");
    expect(book.claim("", "PHOTO", ".JPG")).toBe("PHOTO (2).JPG");
  });
});

import { describe, expect, it } from "vitest";
import { safeNext } from "~/.server/request";

describe("safeNext", () => {
  it.each([
    ["/events", "/events"],
    ["/events/12/attendance?tab=list#top", "/events/12/attendance?tab=list#top"],
    ["/units?q=a%2Fb", "/units?q=a%2Fb"],
    ["/活动", "/%E6%B4%BB%E5%8A%A8"],
    ["/a/../dashboard", "/dashboard"],
  ])("keeps the path of this site %s as %s", (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it.each([
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "//evil.example",
    "///evil.example",
    "/%2F%2Fevil.example",
    "/%2f/evil.example",
    "/%5Cevil.example",
    "/%5cevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/%09/evil.example",
    "/%0A/evil.example",
    "/\u0000/evil.example",
    "/\u007f/evil.example",
    "/.//evil.example",
    "/..//evil.example",
    "/%2e//evil.example",
    "https://evil.example",
    "http:/evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    " /events",
    "evil.example",
    "/%E0%A4",
    "",
  ])("sends %j to the fallback", (next) => {
    expect(safeNext(next)).toBe("/dashboard");
    expect(safeNext(next, "/")).toBe("/");
  });

  it("refuses what is not text", () => {
    expect(safeNext(null)).toBe("/dashboard");
    expect(safeNext(undefined, "/")).toBe("/");
    expect(safeNext(new File(["/events"], "next.txt"))).toBe("/dashboard");
  });
});

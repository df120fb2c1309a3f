import { describe, expect, it } from "vitest";
import { neutraliseCell, toCsv } from "~/lib/spreadsheet";

describe("neutraliseCell", () => {
  it.each(["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])(
    "puts an apostrophe before %j, which a spreadsheet would run",
    (value) => {
      expect(neutraliseCell(value)).toBe(`'${value}`);
    },
  );

  it.each(["张三", "13800001111", "138****1111", "a=b", "", " =1"])(
    "leaves %j as it is",
    (value) => {
      expect(neutraliseCell(value)).toBe(value);
    },
  );
});

describe("toCsv", () => {
  it("starts with the UTF-8 byte-order mark and ends every line with CRLF", () => {
    expect(toCsv([["姓名"], ["张三"]])).toBe("\uFEFF姓名\r\n张三\r\n");
  });

  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(toCsv([["a,b", 'say "hi"', "two\nlines", 7]])).toBe(
      '\uFEFF"a,b","say ""hi""","two\nlines",7\r\n',
    );
  });

  it("neutralises text cells but not numbers", () => {
    expect(toCsv([["=1+1", -3, "-3"]])).toBe("\uFEFF'=1+1,-3,'-3\r\n");
  });
});

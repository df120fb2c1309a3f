import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readRosterFile } from "~/.server/learners/import-rows";
import { uploadSlots } from "~/.server/http/upload-slots";
import { readTable, TABLE_LIMITS, tableWorkersRunning } from "~/.server/uploads/read-table";
import { readZipDirectory } from "~/.server/uploads/zip-directory";
import { honestSheet, honestXlsx, hostileFiles, xlsx } from "../support/hostile-files";
import { zip } from "../support/zip";

// Issue 14 item 3: a hostile spreadsheet costs a bounded amount. The zip's directory is read
// without inflating; the rest in a worker with its own heap and deadline, two at a time.

const utf8 = (text: string) => new TextEncoder().encode(text);
/** The honest one-person sheet with more parts after its data, where Excel puts them. */
const honestSheetWith = (after: string) =>
  honestSheet().replace("</sheetData>", `</sheetData>${after}`);
const spec = {
  headers: [
    ["姓名", "name"],
    ["手机号", "phone"],
  ] as [string, string][],
  required: ["name", "phone"],
  maxRows: 2000,
  cellChars: 200,
};

describe("the zip's central directory", () => {
  const limits = { entries: 100, uncompressedBytes: 20 * 1024 * 1024 };

  it("lists an honest workbook's entries with their sizes, inflating nothing", () => {
    const directory = readZipDirectory(honestXlsx(), limits);
    expect(directory.ok && directory.entries.map((entry) => entry.name)).toEqual([
      "[Content_Types].xml",
      "_rels/.rels",
      "xl/workbook.xml",
      "xl/_rels/workbook.xml.rels",
      "xl/worksheets/sheet1.xml",
    ]);
  });

  it("refuses what a roster never holds, before anything is inflated", () => {
    const parts = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `${i}`, data: "" }));
    expect(readZipDirectory(zip(parts(101)), limits)).toEqual({ ok: false, reason: "unsafe" });
    expect(readZipDirectory(zip(parts(100)), limits).ok).toBe(true);
    const declared = zip([{ name: "a.xml", data: "x", declaredSize: 20 * 1024 * 1024 + 1 }]);
    expect(readZipDirectory(declared, limits)).toEqual({ ok: false, reason: "tooBig" });
    const nested = zip([{ name: "xl/embeddings/Book1.XLSX", data: "x" }]);
    expect(readZipDirectory(nested, limits)).toEqual({ ok: false, reason: "unsafe" });
  });

  it("refuses a zip it would read differently from exceljs", () => {
    const honest = honestXlsx();
    const unreadable = { ok: false, reason: "unreadable" };
    expect(readZipDirectory(honest.subarray(0, honest.length - 1), limits)).toEqual(unreadable);
    expect(readZipDirectory(new Uint8Array([0x50, 0x4b, 3, 4]), limits)).toEqual(unreadable);
    // Bytes before the first entry shift every offset; JSZip would guess, we refuse.
    expect(readZipDirectory(new Uint8Array([0, ...honest]), limits)).toEqual(unreadable);
    // An end record's signature in the last bytes: JSZip would take it for the end record.
    const comment = Buffer.concat([honest, Buffer.from([0x50, 0x4b, 5, 6, 0, 0])]);
    new DataView(comment.buffer, comment.byteOffset).setUint16(honest.length - 2, 6, true);
    expect(readZipDirectory(new Uint8Array(comment), limits)).toEqual(unreadable);
    const encrypted = Buffer.from(honest);
    const central = encrypted.indexOf(Buffer.from([0x50, 0x4b, 1, 2]));
    encrypted.writeUInt16LE(encrypted.readUInt16LE(central + 8) | 1, central + 8);
    expect(readZipDirectory(new Uint8Array(encrypted), limits)).toEqual(unreadable);
  });
});

describe("reading a hostile file", () => {
  it("refuses each with its reason", async () => {
    for (const file of await hostileFiles(64 * 1024 * 1024, true)) {
      const result = await readRosterFile(file.bytes);
      expect(result, file.name).toEqual({ ok: false, error: file.refusal });
    }
    expect(tableWorkersRunning()).toBe(0);
  });

  it("counts the cells of every part, whatever its name", async () => {
    const sheet = `<worksheet><sheetData><row r="1"><c r="XFD1"><v>1</v></c></row></sheetData></worksheet>`;
    const disguised = xlsx("<worksheet><sheetData/></worksheet>", [
      { name: "a/xl/worksheets/sheet2.xml.b", data: sheet },
    ]);
    expect(await readRosterFile(disguised)).toEqual({
      ok: false,
      error: "roster.import.sheetTooBig",
    });
  });

  it("reads past what exceljs would expand cell by cell: validations, merges, formats", async () => {
    const sheet = honestSheetWith(
      `<mergeCells count="1"><mergeCell ref="E1:XFD1048576"/></mergeCells>` +
        `<conditionalFormatting sqref="A1:XFD1048576"><cfRule type="expression" priority="1"><formula>1</formula></cfRule></conditionalFormatting>` +
        `<dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>`,
    );
    const started = Date.now();
    expect(await readRosterFile(xlsx(sheet))).toMatchObject({ ok: true, rows: [{ name: "张三" }] });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("reads the same skeleton when it is honest", async () => {
    expect(await readRosterFile(honestXlsx())).toMatchObject({
      ok: true,
      rows: [{ line: 2, name: "张三", phone: "13800000001", village: "舟山村" }],
    });
  });

  it("refuses an entry that inflates to less than it declares, and a broken deflate stream", async () => {
    const sheet = `<worksheet><sheetData></sheetData></worksheet>`;
    const short = xlsx(sheet).slice();
    // The sheet's declared size, in its central directory record, one byte too large.
    const at = Buffer.from(short).lastIndexOf(Buffer.from("xl/worksheets/sheet1.xml")) - 46 + 24;
    new DataView(short.buffer).setUint32(at, sheet.length + 1, true);
    expect(await readRosterFile(short)).toEqual({
      ok: false,
      error: "roster.import.unreadableXlsx",
    });
    const parts = [{ name: "xl/worksheets/sheet1.xml", data: "x".repeat(5000) }];
    const broken = zip(parts);
    broken.fill(0xff, 60, 70);
    expect(await readRosterFile(broken)).toEqual({
      ok: false,
      error: "roster.import.unreadableXlsx",
    });
  });

  it("names a CSV it cannot parse apart from one it cannot decode", async () => {
    expect(await readRosterFile(utf8('姓名,手机号\n"张三,13800000001\n'))).toEqual({
      ok: false,
      error: "roster.import.badCsv",
    });
    expect(await readRosterFile(new Uint8Array([0xff, 0x2c, 0x0a]))).toEqual({
      ok: false,
      error: "roster.import.unknownEncoding",
    });
  });

  it("numbers a CSV's rows by the line they start on, quoted line breaks included", async () => {
    const result = await readRosterFile(
      utf8(
        '\uFEFF\r\n姓名,手机号,村（社区）,类别\r\n"张\n三",13800000001,舟山村,调解员\r\n\r\n李四,13800000002,渔帆村,五老\r\n',
      ),
    );
    expect(result.ok && result.rows.map((row) => [row.line, row.name])).toEqual([
      [3, "张\n三"],
      [6, "李四"],
    ]);
  });

  it("reads a full roster of 2,000 rows, well inside every limit", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("名册");
    sheet.addRow(["姓名", "手机号", "村（社区）", "类别", "认定日期", "证书编号", "结对法律顾问"]);
    for (let i = 0; i < 2000; i++) {
      sheet.addRow([
        `法律明白人${i}`,
        13800000000 + i,
        "舟山村",
        "调解员",
        new Date(),
        `XS-${i}`,
        "王律师",
      ]);
    }
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const directory = readZipDirectory(bytes, TABLE_LIMITS);
    expect(directory.ok && directory.uncompressedBytes).toBeLessThan(
      TABLE_LIMITS.uncompressedBytes / 8,
    );
    const result = await readRosterFile(bytes);
    expect(result.ok && result.rows.length).toBe(2000);
  });
});

describe("the worker's bounds", () => {
  it("stops a worker out of time or heap, and the next file still reads", async () => {
    const bytes = honestXlsx();
    expect(await readTable(bytes, spec, { ...TABLE_LIMITS, timeMs: 1 })).toEqual({
      ok: false,
      reason: "tooCostly",
    });
    expect(await readTable(bytes, spec, { ...TABLE_LIMITS, heapMb: 2 })).toEqual({
      ok: false,
      reason: "tooCostly",
    });
    expect((await readTable(bytes, spec)).ok).toBe(true);
    expect(tableWorkersRunning()).toBe(0);
  });

  it("reads two files at once, lets a few wait, and tells the rest the server is busy", async () => {
    const file = utf8("姓名,手机号\n张三,13800000001\n");
    const many = TABLE_LIMITS.workers + TABLE_LIMITS.waiting + 2;
    const results = await Promise.all(Array.from({ length: many }, () => readTable(file, spec)));
    const reasons = results.map((result) => (result.ok ? "ok" : result.reason));
    expect(reasons.filter((reason) => reason === "busy")).toHaveLength(2);
    expect(reasons.filter((reason) => reason === "ok")).toHaveLength(many - 2);
    expect(tableWorkersRunning()).toBe(0);
  });
});

describe("the upload slots", () => {
  // The edge gives a slot only to a caller who may upload (tests/integration/photos-uploads.test.ts
  // shows it over HTTP); here, the counting: so many at once, one per caller, freed once.
  it("holds two at once, one per caller, and frees each once", () => {
    const slots = uploadSlots(2);
    const first = slots.claim("staff:1");
    expect(first).not.toBeNull();
    expect(slots.claim("staff:1")).toBeNull();
    const second = slots.claim("link:7");
    expect(second).not.toBeNull();
    expect(slots.claim("staff:2")).toBeNull();
    expect(slots.held).toBe(2);
    first!();
    first!();
    expect(slots.held).toBe(1);
    expect(slots.claim("link:7")).toBeNull();
    const third = slots.claim("staff:2");
    expect(third).not.toBeNull();
    expect(slots.claim("staff:1")).toBeNull();
    second!();
    third!();
    expect(slots.held).toBe(0);
    expect(slots.claim("staff:1")).not.toBeNull();
  });
});

import { crc32, createDeflateRaw } from "node:zlib";
import type { ZipPart } from "./zip";
import { zip } from "./zip";

// Hostile roster uploads, built in memory by the tests and by `npm run bench:uploads` (no binary
// fixture is committed). Each names the message the import page must answer with. The skeleton
// is the least an XLSX needs, and the same skeleton with an honest sheet reads as a roster.

export type HostileFile = {
  name: string;
  fileName: string;
  bytes: Uint8Array;
  /** The refusal's catalogue key. */
  refusal: string;
};

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
const WORKBOOK = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名册" sheetId="1" r:id="rId1"/></sheets></workbook>`;
const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
const SHEET_OPEN = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
const SHEET_CLOSE = `</sheetData></worksheet>`;
const STRINGS_OPEN = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">`;

const inline = (ref: string, text: string) =>
  `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
/** The roster's header, row 1, in inline strings. */
const HEADER_ROW = `<row r="1">${["姓名", "手机号", "村（社区）", "类别"]
  .map((text, at) => inline(`${"ABCD"[at]}1`, text))
  .join("")}</row>`;
const DATA_ROW = `<row r="2">${inline("A2", "张三")}${inline("B2", "13800000001")}${inline("C2", "舟山村")}${inline("D2", "调解员")}</row>`;

/** An XLSX of the skeleton around the given sheet (and shared strings, when given). */
export function xlsx(sheet: ZipPart["data"], more: ZipPart[] = [], strings?: ZipPart): Uint8Array {
  return zip([
    { name: "[Content_Types].xml", data: CONTENT_TYPES },
    { name: "_rels/.rels", data: ROOT_RELS },
    { name: "xl/workbook.xml", data: WORKBOOK },
    { name: "xl/_rels/workbook.xml.rels", data: WORKBOOK_RELS },
    { name: "xl/worksheets/sheet1.xml", data: sheet },
    ...(strings ? [strings] : []),
    ...more,
  ]);
}

/** The skeleton with an honest one-person roster: it must read. */
export const honestXlsx = () => xlsx(honestSheet());

/**
 * `prefix`, then `bytes` of the letter A, then `suffix`, deflated as a stream (a bomb of
 * hundreds of megabytes never sits in memory). Its CRC and size are the true ones.
 */
export async function deflatedBomb(prefix: string, bytes: number, suffix: string) {
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((done) => deflate.on("end", done));
  const chunk = Buffer.alloc(1 << 20, "A");
  let crc = 0;
  const write = async (data: Buffer) => {
    crc = crc32(data, crc);
    if (!deflate.write(data)) await new Promise((done) => deflate.once("drain", done));
  };
  await write(Buffer.from(prefix));
  for (let left = bytes; left > 0; left -= chunk.length) {
    await write(left >= chunk.length ? chunk : chunk.subarray(0, left));
  }
  await write(Buffer.from(suffix));
  deflate.end();
  await ended;
  const size = Buffer.byteLength(prefix) + bytes + Buffer.byteLength(suffix);
  return { packed: new Uint8Array(Buffer.concat(out)), crc, size };
}

/** A deflated part as it is, declaring its true size or, when `declare` is given, a lie. */
const packedPart = (
  name: string,
  bomb: Awaited<ReturnType<typeof deflatedBomb>>,
  declare?: number,
): ZipPart => ({
  name,
  data: bomb.packed,
  preDeflated: { crc: bomb.crc, size: declare ?? bomb.size },
});

const SHEET_WITH_SHARED = `${SHEET_OPEN}<row r="1"><c r="A1" t="s"><v>0</v></c></row>${SHEET_CLOSE}`;

/**
 * Every hostile file. `bombBytes` is what each bomb's one string inflates to (480 MB is the
 * 940 KB file that once took 69 s and 3.5 GB; tests use less, the refusal is the same).
 */
export async function hostileFiles(
  bombBytes = 64 * 1024 * 1024,
  /** Add the files only the worker's heap stops (seconds of a core each). */
  costly = false,
): Promise<HostileFile[]> {
  const sharedBomb = await deflatedBomb(`${STRINGS_OPEN}<si><t>`, bombBytes, `</t></si></sst>`);
  const inlineBomb = await deflatedBomb(
    `${SHEET_OPEN}${HEADER_ROW}<row r="2"><c r="A2" t="inlineStr"><is><t>`,
    bombBytes,
    `</t></is></c></row>${SHEET_CLOSE}`,
  );
  const honest = honestXlsx();
  const inner = zip([{ name: "bomb.xml", data: "A".repeat(1 << 20) }]);
  const costlyFiles: HostileFile[] = [
    {
      // Within every size and count limit, but a million style records: the heap stops it.
      name: "a million styles",
      fileName: "styles.xlsx",
      bytes: xlsx(honestSheet(), [
        {
          name: "xl/styles.xml",
          data: `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="1000000">${'<xf numFmtId="0"/>'.repeat(1_000_000)}</cellXfs></styleSheet>`,
        },
      ]),
      refusal: "roster.import.tooCostly",
    },
  ];
  return [
    ...(costly ? costlyFiles : []),
    {
      name: "shared-string bomb",
      fileName: "shared-bomb.xlsx",
      bytes: xlsx(SHEET_WITH_SHARED, [], packedPart("xl/sharedStrings.xml", sharedBomb)),
      refusal: "roster.import.xlsxTooBig",
    },
    {
      // The directory says 1 KB; the worker stops inflating there.
      name: "shared-string bomb, sizes lied",
      fileName: "shared-bomb-lies.xlsx",
      bytes: xlsx(SHEET_WITH_SHARED, [], packedPart("xl/sharedStrings.xml", sharedBomb, 1024)),
      refusal: "roster.import.xlsxTooBig",
    },
    {
      name: "inline-string bomb",
      fileName: "inline-bomb.xlsx",
      bytes: zip([
        { name: "[Content_Types].xml", data: CONTENT_TYPES },
        { name: "_rels/.rels", data: ROOT_RELS },
        { name: "xl/workbook.xml", data: WORKBOOK },
        { name: "xl/_rels/workbook.xml.rels", data: WORKBOOK_RELS },
        packedPart("xl/worksheets/sheet1.xml", inlineBomb, 4096),
      ]),
      refusal: "roster.import.xlsxTooBig",
    },
    {
      name: "cells at XFD1048576",
      fileName: "far-corner.xlsx",
      bytes: xlsx(
        `${SHEET_OPEN}${HEADER_ROW}<row r="2">${inline("XFD2", "x")}</row><row r="1048576">${inline("XFD1048576", "x")}</row>${SHEET_CLOSE}`,
      ),
      refusal: "roster.import.sheetTooBig",
    },
    {
      name: "a million cells in a row",
      fileName: "wide.xlsx",
      bytes: xlsx(
        `${SHEET_OPEN}${HEADER_ROW}<row r="2">${"<c/>".repeat(1_000_000)}</row>${SHEET_CLOSE}`,
      ),
      refusal: "roster.import.sheetTooBig",
    },
    {
      // exceljs keeps a cell for each address a defined name covers.
      name: "a defined name over the whole sheet",
      fileName: "defined-name.xlsx",
      bytes: zip([
        { name: "[Content_Types].xml", data: CONTENT_TYPES },
        { name: "_rels/.rels", data: ROOT_RELS },
        {
          name: "xl/workbook.xml",
          data: WORKBOOK.replace(
            "</sheets>",
            '</sheets><definedNames><definedName name="all">名册!$A$1:$XFD$1048576</definedName></definedNames>',
          ),
        },
        { name: "xl/_rels/workbook.xml.rels", data: WORKBOOK_RELS },
        { name: "xl/worksheets/sheet1.xml", data: honestSheet() },
      ]),
      refusal: "roster.import.sheetTooBig",
    },
    {
      name: "XXE",
      fileName: "xxe.xlsx",
      bytes: xlsx(
        `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${SHEET_OPEN.replace(/^<\?xml[^>]*>\n/, "")}${HEADER_ROW}<row r="2">${inline("A2", "&xxe;")}${inline("B2", "13800000001")}${inline("C2", "舟山村")}${inline("D2", "调解员")}</row>${SHEET_CLOSE}`,
      ),
      refusal: "roster.import.xlsxUnsafe",
    },
    {
      name: "truncated zip",
      fileName: "truncated.xlsx",
      bytes: honest.subarray(0, Math.floor(honest.length / 2)),
      refusal: "roster.import.unreadableXlsx",
    },
    {
      name: "zip inside the zip",
      fileName: "nested.xlsx",
      bytes: xlsx(honestSheet(), [{ name: "xl/embeddings/inner.zip", data: inner }]),
      refusal: "roster.import.xlsxUnsafe",
    },
    {
      name: "zip inside the zip, named as the sheet",
      fileName: "nested-sheet.xlsx",
      bytes: xlsx(inner),
      refusal: "roster.import.xlsxUnsafe",
    },
    {
      name: "too many zip entries",
      fileName: "entries.xlsx",
      bytes: zip([
        { name: "[Content_Types].xml", data: CONTENT_TYPES },
        ...Array.from({ length: 5_000 }, (_, i) => ({ name: `x/${i}`, data: "", stored: true })),
      ]),
      refusal: "roster.import.xlsxUnsafe",
    },
    {
      name: "a megabyte of newlines",
      fileName: "newlines.csv",
      bytes: new Uint8Array(Buffer.from(`姓名,手机号,村（社区）,类别\n${"\n".repeat(1_000_000)}`)),
      refusal: "roster.import.sheetTooBig",
    },
    {
      name: "short rows to the limit",
      fileName: "short-rows.csv",
      bytes: new Uint8Array(
        Buffer.from(
          `姓名,手机号,村（社区）,类别,认定日期,证书编号,结对法律顾问\n${"a\n".repeat(9_990)}`,
        ),
      ),
      refusal: "roster.import.tooManyRows",
    },
    {
      name: "rows wider than the header",
      fileName: "wide-rows.csv",
      bytes: new Uint8Array(
        Buffer.from(
          `姓名,手机号,村（社区）,类别\n${"张三,13800000001,舟山村,调解员,x\n".repeat(9_000)}`,
        ),
      ),
      refusal: "roster.import.csvColumns",
    },
  ];
}

/** The honest one-person sheet's XML. */
export function honestSheet() {
  return `${SHEET_OPEN}${HEADER_ROW}${DATA_ROW}${SHEET_CLOSE}`;
}

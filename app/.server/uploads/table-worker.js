// @ts-check
// Reads one uploaded table (XLSX or CSV) inside a worker thread with its own small heap, so a
// hostile file costs this thread and never the one serving everyone (read-table.ts starts it,
// bounds its memory and time, and handles its death). It is plain JavaScript loaded from a data:
// URL, which works the same under Vitest, `remix vite:dev` and the production build; the
// packages it needs come as absolute URLs resolved by the main thread.
//
// Every limit is checked while reading, before the next, costlier step: each zip entry is
// inflated up to its declared size and no further, the XML is scanned (no DOCTYPE, no archive
// inside, rows, columns, cells and shared strings counted) before exceljs builds a workbook,
// and the rows stop at the first one too many.
import { parentPort, workerData } from "node:worker_threads";
import { inflateRawSync } from "node:zlib";

/** @typedef {import("./zip-directory").ZipEntry} ZipEntry */
/** @typedef {import("./read-table").TableJob} TableJob */
/** @typedef {import("./read-table").TableOutcome} TableOutcome */

/** A refusal found while reading: its reason goes back to the main thread. */
class Refused extends Error {
  /** @param {Extract<TableOutcome, { ok: false }>["reason"]} reason */
  constructor(reason) {
    super(reason);
    this.reason = reason;
  }
}

/** @type {TableJob} */
const job = workerData;
const { limits } = job;

/** Headers compare after NFKC (full-width to half-width), in lower case, without spaces. */
const headerKey = (/** @type {string} */ text) =>
  text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
const headerNames = new Map(job.headers.map(([text, column]) => [headerKey(text), column]));

const DOCTYPE = Buffer.from("<!DOCTYPE");
const ENTITY = Buffer.from("<!ENTITY");
const CELL_OR_ROW = /<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>/g;
const SHARED_STRING = /<(?:[A-Za-z_][\w.-]*:)?si(?=[\s/>])/g;
const REFERENCE = /\sr\s*=\s*["']([A-Za-z]*)(\d*)["']/;
const DEFINED_NAME = /<(?:[A-Za-z_][\w.-]*:)?definedName(?=[\s/>])[^>]*>([^<]*)</g;
/** The ranges exceljs expands cell by cell when it reads a defined name (its own pattern). */
const DEFINED_RANGE = /\$([A-Za-z]+)\$(\d+)(?::\$([A-Za-z]+)\$(\d+))?/g;

/** "A" is 1, "XFD" 16384; more than three letters is past any sheet's end. */
function columnNumber(/** @type {string} */ letters) {
  if (letters.length > 3) return Infinity;
  let number = 0;
  for (const letter of letters.toUpperCase()) number = number * 26 + letter.charCodeAt(0) - 64;
  return number;
}

/** Counts a worksheet's rows, columns and cells as written, before exceljs allocates them. */
function scanWorksheet(/** @type {string} */ xml, /** @type {{ cells: number }} */ totals) {
  let row = 0;
  let column = 0;
  for (const match of xml.matchAll(CELL_OR_ROW)) {
    const reference = REFERENCE.exec(match[2] ?? "");
    if (match[1] === "row") {
      row = reference?.[2] ? Number(reference[2]) : row + 1;
      column = 0;
      if (row > limits.rows) throw new Refused("sheetTooBig");
      continue;
    }
    column = reference?.[1] ? columnNumber(reference[1]) : column + 1;
    if (reference?.[2] && Number(reference[2]) > limits.rows) throw new Refused("sheetTooBig");
    if (column > limits.columns) throw new Refused("sheetTooBig");
    if (++totals.cells > limits.cells) throw new Refused("sheetTooBig");
  }
}

/** exceljs keeps a cell for every address a defined name covers: their area counts as cells. */
function scanDefinedNames(/** @type {string} */ xml, /** @type {{ cells: number }} */ totals) {
  for (const [, text = ""] of xml.matchAll(DEFINED_NAME)) {
    for (const [, c1 = "", r1 = "", c2 = c1, r2 = r1] of text.matchAll(DEFINED_RANGE)) {
      const columns = Math.abs(columnNumber(c2) - columnNumber(c1)) + 1;
      const rows = Math.abs(Number(r2) - Number(r1)) + 1;
      totals.cells += columns * rows;
      if (!(totals.cells <= limits.cells)) throw new Refused("sheetTooBig");
    }
  }
}

/**
 * Inflates every entry, each to its declared size at most (a lying size stops there), and looks
 * at what exceljs would parse. Nothing is kept: exceljs inflates again, from checked bytes.
 */
function checkEntries(/** @type {Uint8Array} */ bytes, /** @type {ZipEntry[]} */ entries) {
  const totals = { cells: 0, sharedStrings: 0 };
  for (const entry of entries) {
    const packed = bytes.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
    let data;
    try {
      data =
        entry.method === 8
          ? inflateRawSync(packed, { maxOutputLength: Math.max(1, entry.uncompressedSize) })
          : Buffer.from(packed);
    } catch (error) {
      const code = /** @type {{ code?: string }} */ (error).code;
      throw new Refused(code === "ERR_BUFFER_TOO_LARGE" ? "xlsxTooBig" : "unreadableXlsx");
    }
    if (data.length !== entry.uncompressedSize) throw new Refused("unreadableXlsx");
    // A zip inside the zip, or a document type (external entities, entity expansion): never in
    // a spreadsheet a person saved, and nothing exceljs should meet.
    if (data.length >= 4 && data.readUInt32LE(0) === 0x04034b50) throw new Refused("xlsxUnsafe");
    if (data.includes(DOCTYPE) || data.includes(ENTITY)) throw new Refused("xlsxUnsafe");
    // Every entry, whatever its name: exceljs takes "a/xl/worksheets/sheet1.xml.b" for a sheet
    // too. Other parts hold no rows, cells or shared strings, so they count nothing.
    const xml = data.toString("latin1");
    scanWorksheet(xml, totals);
    scanDefinedNames(xml, totals);
    for (const _ of xml.matchAll(SHARED_STRING)) {
      if (++totals.sharedStrings > limits.sharedStrings) throw new Refused("sheetTooBig");
    }
  }
}

/** Every part of a worksheet but its cells (exceljs' names for them). */
const IGNORED = [
  "sheetPr",
  "dimension",
  "sheetViews",
  "sheetFormatPr",
  "cols",
  "autoFilter",
  "mergeCells",
  "rowBreaks",
  "hyperlinks",
  "pageMargins",
  "dataValidations",
  "pageSetup",
  "headerFooter",
  "printOptions",
  "picture",
  "drawing",
  "sheetProtection",
  "tableParts",
  "conditionalFormatting",
  "extLst",
];

/** @typedef {{ line: number; cells: string[] }} Line */

/** A cell as the text a person sees in it: dates as days, numbers as digits. */
function cellText(/** @type {import("exceljs").Cell} */ cell) {
  const value = cell.value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "number") return String(value);
  if (value && typeof value === "object" && "result" in value) return String(value.result ?? "");
  return cell.text ?? "";
}

/** @returns {Promise<Line[]>} the first sheet's rows that hold anything, with their numbers. */
async function xlsxLines(/** @type {Uint8Array} */ bytes, /** @type {ZipEntry[]} */ entries) {
  checkEntries(bytes, entries);
  /** @type {typeof import("exceljs")} */
  const ExcelJS = (await import(job.modules.exceljs)).default;
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs' own counts of rows and cells per row, behind the scan above (not in its types);
    // and only the sheet's data: exceljs expands a validation, merge or format over A1:XFD1048576
    // into one entry per cell, and a roster needs none of them.
    /** @type {any} */
    const options = { maxRows: limits.rows, maxCols: limits.columns, ignoreNodes: IGNORED };
    await workbook.xlsx.load(/** @type {any} */ (Buffer.from(bytes)), options);
  } catch {
    throw new Refused("unreadableXlsx");
  }
  const sheet = workbook.worksheets[0];
  /** @type {Line[]} */
  const lines = [];
  sheet?.eachRow((row, number) => {
    /** @type {string[]} */
    const cells = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell);
    });
    lines.push({ line: number, cells: Array.from(cells, (cell) => cell ?? "") });
  });
  return lines;
}

/**
 * A CSV's text: UTF-8 when it is valid UTF-8 (a GBK file almost never is), else GB18030, the
 * superset of GBK that Excel and WPS on a Chinese Windows save "CSV" in. Node's full ICU decodes
 * it with no package. Bytes neither reads are refused.
 */
function decodeCsv(/** @type {Uint8Array} */ bytes) {
  for (const encoding of ["utf-8", "gb18030"]) {
    try {
      return new TextDecoder(encoding, { fatal: true }).decode(bytes);
    } catch {
      // Try the next encoding.
    }
  }
  throw new Refused("unknownEncoding");
}

/** @returns {Promise<Line[]>} */
async function csvLines(/** @type {Uint8Array} */ bytes) {
  const text = decodeCsv(bytes);
  /** @type {typeof import("csv-parse/sync")} */
  const { parse } = (await import(job.modules.csvParse)).default;
  /** @type {{ record: string[]; info: { lines: number } }[]} */
  let records;
  try {
    records = /** @type {any} */ (
      parse(text, {
        bom: true,
        // Short rows are read (their missing cells are empty); a row with cells beyond the
        // header is refused below. Empty lines never become records.
        relax_column_count: true,
        skip_empty_lines: true,
        info: true,
      })
    );
  } catch {
    throw new Refused("badCsv");
  }
  return records.map(({ record, info }) => {
    if (record.length > limits.columns) throw new Refused("sheetTooBig");
    // csv-parse counts lines to the record's end; a quoted cell may hold line breaks.
    const breaks = record.reduce((sum, cell) => sum + cell.split("\n").length - 1, 0);
    return { line: info.lines - breaks, cells: record };
  });
}

/**
 * The first row that holds anything names the columns (in Chinese or English, any order); rows
 * after it become records of the known columns, trimmed and cut to `cellChars`. Rows with
 * nothing in them are skipped.
 * @returns {TableOutcome}
 */
function toRows(/** @type {Line[]} */ lines, /** @type {"xlsx" | "csv"} */ kind) {
  const blank = (/** @type {string[]} */ cells) => cells.every((cell) => cell.trim() === "");
  const headerAt = lines.findIndex((line) => !blank(line.cells));
  if (headerAt < 0) return { ok: false, reason: "empty" };
  const header = lines[headerAt]?.cells ?? [];
  const columns = header.map((cell) => headerNames.get(headerKey(cell)));
  if (job.required.some((column) => !columns.includes(column))) {
    return { ok: false, reason: "missingColumns" };
  }
  /** @type {Extract<TableOutcome, { ok: true }>["rows"]} */
  const rows = [];
  for (const { line, cells } of lines.slice(headerAt + 1)) {
    if (blank(cells)) continue;
    if (kind === "csv" && cells.slice(header.length).some((cell) => cell.trim() !== "")) {
      return { ok: false, reason: "csvColumns" };
    }
    if (rows.length === job.maxRows) return { ok: false, reason: "tooManyRows" };
    /** @type {(typeof rows)[number]} */
    const row = { line };
    for (const column of new Set(headerNames.values())) row[column] = "";
    columns.forEach((column, at) => {
      if (column) row[column] = (cells[at] ?? "").trim().slice(0, job.cellChars);
    });
    rows.push(row);
  }
  if (rows.length === 0) return { ok: false, reason: "empty" };
  return { ok: true, rows };
}

/** @returns {Promise<TableOutcome>} */
async function read() {
  try {
    const lines =
      job.kind === "xlsx" ? await xlsxLines(job.bytes, job.entries) : await csvLines(job.bytes);
    return toRows(lines, job.kind);
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.reason };
    throw error;
  }
}

parentPort?.postMessage(await read());

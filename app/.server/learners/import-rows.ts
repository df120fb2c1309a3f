import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import type { LegalSavvyCategory } from "../../../db/schema";
import { legalSavvyCategories } from "../../../db/schema";
import type { MessageKey } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import { normalisePersonName } from "~/lib/person-name";
import { MOBILE_PATTERN } from "~/lib/phone";
import { rosterColumns } from "~/lib/roster-columns";
import type { RosterColumn } from "~/lib/roster-columns";
import { isCalendarDay } from "~/lib/time";

/** More rows than a sub-district's roster could hold is a wrong file, and costly to preview. */
export const IMPORT_MAX_ROWS = 2000;
/** No cell of a roster is longer; longer text is cut, then refused by the field's own rule. */
const CELL_MAX = 200;

/** One line of an uploaded roster as text, with its line number in the file (header is 1). */
export type RawRow = { line: number } & Record<RosterColumn, string>;

export type FileResult = { ok: true; rows: RawRow[] } | { ok: false; error: MessageKey };

/** NFKC folds full-width brackets and letters, so "村(社区)" and "村（社区）" are one header. */
const headerKey = (text: string) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");

const zh = translator("zh-CN");
const en = translator("en");

/** Each column's header in Chinese and in English, as the template writes them. */
const headerNames = new Map<string, RosterColumn>(
  rosterColumns.flatMap((column) => [
    [headerKey(zh(`roster.col.${column}`)), column],
    [headerKey(en(`roster.col.${column}`)), column],
  ]),
);

const REQUIRED: RosterColumn[] = ["name", "phone", "village", "category"];

/** A cell as the text a person sees in it: dates as days, numbers as digits. */
function cellText(cell: ExcelJS.Cell) {
  const value = cell.value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "number") return String(value);
  if (value && typeof value === "object" && "result" in value) return String(value.result ?? "");
  return cell.text ?? "";
}

async function xlsxTable(bytes: Uint8Array): Promise<string[][] | null> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    return null;
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell);
    });
    table[number - 1] = Array.from(cells, (cell) => cell ?? "");
  });
  return Array.from(table, (row) => row ?? []);
}

function csvTable(bytes: Uint8Array): string[][] | null {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  try {
    return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false });
  } catch {
    return null;
  }
}

/**
 * The rows of an uploaded roster file (XLSX by its zip signature, else UTF-8 CSV): the first
 * non-empty row names the columns, in Chinese or English, in any order; wholly empty rows are
 * skipped. A file that cannot be read, lacks a required column, or is too long is refused whole.
 */
export async function readRosterFile(bytes: Uint8Array): Promise<FileResult> {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const table = isZip ? await xlsxTable(bytes) : csvTable(bytes);
  if (table === null) {
    return { ok: false, error: isZip ? "roster.import.unreadableXlsx" : "roster.import.notUtf8" };
  }
  const blank = (row: string[]) => row.every((cell) => cell.trim() === "");
  const headerIndex = table.findIndex((row) => !blank(row));
  if (headerIndex < 0) return { ok: false, error: "roster.import.empty" };
  const columns = table[headerIndex]!.map((cell) => headerNames.get(headerKey(cell)));
  if (REQUIRED.some((column) => !columns.includes(column))) {
    return { ok: false, error: "roster.import.missingColumns" };
  }
  const rows: RawRow[] = [];
  for (let index = headerIndex + 1; index < table.length; index++) {
    const cells = table[index]!;
    if (blank(cells)) continue;
    if (rows.length === IMPORT_MAX_ROWS) return { ok: false, error: "roster.import.tooManyRows" };
    const row = { line: index + 1 } as RawRow;
    for (const column of rosterColumns) row[column] = "";
    columns.forEach((column, at) => {
      if (column) row[column] = (cells[at] ?? "").trim().slice(0, CELL_MAX);
    });
    rows.push(row);
  }
  if (rows.length === 0) return { ok: false, error: "roster.import.empty" };
  return { ok: true, rows };
}

/** A category as written: its code, or its name in Chinese or English. */
const categoryNames = new Map<string, LegalSavvyCategory>(
  legalSavvyCategories.flatMap((category) => [
    [headerKey(category), category],
    [headerKey(zh(`roster.category.${category}`)), category],
    [headerKey(en(`roster.category.${category}`)), category],
  ]),
);

/** "2024-3-1", "2024/03/01", "2024.3.1" or "2024年3月1日" as 2024-03-01; null if not a real day. */
export function readDay(text: string) {
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text.normalize("NFKC"));
  if (!match) return null;
  const day = `${match[1]}-${match[2]!.padStart(2, "0")}-${match[3]!.padStart(2, "0")}`;
  return isCalendarDay(day) ? day : null;
}

export type Problem = { key: MessageKey; values?: Record<string, string | number> };

/** A row's fields as they will be stored, and what is wrong with it on its own. */
export function checkRow(row: RawRow) {
  const problems: Problem[] = [];
  const name = normalisePersonName(row.name);
  if (!name) problems.push({ key: "roster.import.problem.noName" });
  else if (name.length > 40) problems.push({ key: "roster.import.problem.nameTooLong" });
  const phone = row.phone.replace(/[\s-]/g, "");
  if (!MOBILE_PATTERN.test(phone)) problems.push({ key: "roster.import.problem.phone" });
  if (!row.village) problems.push({ key: "roster.import.problem.noVillage" });
  const category = categoryNames.get(headerKey(row.category));
  if (!category) problems.push({ key: "roster.import.problem.category" });
  const recognisedOn = row.recognisedOn ? readDay(row.recognisedOn) : null;
  if (row.recognisedOn && !recognisedOn) problems.push({ key: "roster.import.problem.date" });
  for (const field of ["certificateNo", "adviser"] as const) {
    if (row[field].length > 40) problems.push({ key: "roster.import.problem.tooLong" });
  }
  return {
    problems,
    fields: {
      name,
      phone,
      village: row.village.normalize("NFKC"),
      category: category ?? null,
      recognisedOn,
      certificateNo: row.certificateNo || null,
      adviser: row.adviser || null,
    },
  };
}

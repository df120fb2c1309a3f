import type { LegalSavvyCategory } from "../../../db/schema";
import { legalSavvyCategories } from "../../../db/schema";
import type { MessageKey } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import { normalisePersonName } from "~/lib/person-name";
import { MOBILE_PATTERN, normalisePhone } from "~/lib/phone";
import { rosterColumns } from "~/lib/roster-columns";
import type { RosterColumn } from "~/lib/roster-columns";
import { isCalendarDay } from "~/lib/time";
import type { TableRefusal } from "../uploads/read-table";
import { readTable } from "../uploads/read-table";

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
const headers = rosterColumns.flatMap((column) => [
  [zh(`roster.col.${column}`), column] as [string, string],
  [en(`roster.col.${column}`), column] as [string, string],
]);

const REQUIRED: RosterColumn[] = ["name", "phone", "village", "category"];

/** Why a file was refused, as the user reads it beside the file field. */
const refusals: Record<TableRefusal, MessageKey> = {
  unreadableXlsx: "roster.import.unreadableXlsx",
  xlsxTooBig: "roster.import.xlsxTooBig",
  xlsxUnsafe: "roster.import.xlsxUnsafe",
  unknownEncoding: "roster.import.unknownEncoding",
  xls: "roster.import.xls",
  utf16: "roster.import.utf16",
  badCsv: "roster.import.badCsv",
  csvColumns: "roster.import.csvColumns",
  sheetTooBig: "roster.import.sheetTooBig",
  empty: "roster.import.empty",
  missingColumns: "roster.import.missingColumns",
  tooManyRows: "roster.import.tooManyRows",
  tooCostly: "roster.import.tooCostly",
  busy: "roster.import.busy",
};

/**
 * The rows of an uploaded roster file (XLSX by its zip signature, else CSV in UTF-8 or GBK): the first
 * non-empty row names the columns, in Chinese or English, in any order; wholly empty rows are
 * skipped. A file that cannot be read, breaks a size limit, lacks a required column, or is too
 * long is refused whole. It is read off the main thread, within limits (uploads/read-table.ts).
 */
export async function readRosterFile(bytes: Uint8Array): Promise<FileResult> {
  const read = await readTable(bytes, {
    headers,
    required: REQUIRED,
    maxRows: IMPORT_MAX_ROWS,
    cellChars: CELL_MAX,
  });
  if (!read.ok) return { ok: false, error: refusals[read.reason] };
  return { ok: true, rows: read.rows as RawRow[] };
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
  const phone = normalisePhone(row.phone);
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

import { PassThrough, Readable } from "node:stream";
import type ExcelJS from "exceljs";
import type { Translate } from "~/lib/i18n";
import type { Cell } from "./cells";
import { shanghaiDate } from "./cells";

/** One table of a workbook: its header row first, its rows under it, nothing above. */
export type Sheet = { name: string; header: string[]; rows: Cell[][]; widths?: number[] };

/**
 * What a file is (title, unit, period, time of export): the first sheet, named "说明", as a table
 * of two columns, so that every sheet of the workbook is a plain table a reader takes as it is.
 */
export type About = { name: string; header: [string, string]; rows: [string, Cell][] };

/** The "说明" sheet in the reader's language: what the file is, one line a fact. */
export const aboutSheet = (t: Translate, rows: [string, Cell][]): About => ({
  name: t("export.about"),
  header: [t("export.item"), t("export.content")],
  rows,
});

const STAMP_FORMAT = "yyyy-mm-dd hh:mm:ss";
const DAY_FORMAT = "yyyy-mm-dd";
const RATE_FORMAT = "0%";
// Excel's "Text" number format: the cell holds text, and what a person types into it later stays
// text too, so a name beginning with "=" is shown as it is and never becomes a formula.
const TEXT_FORMAT = "@";

/**
 * ExcelJS, loaded when a workbook is first made: it is the largest library the server uses, and
 * every server process (the worker, its standby, each start of a test) would otherwise parse it at
 * start-up, most of them never to write a workbook.
 */
export const excel = () => import("exceljs").then((module) => module.default);

/** Sheet names: at most 31 characters and none of the characters Excel refuses. */
export const sheetName = (name: string) => name.replace(/[\\/?*[\]:]/g, " ").slice(0, 31);

/** Writes a value into a cell with the type and number format a spreadsheet should read it by. */
export function setCell(cell: ExcelJS.Cell, value: Cell) {
  if (typeof value === "number") {
    cell.value = value;
  } else if (typeof value === "string") {
    // An empty cell stays empty: no value, nothing for a reader to take for text.
    if (value === "") return;
    cell.value = value;
    cell.numFmt = TEXT_FORMAT;
  } else if ("stamp" in value) {
    cell.value = shanghaiDate(value.stamp);
    cell.numFmt = STAMP_FORMAT;
  } else if ("day" in value) {
    cell.value = new Date(`${value.day}T00:00:00.000Z`);
    cell.numFmt = DAY_FORMAT;
  } else {
    cell.value = value.rate / 100;
    cell.numFmt = RATE_FORMAT;
  }
}

/** Excel's page header takes "&" as a code: a literal one is written twice. */
const headerText = (text: string) => text.replace(/&/g, "&&");

function addRow(worksheet: ExcelJS.Worksheet, cells: readonly Cell[]) {
  const row = worksheet.addRow([]);
  cells.forEach((value, index) => setCell(row.getCell(index + 1), value));
  return row;
}

function fillSheet(worksheet: ExcelJS.Worksheet, sheet: Sheet, title: string, commit: boolean) {
  worksheet.columns = sheet.header.map((_, index) => ({
    width: sheet.widths?.[index] ?? (index === 0 ? 24 : 16),
  }));
  // The title goes on every printed page, never into the table.
  worksheet.headerFooter.oddHeader = `&C${headerText(title)}`;
  const header = addRow(worksheet, sheet.header);
  header.font = { bold: true };
  if (commit) header.commit();
  for (const cells of sheet.rows) {
    const row = addRow(worksheet, cells);
    if (commit) row.commit();
  }
}

function aboutTable(about: About): Sheet {
  return { name: about.name, header: about.header, rows: about.rows, widths: [16, 60] };
}

/**
 * A workbook: the "说明" sheet first when there is one, then one sheet per table; every sheet
 * starts with its header row and carries the title in its printed page header.
 */
export async function workbookBytes(input: { title: string; about?: About; sheets: Sheet[] }) {
  const { Workbook } = await excel();
  const workbook = new Workbook();
  workbook.creator = "Pufa";
  const sheets = input.about ? [aboutTable(input.about), ...input.sheets] : input.sheets;
  for (const sheet of sheets) {
    fillSheet(workbook.addWorksheet(sheetName(sheet.name)), sheet, input.title, false);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/**
 * The same workbook written as it goes (ExcelJS's streaming writer): each row is committed to
 * the stream once added, so the server never holds the whole file.
 */
export function workbookStream(input: { title: string; about?: About; sheets: Sheet[] }) {
  const out = new PassThrough();
  const sheets = input.about ? [aboutTable(input.about), ...input.sheets] : input.sheets;
  const write = async () => {
    const { stream } = await excel();
    const workbook = new stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    workbook.creator = "Pufa";
    for (const sheet of sheets) {
      const worksheet = workbook.addWorksheet(sheetName(sheet.name));
      fillSheet(worksheet, sheet, input.title, true);
      worksheet.commit();
    }
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error as Error));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}

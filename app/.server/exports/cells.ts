import { toCsv } from "~/lib/spreadsheet";

// China keeps UTC+8 all year: a stored UTC instant plus eight hours is the wall time in Shanghai.
const OFFSET_MS = 8 * 60 * 60 * 1000;

/** A moment (a stored UTC instant), shown as Shanghai's date and time. */
export type StampCell = { stamp: string };
/** A calendar day, "YYYY-MM-DD". */
export type DayCell = { day: string };
/** A rate in percent (85 for 85 %). */
export type RateCell = { rate: number };

/**
 * A cell of an export: text, a number, or a value a spreadsheet should know for what it is, so
 * that a date sorts and filters as a date and a rate sums as a number.
 */
export type Cell = string | number | StampCell | DayCell | RateCell;

export const stampCell = (iso: string): StampCell => ({ stamp: iso });
export const dayCell = (day: string | null): Cell => (day ? { day } : "");
export const rateCell = (percent: number | null): Cell =>
  percent === null ? "" : { rate: percent };

/** The moment as Shanghai's wall time in a Date whose UTC fields carry it (Excel has no zones). */
export const shanghaiDate = (iso: string) => new Date(Date.parse(iso) + OFFSET_MS);

/** "2026-11-28 14:05:09" in Asia/Shanghai. */
export const shanghaiStamp = (iso: string) =>
  shanghaiDate(iso).toISOString().slice(0, 19).replace("T", " ");

/** The cell as CSV writes it: a date and time as Excel and pandas parse it, a rate as "85%". */
export function csvCell(cell: Cell): string | number {
  if (typeof cell !== "object") return cell;
  if ("stamp" in cell) return shanghaiStamp(cell.stamp);
  if ("day" in cell) return cell.day;
  return `${cell.rate}%`;
}

/** Rows of cells as CSV (see toCsv): text neutralised, dates and rates as text. */
export const csvOf = (rows: readonly (readonly Cell[])[]) =>
  toCsv(rows.map((row) => row.map(csvCell)));

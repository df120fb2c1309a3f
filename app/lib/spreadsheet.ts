// Exports open in Excel or WPS, which run a cell that begins with = + - @ (or a tab or carriage
// return before one) as a formula: a name typed as "=HYPERLINK(...)" must stay text.

const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell's text, with a leading apostrophe when a spreadsheet would read it as a formula. */
export function neutraliseCell(value: string) {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function csvField(value: string | number) {
  const text = typeof value === "number" ? String(value) : neutraliseCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV as Excel reads it: a UTF-8 byte-order mark (without it Excel takes Chinese for the
 * local code page), CRLF line ends, text cells neutralised.
 */
export function toCsv(rows: readonly (readonly (string | number)[])[]) {
  return `\uFEFF${rows.map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}

/**
 * What an import's file picker offers. `.xls` is offered although it is not read, so that a
 * picked one gets its own message ("save as .xlsx") instead of being hidden from the picker.
 */
export const TABLE_ACCEPT =
  ".xlsx,.csv,.xls,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv,application/vnd.ms-excel";

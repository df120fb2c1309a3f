import type { Role } from "../../../db/schema";
import { roles } from "../../../db/schema";
import type { MessageKey } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import { excel } from "../exports/workbook";
import type { TableRefusal } from "../uploads/read-table";
import { readTable } from "../uploads/read-table";

// Reading an accounts file (XLSX or UTF-8 CSV): one account a row, by username, name, role and
// unit. Read off the main thread within the upload limits (uploads/read-table.ts).

/** More accounts than a district's offices hold at once is a wrong file. */
export const ACCOUNTS_IMPORT_MAX_ROWS = 200;
const CELL_MAX = 200;

export const accountColumns = ["username", "name", "role", "unit"] as const;
export type AccountColumn = (typeof accountColumns)[number];

/** One line of the file as text, with its line number in the file (the header is 1). */
export type AccountRow = { line: number } & Record<AccountColumn, string>;

const zh = translator("zh-CN");
const en = translator("en");

/** The catalogue's name of each column, as the template and the form write it. */
const columnLabel = {
  username: "users.username",
  name: "users.displayName",
  role: "users.role",
  unit: "users.unit",
} as const satisfies Record<AccountColumn, MessageKey>;

const headers = accountColumns.flatMap((column) => [
  [zh(columnLabel[column]), column] as [string, string],
  [en(columnLabel[column]), column] as [string, string],
  [column, column] as [string, string],
]);

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
  missingColumns: "accounts.import.missingColumns",
  tooManyRows: "accounts.import.tooManyRows",
  tooCostly: "roster.import.tooCostly",
  busy: "roster.import.busy",
};

export type AccountsFile = { ok: true; rows: AccountRow[] } | { ok: false; error: MessageKey };

/** The rows of an uploaded accounts file, or why the whole file is refused. */
export async function readAccountsFile(bytes: Uint8Array): Promise<AccountsFile> {
  const read = await readTable(bytes, {
    headers,
    required: [...accountColumns],
    maxRows: ACCOUNTS_IMPORT_MAX_ROWS,
    cellChars: CELL_MAX,
  });
  if (!read.ok) return { ok: false, error: refusals[read.reason] };
  return {
    ok: true,
    rows: read.rows.map((row) => ({
      line: row.line,
      username: String(row.username).trim(),
      name: String(row.name).trim(),
      role: String(row.role).trim(),
      unit: String(row.unit).trim(),
    })),
  };
}

const key = (text: string) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");

/** A role as written: its code, its name in either language, or the short Chinese "领导". */
const roleNames = new Map<string, Role>([
  ...roles.flatMap((role) => [
    [key(role), role] as [string, Role],
    [key(zh(`role.${role}`)), role] as [string, Role],
    [key(en(`role.${role}`)), role] as [string, Role],
  ]),
  [key("领导"), "official"],
  [key("组织者"), "organiser"],
]);

export function readRole(text: string): Role | null {
  return roleNames.get(key(text)) ?? null;
}

/** A unit as written, "横泾街道/舟山村" or "舟山村", as the names from the top down. */
export function unitSegments(text: string) {
  return text
    .normalize("NFKC")
    .split(/\s*[/\\>·]\s*/)
    .map((part) => part.replace(/\s+/g, ""))
    .filter(Boolean);
}

/** The template: the header row in Chinese and a sheet saying what each column takes. */
export async function accountsTemplate() {
  const { Workbook } = await excel();
  const workbook = new Workbook();
  workbook.creator = "Pufa";
  const sheet = workbook.addWorksheet(zh("accounts.template.sheet"));
  sheet.addRow(accountColumns.map((column) => zh(columnLabel[column]))).font = { bold: true };
  sheet.columns.forEach((column) => (column.width = 20));
  const notes = workbook.addWorksheet(zh("accounts.template.notes"));
  notes.addRow([zh("accounts.template.column"), zh("accounts.template.rule")]).font = {
    bold: true,
  };
  for (const column of accountColumns) {
    notes.addRow([zh(columnLabel[column]), zh(`accounts.template.${column}`)]);
  }
  notes.columns.forEach((column, index) => (column.width = index === 0 ? 14 : 70));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

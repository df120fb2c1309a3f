import { legalSavvyCategories } from "../../../db/schema";
import type { Role } from "../../../db/schema";
import { maskPhone } from "~/lib/checkin-window";
import type { Lang, Translate } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import { rosterColumns } from "~/lib/roster-columns";
import { formatStamp } from "~/lib/time";
import type { ExportFormat } from "../attendance/export";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import type { Db } from "../db";
import type { Cell } from "../exports/cells";
import { csvOf, dayCell } from "../exports/cells";
import { workbookBytes } from "../exports/workbook";
import { recordSensitiveRead } from "../privacy/sensitive-reads";
import { hasRole, rolesFor } from "../scope";
import type { RosterFilters } from "./roster-list";
import { rosterQuery } from "./roster-list";

const COLUMN_WIDTHS = [12, 15, 16, 10, 14, 16, 16, 8, 14, 24];

/**
 * The template to fill in: the header row in Chinese (the import reads English headers too) and
 * a second sheet saying what each column takes. It holds no example row, which would be imported.
 */
export async function rosterTemplate() {
  const t = translator("zh-CN");
  const header = rosterColumns.map((column) => t(`roster.col.${column}`));
  const notes = [
    [t("roster.template.column"), t("roster.template.rule")],
    ...rosterColumns.map((column) => [t(`roster.col.${column}`), t(`roster.template.${column}`)]),
    [
      t("roster.col.category"),
      legalSavvyCategories.map((c) => t(`roster.category.${c}`)).join("、"),
    ],
  ];
  const [notesHeader = [], ...notesRows] = notes;
  return workbookBytes({
    title: t("roster.template.sheet"),
    sheets: [
      { name: t("roster.template.sheet"), header, rows: [], widths: COLUMN_WIDTHS },
      { name: t("roster.template.notes"), header: notesHeader, rows: notesRows, widths: [16, 60] },
    ],
  });
}

/**
 * A roster export's phone: in full for the roles that edit the roster and import it again (the
 * file is how they do it, and they reach its people), masked for everyone else, officials
 * included, who only read. The export is scoped to the actor's units either way.
 */
export function rosterExportPhone(actor: { role: Role }, phone: string | null) {
  if (!phone) return "";
  return hasRole(actor, rolesFor.manageLearners) ? phone : maskPhone(phone);
}

type RosterRow = Awaited<ReturnType<ReturnType<typeof rosterQuery>["execute"]>>[number];

/**
 * The roster's table in the reader's language: the template's columns first, then status, the
 * day someone left and why; each phone as `phoneOf` gives it.
 */
export function rosterSheet(
  t: Translate,
  rows: RosterRow[],
  phoneOf: (phone: string | null) => string,
) {
  const header = [
    ...rosterColumns.map((column) => t(`roster.col.${column}`)),
    t("roster.col.status"),
    t("roster.col.retiredOn"),
    t("roster.col.retireReason"),
  ];
  const body = rows.map((row): Cell[] => [
    row.name,
    phoneOf(row.phone),
    row.village_name,
    t(`roster.category.${row.category}`),
    dayCell(row.recognised_on),
    row.certificate_no ?? "",
    row.adviser ?? "",
    t(`roster.status.${row.status}`),
    dayCell(row.retired_on),
    row.retire_reason ?? "",
  ]);
  return { header, rows: body, widths: COLUMN_WIDTHS };
}

/**
 * The roster as the list shows it with its filters, in the reader's language, phones as
 * `rosterExportPhone` gives them. Its first columns are the template's, so an organiser's export
 * can be edited and imported again; an official's has the same columns. Written to the audit log.
 */
export async function exportRoster(
  db: Db,
  input: { actor: Actor; filters: RosterFilters; format: ExportFormat; lang: Lang },
) {
  const rows = await rosterQuery(db, {
    scopePath: input.actor.unitPath,
    filters: input.filters,
  }).execute();
  const t = translator(input.lang);
  const { header, rows: body } = rosterSheet(t, rows, (phone) =>
    rosterExportPhone(input.actor, phone),
  );
  const sheetName = t("roster.title");
  // No "说明" sheet before the roster: an import reads a workbook's first sheet, and an export is
  // meant to be edited and imported again. The title and time go into the printed page header.
  const title = `${sheetName} · ${t("export.exportedAt")} ${formatStamp(new Date().toISOString())}`;
  const file =
    input.format === "csv"
      ? csvOf([header, ...body])
      : await workbookBytes({
          title,
          sheets: [{ name: sheetName, header, rows: body, widths: COLUMN_WIDTHS }],
        });
  const phonesInFull = hasRole(input.actor, rolesFor.manageLearners)
    ? rows.filter((row) => row.phone).length
    : 0;
  if (phonesInFull > 0) {
    await recordSensitiveRead(db, {
      actor: input.actor,
      purpose: "roster_export",
      records: phonesInFull,
    });
  }
  await recordAudit(db, {
    ...auditBy(input.actor),
    action: "learner.export",
    target: null,
    outcome: "success",
    unit_path: input.actor.unitPath,
    detail: `format=${input.format} rows=${body.length}`,
  });
  return {
    body: file,
    filename: `roster.${input.format}`,
    localFilename: `${sheetName}.${input.format}`,
  };
}

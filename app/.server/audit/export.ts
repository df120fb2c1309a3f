import { auditActionLabel, auditEntryWords } from "~/lib/audit-words";
import type { Lang } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import type { ExportFormat } from "../attendance/export";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { Cell } from "../exports/cells";
import { csvOf, stampCell } from "../exports/cells";
import { aboutSheet, workbookBytes } from "../exports/workbook";
import type { Actor, AuditFilter } from "./audit-log";
import { auditBy, auditEntries, recordAudit } from "./audit-log";
import { auditUnits, unitWords } from "./unit-names";

/** More than a busy district writes in its 180 days; a file of this size still opens in Excel. */
export const AUDIT_EXPORT_LIMIT = 50_000;

/** The filter as the export's audit entry records it: `from=2026-11-01 action=login`. */
function filterDetail(filter: AuditFilter) {
  return Object.entries(filter)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${name}=${String(value).replace(/\s+/g, "_")}`);
}

/**
 * The entries the audit page shows for this filter (all pages, newest first, at most
 * AUDIT_EXPORT_LIMIT) as CSV or XLSX in the reader's language: actions and details in words, cells
 * a spreadsheet cannot run as formulas. The export itself is written to the audit log.
 */
export async function exportAudit(
  db: Db,
  input: {
    actor: Actor;
    isTopLevel: boolean;
    filter: AuditFilter;
    format: ExportFormat;
    lang: Lang;
  },
) {
  const t = translator(input.lang);
  // The page offers the reader's own units only; an export asks for the same.
  const units = await auditUnits(db, { scopePath: input.actor.unitPath });
  const unit = input.filter.unit;
  if (unit !== undefined && !units.some((row) => row.id === unit)) {
    throw new AppError("BAD_REQUEST", "form.unitOutOfScope");
  }
  const found = await auditEntries(db, {
    scopePath: input.actor.unitPath,
    isTopLevel: input.isTopLevel,
    filter: input.filter,
    limit: AUDIT_EXPORT_LIMIT,
  });
  const { names, entries } = unitWords(units, input.actor.unitPath, found);
  const header = [
    t("audit.at"),
    t("audit.actor"),
    t("audit.action"),
    t("audit.target"),
    t("audit.unit"),
    t("audit.outcome"),
    t("audit.ip"),
    t("audit.detail"),
  ];
  const rows = entries.map((entry): Cell[] => {
    const words = auditEntryWords(t, input.lang, entry, names);
    return [
      stampCell(entry.at),
      entry.actor_username ?? "",
      auditActionLabel(t, entry.action),
      words.target ?? "",
      entry.unitLabel ?? "",
      t(`outcome.${entry.outcome}`),
      entry.ip ?? "",
      words.details.map((detail) => t("common.labelled", detail)).join(t("common.itemSeparator")),
    ];
  });
  const title = t("audit.sheetName");
  const body =
    input.format === "csv"
      ? csvOf([header, ...rows])
      : await workbookBytes({
          title,
          about: aboutSheet(t, [
            [t("export.title"), title],
            [t("export.exportedAt"), stampCell(new Date().toISOString())],
            [t("export.rows"), rows.length],
          ]),
          sheets: [{ name: title, header, rows, widths: [20, 14, 18, 24, 24, 10, 16, 48] }],
        });
  await recordAudit(db, {
    ...auditBy(input.actor),
    action: "audit.export",
    target: null,
    outcome: "success",
    unit_path: input.actor.unitPath,
    detail: [`format=${input.format}`, `rows=${rows.length}`, ...filterDetail(input.filter)].join(
      " ",
    ),
  });
  return {
    body,
    filename: `audit-log.${input.format}`,
    localFilename: `${t("audit.sheetName")}.${input.format}`,
  };
}

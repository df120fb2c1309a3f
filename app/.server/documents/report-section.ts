import type { FileChild } from "docx";
import { Paragraph } from "docx";
import type { Lang } from "~/lib/i18n";
import { formatNumber, translator } from "~/lib/i18n";
import { dashboardParagraph, paragraphText } from "~/lib/report-paragraph";
import { periodName } from "~/lib/reach-words";
import { formatStamp } from "~/lib/time";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import type { Db } from "../db";
import type { Cell } from "../exports/cells";
import { csvCell } from "../exports/cells";
import type { ReachDashboard, ReachUnit } from "../reach/dashboard";
import { reachSheets } from "../reach/export";
import { line, listTable, run, title, wordDocument } from "./word";

/** A cell's value as the reader writes it: numbers grouped, rates with their per cent sign. */
function cellText(lang: Lang, cell: Cell) {
  if (typeof cell === "number") return formatNumber(lang, cell);
  return String(csvCell(cell));
}

/**
 * The annual report's section on legal education for a unit and a period, as an editable Word
 * file: a title, the paragraph the dashboard writes (plain text, to edit as officials do), and
 * the dashboard's tables as Word tables with the same figures as its workbook. Checks no
 * permission and writes no log: the caller does both.
 */
export async function reportSectionDocx(input: {
  unit: ReachUnit;
  dashboard: ReachDashboard;
  lang: Lang;
  now: string;
}): Promise<Buffer> {
  const { lang, dashboard } = input;
  const t = translator(lang);
  const period = periodName(t, lang, dashboard.period);
  const heading = t("section.title", { unit: input.unit.name, period });
  const sheets = reachSheets(t, lang, dashboard).filter((sheet) => sheet.rows.length > 0);
  const children: FileChild[] = [
    title(heading, { size: 32 }),
    line(t("section.paragraph"), { bold: true }),
    // One paragraph of plain text, first line indented two characters: what officials paste.
    new Paragraph({
      indent: { firstLine: 480 },
      spacing: { line: 360, after: 240 },
      children: [run(paragraphText(dashboardParagraph(lang, input.unit.name, dashboard)))],
    }),
    line(t("section.tables"), { bold: true }),
    ...sheets.flatMap((sheet, index) => {
      const labels = sheet.labels ?? 1;
      return [
        line(t("section.table", { n: index + 1, name: sheet.name })),
        listTable(
          sheet.header,
          sheet.rows.map((row) => row.map((cell) => cellText(lang, cell))),
          // A row's name takes twice the room of a figure.
          sheet.header.map((_, column) => (column < labels ? 2 : 1)),
        ),
        line(""),
      ];
    }),
    line(t("section.note", { at: formatStamp(input.now) })),
  ];
  return wordDocument({ title: heading, children });
}

/**
 * The report section as a download, written to the audit log before it is sent: the unit, the
 * period and the language, never a name.
 */
export async function exportReportSection(
  db: Db,
  input: { actor: Actor; unit: ReachUnit; dashboard: ReachDashboard; lang: Lang; now: string },
) {
  const t = translator(input.lang);
  const { period } = input.dashboard;
  const body = await reportSectionDocx(input);
  await recordAudit(db, {
    ...auditBy(input.actor),
    action: "reach.section",
    target: `unit:${input.unit.id}`,
    outcome: "success",
    unit_path: input.unit.path,
    detail: `from=${period.from} to=${period.to} lang=${input.lang}`,
  });
  return {
    body,
    filename: `report-section-${period.from}-${period.to}.docx`,
    localFilename: `${t("ledger.file.section")}-${input.unit.name}-${periodName(t, input.lang, period)}.docx`,
  };
}

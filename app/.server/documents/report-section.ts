import type { FileChild } from "docx";
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { Lang } from "~/lib/i18n";
import { formatNumber, translator } from "~/lib/i18n";
import { paragraphText, dashboardParagraph } from "~/lib/report-paragraph";
import { periodName } from "~/lib/reach-words";
import { formatStamp } from "~/lib/time";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import type { Db } from "../db";
import type { Cell } from "../exports/cells";
import { csvCell } from "../exports/cells";
import type { ReachDashboard, ReachUnit } from "../reach/dashboard";
import { reachSheets } from "../reach/export";

// A4 in twentieths of a point with 2.54 cm margins; 宋体 for the body and 黑体 for titles, Latin
// text in Times New Roman, as an office's papers are set.
const PAGE = { width: 11906, height: 16838, margin: 1440 } as const;
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const BODY_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "宋体" };
const TITLE_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "黑体" };

const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const borders = { top: border, bottom: border, left: border, right: border };

function heading(text: string, size: number) {
  return new Paragraph({
    alignment: size > 30 ? AlignmentType.CENTER : undefined,
    spacing: { before: 240, after: 120 },
    keepNext: true,
    children: [new TextRun({ text, font: TITLE_FONT, size })],
  });
}

/** A cell's value as the reader writes it: numbers grouped, rates with their per cent sign. */
function cellText(lang: Lang, cell: Cell) {
  if (typeof cell === "number") return formatNumber(lang, cell);
  return String(csvCell(cell));
}

/** A table whose header row repeats on every page; figures right-aligned. */
function wordTable(lang: Lang, header: string[], rows: Cell[][], labels: number) {
  // A row's name takes twice the room of a figure.
  const shares = header.map((_, index) => (index < labels ? 2 : 1));
  const total = shares.reduce((sum, share) => sum + share, 0);
  const widths = shares.map((share) => Math.floor((share / total) * TEXT_WIDTH));
  const row = (cells: Cell[], head: boolean) =>
    new TableRow({
      tableHeader: head,
      cantSplit: true,
      children: cells.map(
        (value, index) =>
          new TableCell({
            width: { size: widths[index]!, type: WidthType.DXA },
            borders,
            margins: { top: 40, bottom: 40, left: 80, right: 80 },
            shading: head ? { fill: "F2F2F2" } : undefined,
            children: [
              new Paragraph({
                alignment:
                  !head && index >= labels && typeof value !== "string"
                    ? AlignmentType.RIGHT
                    : undefined,
                children: [
                  new TextRun({ text: cellText(lang, value), font: head ? TITLE_FONT : undefined }),
                ],
              }),
            ],
          }),
      ),
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [row(header, true), ...rows.map((cells) => row(cells, false))],
  });
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
  const title = t("section.title", { unit: input.unit.name, period });
  const sheets = reachSheets(t, lang, dashboard).filter((sheet) => sheet.rows.length > 0);
  const children: FileChild[] = [
    heading(title, 36),
    heading(t("section.paragraph"), 28),
    new Paragraph({
      indent: { firstLine: 480 },
      spacing: { line: 360 },
      children: [new TextRun(paragraphText(dashboardParagraph(lang, input.unit.name, dashboard)))],
    }),
    heading(t("section.tables"), 28),
    ...sheets.flatMap((sheet, index) => [
      heading(t("section.table", { n: index + 1, name: sheet.name }), 24),
      wordTable(lang, sheet.header, sheet.rows, sheet.labels ?? 1),
    ]),
    new Paragraph({
      spacing: { before: 240 },
      children: [
        new TextRun({ text: t("section.note", { at: formatStamp(input.now) }), size: 20 }),
      ],
    }),
  ];
  const document = new Document({
    title,
    creator: "Pufa",
    styles: { default: { document: { run: { font: BODY_FONT, size: 24 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: {
              top: PAGE.margin,
              bottom: PAGE.margin,
              left: PAGE.margin,
              right: PAGE.margin,
            },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

export const docxContentType =
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

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

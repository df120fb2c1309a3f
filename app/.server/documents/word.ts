import type { FileChild, IRunOptions, ParagraphChild } from "docx";
import {
  AlignmentType,
  BorderStyle,
  Document,
  ImageRun,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from "docx";
import { maskNumbersIn } from "../exports/mask-numbers";
import type { StoredPhoto } from "../photos/read";

// What every Word paper of the evidence file shares, so that it opens alike in Word, WPS and
// LibreOffice: A4 with the margins offices print with, 宋体 for the body and 黑体 for titles (the
// fonts of a government office's papers; Latin text in Times New Roman), plain tables with fixed
// column widths (a table laid out by its content comes out differently in each program), and
// photos as inline JPEG pictures sized to fit their cell. Every text goes in through `run` (or
// the document's title), which masks the phone and ID card numbers staff may have typed into it.

/** A4 in twentieths of a point, and 2.54 cm margins all round: 16 cm of text width. */
const PAGE = { width: 11906, height: 16838, margin: 1440 } as const;
export const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;

const BODY_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "宋体" };
const TITLE_FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "黑体" };

/** Body text in 小四 (12 pt); sizes below are in half-points, as Word counts them. */
const BODY_SIZE = 24;

/** A run of text as a paper carries it: numbers staff typed in it masked. */
export const run = (text: string, options: Omit<IRunOptions, "text"> = {}) =>
  new TextRun({ ...options, text: maskNumbersIn(text) });

/** A paper: its title (also the file's title property) and what follows it, on A4. */
export async function wordDocument(input: { title: string; children: FileChild[] }) {
  const document = new Document({
    title: maskNumbersIn(input.title),
    creator: "Pufa",
    styles: {
      default: {
        document: { run: { font: BODY_FONT, size: BODY_SIZE } },
      },
    },
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
        children: input.children,
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** A title in 黑体, 二号 (22 pt), centred; `pageBreakBefore` starts an annex on its own page. */
export function title(text: string, options: { pageBreakBefore?: boolean; size?: number } = {}) {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    pageBreakBefore: options.pageBreakBefore,
    spacing: { after: 240 },
    children: [run(text, { font: TITLE_FONT, size: options.size ?? 44 })],
  });
}

/** A line of body text. */
export function line(text: string, options: { bold?: boolean; right?: boolean } = {}) {
  return new Paragraph({
    alignment: options.right ? AlignmentType.RIGHT : undefined,
    spacing: { after: 60 },
    children: [run(text, { bold: options.bold })],
  });
}

/** Text with its line breaks kept (a summary, minutes): one paragraph per line. */
export function paragraphsOf(text: string) {
  return text.split(/\r?\n/).map((part) => new Paragraph({ children: [run(part)] }));
}

const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
/** Ruled on the table itself, not on each cell: a 300-row list builds in a fraction of the time. */
const borders = {
  top: border,
  bottom: border,
  left: border,
  right: border,
  insideHorizontal: border,
  insideVertical: border,
};
const cellMargins = { top: 60, bottom: 60, left: 100, right: 100 };

function cell(children: Paragraph[], width: number, options: { shaded?: boolean } = {}) {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    shading: options.shaded ? { fill: "F2F2F2" } : undefined,
    children,
  });
}

const labelText = (text: string, size?: number) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [run(text, { font: TITLE_FONT, size })],
  });

/** A value: a text, or paragraphs already built (several lines, pictures). */
export type FieldValue = string | Paragraph[];

/** The form of a record: a label cell and a value cell on each row, as offices file them. */
export function fieldTable(rows: [label: string, value: FieldValue][]) {
  const labelWidth = 2000;
  const valueWidth = TEXT_WIDTH - labelWidth;
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [labelWidth, valueWidth],
    layout: TableLayoutType.FIXED,
    borders,
    margins: cellMargins,
    rows: rows.map(
      ([label, value]) =>
        new TableRow({
          children: [
            cell([labelText(label)], labelWidth, { shaded: true }),
            cell(typeof value === "string" ? paragraphsOf(value) : value, valueWidth),
          ],
        }),
    ),
  });
}

/** A list's text: 五号 (10.5 pt), so that a row of a long list keeps to one line. */
const LIST_SIZE = 21;

/**
 * A list as a table whose header row Word, WPS and LibreOffice repeat at the top of every page;
 * `widths` are shares of the text width. Rows do not split across pages.
 */
export function listTable(header: string[], rows: string[][], widths: number[]) {
  const total = widths.reduce((sum, width) => sum + width, 0);
  const columns = widths.map((width) => Math.floor((width / total) * TEXT_WIDTH));
  const row = (cells: string[], head: boolean) =>
    new TableRow({
      tableHeader: head || undefined,
      cantSplit: true,
      children: cells.map((text, index) =>
        cell(
          [
            head
              ? labelText(text, LIST_SIZE)
              : new Paragraph({ children: [run(text, { size: LIST_SIZE })] }),
          ],
          columns[index]!,
          { shaded: head },
        ),
      ),
    });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: columns,
    layout: TableLayoutType.FIXED,
    borders,
    margins: cellMargins,
    rows: [row(header, true), ...rows.map((cells) => row(cells, false))],
  });
}

/** Pixels as Word places a picture (96 per inch) in a value cell: two side by side, 4.5 cm high. */
const PHOTO_BOX = { width: 220, height: 170 } as const;

/** The photos, two to a line, each scaled to fit its box with its proportions kept. */
export function photoParagraphs(photos: StoredPhoto[]) {
  const paragraphs: Paragraph[] = [];
  for (let index = 0; index < photos.length; index += 2) {
    const children: ParagraphChild[] = [];
    for (const photo of photos.slice(index, index + 2)) {
      const scale = Math.min(PHOTO_BOX.width / photo.width, PHOTO_BOX.height / photo.height, 1);
      if (children.length > 0) children.push(new TextRun("  "));
      children.push(
        new ImageRun({
          type: "jpg",
          data: photo.data,
          transformation: {
            width: Math.round(photo.width * scale),
            height: Math.round(photo.height * scale),
          },
        }),
      );
    }
    paragraphs.push(new Paragraph({ alignment: AlignmentType.CENTER, children }));
  }
  return paragraphs;
}

export const wordContentType =
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

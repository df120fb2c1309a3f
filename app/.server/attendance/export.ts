import { maskPhone } from "~/lib/checkin-window";
import type { Lang } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import type { Db } from "../db";
import { attachment } from "../documents/download";
import type { Cell } from "../exports/cells";
import { csvOf, stampCell } from "../exports/cells";
import { maskNumbersIn } from "../exports/mask-numbers";
import { aboutSheet, workbookBytes } from "../exports/workbook";
import { attendanceEvent } from "./event";
import { attendanceRows, proxyCheckins } from "./list";

export type ExportFormat = "csv" | "xlsx";

/**
 * An event's attendance as a CSV or XLSX file in the reader's language, oldest check-in first.
 * Phone numbers stay masked: the export serves counts and reports, which need no full number.
 * The title, in the workbook and the file's name, has the numbers typed into it masked. Every
 * export is written to the audit log with its format and row count.
 */
export async function exportAttendance(
  db: Db,
  input: { actor: Actor; eventId: number; format: ExportFormat; lang: Lang },
) {
  const event = await attendanceEvent(db, { id: input.eventId, scopePath: input.actor.unitPath });
  const found = await attendanceRows(db, event.id);
  const proxy = proxyCheckins(event.visibility, found);
  const t = translator(input.lang);
  const title = maskNumbersIn(event.title);
  const header = [
    t("attendance.col.time"),
    t("attendance.col.name"),
    t("attendance.col.phone"),
    t("attendance.col.place"),
    t("attendance.col.group"),
    t("attendance.col.method"),
    t("attendance.col.recordedBy"),
    t("attendance.col.proxy"),
  ];
  const rows = found
    .reverse()
    .map((row): Cell[] => [
      stampCell(row.checked_in_at),
      row.name,
      maskPhone(row.phone),
      row.village_name ?? row.employer ?? "",
      t(`group.${row.audience_group}`),
      t(`method.${row.method}`),
      row.recorded_by ?? "",
      proxy.has(row.id) ? t("attendance.proxyYes") : "",
    ]);
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
          sheets: [
            {
              name: t("attendance.sheetName"),
              header,
              rows,
              widths: [20, 12, 15, 18, 22, 14, 18, 18],
            },
          ],
        });
  await recordAudit(db, {
    ...auditBy(input.actor),
    action: "event.export",
    target: `${event.code} ${event.title}`,
    outcome: "success",
    unit_path: event.host_path,
    detail: `format=${input.format} rows=${rows.length}`,
  });
  return {
    body,
    filename: `attendance-${event.code}.${input.format}`,
    localFilename: `${title}-${t("attendance.sheetName")}.${input.format}`,
  };
}

const contentType: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/** The file as a download through the one download helper (see attachment): CSV as UTF-8 bytes. */
export function downloadResponse(
  file: {
    body: string | Uint8Array | ReadableStream<Uint8Array>;
    filename: string;
    localFilename: string;
  },
  format: ExportFormat,
) {
  const body = typeof file.body === "string" ? new TextEncoder().encode(file.body) : file.body;
  return attachment(body, { ...file, contentType: contentType[format] });
}

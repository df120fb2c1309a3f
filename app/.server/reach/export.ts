import type { LoaderFunctionArgs } from "@remix-run/node";
import type { Lang, Translate } from "~/lib/i18n";
import { localName, translator } from "~/lib/i18n";
import type { VillageTally } from "~/lib/reach-villages";
import { sumVillages, villageGroups } from "~/lib/reach-villages";
import { periodName } from "~/lib/reach-words";
import { formatStamp } from "~/lib/time";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import type { ExportFormat } from "../attendance/export";
import { downloadResponse } from "../attendance/export";
import { actorOf, requireUser } from "../auth/guards";
import type { Db } from "../db";
import { db as appDb } from "../db";
import { AppError } from "../errors";
import type { Cell } from "../exports/cells";
import { csvOf, dayCell, rateCell, stampCell } from "../exports/cells";
import type { Sheet } from "../exports/workbook";
import { aboutSheet, workbookStream } from "../exports/workbook";
import { getLang } from "../request";
import type { ReachDashboard, ReachUnit } from "./dashboard";
import type { SubdistrictRow } from "./subdistricts";
import { reachRequest } from "./request";

/**
 * One breakdown of the dashboard: a sheet of the workbook, a section of the CSV. Its first
 * `labels` columns (one unless said) name the row; the others hold its figures.
 */
export type ReachSheet = Sheet & { labels?: number };

/** The dashboard's breakdowns as tables in the reader's language, the period's totals last. */
export function reachSheets(t: Translate, lang: Lang, dashboard: ReachDashboard): ReachSheet[] {
  const { current, before, learners, cadres } = dashboard;
  const attendanceHeader = [t("reach.col.events"), t("reach.checkins"), t("reach.crowd")];
  const attendance = (row: { events: number; checkins: number; crowd: number }) => [
    row.events,
    row.checkins,
    row.crowd,
  ];
  const total = [t("reach.col.total"), ...attendance({ ...current.attendance, ...current })];
  const previous = periodName(t, lang, dashboard.previous);
  const headline = (label: string, now: Cell, before: Cell): Cell[] => [
    label,
    now,
    dashboard.setUp.previousBefore && (before === 0 || before === "") ? t("reach.notYet") : before,
  ];
  return [
    {
      name: t("reach.headline"),
      header: [t("reach.col.figure"), periodName(t, lang, dashboard.period), previous],
      rows: (
        [
          [t("reach.events"), current.events, before.events],
          [t("reach.checkins"), current.attendance.checkins, before.attendance.checkins],
          [t("reach.crowd"), current.attendance.crowd, before.attendance.crowd],
          [
            t("reach.total"),
            current.attendance.checkins + current.attendance.crowd,
            before.attendance.checkins + before.attendance.crowd,
          ],
          [t("reach.unique"), current.uniquePeople, before.uniquePeople],
          [t("reach.materials"), current.materials, before.materials],
          [t("reach.consultations"), current.consultations, before.consultations],
          [t("reach.villagesCovered"), current.villagesCovered, before.villagesCovered],
          [t("reach.learners.onRoster"), learners.current.onRoster, learners.before.onRoster],
          [
            t("reach.learners.villages"),
            learners.current.villagesWithRoster,
            learners.before.villagesWithRoster,
          ],
          [
            t("reach.learners.hours", { year: String(learners.current.hoursYear) }),
            learners.current.metHours,
            learners.before.metHours,
          ],
          [t("reach.learners.duties"), learners.current.duties, learners.before.duties],
          [
            t("reach.learners.disputes"),
            learners.current.disputesResolved,
            learners.before.disputesResolved,
          ],
          [t("reach.cadres.sessions"), cadres.current.held, cadres.before.held],
          [t("reach.cadres.rate"), rateCell(cadres.current.rate), rateCell(cadres.before.rate)],
        ] as [string, Cell, Cell][]
      ).map(([label, now, then]) => headline(label, now, then)),
    },
    ...subdistrictSheet(t, dashboard),
    villageSheet(t, dashboard),
    {
      name: t("reach.byFormat"),
      header: [t("reach.col.format"), ...attendanceHeader],
      rows: [
        ...current.byFormat.map((row) => [t(`format.${row.format}`), ...attendance(row)]),
        total,
      ],
    },
    {
      name: t("reach.bySetting"),
      header: [t("reach.col.setting"), ...attendanceHeader],
      rows: [
        ...current.bySetting.map((row) => [
          row.setting ? t(`setting.${row.setting}`) : t("reach.noSetting"),
          ...attendance(row),
        ]),
        total,
      ],
    },
    {
      name: t("reach.byCampaign"),
      header: [t("reach.col.campaign"), ...attendanceHeader],
      rows: [
        ...current.byCampaign.map((row) => [
          row.name ? localName(lang, row.name, row.nameEn) : t("reach.noCampaign"),
          ...attendance(row),
        ]),
        total,
      ],
    },
    {
      name: t("reach.chart.months"),
      header: [t("reach.col.month"), ...attendanceHeader],
      rows: [...current.byMonth.map((row) => [row.month, ...attendance(row)]), total],
    },
    {
      name: t("reach.chart.audience"),
      header: [t("reach.col.group"), t("reach.checkins")],
      rows: [
        ...current.byAudience.map((row) => [t(`group.${row.group}`), row.checkins]),
        [t("reach.col.total"), current.attendance.checkins],
      ],
    },
    {
      name: t("reach.learners.belowSheet"),
      header: [t("reach.col.person"), t("reach.col.village"), t("reach.col.hours")],
      rows: dashboard.gaps.belowHours.map((row) => [
        row.name,
        row.village,
        Math.round((row.minutes / 60) * 10) / 10,
      ]),
    },
    {
      name: t("reach.cadres"),
      header: [t("study.kindColumn"), t("reach.cadres.held"), t("reach.cadres.plan")],
      rows: cadres.current.byKind.map((row) => [
        t(`study.kind.${row.kind}`),
        row.held,
        row.planned ?? "",
      ]),
    },
  ];
}

const attendanceHeader = (t: Translate) => [
  t("reach.col.events"),
  t("reach.checkins"),
  t("reach.crowd"),
];

/**
 * At a district, its sub-districts side by side in the page's order, the district's total last;
 * elsewhere no sheet.
 */
function subdistrictSheet(t: Translate, dashboard: ReachDashboard): ReachSheet[] {
  if (!dashboard.subdistricts) return [];
  const { rows, total } = dashboard.subdistricts;
  const cells = (row: SubdistrictRow): Cell[] => [
    row.events,
    row.checkins,
    row.crowd,
    row.villagesCovered,
    row.villagesTotal,
    row.onRoster,
    row.metHours,
    rateCell(row.rate),
    row.progress,
  ];
  return [
    {
      name: t("reach.subdistricts"),
      header: [
        t("reach.col.subdistrict"),
        ...attendanceHeader(t),
        t("reach.col.villagesCovered"),
        t("reach.col.villagesTotal"),
        t("reach.col.onRoster"),
        t("reach.col.metHours"),
        t("reach.col.rate"),
        t("reach.col.progress"),
      ],
      rows: [
        ...rows.map((row) => [row.name, ...cells(row)]),
        [t("reach.col.total"), ...cells(total)],
      ],
    },
  ];
}

/**
 * Events and 法律明白人 per village, the total last; at a district with a sub-district column and
 * a subtotal after each sub-district's villages, a repeated name carrying its sub-district.
 */
function villageSheet(t: Translate, dashboard: ReachDashboard): ReachSheet {
  const { current, learners } = dashboard;
  const rosterOf = new Map(learners.current.villages.map((v) => [v.id, v.onRoster]));
  const district = dashboard.subdistricts !== null;
  const villages = current.villages.map((village) => ({
    ...village,
    onRoster: rosterOf.get(village.id) ?? 0,
  }));
  const numbers = (row: VillageTally): Cell[] => [
    row.events,
    row.checkins,
    row.crowd,
    row.onRoster,
  ];
  const total = [
    ...(district ? [""] : []),
    t("reach.col.total"),
    ...numbers({
      events: current.events,
      ...current.attendance,
      onRoster: learners.current.onRoster,
    }),
  ];
  const rows: Cell[][] = district
    ? villageGroups(villages).flatMap((group) => [
        ...group.villages.map((village) => [group.name, village.label, ...numbers(village)]),
        [
          group.name,
          t("reach.subtotal", { name: group.name }),
          ...numbers(sumVillages(group.villages)),
        ],
      ])
    : villages.map((village) => [village.label, ...numbers(village)]);
  return {
    name: t("reach.byVillage"),
    labels: district ? 2 : 1,
    header: [
      ...(district ? [t("reach.col.subdistrict")] : []),
      t("reach.col.village"),
      ...attendanceHeader(t),
      t("reach.col.legalSavvy"),
    ],
    rows: [...rows, total],
  };
}

/**
 * The CSV as one long table, a line per figure: unit, period, table, row, column, value. Reach is
 * a dozen tables of different shapes, and tables one after another in one CSV are no table at
 * all to pandas, Power Query or a pivot table; the long table is read by all of them as it is
 * (pivot it back to any table), stays one file to open in Excel, and files of several periods
 * or units can simply be appended.
 */
function csvBody(
  t: Translate,
  context: { unit: string; from: string; to: string },
  sheets: ReachSheet[],
) {
  const header = [
    t("export.unit"),
    t("export.from"),
    t("export.to"),
    t("export.section"),
    t("export.row"),
    t("export.column"),
    t("export.value"),
  ];
  const lines = sheets.flatMap((sheet) => {
    const labels = sheet.labels ?? 1;
    return sheet.rows.flatMap((row) => {
      // "横泾街道", "横泾街道 · 舟山村" name one row: a label the next one repeats is left out.
      const names = row.slice(0, labels).map(String);
      const name = names
        .filter((cell, index) => cell !== "" && !names[index + 1]?.startsWith(cell))
        .join(" · ");
      return row
        .slice(labels)
        .map((value, index): Cell[] => [
          context.unit,
          dayCell(context.from),
          dayCell(context.to),
          sheet.name,
          name,
          sheet.header[labels + index] ?? "",
          value,
        ]);
    });
  });
  return csvOf([header, ...lines]);
}

/** The workbook's title and its "说明" sheet: what the file is, whose and when. */
function reachAbout(input: {
  unit: ReachUnit;
  dashboard: ReachDashboard;
  lang: Lang;
  now: string;
}) {
  const t = translator(input.lang);
  const { period } = input.dashboard;
  return {
    title: t("reach.exportTitle", {
      unit: input.unit.name,
      period: periodName(t, input.lang, period),
      from: period.from,
      to: period.to,
      at: formatStamp(input.now),
    }),
    about: aboutSheet(t, [
      [t("export.unit"), input.unit.name],
      [t("export.period"), periodName(t, input.lang, period)],
      [t("export.from"), dayCell(period.from)],
      [t("export.to"), dayCell(period.to)],
      [t("export.exportedAt"), stampCell(input.now)],
    ]),
  };
}

/**
 * The dashboard of a unit and a period as the XLSX workbook, written as it goes ("说明" first,
 * then one sheet per breakdown), in the reader's language. Writes no log: the caller does.
 */
export function reachWorkbook(input: {
  unit: ReachUnit;
  dashboard: ReachDashboard;
  lang: Lang;
  now: string;
}) {
  const t = translator(input.lang);
  return workbookStream({
    ...reachAbout(input),
    sheets: reachSheets(t, input.lang, input.dashboard),
  });
}

/**
 * The dashboard of a unit and a period as an XLSX workbook (see reachWorkbook) or one CSV (the
 * same figures as one long table), in the reader's language. The export is written to the audit
 * log before the file is sent.
 */
export async function exportReach(
  db: Db,
  input: {
    actor: Actor;
    unit: ReachUnit;
    dashboard: ReachDashboard;
    format: ExportFormat;
    lang: Lang;
    now: string;
  },
) {
  const t = translator(input.lang);
  const { period } = input.dashboard;
  await recordAudit(db, {
    ...auditBy(input.actor),
    action: "reach.export",
    target: `unit:${input.unit.id}`,
    outcome: "success",
    unit_path: input.unit.path,
    detail: `format=${input.format} from=${period.from} to=${period.to}`,
  });
  const base = `reach-${period.from}-${period.to}`;
  return {
    body:
      input.format === "csv"
        ? csvBody(
            t,
            { unit: input.unit.name, from: period.from, to: period.to },
            reachSheets(t, input.lang, input.dashboard),
          )
        : reachWorkbook(input),
    filename: `${base}.${input.format}`,
    localFilename: `${t("reach.title")}-${input.unit.name}-${period.from}-${period.to}.${input.format}`,
  };
}

/**
 * The loader of /reach/export.xlsx and .csv: staff download the dashboard they may see, for the
 * period and unit of the page's query; a query that is not a period is refused.
 */
export function reachExportLoader(format: ExportFormat) {
  return async ({ request, context }: LoaderFunctionArgs) => {
    const user = await requireUser(request);
    const reach = await reachRequest(appDb, request, user);
    if (!reach.dashboard) throw new AppError("BAD_REQUEST", "error.badRequest.body");
    const file = await exportReach(appDb, {
      actor: actorOf(user, context),
      unit: reach.unit,
      dashboard: reach.dashboard,
      format,
      lang: await getLang(request),
      now: reach.now,
    });
    return downloadResponse(file, format);
  };
}

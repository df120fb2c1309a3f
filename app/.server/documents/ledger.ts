import { Readable } from "node:stream";
import type { ReadableStream as WebStream } from "node:stream/web";
import type { StudyKind } from "../../../db/schema";
import type { Lang, Translate } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import { yearPeriod } from "~/lib/reach-period";
import { shanghaiDay } from "~/lib/time";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import type { Db } from "../db";
import { AppError } from "../errors";
import { maskNumbersIn } from "../exports/mask-numbers";
import { workbookBytes } from "../exports/workbook";
import type { Sheet } from "../exports/workbook";
import type { ReachUnit } from "../reach/dashboard";
import { reachDashboard, reachUnit } from "../reach/dashboard";
import { reachWorkbook } from "../reach/export";
import { heldOutreachEvents } from "../reach/held-events";
import { inSubtree } from "../scope";
import { sessionRates } from "../study/attendance";
import { NameBook, SHORT_TITLE, safeSegment } from "./ledger-names";
import { dutiesOfYear, dutiesTable, hoursTable, rosterTable } from "./ledger-sheets";
import { cadreHoursDocx } from "./cadre-hours";
import { eventRecordDocx } from "./event-record";
import { reportSectionDocx } from "./report-section";
import { signinSheetDocx } from "./signin-sheet";
import { studyRecordDocx } from "./study-record";
import type { LedgerEntry, LedgerFile, LedgerPlan } from "./ledger-zip";
import { ledgerZip } from "./ledger-zip";

// The year's 台账 of one sub-district: what goes in is decided first, from ids, titles and days
// alone (one plan: the page counts what it holds, the download names every file from it); each
// file is then built only when the zip reaches it (ledger-zip.ts), and a photo is read from the
// database only then, one at a time. Titles and what staff typed go into the files with phone and
// ID card numbers masked (mask-numbers.ts).

/**
 * The sub-district a ledger is for: the caller's own unit or one below it. Any other is NOT_FOUND,
 * whether or not it exists elsewhere, so another sub-district learns nothing of its ids. A 台账 is
 * one office's file: a district account chooses one of its sub-districts, and a village account
 * is refused (it has no office file to keep).
 */
export async function ledgerUnit(
  db: Db,
  input: { actor: Actor & { unitId: number }; unitId: number | null },
): Promise<ReachUnit> {
  const unit = await reachUnit(db, {
    scopePath: input.actor.unitPath,
    unitId: input.unitId,
    ownUnitId: input.actor.unitId,
    hideOthers: true,
  });
  if (unit.level === "village") throw new AppError("FORBIDDEN", "ledger.villageOnly");
  if (unit.level !== "subdistrict") throw new AppError("BAD_REQUEST", "ledger.error.unit", "unit");
  return unit;
}

/** The year's held outreach events of the unit (hosted there or held in its villages), in order. */
function ledgerEvents(db: Db, input: { unit: ReachUnit; year: number; now: string }) {
  return heldOutreachEvents(db, {
    scopePath: input.unit.path,
    period: yearPeriod(input.year),
    now: input.now,
  })
    .select(["event.id", "event.title", "event.starts_at"])
    .orderBy("event.starts_at")
    .orderBy("event.id")
    .execute();
}

/** The year's held study sessions hosted in the unit, oldest first. */
async function ledgerSessions(db: Db, input: { unit: ReachUnit; year: number; now: string }) {
  const rows = await sessionRates(db, { scopePath: input.unit.path, ...input });
  return rows.reverse().map((row) => ({
    id: row.id,
    title: row.title,
    starts_at: row.starts_at,
    kind: row.study_kind as StudyKind,
  }));
}

/** The ids of the photos of these events (a study session is an event), in the order added. */
async function photoIds(db: Db, eventIds: number[]) {
  if (eventIds.length === 0) return new Map<number, number[]>();
  const rows = await db
    .selectFrom("photo")
    .select(["id", "event_id"])
    .where("event_id", "in", eventIds)
    .orderBy("id")
    .execute();
  const byEvent = new Map<number, number[]>();
  for (const row of rows) {
    if (row.event_id === null) continue;
    byEvent.set(row.event_id, [...(byEvent.get(row.event_id) ?? []), row.id]);
  }
  return byEvent;
}

/** One photo's display JPEG, read when the zip reaches it; null once deleted since the plan. */
async function photoBytes(db: Db, id: number) {
  const row = await db
    .selectFrom("photo")
    .select("display")
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? Buffer.from(row.display) : null;
}

/**
 * What the year holds for the unit: its held events and study sessions, their photos' ids, and how
 * many duty entries and 法律明白人 it has. Read once: the page counts it, the download plans by it.
 */
export async function ledgerContents(
  db: Db,
  input: { unit: ReachUnit; year: number; now: string },
) {
  const [events, sessions, duties, learners] = await Promise.all([
    ledgerEvents(db, input),
    ledgerSessions(db, input),
    dutiesOfYear(db, { scopePath: input.unit.path, year: input.year })
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("legal_savvy")
      .innerJoin("admin_unit as village", "village.id", "legal_savvy.village_id")
      .where((eb) => inSubtree(eb.ref("village.path"), input.unit.path))
      .where("legal_savvy.status", "=", "active")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  const photos = await photoIds(
    db,
    [...events, ...sessions].map((row) => row.id),
  );
  return {
    events,
    sessions,
    photos,
    duties: Number(duties.n),
    // On the roster now, as the dashboard counts them; the roster file lists those who left too.
    learners: Number(learners.n),
  };
}

export type LedgerContents = Awaited<ReturnType<typeof ledgerContents>>;

/** The contents as the page shows them before the download. */
export const ledgerCounts = (contents: LedgerContents) => ({
  events: contents.events.length,
  sessions: contents.sessions.length,
  duties: contents.duties,
  learners: contents.learners,
  photos: [...contents.photos.values()].reduce((sum, ids) => sum + ids.length, 0),
});

/** Whether the year holds nothing to file: no held event, study session or duty entry. */
export const ledgerEmpty = (contents: LedgerContents) =>
  contents.events.length + contents.sessions.length + contents.duties === 0;

const pad = (n: number) => String(n).padStart(2, "0");

/** A record's folder: its day and the first words of its title, "2024-03-05 农民工学法讲座". */
const recordFolder = (row: { title: string; starts_at: string }) =>
  safeSegment(
    `${shanghaiDay(row.starts_at)} ${maskNumbersIn(row.title)}`,
    shanghaiDay(row.starts_at),
    11 + SHORT_TITLE,
  );

/** A sheet as its own workbook, every text cell with the numbers typed into it masked. */
const xlsx = (sheet: Sheet, title: string) =>
  workbookBytes({
    title,
    sheets: [
      {
        ...sheet,
        rows: sheet.rows.map((row) =>
          row.map((cell) => (typeof cell === "string" ? maskNumbersIn(cell) : cell)),
        ),
      },
    ],
  }).then((bytes) => Buffer.from(bytes));

/**
 * Every file of the year's ledger but the index, in the order of the zip: 普法活动 (each held
 * event's 活动记录表, 签到表 and photos), 法律明白人 (roster, hours, duty ledger), 学法用法 (each
 * session's 学法记录 and photos, by kind; the cadres' hours), 年度统计 (the reach workbook and the
 * report section).
 */
async function ledgerFiles(
  db: Db,
  input: { t: Translate; lang: Lang; unit: ReachUnit; year: number; now: string },
  contents: LedgerContents,
  names: NameBook,
): Promise<LedgerFile[]> {
  const { t, unit, year } = input;
  const { events, sessions, photos } = contents;
  const scopePath = unit.path;
  const files: LedgerFile[] = [];
  const add = (
    folder: string,
    base: string,
    extension: string,
    what: string,
    build: LedgerFile["build"],
  ) => files.push({ folder, name: names.claim(folder, base, extension), what, build });
  const photoFiles = (folder: string, eventId: number, what: (n: number) => string) =>
    (photos.get(eventId) ?? []).forEach((id, index) =>
      add(folder, t("ledger.file.photo", { n: pad(index + 1) }), ".jpg", what(index + 1), () =>
        photoBytes(db, id),
      ),
    );

  const eventsFolder = t("ledger.folder.events");
  for (const event of events) {
    const folder = `${eventsFolder}/${names.claim(eventsFolder, recordFolder(event))}`;
    const day = shanghaiDay(event.starts_at);
    const about = { title: event.title, day };
    add(folder, t("ledger.file.record"), ".docx", t("ledger.what.record", about), () =>
      eventRecordDocx(db, event.id, input.lang),
    );
    add(folder, t("ledger.file.signin"), ".docx", t("ledger.what.signin", about), () =>
      signinSheetDocx(db, event.id, input.lang),
    );
    photoFiles(folder, event.id, (n) => t("ledger.what.photo", { n, ...about }));
  }

  const learnersFolder = t("ledger.folder.learners");
  add(learnersFolder, t("ledger.file.roster"), ".xlsx", t("ledger.what.roster"), async () => {
    const roster = await rosterTable(db, { t, scopePath });
    return xlsx(roster, roster.name);
  });
  add(learnersFolder, t("ledger.file.hours"), ".xlsx", t("ledger.what.hours", { year }), async () =>
    xlsx(await hoursTable(db, { t, scopePath, year }), t("ledger.file.hours")),
  );
  add(
    learnersFolder,
    t("ledger.file.duties"),
    ".xlsx",
    t("ledger.what.duties", { year, count: contents.duties }),
    async () => {
      const duties = await dutiesTable(db, { t, scopePath, year });
      return xlsx(duties, duties.name);
    },
  );

  const studyFolder = t("ledger.folder.study");
  for (const session of sessions) {
    const kind = t(`study.kind.${session.kind}`);
    const kindFolder = `${studyFolder}/${safeSegment(kind, session.kind)}`;
    const folder = `${kindFolder}/${names.claim(kindFolder, recordFolder(session))}`;
    const day = shanghaiDay(session.starts_at);
    add(
      folder,
      t("ledger.file.studyRecord"),
      ".docx",
      t("ledger.what.studyRecord", { kind, title: session.title, day }),
      () => studyRecordDocx(db, session.id, input.lang),
    );
    photoFiles(folder, session.id, (n) =>
      t("ledger.what.studyPhoto", { kind, n, title: session.title, day }),
    );
  }
  add(
    studyFolder,
    t("ledger.file.cadreHours"),
    ".docx",
    t("ledger.what.cadreHours", { year }),
    async () => (await cadreHoursDocx(db, { scopePath, year, lang: input.lang })).body,
  );

  const figuresFolder = t("ledger.folder.figures");
  const dashboard = await reachDashboard(db, { unit, period: yearPeriod(year), now: input.now });
  const figures = { unit, dashboard, lang: input.lang, now: input.now };
  add(figuresFolder, t("ledger.file.reach"), ".xlsx", t("ledger.what.reach", { year }), async () =>
    Readable.fromWeb(reachWorkbook(figures) as WebStream<Uint8Array>),
  );
  add(figuresFolder, t("ledger.file.section"), ".docx", t("ledger.what.section", { year }), () =>
    reportSectionDocx(figures),
  );
  return files;
}

/** The index: every file of the zip (itself first) with its folder and what it is. */
function indexSheet(t: Translate, files: LedgerEntry[]): Sheet {
  return {
    name: t("ledger.index.sheet"),
    header: [
      t("ledger.index.no"),
      t("ledger.index.folder"),
      t("ledger.index.file"),
      t("ledger.index.what"),
    ],
    rows: files.map((file, index) => [index + 1, file.folder, file.name, file.what]),
    widths: [6, 40, 28, 60],
  };
}

/**
 * The whole plan of a unit's year: the index and every file. Refused (CONFLICT, beside the year)
 * when the year holds no held event, study session or duty entry: an empty zip would look like a
 * file and file nothing.
 */
export async function ledgerPlan(
  db: Db,
  input: { unit: ReachUnit; year: number; lang: Lang; now: string },
): Promise<LedgerPlan> {
  const t = translator(input.lang);
  const contents = await ledgerContents(db, input);
  if (ledgerEmpty(contents)) throw new AppError("CONFLICT", "ledger.error.empty", "year");
  const names = new NameBook();
  const index: LedgerEntry = {
    folder: "",
    name: names.claim("", t("ledger.file.index"), ".xlsx"),
    what: t("ledger.what.index"),
  };
  const files = await ledgerFiles(db, { ...input, t }, contents, names);
  const title = t("ledger.index.title", { unit: input.unit.name, year: input.year });
  return {
    index,
    files,
    buildIndex: (written) => xlsx(indexSheet(t, [index, ...written]), title),
  };
}

/**
 * The year's ledger of a sub-district in the caller's scope, as a download: refused for a village
 * account, a unit outside the scope or a year with nothing in it; written to the audit log (unit,
 * year, number of files) before the first byte is sent.
 */
export async function exportLedger(
  db: Db,
  input: {
    actor: Actor & { unitId: number };
    unitId: number | null;
    year: number;
    lang: Lang;
    now: string;
  },
) {
  const unit = await ledgerUnit(db, input);
  const plan = await ledgerPlan(db, {
    unit,
    year: input.year,
    lang: input.lang,
    now: input.now,
  });
  await recordAudit(db, {
    ...auditBy(input.actor),
    action: "ledger.export",
    target: `unit:${unit.id}`,
    outcome: "success",
    unit_path: unit.path,
    detail: `year=${input.year} files=${plan.files.length + 1} lang=${input.lang}`,
  });
  const t = translator(input.lang);
  return {
    body: ledgerZip(plan, new Date(input.now)),
    files: [plan.index, ...plan.files],
    filename: `ledger-${unit.id}-${input.year}.zip`,
    localFilename: `${safeSegment(unit.name, "unit")}-${input.year}-${t("ledger.title")}.zip`,
  };
}

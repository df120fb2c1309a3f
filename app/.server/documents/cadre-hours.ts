import type { Lang } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import { hoursNumber } from "~/lib/hours";
import { creditedMinutes } from "~/lib/study-hours";
import { formatDate } from "~/lib/time";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { heldBy } from "../events/held";
import { targetsFor } from "../learners/targets";
import { inSubtree } from "../scope";
import { cadreRates, percent, quarterStart } from "../study/attendance";
import { line, listTable, title, wordDocument } from "./word";

/**
 * Minutes of study each cadre of the scope earned in a year: every held study session they
 * checked in to (wherever hosted, as their attendance counts), each worth its credited hours or
 * else its length, the rule of the session's own page. Keyed by cadre id.
 */
async function studyMinutes(db: Db, input: { scopePath: string; year: number; now: string }) {
  const rows = await db
    .selectFrom("checkin")
    .innerJoin("event", "event.id", "checkin.event_id")
    .innerJoin("cadre", "cadre.person_id", "checkin.person_id")
    .innerJoin("admin_unit as unit", "unit.id", "cadre.unit_id")
    .where("event.study_kind", "is not", null)
    .where((eb) => heldBy(eb, input.now))
    .where("event.starts_at", ">=", quarterStart(input.year, 1))
    .where("event.starts_at", "<", quarterStart(input.year, 5))
    .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
    .select(["cadre.id", "event.starts_at", "event.ends_at", "event.credit_minutes"])
    .execute();
  const minutes = new Map<number, number>();
  for (const row of rows) minutes.set(row.id, (minutes.get(row.id) ?? 0) + creditedMinutes(row));
  return minutes;
}

/**
 * Each cadre of the scope in a year: sessions expected and attended, the rate, the hours and the
 * office's hours target (the training-hours target its units set, the one the 法律明白人 have).
 */
export async function cadreHours(db: Db, input: { scopePath: string; year: number }) {
  const at = now();
  const scope = { ...input, now: at };
  const [rates, minutes, targets] = await Promise.all([
    cadreRates(db, scope),
    studyMinutes(db, scope),
    targetsFor(db, input.scopePath),
  ]);
  return {
    targetMinutes: targets.trainingMinutes,
    targetPercent: targets.attendancePercent,
    cadres: rates.map((row) => ({
      ...row,
      rate: percent(row.attended, row.invited),
      minutes: minutes.get(row.id) ?? 0,
    })),
  };
}

/** The year's hours of the scope's cadres as a Word table to print and file. No permission check. */
export async function cadreHoursDocx(
  db: Db,
  input: { scopePath: string; year: number; lang: Lang },
) {
  const t = translator(input.lang);
  const { cadres, targetMinutes, targetPercent } = await cadreHours(db, input);
  const target = hoursNumber(input.lang, targetMinutes);
  const heading = t("documents.hours.title", { year: String(input.year) });
  const header = [
    t("documents.signin.number"),
    t("documents.hours.name"),
    t("documents.hours.unit"),
    t("documents.hours.position"),
    t("documents.hours.invited"),
    t("documents.hours.attended"),
    t("documents.hours.rate"),
    t("documents.hours.hours"),
    t("documents.hours.target"),
    t("documents.hours.met"),
  ];
  const rows = cadres.map((cadre, index) => [
    String(index + 1),
    cadre.name,
    cadre.unit_name,
    cadre.position,
    String(cadre.invited),
    String(cadre.attended),
    cadre.rate === null ? "—" : `${cadre.rate}%`,
    hoursNumber(input.lang, cadre.minutes),
    target,
    t(cadre.minutes >= targetMinutes ? "documents.hours.yes" : "documents.hours.no"),
  ]);
  const body = await wordDocument({
    title: heading,
    children: [
      title(heading, { size: 32 }),
      line(
        `${t("documents.hours.target")}：${target} · ${t("documents.hours.rateTarget")}：${targetPercent}%`,
      ),
      line(formatDate(input.lang, now()), { right: true }),
      listTable(header, rows, [5, 9, 14, 12, 9, 9, 9, 10, 10, 9]),
    ],
  });
  return { body, rows: rows.length };
}

/** The download: the caller's own units, in the audit log with the year and the row count. */
export async function exportCadreHours(db: Db, input: { actor: Actor; year: number; lang: Lang }) {
  const { body, rows } = await cadreHoursDocx(db, {
    scopePath: input.actor.unitPath,
    year: input.year,
    lang: input.lang,
  });
  await recordAudit(db, {
    ...auditBy(input.actor),
    action: "study.hours_export",
    target: `cadres ${input.year}`,
    outcome: "success",
    unit_path: input.actor.unitPath,
    detail: `year=${input.year} rows=${rows}`,
  });
  const t = translator(input.lang);
  return {
    body,
    rows,
    filename: `cadre-hours-${input.year}.docx`,
    localFilename: `${t("documents.hours.title", { year: String(input.year) })}.docx`,
  };
}

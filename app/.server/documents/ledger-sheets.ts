import type { Translate } from "~/lib/i18n";
import { maskPhone } from "~/lib/checkin-window";
import type { Db } from "../db";
import type { Cell } from "../exports/cells";
import { dayCell } from "../exports/cells";
import type { Sheet } from "../exports/workbook";
import { rosterSheet } from "../learners/export";
import { rosterQuery } from "../learners/roster-list";
import { hoursAgainstTarget } from "../records/below-target";
import { inSubtree } from "../scope";

// The 法律明白人 tables of the year's file, each read within the unit's subtree only.

/** Hours to one decimal, as a number a spreadsheet sums. */
const hours = (minutes: number) => Math.round((minutes / 60) * 10) / 10;

/**
 * The roster as the learners export writes it, everyone who is or was on it, phones masked: the
 * file goes to assessors, who need no number.
 */
export async function rosterTable(db: Db, input: { t: Translate; scopePath: string }) {
  const rows = await rosterQuery(db, {
    scopePath: input.scopePath,
    filters: { status: "all" },
  }).execute();
  const sheet = rosterSheet(input.t, rows, (phone) => (phone ? maskPhone(phone) : ""));
  return { name: input.t("roster.title"), ...sheet } satisfies Sheet;
}

/** Each active 法律明白人's training hours in the year against the village's target. */
export async function hoursTable(
  db: Db,
  input: { t: Translate; scopePath: string; year: number },
): Promise<Sheet> {
  const { t } = input;
  const villages = await hoursAgainstTarget(db, input);
  return {
    name: t("ledger.file.hours"),
    header: [
      t("ledger.hours.village"),
      t("duty.col.name"),
      t("duty.col.hours"),
      t("ledger.hours.target"),
      t("ledger.hours.short"),
    ],
    rows: villages.flatMap((village) =>
      village.members.map((member): Cell[] => [
        village.name,
        member.name,
        hours(member.minutes),
        hours(village.targetMinutes),
        hours(member.shortMinutes),
      ]),
    ),
    widths: [18, 12, 10, 12, 12],
  };
}

/** The duty entries of the year in the scope (returned ones left out), oldest first. */
export function dutiesOfYear(db: Db, input: { scopePath: string; year: number }) {
  return db
    .selectFrom("duty_entry")
    .innerJoin("admin_unit as village", "village.id", "duty_entry.village_id")
    .innerJoin("legal_savvy", "legal_savvy.id", "duty_entry.legal_savvy_id")
    .innerJoin("person", "person.id", "legal_savvy.person_id")
    .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
    .where("duty_entry.status", "!=", "returned")
    .where("duty_entry.occurred_on", ">=", `${input.year}-01-01`)
    .where("duty_entry.occurred_on", "<=", `${input.year}-12-31`);
}

/** The duty ledger of the year: one row per matter, with its kind, whom it served and the result. */
export async function dutiesTable(
  db: Db,
  input: { t: Translate; scopePath: string; year: number },
): Promise<Sheet> {
  const { t } = input;
  const rows = await dutiesOfYear(db, input)
    .select([
      "duty_entry.occurred_on",
      "village.name as village_name",
      "person.name",
      "duty_entry.kind",
      "duty_entry.served",
      "duty_entry.content",
      "duty_entry.result",
      "duty_entry.dispute_resolved",
      "duty_entry.status",
    ])
    .orderBy("duty_entry.occurred_on")
    .orderBy("duty_entry.id")
    .execute();
  const resolved = (value: 0 | 1 | null) =>
    value === null ? "" : t(value === 1 ? "ledger.duties.yes" : "ledger.duties.no");
  return {
    name: t("ledger.file.duties"),
    header: [
      t("duty.col.date"),
      t("ledger.hours.village"),
      t("duty.col.name"),
      t("ledger.duties.kind"),
      t("ledger.duties.served"),
      t("ledger.duties.content"),
      t("duty.col.outcome"),
      t("ledger.duties.dispute"),
      t("duty.col.status"),
    ],
    rows: rows.map((row): Cell[] => [
      dayCell(row.occurred_on),
      row.village_name,
      row.name,
      t(`duty.kind.${row.kind}`),
      row.served,
      row.content,
      row.result ?? "",
      resolved(row.dispute_resolved),
      t(`duty.status.${row.status}`),
    ]),
    widths: [12, 16, 10, 18, 20, 40, 24, 10, 10],
  };
}

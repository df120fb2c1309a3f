import { maskPhone } from "~/lib/checkin-window";
import type { Lang } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import { formatClock, formatDateTime, shanghaiDay } from "~/lib/time";
import type { Db } from "../db";

/**
 * The sign-in sheet's rows, oldest check-in first, in the reader's language: number, name, masked
 * phone, village or employer, group (its short name), time (the clock alone on the event's first
 * day, which the sheet's heading gives) and how it was recorded. Each check-in counts by what was
 * given at the event, never the person's current record; the full phone never leaves here.
 */
export async function signinRows(db: Db, event: { id: number; starts_at: string }, lang: Lang) {
  const eventDay = shanghaiDay(event.starts_at);
  const t = translator(lang);
  const rows = await db
    .selectFrom("checkin")
    .innerJoin("person", "person.id", "checkin.person_id")
    .leftJoin("admin_unit as village", "village.id", "checkin.village_id")
    .select([
      "checkin.checked_in_at",
      "checkin.method",
      "checkin.name",
      "person.phone",
      "checkin.employer",
      "checkin.audience_group",
      "village.name as village_name",
    ])
    .where("checkin.event_id", "=", event.id)
    .orderBy("checkin.checked_in_at")
    .orderBy("checkin.id")
    .execute();
  return rows.map((row, index) => ({
    number: String(index + 1),
    name: row.name,
    phone: maskPhone(row.phone),
    place: row.village_name ?? row.employer ?? "",
    group: t(`checkin.group.${row.audience_group}`),
    time:
      shanghaiDay(row.checked_in_at) === eventDay
        ? formatClock(row.checked_in_at)
        : formatDateTime(lang, row.checked_in_at),
    method: t(`method.${row.method}`),
  }));
}

export type SigninRow = Awaited<ReturnType<typeof signinRows>>[number];

/** The sheet's columns in order, with the share of the page's width each takes. */
export const signinColumns = [
  ["number", "documents.signin.number", 7],
  ["name", "documents.signin.name", 13],
  ["phone", "documents.signin.phone", 15],
  ["place", "documents.signin.place", 24],
  ["group", "documents.signin.group", 13],
  ["time", "documents.signin.time", 11],
  ["method", "documents.signin.method", 17],
] as const satisfies readonly [keyof SigninRow, string, number][];

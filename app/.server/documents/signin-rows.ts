import { maskPhone } from "~/lib/checkin-window";
import type { Lang } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import { formatDateTime } from "~/lib/time";
import type { Db } from "../db";

/**
 * The sign-in sheet's rows, oldest check-in first, in the reader's language: number, name, masked
 * phone, village or employer, group, time and how it was recorded. Each check-in counts by what
 * was given at the event, never the person's current record; the full phone never leaves here.
 */
export async function signinRows(db: Db, eventId: number, lang: Lang) {
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
    .where("checkin.event_id", "=", eventId)
    .orderBy("checkin.checked_in_at")
    .orderBy("checkin.id")
    .execute();
  return rows.map((row, index) => ({
    number: String(index + 1),
    name: row.name,
    phone: maskPhone(row.phone),
    place: row.village_name ?? row.employer ?? "",
    group: t(`group.${row.audience_group}`),
    time: formatDateTime(lang, row.checked_in_at),
    method: t(`method.${row.method}`),
  }));
}

export type SigninRow = Awaited<ReturnType<typeof signinRows>>[number];

/** The sheet's columns in order, with the share of the page's width each takes. */
export const signinColumns = [
  ["number", "documents.signin.number", 6],
  ["name", "documents.signin.name", 12],
  ["phone", "documents.signin.phone", 14],
  ["place", "documents.signin.place", 20],
  ["group", "documents.signin.group", 16],
  ["time", "documents.signin.time", 18],
  ["method", "documents.signin.method", 14],
] as const satisfies readonly [keyof SigninRow, string, number][];

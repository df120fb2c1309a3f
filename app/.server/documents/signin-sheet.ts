import type { Lang } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import { formatDateTimeRange } from "~/lib/time";
import type { Db } from "../db";
import type { EventFacts } from "./event-facts";
import { eventFacts, placeOf } from "./event-facts";
import { signinColumns, signinRows } from "./signin-rows";
import { line, listTable, title, wordDocument } from "./word";

/**
 * The sign-in sheet's paragraphs: its title, which event, and the list, whose header row repeats
 * on every page. Also the annex of the event record, which starts it on a new page.
 */
export async function signinSheetParts(
  db: Db,
  event: EventFacts,
  lang: Lang,
  options: { pageBreakBefore?: boolean; heading?: string } = {},
) {
  const t = translator(lang);
  const rows = await signinRows(db, event, lang);
  const parts = [
    title(options.heading ?? t("documents.signin.title"), {
      pageBreakBefore: options.pageBreakBefore,
      size: 32,
    }),
    line(t("documents.signin.event", { title: event.title })),
    line(
      t("documents.signin.when", {
        time: formatDateTimeRange(lang, event.starts_at, event.ends_at),
        place: placeOf(event),
      }),
    ),
    line(t("documents.signin.host", { host: event.host_name })),
    line(t("documents.signin.count", { count: rows.length })),
  ];
  if (rows.length === 0) return [...parts, line(t("documents.signin.empty"))];
  return [
    ...parts,
    listTable(
      signinColumns.map(([, label]) => t(label)),
      rows.map((row) => signinColumns.map(([key]) => row[key])),
      signinColumns.map(([, , width]) => width),
    ),
  ];
}

/** The 签到表 of an event as a Word file, phones masked. Checks no permission, writes no log. */
export async function signinSheetDocx(db: Db, eventId: number, lang: Lang): Promise<Buffer> {
  const event = await eventFacts(db, eventId);
  const t = translator(lang);
  return wordDocument({
    title: `${event.title} ${t("documents.signin.title")}`,
    children: await signinSheetParts(db, event, lang),
  });
}

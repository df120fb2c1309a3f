import type { Lang } from "~/lib/i18n";
import { formatDateTimeRange } from "~/lib/time";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import type { Db } from "../db";
import { paperEvent } from "./access";
import { eventFacts, placeOf } from "./event-facts";
import { signinRows } from "./signin-rows";

/**
 * The 签到表 as a page to print on A4, for staff who may have the event's papers (the same rule
 * as the Word file: its units only, once it is over). A printout of names is personal data leaving
 * the system, so opening it is logged like the download, by the event's id.
 */
export async function signinSheetPage(
  db: Db,
  input: { actor: Actor; eventId: number; lang: Lang },
) {
  const allowed = await paperEvent(db, { ...input, paper: "signin" });
  const event = await eventFacts(db, allowed.id);
  const rows = await signinRows(db, event, input.lang);
  await recordAudit(db, {
    ...auditBy(input.actor),
    action: "event.document",
    target: `event ${event.id}`,
    outcome: "success",
    unit_path: event.host_path,
    detail: "paper=signin format=print",
  });
  return {
    id: event.id,
    title: event.title,
    when: formatDateTimeRange(input.lang, event.starts_at, event.ends_at),
    place: placeOf(event),
    host: event.host_name,
    rows,
  };
}

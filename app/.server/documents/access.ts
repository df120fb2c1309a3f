import { isHeld } from "~/lib/event-status";
import type { Lang } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import { eventInReach } from "../scope";
import { eventRecordDocx } from "./event-record";
import { signinSheetDocx } from "./signin-sheet";
import { studyRecordDocx } from "./study-record";

/** The Word papers of one event: its record, its sign-in sheet, a study session's record. */
export const eventPapers = {
  record: { build: eventRecordDocx, name: "documents.record.title", file: "event-record" },
  signin: { build: signinSheetDocx, name: "documents.signin.title", file: "signin-sheet" },
  study: { build: studyRecordDocx, name: "documents.study.title", file: "study-record" },
} as const;
export type EventPaper = keyof typeof eventPapers;

/**
 * The event a paper is asked for, if the caller may have it: within reach of their units (hosted
 * in their subtree or held in one of its villages, as every event page), else NOT_FOUND, whether
 * or not it exists elsewhere, so another sub-district learns nothing. A study record needs a
 * study session. A paper records what happened: refused (CONFLICT, with the reason) for an event
 * cancelled or not over yet.
 */
export async function paperEvent(
  db: Db,
  input: { actor: Actor; eventId: number; paper: EventPaper },
) {
  const event = await db
    .selectFrom("event")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .select([
      "event.id",
      "event.code",
      "event.title",
      "event.status",
      "event.ends_at",
      "event.study_kind",
      "host.path as host_path",
    ])
    .where("event.id", "=", input.eventId)
    .where(eventInReach(db, input.actor.unitPath))
    .executeTakeFirst();
  if (!event) throw notFound();
  if (input.paper === "study" && !event.study_kind) throw notFound();
  if (event.status === "cancelled") throw new AppError("CONFLICT", "documents.cancelled");
  if (!isHeld(event, now())) throw new AppError("CONFLICT", "documents.notHeld");
  return event;
}

/**
 * One paper of an event as a download, for a caller who may have it; each download is written to
 * the audit log by the event's id (never a name: the log outlives the names it would hold).
 */
export async function downloadEventPaper(
  db: Db,
  input: { actor: Actor; eventId: number; paper: EventPaper; lang: Lang },
) {
  const event = await paperEvent(db, input);
  const paper = eventPapers[input.paper];
  const body = await paper.build(db, event.id, input.lang);
  await recordAudit(db, {
    ...auditBy(input.actor),
    action: "event.document",
    target: `event ${event.id}`,
    outcome: "success",
    unit_path: event.host_path,
    detail: `paper=${input.paper} format=docx`,
  });
  const t = translator(input.lang);
  return {
    body,
    filename: `${paper.file}-${event.code}.docx`,
    localFilename: `${event.title}-${t(paper.name)}.docx`,
  };
}

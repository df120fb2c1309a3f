import type { EventFormat } from "../../../db/schema";
import { inTransaction } from "../../../db/transaction";
import type { AbsenceRow, StudySessionInput } from "~/lib/study-schema";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import { createEvent, getEventInScope } from "../events/events";
import { setInvitations } from "../events/invitations";
import { assertRole, inSubtree, rolesFor } from "../scope";

/** What each kind of study is filed as among the event formats. */
const formatOf: Record<StudySessionInput["studyKind"], EventFormat> = {
  central_group: "central_group",
  pre_meeting: "central_group",
  lecture: "lecture",
  enforcement_training: "training",
  progress_meeting: "progress_meeting",
};

/** The people behind these cadres, if every one of them lies in the scope; else a refusal. */
async function peopleOfCadres(db: Db, input: { scopePath: string; cadreIds: number[] }) {
  const ids = [...new Set(input.cadreIds)];
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom("cadre")
    .innerJoin("admin_unit as unit", "unit.id", "cadre.unit_id")
    .select("cadre.person_id")
    .where("cadre.id", "in", ids)
    .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
    .execute();
  if (rows.length !== ids.length) {
    throw new AppError("FORBIDDEN", "study.form.cadreOutOfScope", "cadreIds");
  }
  return rows.map((row) => row.person_id);
}

/** A study session: an internal event of its study kind, published, inviting these cadres. */
export async function createStudySession(
  db: Db,
  input: { actor: Actor; session: StudySessionInput },
) {
  assertRole(input.actor, rolesFor.manageEvents);
  const { session } = input;
  return inTransaction(db, async (trx) => {
    const people = await peopleOfCadres(trx, {
      scopePath: input.actor.unitPath,
      cadreIds: session.cadreIds,
    });
    const enforcement = session.studyKind === "enforcement_training";
    const { id } = await createEvent(trx, {
      actor: input.actor,
      publish: true,
      event: {
        title: session.title,
        format: formatOf[session.studyKind],
        setting: "agency",
        campaignId: null,
        hostUnitId: session.hostUnitId,
        villageId: null,
        venue: session.venue,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        audience: enforcement ? ["cadre", "law_enforcement"] : ["cadre"],
        laws: null,
        speaker: session.speaker,
        speakerRole: null,
        capacity: null,
        visibility: "internal",
        description: null,
        rotatingQr: false,
        invitees: [],
        training: session.training,
        creditMinutes: session.creditMinutes,
        studyKind: session.studyKind,
        chair: session.chair,
      },
    });
    await setInvitations(trx, id, people);
    return { id };
  });
}

/** A study session within reach of the scope; any other event is not one (404). */
async function sessionInScope(
  db: Db,
  input: { id: number; scopePath: string; toManage?: boolean },
) {
  const event = await getEventInScope(db, input);
  if (!event.study_kind || event.visibility !== "internal") throw notFound();
  return event;
}

/** A session's page: the event, and everyone invited with whether and how they came. */
export async function getStudySession(db: Db, input: { id: number; scopePath: string }) {
  const { invitees: _lines, ...event } = await sessionInScope(db, input);
  const invited = await db
    .selectFrom("event_invitation as i")
    .innerJoin("person", "person.id", "i.person_id")
    .leftJoin("checkin", (join) =>
      join
        .onRef("checkin.event_id", "=", "i.event_id")
        .onRef("checkin.person_id", "=", "i.person_id"),
    )
    .leftJoin("cadre", "cadre.person_id", "person.id")
    .leftJoin("admin_unit as unit", "unit.id", "cadre.unit_id")
    .select([
      "person.id",
      "person.name",
      "person.phone",
      "i.absence_reason",
      "i.absence_note",
      "checkin.method",
      "checkin.checked_in_at",
      "cadre.id as cadre_id",
      "cadre.position",
      "unit.name as unit_name",
    ])
    .where("i.event_id", "=", event.id)
    .orderBy("person.name")
    .orderBy("person.id")
    .execute();
  return { event, invited };
}

/**
 * Sets which of the scope's cadres are invited. People on the list who are not such cadres (a
 * guest, a cadre of another unit) stay; those who stay keep their reason for absence, and no
 * check-in is ever removed, so who came stays whatever the list becomes.
 */
export async function setSessionCadres(
  db: Db,
  input: { actor: Actor; id: number; cadreIds: number[] },
) {
  assertRole(input.actor, rolesFor.manageLearners);
  await inTransaction(db, async (trx) => {
    const event = await sessionInScope(trx, {
      id: input.id,
      scopePath: input.actor.unitPath,
      toManage: true,
    });
    const chosen = await peopleOfCadres(trx, {
      scopePath: input.actor.unitPath,
      cadreIds: input.cadreIds,
    });
    const others = await trx
      .selectFrom("event_invitation as i")
      .select("i.person_id")
      .where("i.event_id", "=", event.id)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("cadre")
              .innerJoin("admin_unit as unit", "unit.id", "cadre.unit_id")
              .select("cadre.id")
              .whereRef("cadre.person_id", "=", "i.person_id")
              .where((inner) => inSubtree(inner.ref("unit.path"), input.actor.unitPath)),
          ),
        ),
      )
      .execute();
    await setInvitations(trx, event.id, [...chosen, ...others.map((row) => row.person_id)]);
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "study.invitations",
      target: `${event.code} ${event.title}`,
      outcome: "success",
      unit_path: event.host_path,
    });
  });
}

/**
 * Why each listed person did not come, all in one go: every row is saved as it stands (a reason
 * cleared is cleared). Refused as a whole for someone not invited, or who came with a reason.
 */
export async function recordAbsences(
  db: Db,
  input: { actor: Actor; id: number; rows: AbsenceRow[] },
) {
  assertRole(input.actor, rolesFor.manageLearners);
  await inTransaction(db, async (trx) => {
    const event = await sessionInScope(trx, {
      id: input.id,
      scopePath: input.actor.unitPath,
      toManage: true,
    });
    const listed = await trx
      .selectFrom("event_invitation as i")
      .innerJoin("person", "person.id", "i.person_id")
      .leftJoin("checkin", (join) =>
        join
          .onRef("checkin.event_id", "=", "i.event_id")
          .onRef("checkin.person_id", "=", "i.person_id"),
      )
      .select(["person.id", "person.name", "checkin.id as checkin_id"])
      .where("i.event_id", "=", event.id)
      .where(
        "i.person_id",
        "in",
        input.rows.map((row) => row.personId),
      )
      .execute();
    const byId = new Map(listed.map((row) => [row.id, row]));
    const saved: string[] = [];
    for (const row of input.rows) {
      const person = byId.get(row.personId);
      const field = `reason-${row.personId}`;
      if (!person) throw new AppError("BAD_REQUEST", "study.form.notInvited", field);
      // Someone who checked in after the page was opened needs no reason: an empty row is fine.
      if (person.checkin_id !== null) {
        if (row.reason) throw new AppError("CONFLICT", "study.form.alreadyCame", field);
        continue;
      }
      await trx
        .updateTable("event_invitation")
        .set({ absence_reason: row.reason, absence_note: row.note })
        .where("event_id", "=", event.id)
        .where("person_id", "=", row.personId)
        .execute();
      saved.push(`${person.name}: ${row.reason ?? "-"}`);
    }
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "study.absence",
      target: `${event.code} ${event.title}`,
      outcome: "success",
      unit_path: event.host_path,
      detail: saved.join("; "),
    });
  });
}

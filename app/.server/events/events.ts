import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { EventStatus } from "../../../db/schema";
import type { EventInput } from "~/lib/event-schema";
import { DEFAULT_CLOSES_MINUTES_AFTER, DEFAULT_OPENS_MINUTES_BEFORE } from "~/lib/event-schema";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import { unitPathInScope } from "../units/units";
import { campaignForCopy, requireCampaignOfEventYear } from "./campaigns";
import { checkinCount, eventAudience, eventsWithLabels } from "./event-labels";
import type { EventListFilters } from "./event-list-query";
import { eventListWhere } from "./event-list-query";
import { inTransaction } from "../../../db/transaction";
import { placeOfUnit } from "../people/find-or-add";
import { invitedPeople, peopleOfLines, setInvitations } from "./invitations";
import { assertRole, eventInReach, inSubtree, refuseOutOfScope, rolesFor } from "../scope";

const randomText = (bytes: number) =>
  encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));

/** 8 characters of base32 (40 bits): short enough to type, far too many to guess. */
export const newEventCode = () => randomText(5);

async function requireEventUnits(db: Db, actor: Actor, input: EventInput) {
  const host = await unitPathInScope(db, { id: input.hostUnitId, scopePath: actor.unitPath });
  if (!host) throw new AppError("FORBIDDEN", "form.unitOutOfScope", "hostUnitId");
  if (input.villageId !== null) {
    const village = await unitPathInScope(db, { id: input.villageId, scopePath: actor.unitPath });
    if (!village || village.level !== "village") {
      throw new AppError("BAD_REQUEST", "form.unitOutOfScope", "villageId");
    }
  }
  await requireCampaignOfEventYear(db, { campaignId: input.campaignId, startsAt: input.startsAt });
  return host;
}

function eventColumns(input: EventInput) {
  return {
    title: input.title,
    format: input.format,
    setting: input.setting,
    campaign_id: input.campaignId,
    host_unit_id: input.hostUnitId,
    village_id: input.villageId,
    venue: input.venue,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    laws: input.laws,
    speaker: input.speaker,
    speaker_role: input.speakerRole,
    capacity: input.capacity,
    visibility: input.visibility,
    description: input.description,
    rotating_qr: input.rotatingQr ? (1 as const) : (0 as const),
    opens_minutes_before: input.opensMinutesBefore ?? DEFAULT_OPENS_MINUTES_BEFORE,
    closes_minutes_after: input.closesMinutesAfter ?? DEFAULT_CLOSES_MINUTES_AFTER,
    ...studyColumns(input),
  };
}

/** Training hours credit only a training; the study fields belong to internal sessions. */
function studyColumns(input: EventInput) {
  const internal = input.visibility === "internal";
  return {
    training: input.training ? (1 as const) : (0 as const),
    credit_minutes: input.training ? (input.creditMinutes ?? null) : null,
    passes_only: input.passesOnly ? (1 as const) : (0 as const),
    study_kind: internal ? (input.studyKind ?? null) : null,
    chair: internal ? (input.chair ?? null) : null,
    minutes: internal ? (input.minutes ?? null) : null,
  };
}

async function replaceAudienceAndInvitees(
  db: Db,
  eventId: number,
  input: EventInput,
  host: { path: string },
) {
  await db.deleteFrom("event_audience").where("event_id", "=", eventId).execute();
  await db
    .insertInto("event_audience")
    .values(input.audience.map((group) => ({ event_id: eventId, audience_group: group })))
    .execute();
  const invitees = input.visibility === "internal" ? input.invitees : [];
  const place = placeOfUnit({ id: input.hostUnitId, path: host.path });
  await setInvitations(db, eventId, await peopleOfLines(db, place, invitees));
}

/** Creates an event as a draft, or published at once. */
export async function createEvent(
  db: Db,
  input: { actor: Actor; event: EventInput; publish: boolean },
) {
  assertRole(input.actor, rolesFor.manageEvents);
  return inTransaction(db, async (trx) => {
    const host = await requireEventUnits(trx, input.actor, input.event);
    const stamp = now();
    const { id, code } = await trx
      .insertInto("event")
      .values({
        ...eventColumns(input.event),
        code: newEventCode(),
        qr_secret: randomText(20),
        status: input.publish ? "published" : "draft",
        created_by: input.actor.id,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning(["id", "code"])
      .executeTakeFirstOrThrow();
    await replaceAudienceAndInvitees(trx, id, input.event, host);
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: input.publish ? "event.publish" : "event.create",
      target: `${code} ${input.event.title}`,
      outcome: "success",
      unit_path: host.path,
    });
    return { id, code };
  });
}

/**
 * The event if its host unit lies in the scope; FORBIDDEN or NOT_FOUND otherwise. Managing an
 * event (edit, publish, cancel, copy) is the host's: a village where another unit holds an
 * event runs its door but does not change it.
 */
async function eventHostedInScope(db: Db, input: { id: number; scopePath: string }) {
  const event = await db
    .selectFrom("event")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .select(["event.id", "event.code", "event.title", "event.status", "host.path as host_path"])
    .where("event.id", "=", input.id)
    .where((eb) => inSubtree(eb.ref("host.path"), input.scopePath))
    .executeTakeFirst();
  if (event) return event;
  return refuseOutOfScope(db, "event", input.id);
}

/** The event if it is within reach of the scope (hosted or held there); else FORBIDDEN or NOT_FOUND. */
async function eventWithinReach(db: Db, input: { id: number; scopePath: string }) {
  const event = await db
    .selectFrom("event")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .select(["event.id", "event.code", "event.title", "event.status", "host.path as host_path"])
    .where("event.id", "=", input.id)
    .where(eventInReach(db, input.scopePath))
    .executeTakeFirst();
  if (event) return event;
  return refuseOutOfScope(db, "event", input.id);
}

/**
 * Saves the event form over an event that is not cancelled; with `publish`, a draft (a copy, say)
 * is saved and published in the same transaction, both logged.
 */
export async function updateEvent(
  db: Db,
  input: { actor: Actor; id: number; event: EventInput; publish?: boolean },
) {
  assertRole(input.actor, rolesFor.manageEvents);
  await inTransaction(db, async (trx) => {
    const event = await eventHostedInScope(trx, { id: input.id, scopePath: input.actor.unitPath });
    const allowed: EventStatus[] = input.publish ? ["draft"] : ["draft", "published", "held"];
    if (!allowed.includes(event.status)) {
      throw new AppError("CONFLICT", "form.statusNotAllowed", "form");
    }
    const host = await requireEventUnits(trx, input.actor, input.event);
    const updated = await trx
      .updateTable("event")
      .set({
        ...eventColumns(input.event),
        ...(input.publish ? { status: "published" as const } : {}),
        updated_at: now(),
      })
      .where("id", "=", event.id)
      .where("status", "in", allowed)
      .executeTakeFirst();
    // Cancelled (or published) by someone else since it was read: nothing is saved.
    if (Number(updated.numUpdatedRows) === 0) {
      throw new AppError("CONFLICT", "form.statusNotAllowed", "form");
    }
    await replaceAudienceAndInvitees(trx, event.id, input.event, host);
    const target = `${event.code} ${input.event.title}`;
    for (const action of input.publish ? ["event.update", "event.publish"] : ["event.update"]) {
      await recordAudit(trx, {
        ...auditBy(input.actor),
        action,
        target,
        outcome: "success",
        unit_path: host.path,
      });
    }
  });
}

const allowedFrom: Record<"publish" | "cancel", EventStatus[]> = {
  publish: ["draft"],
  cancel: ["draft", "published"],
};

export async function publishEvent(db: Db, input: { actor: Actor; id: number }) {
  await changeStatus(db, { ...input, change: "publish", status: "published", reason: null });
}

export async function cancelEvent(db: Db, input: { actor: Actor; id: number; reason: string }) {
  await changeStatus(db, { ...input, change: "cancel", status: "cancelled" });
}

async function changeStatus(
  db: Db,
  input: {
    actor: Actor;
    id: number;
    change: "publish" | "cancel";
    status: EventStatus;
    reason: string | null;
  },
) {
  assertRole(input.actor, rolesFor.manageEvents);
  await inTransaction(db, async (trx) => {
    const event = await eventHostedInScope(trx, { id: input.id, scopePath: input.actor.unitPath });
    const updated = await trx
      .updateTable("event")
      .set((eb) => ({
        status: input.status,
        cancel_reason: input.reason,
        // In an UPDATE the right-hand side reads the row as it was: the status before this change.
        cancelled_from: input.change === "cancel" ? eb.ref("status") : null,
        updated_at: now(),
      }))
      .where("id", "=", event.id)
      .where("status", "in", allowedFrom[input.change])
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      throw new AppError("CONFLICT", "form.statusNotAllowed", "form");
    }
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: `event.${input.change}`,
      target: `${event.code} ${event.title}`,
      outcome: "success",
      unit_path: event.host_path,
      detail: input.reason,
    });
  });
}

const WEEK_MS = 7 * 86_400_000;
const plusWeek = (iso: string) => new Date(Date.parse(iso) + WEEK_MS).toISOString();

/** "Same, next week": a draft copy one week later, with its own code and QR key. */
export async function copyEvent(db: Db, input: { actor: Actor; id: number }) {
  assertRole(input.actor, rolesFor.manageEvents);
  return inTransaction(db, async (trx) => {
    const source = await eventHostedInScope(trx, { id: input.id, scopePath: input.actor.unitPath });
    const row = await trx
      .selectFrom("event")
      .selectAll()
      .where("id", "=", source.id)
      .executeTakeFirstOrThrow();
    const stamp = now();
    const { id: _id, code: _code, qr_secret: _secret, ...fields } = row;
    const startsAt = plusWeek(row.starts_at);
    const { id, code } = await trx
      .insertInto("event")
      .values({
        ...fields,
        code: newEventCode(),
        qr_secret: randomText(20),
        campaign_id: await campaignForCopy(trx, { campaignId: row.campaign_id, startsAt }),
        starts_at: startsAt,
        ends_at: plusWeek(row.ends_at),
        status: "draft",
        cancel_reason: null,
        estimated_crowd: null,
        materials_handed_out: null,
        consultations: null,
        summary: null,
        minutes: null,
        created_by: input.actor.id,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning(["id", "code"])
      .executeTakeFirstOrThrow();
    const [audience, invitees] = await Promise.all([
      trx
        .selectFrom("event_audience")
        .select("audience_group")
        .where("event_id", "=", source.id)
        .execute(),
      invitedPeople(trx, source.id),
    ]);
    if (audience.length) {
      await trx
        .insertInto("event_audience")
        .values(audience.map((a) => ({ event_id: id, audience_group: a.audience_group })))
        .execute();
    }
    await setInvitations(
      trx,
      id,
      invitees.map((person) => person.id),
    );
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "event.copy",
      target: `${code} ${row.title}`,
      outcome: "success",
      unit_path: source.host_path,
      detail: `copy of ${source.code}`,
    });
    return { id, code };
  });
}

/**
 * Once the event has started: crowd estimate, materials, consultations and summary. Saved from
 * its end on, the report marks the event held; saved while it runs, the event stays published
 * (it is still on the public list and taking check-ins until it ends).
 */
export async function recordEventReport(
  db: Db,
  input: {
    actor: Actor;
    id: number;
    estimatedCrowd: number | null;
    materialsHandedOut: number | null;
    consultations: number | null;
    summary: string | null;
  },
) {
  assertRole(input.actor, rolesFor.manageEvents);
  return inTransaction(db, async (trx) => {
    const event = await eventWithinReach(trx, { id: input.id, scopePath: input.actor.unitPath });
    const times = await trx
      .selectFrom("event")
      .select(["starts_at", "ends_at"])
      .where("id", "=", event.id)
      .executeTakeFirstOrThrow();
    const stamp = now();
    if (stamp < times.starts_at) {
      throw new AppError("CONFLICT", "report.notStarted", "form");
    }
    const updated = await trx
      .updateTable("event")
      .set({
        estimated_crowd: input.estimatedCrowd,
        materials_handed_out: input.materialsHandedOut,
        consultations: input.consultations,
        summary: input.summary,
        ...(stamp >= times.ends_at ? { status: "held" as const } : {}),
        updated_at: stamp,
      })
      .where("id", "=", event.id)
      .where("status", "in", ["published", "held"])
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) {
      throw new AppError("CONFLICT", "form.statusNotAllowed", "form");
    }
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "event.report",
      target: `${event.code} ${event.title}`,
      outcome: "success",
      unit_path: event.host_path,
    });
    return { held: stamp >= times.ends_at };
  });
}

/**
 * Everything the staff pages show of one event within reach of the scope; `toManage` asks for
 * an event the scope hosts (the edit form), refusing one that is only held there.
 */
export async function getEventInScope(
  db: Db,
  input: { id: number; scopePath: string; toManage?: boolean },
) {
  const lookup = input.toManage ? eventHostedInScope : eventWithinReach;
  const { id } = await lookup(db, { id: input.id, scopePath: input.scopePath });
  const event = await eventsWithLabels(db)
    .select([
      "event.id",
      "event.code",
      "event.title",
      "event.format",
      "event.setting",
      "event.campaign_id",
      "event.host_unit_id",
      "event.village_id",
      "event.venue",
      "event.starts_at",
      "event.ends_at",
      "event.laws",
      "event.speaker",
      "event.speaker_role",
      "event.capacity",
      "event.visibility",
      "event.description",
      "event.status",
      "event.cancel_reason",
      "event.rotating_qr",
      "event.opens_minutes_before",
      "event.closes_minutes_after",
      "event.estimated_crowd",
      "event.materials_handed_out",
      "event.consultations",
      "event.summary",
      "event.training",
      "event.credit_minutes",
      "event.passes_only",
      "event.study_kind",
      "event.chair",
      "event.minutes",
      "campaign.year as campaign_year",
    ])
    .where("event.id", "=", id)
    .executeTakeFirstOrThrow();
  const [audience, invitees, checkins] = await Promise.all([
    eventAudience(db, id),
    invitedPeople(db, id),
    db
      .selectFrom("checkin")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("event_id", "=", id)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    ...event,
    audience,
    invitees,
    checkinCount: checkins.n,
  };
}

/**
 * The organiser's list: events within reach of the scope, newest first, with check-in counts, one page
 * at a time; `total` (on every row) counts all that match the filters.
 */
export async function listEventsInScope(
  db: Db,
  input: {
    scopePath: string;
    now?: string;
    filters?: EventListFilters;
    limit?: number;
    offset?: number;
  },
) {
  return db
    .selectFrom("event")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .leftJoin("admin_unit as village", "village.id", "event.village_id")
    .select((eb) => [
      "event.id",
      "event.title",
      "event.format",
      "event.status",
      "event.starts_at",
      "event.ends_at",
      "event.venue",
      "event.visibility",
      "event.village_id",
      "host.name as host_name",
      "village.name as village_name",
      checkinCount(eb),
      eb.fn.countAll<number>().over().as("total"),
    ])
    .where(eventInReach(db, input.scopePath))
    .where((eb) => eventListWhere(eb, { filters: input.filters ?? {}, now: input.now ?? now() }))
    .orderBy("event.starts_at", "desc")
    .orderBy("event.id", "desc")
    .limit(input.limit ?? 500)
    .offset(input.offset ?? 0)
    .execute();
}

import { checkinWindow, windowState } from "~/lib/checkin-window";
import type { Actor } from "../audit/audit-log";
import { recordCheckIn } from "../checkin/record-checkin";
import { now } from "../clock";
import type { Db } from "../db";
import { notFound } from "../errors";
import { officePath, placeOfCheckin } from "../people/find-or-add";
import { assertRole, eventInReach, pathInSubtree, refuseOutOfScope, rolesFor } from "../scope";
import { hashPassCode, readPassCode } from "./code";
import { deploymentId } from "./deployment";
import { holderFacts, holdersInScope } from "./holders";

// The organiser's scan at the door: a pass code in, one answer out. Every answer but "checked in"
// is red, and each has its own words. A revoked pass or an unknown code says nothing about anyone.

export type ScanAnswer =
  | { kind: "new" | "already"; name: string; at: string; personId: number }
  | { kind: "not_invited"; name: string }
  | { kind: "revoked" }
  | { kind: "foreign" }
  | { kind: "unknown" }
  | { kind: "closed" };

/** The event at whose door the staff member scans, if it is within their reach. */
function eventAtDoor(db: Db, input: { id: number; actor: Actor }) {
  assertRole(input.actor, rolesFor.manageEvents);
  return db
    .selectFrom("event")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .select([
      "event.id",
      "event.title",
      "event.venue",
      "event.status",
      "event.starts_at",
      "event.ends_at",
      "event.opens_minutes_before",
      "event.closes_minutes_after",
      "event.passes_only",
      "host.id as host_id",
      "host.path as host_path",
      "host.level as host_level",
    ])
    .where("event.id", "=", input.id)
    .where(eventInReach(db, input.actor.unitPath))
    .executeTakeFirst();
}

/** The event at whose door the staff member scans: within reach as the door is, or refused. */
export async function scanEvent(db: Db, input: { id: number; actor: Actor }) {
  const event = await eventAtDoor(db, input);
  if (!event) return refuseOutOfScope(db, "event", input.id);
  return event;
}

/**
 * The event of the offline door's list and sync: one outside the caller's units answers as one
 * that does not exist, so a script walking ids learns nothing of other units' events.
 */
export async function doorEvent(db: Db, input: { id: number; actor: Actor }) {
  const event = await eventAtDoor(db, input);
  if (!event) throw notFound();
  return event;
}

export type ScanEvent = Awaited<ReturnType<typeof scanEvent>>;

/** Published or held, and within its check-in window: the same rule as the resident's page. */
export function isScanOpen(event: ScanEvent, at = now()) {
  if (event.status !== "published" && event.status !== "held") return false;
  return windowState(checkinWindow(event), at) === "open";
}

/** Whether the event keeps an invitation list of people, and if so whether it names this one. */
export async function isInvited(db: Db, eventId: number, personId: number) {
  const listed = db
    .selectFrom("event_invitation")
    .select("person_id")
    .where("event_id", "=", eventId);
  if (await listed.where("person_id", "=", personId).executeTakeFirst()) return true;
  return (await listed.limit(1).executeTakeFirst()) === undefined;
}

/**
 * Whether someone of this unit (the person's own, or a roster's village, a cadre's unit) may be
 * checked in at this event by pass: the event's office holds them (a village's 法律明白人 at the
 * next village's training), or they belong above the host (a sub-district's cadre at a village's
 * session).
 */
export function passWorksAt(holderPath: string, event: ScanEvent) {
  const host = { path: event.host_path, level: event.host_level };
  return pathInSubtree(holderPath, officePath(host)) || pathInSubtree(host.path, holderPath);
}

/**
 * Checks a pass holder in: an ordinary check-in (method pass_scan, recorded by the staff member)
 * counted by the holder's name, group and village or unit as they are now, through the same
 * rule as every check-in (one per person and event; a repeat changes nothing). A pass checks its
 * holder in at any event of their own office or of a unit below theirs (passWorksAt). A scan
 * queued at the offline door is decided as of `at`, when it happened.
 */
export async function scanPass(
  db: Db,
  input: { actor: Actor; eventId: number; text: string; at?: string },
): Promise<ScanAnswer> {
  const event = await scanEvent(db, { id: input.eventId, actor: input.actor });
  if (!isScanOpen(event, input.at)) return { kind: "closed" };
  const read = readPassCode(input.text, await deploymentId(db));
  if (read.kind === "foreign") return { kind: "foreign" };
  if (read.kind === "garbage") return { kind: "unknown" };
  const pass = await db
    .selectFrom("pass")
    .innerJoin("person", "person.id", "pass.person_id")
    .innerJoin("admin_unit as owner", "owner.id", "person.unit_id")
    .select(["pass.person_id", "pass.revoked_at", "owner.path as owner_path"])
    .where("pass.code_hash", "=", hashPassCode(read.code))
    .executeTakeFirst();
  // Another office's pass is as unknown here as a code never issued, revoked or not: it tells
  // nothing of anyone.
  if (!pass || !passWorksAt(pass.owner_path, event)) return { kind: "unknown" };
  if (pass.revoked_at !== null) return { kind: "revoked" };
  // A pass outlives nobody's roster entry: someone retired or gone answers as a revoked pass.
  const holders = await holdersInScope(db, { personId: pass.person_id, scopePath: "/" });
  const holder = holders.find((one) => passWorksAt(one.unitPath, event)) ?? holders[0];
  if (!holder) return { kind: "revoked" };
  if (!(await isInvited(db, event.id, holder.personId))) {
    return { kind: "not_invited", name: holder.name };
  }
  const outcome = await recordCheckIn(db, {
    eventId: event.id,
    place: placeOfCheckin({ id: event.host_id, path: event.host_path, level: event.host_level }),
    person: { id: holder.personId, name: holder.name, phone: null, ...holderFacts(holder) },
    method: "pass_scan",
    recordedBy: input.actor.id,
    consentVersion: null,
    at: input.at,
  });
  return { kind: outcome.status, name: holder.name, at: outcome.at, personId: holder.personId };
}

import { CompiledQuery } from "kysely";
import type { Event, UnitLevel } from "../../../db/schema";
import { checkinWindow, windowState } from "~/lib/checkin-window";
import { normalisePersonName } from "~/lib/person-name";
import type { Db } from "../db";
import { isPostgres } from "./dialect";
import { villagesOfArea } from "../units/units";
import { isTicketValid, isTokenFresh } from "./qr-token";
import type { PersonDetails } from "../people/find-or-add";
import { placeOfCheckin } from "../people/find-or-add";
import type { CheckInOutcome, KnownPerson } from "./record-checkin";
import { TicketUsed, recordCheckIn } from "./record-checkin";

/** Whether a code has the form of an event's check-in code (eight letters of base32). */
export const isCheckinCode = (code: string) => /^[a-z2-7]{8}$/.test(code);

/** What the check-in page needs of an event and the unit that hosts it. */
export type CheckinEvent = Pick<
  Event,
  | "id"
  | "code"
  | "title"
  | "venue"
  | "starts_at"
  | "ends_at"
  | "status"
  | "cancel_reason"
  | "visibility"
  | "village_id"
  | "rotating_qr"
  | "qr_secret"
  | "opens_minutes_before"
  | "closes_minutes_after"
  | "passes_only"
  | "host_unit_id"
> & {
  host_name: string;
  host_parent_id: number | null;
  host_level: UnitLevel;
  host_path: string;
};

/** The columns of the event a check-in reads; its host unit comes from hostOf. */
type EventRow = Omit<CheckinEvent, "host_name" | "host_parent_id" | "host_level" | "host_path">;

/** The columns of the event a check-in reads, in the order of CheckinEvent. */
export const CHECKIN_EVENT_COLUMNS = [
  "id",
  "code",
  "title",
  "venue",
  "starts_at",
  "ends_at",
  "status",
  "cancel_reason",
  "visibility",
  "village_id",
  "rotating_qr",
  "qr_secret",
  "opens_minutes_before",
  "closes_minutes_after",
  "passes_only",
  "host_unit_id",
] as const satisfies readonly (keyof EventRow)[];

/**
 * The statement that reads a check-in's event by its code (the parameter `code`, as the dialect
 * writes it): published, cancelled and held events only. Written out, not built: it runs on every
 * check-in, where Kysely's building would cost more than the query. On PostgreSQL admitCheckin
 * reads the event in one call with the rate count instead (pufa_admit_checkin, the same rule).
 * The event is read afresh by every request (a cancelled event is refused at once by every
 * server); only its host unit is kept a while (hostOf).
 */
const checkinEventQuery = (code: string) =>
  `select ${CHECKIN_EVENT_COLUMNS.map((column) => `event.${column}`).join(", ")}
  from event where event.code = ${code} and event.status <> 'draft'`;

const SQLITE_EVENT = checkinEventQuery("?");
const POSTGRES_EVENT = checkinEventQuery("$1");

export async function findCheckinEvent(db: Db, code: string): Promise<CheckinEvent | null> {
  if (!isCheckinCode(code)) return null;
  const text = isPostgres(db) ? POSTGRES_EVENT : SQLITE_EVENT;
  const { rows } = await db.executeQuery<EventRow>(CompiledQuery.raw(text, [code]));
  return rows[0] ? withHost(db, rows[0]) : null;
}

/** How long a server keeps what it read of a unit for check-ins (its name, its place, villages). */
const UNIT_CACHE_MS = 60_000;

type Host = Pick<CheckinEvent, "host_name" | "host_parent_id" | "host_level" | "host_path">;
const hosts = new WeakMap<Db, Map<number, { at: number; host: Host }>>();

/**
 * The event with its host unit's name and place in the tree, kept 60 s per server like the
 * villages it offers: a renamed or moved unit shows on the check-in page within a minute.
 */
export async function withHost(db: Db, event: EventRow): Promise<CheckinEvent> {
  let cache = hosts.get(db);
  if (!cache) hosts.set(db, (cache = new Map()));
  const cached = cache.get(event.host_unit_id);
  if (cached && Date.now() - cached.at < UNIT_CACHE_MS) return { ...event, ...cached.host };
  const host = await db
    .selectFrom("admin_unit")
    .select([
      "name as host_name",
      "parent_id as host_parent_id",
      "level as host_level",
      "path as host_path",
    ])
    .where("id", "=", event.host_unit_id)
    .executeTakeFirstOrThrow();
  cache.set(event.host_unit_id, { at: Date.now(), host });
  return { ...event, ...host };
}

export type Gate =
  | { kind: "open" }
  | { kind: "cancelled"; reason: string }
  | { kind: "early"; opensAt: string }
  | { kind: "closed"; closesAt: string }
  | { kind: "passes_only" }
  | { kind: "token_expired" };

/**
 * Whether this event takes check-ins now. With a rotating QR, opening the page needs a fresh
 * token from the screen and submitting needs the ticket that page handed out.
 */
export function gateCheckin(
  event: CheckinEvent,
  input: { nowMs: number; token?: string | null; ticket?: string | null },
): Gate {
  if (event.status === "cancelled") return { kind: "cancelled", reason: event.cancel_reason ?? "" };
  const window = checkinWindow(event);
  const state = windowState(window, new Date(input.nowMs).toISOString());
  if (state === "early") return { kind: "early", opensAt: window.opensAt };
  if (state === "closed") return { kind: "closed", closesAt: window.closesAt };
  // Against proxy sign-in: only an organiser scanning personal passes checks people in.
  if (event.passes_only) return { kind: "passes_only" };
  if (event.rotating_qr) {
    const fresh =
      input.ticket != null
        ? isTicketValid(event.qr_secret, input.ticket, input.nowMs)
        : input.token != null && isTokenFresh(event.qr_secret, input.token, input.nowMs);
    if (!fresh) return { kind: "token_expired" };
  }
  return { kind: "open" };
}

/**
 * The invited person this self-scan is: by id (a remembered resident) or by phone and name among
 * the people on the event's list (the oldest, should the list name two with that pair).
 */
async function invitedPerson(db: Db, eventId: number, person: PersonDetails | KnownPerson) {
  if (!person.phone) return undefined;
  const invited = await db
    .selectFrom("event_invitation")
    .innerJoin("person", "person.id", "event_invitation.person_id")
    .select("person.id")
    .where("event_invitation.event_id", "=", eventId)
    .where((eb) =>
      "id" in person
        ? eb("person.id", "=", person.id)
        : eb.and([
            eb("person.phone", "=", person.phone),
            eb("person.name", "=", normalisePersonName(person.name)),
          ]),
    )
    .orderBy("person.id")
    .executeTakeFirst();
  return invited?.id;
}

/**
 * A resident checks themself in (the event already passed its gate): as typed on the form, or as
 * the person this phone remembers. At an internal event it is the invited person that checks in.
 * A rotating QR's ticket admits one new check-in only.
 */
export async function selfCheckIn(
  db: Db,
  input: {
    event: CheckinEvent;
    person: PersonDetails | KnownPerson;
    consentVersion: string;
    ticket: string | null;
    device: string;
  },
): Promise<CheckInOutcome | { status: "not_invited" } | { status: "ticket_used" }> {
  let person = input.person;
  if (input.event.visibility === "internal") {
    const invited = await invitedPerson(db, input.event.id, person);
    if (invited === undefined) return { status: "not_invited" };
    person = { ...person, id: invited };
  }
  try {
    return await recordCheckIn(db, {
      eventId: input.event.id,
      place: checkinPlaceOf(input.event),
      person,
      method: "self_scan",
      recordedBy: null,
      consentVersion: input.consentVersion,
      ticket: input.ticket,
      device: input.device,
    });
  } catch (error) {
    if (error instanceof TicketUsed) return { status: "ticket_used" };
    throw error;
  }
}

/** Where the people of this event's check-ins are found or added. */
export const checkinPlaceOf = (event: CheckinEvent) =>
  placeOfCheckin({ id: event.host_unit_id, path: event.host_path, level: event.host_level });

const villageCache = new Map<
  number,
  { at: number; villages: { id: number; name: string; label: string }[] }
>();

/**
 * The villages a resident may pick: those of the area the event belongs to, none retired, each
 * labelled where its name repeats (cached 60 s).
 */
export async function villagesForEvent(db: Db, event: CheckinEvent) {
  const cached = villageCache.get(event.host_unit_id);
  if (cached && Date.now() - cached.at < UNIT_CACHE_MS) return cached.villages;
  const villages = await villagesOfArea(db, {
    id: event.host_unit_id,
    level: event.host_level,
    parentId: event.host_parent_id,
  });
  villageCache.set(event.host_unit_id, { at: Date.now(), villages });
  return villages;
}

import type { WindowState } from "~/lib/checkin-window";
import { checkinWindow, windowState } from "~/lib/checkin-window";
import type { Db } from "../db";
import { currentToken, secondsToNextToken } from "../checkin/qr-token";
import { eventInReach, refuseOutOfScope } from "../scope";
import { checkinLink } from "./poster";
import { qrSvg } from "./qr";

/** How often the projector asks for the count when the code does not rotate. */
const POLL_SECONDS = 5;

/** Where the projector stands: the check-in window's state, or cancelled whatever the time. */
export type ProjectorPhase = WindowState | "cancelled";

/**
 * What the projector shows now: the count of check-ins and, while check-in is open, the QR code,
 * which carries the current token when the event rotates its code. Before the window opens, after
 * it closes and for a cancelled event no code leaves the server, only the phase (and the opening
 * time). The event's secret stays here.
 */
export async function getProjectorState(
  db: Db,
  input: { id: number; scopePath: string; base: string; nowMs?: number },
) {
  const event = await db
    .selectFrom("event")
    .select((eb) => [
      "event.id",
      "event.code",
      "event.title",
      "event.status",
      "event.rotating_qr",
      "event.qr_secret",
      "event.starts_at",
      "event.ends_at",
      "event.opens_minutes_before",
      "event.closes_minutes_after",
      eb
        .selectFrom("checkin")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .whereRef("checkin.event_id", "=", "event.id")
        .as("count"),
    ])
    .where("event.id", "=", input.id)
    .where(eventInReach(db, input.scopePath))
    .executeTakeFirst();
  if (!event) return refuseOutOfScope(db, "event", input.id);
  const nowMs = input.nowMs ?? Date.now();
  const rotating = event.rotating_qr === 1;
  const link = checkinLink(input.base, event.code);
  const window = checkinWindow(event);
  const phase: ProjectorPhase =
    event.status === "cancelled" ? "cancelled" : windowState(window, new Date(nowMs).toISOString());
  const open = phase === "open";
  const scanned = rotating
    ? checkinLink(input.base, event.code, currentToken(event.qr_secret, nowMs))
    : link;
  return {
    id: event.id,
    title: event.title,
    status: event.status,
    phase,
    opensAt: window.opensAt,
    rotating,
    link: open ? link : null,
    count: Number(event.count ?? 0),
    qrSvg: open ? await qrSvg(scanned) : null,
    refreshInSeconds:
      open && rotating ? Math.min(POLL_SECONDS, secondsToNextToken(nowMs)) : POLL_SECONDS,
  };
}

import type { Db } from "../db";
import { currentToken, secondsToNextToken } from "../checkin/qr-token";
import { eventInReach, refuseOutOfScope } from "../scope";
import { checkinLink } from "./poster";
import { qrSvg } from "./qr";

/** How often the projector asks for the count when the code does not rotate. */
const POLL_SECONDS = 5;

/**
 * What the projector shows now: the count of check-ins and the QR code, which carries the current
 * token when the event rotates its code. The event's secret stays here; only the code leaves.
 */
export async function getProjectorState(
  db: Db,
  input: { id: number; scopePath: string; base: string; nowMs?: number },
) {
  const event = await db
    .selectFrom("event")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .leftJoin("admin_unit as venue_village", "venue_village.id", "event.village_id")
    .select((eb) => [
      "event.id",
      "event.code",
      "event.title",
      "event.status",
      "event.rotating_qr",
      "event.qr_secret",
      eb
        .selectFrom("checkin")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .whereRef("checkin.event_id", "=", "event.id")
        .as("count"),
    ])
    .where("event.id", "=", input.id)
    .where((eb) => eventInReach(eb.ref("host.path"), eb.ref("venue_village.path"), input.scopePath))
    .executeTakeFirst();
  if (!event) return refuseOutOfScope(db, "event", input.id);
  const nowMs = input.nowMs ?? Date.now();
  const rotating = event.rotating_qr === 1;
  const link = checkinLink(input.base, event.code);
  const scanned = rotating
    ? checkinLink(input.base, event.code, currentToken(event.qr_secret, nowMs))
    : link;
  return {
    id: event.id,
    title: event.title,
    status: event.status,
    rotating,
    link,
    count: Number(event.count ?? 0),
    qrSvg: await qrSvg(scanned),
    refreshInSeconds: rotating ? Math.min(POLL_SECONDS, secondsToNextToken(nowMs)) : POLL_SECONDS,
  };
}

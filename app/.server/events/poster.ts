import { networkInterfaces } from "node:os";
import { eventInReach, refuseOutOfScope } from "../scope";
import { checkinWindow } from "~/lib/checkin-window";
import type { Db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import type { LinkBase } from "./link-base";
import { chooseLinkBase, linkWarning } from "./link-base";
import { qrPng, qrSvg } from "./qr";

/**
 * The base of every printed, projected and calendar link, and what chose it: PUBLIC_URL, which
 * start-up requires outside demo mode, so a request's Host header never chooses where a poster
 * sends residents. Only a demo without it uses the address this request came to, or this
 * machine's LAN address when that is localhost (see link-base.ts).
 */
export function linkBaseOf(request: Request) {
  return chooseLinkBase({
    publicUrl: env.PUBLIC_URL,
    demo: env.demo,
    requestUrl: request.url,
    interfaces: networkInterfaces,
  });
}

export function publicBase(request: Request) {
  return linkBaseOf(request).base;
}

/** The stable check-in link of an event; a rotating token rides along as ?t=. */
export function checkinLink(base: string, code: string, token?: string) {
  const link = `${base}/c/${code}`;
  return token ? `${link}?t=${encodeURIComponent(token)}` : link;
}

/** What a poster shows of an event within the caller's reach. */
async function posterEvent(db: Db, input: { id: number; scopePath: string }) {
  const event = await db
    .selectFrom("event")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .leftJoin("admin_unit as village", "village.id", "event.village_id")
    .select([
      "event.id",
      "event.code",
      "event.title",
      "event.venue",
      "event.starts_at",
      "event.ends_at",
      "event.status",
      "event.rotating_qr",
      "event.laws",
      "event.speaker",
      "event.speaker_role",
      "event.opens_minutes_before",
      "event.closes_minutes_after",
      "host.name as host_name",
      "village.name as village_name",
    ])
    .where("event.id", "=", input.id)
    .where(eventInReach(db, input.scopePath))
    .executeTakeFirst();
  if (!event) return refuseOutOfScope(db, "event", input.id);
  // A cancelled event takes no check-ins: nothing to print, download or put up any more.
  if (event.status === "cancelled") throw new AppError("CONFLICT", "events.cancelledNoPoster");
  return event;
}

/**
 * The printed poster: the event, its stable check-in link and that link's QR code. A rotating
 * event gets no printed code: the stable link is refused while rotation is on, so its poster
 * sends residents to the screen instead.
 */
export async function getPoster(db: Db, input: { id: number; scopePath: string; base: LinkBase }) {
  const event = await posterEvent(db, input);
  const link = checkinLink(input.base.base, event.code);
  const rotating = event.rotating_qr === 1;
  return {
    id: event.id,
    code: event.code,
    title: event.title,
    venue: event.venue,
    villageName: event.village_name,
    hostName: event.host_name,
    laws: event.laws,
    speaker: event.speaker,
    speakerRole: event.speaker_role,
    startsAt: event.starts_at,
    endsAt: event.ends_at,
    opensAt: checkinWindow(event).opensAt,
    status: event.status,
    rotating,
    link,
    linkWarning: linkWarning(input.base),
    qrSvg: rotating ? null : await qrSvg(link),
  };
}

/** The stable check-in QR code of an event in the scope, for download. */
export async function getQrDownload(
  db: Db,
  input: { id: number; scopePath: string; base: string; format: "svg" | "png" },
) {
  const event = await posterEvent(db, input);
  const link = checkinLink(input.base, event.code);
  const filename = `pufa-checkin-${event.code}.${input.format}`;
  return input.format === "svg"
    ? { filename, contentType: "image/svg+xml; charset=utf-8", body: await qrSvg(link) }
    : { filename, contentType: "image/png", body: new Uint8Array(await qrPng(link)) };
}

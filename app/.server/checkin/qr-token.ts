import { createHmac, timingSafeEqual } from "node:crypto";

// A projected QR code carries a token that changes every 15 s. The page a resident opens with a
// fresh token gets a signed ticket, valid long enough to type a name and number; a photo of the
// code forwarded to someone at home is stale by the time they open it.

export const ROTATION_SECONDS = 15;
/** A token stays valid for the slot after its own: a code scanned as it changes still works. */
const GRACE_SLOTS = 1;
export const TICKET_MINUTES = 15;

const slotAt = (ms: number) => Math.floor(ms / (ROTATION_SECONDS * 1000));

function sign(secret: string, text: string, length: number) {
  return createHmac("sha256", secret).update(text).digest("base64url").slice(0, length);
}

export function tokenForSlot(secret: string, slot: number) {
  return sign(secret, `slot:${slot}`, 10);
}

export function currentToken(secret: string, nowMs = Date.now()) {
  return tokenForSlot(secret, slotAt(nowMs));
}

/** Seconds until the token shown now is replaced (for the projector's refresh). */
export function secondsToNextToken(nowMs = Date.now()) {
  return ROTATION_SECONDS - Math.floor((nowMs / 1000) % ROTATION_SECONDS);
}

/**
 * Compares in constant time. The byte lengths decide, not the string lengths: a multibyte
 * character is one character but several bytes, and timingSafeEqual throws on unequal lengths.
 */
function same(expected: string, given: string) {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function isTokenFresh(secret: string, token: string, nowMs = Date.now()) {
  const slot = slotAt(nowMs);
  for (let back = 0; back <= GRACE_SLOTS; back++) {
    if (same(tokenForSlot(secret, slot - back), token)) return true;
  }
  return false;
}

export function issueTicket(secret: string, nowMs = Date.now()) {
  return `${nowMs}.${sign(secret, `ticket:${nowMs}`, 16)}`;
}

/**
 * A ticket is valid only in the exact form issueTicket wrote it: it is stored with the check-in it
 * admits and unique per event, so a second spelling of the same ticket (a leading zero, an extra
 * segment) must not count as another ticket.
 */
export function isTicketValid(secret: string, ticket: string, nowMs = Date.now()) {
  const parts = /^([1-9]\d{0,15})\.([\w-]{16})$/.exec(ticket);
  if (!parts) return false;
  const issuedMs = Number(parts[1]);
  if (!Number.isSafeInteger(issuedMs) || issuedMs > nowMs + 60_000) return false;
  if (nowMs - issuedMs > TICKET_MINUTES * 60_000) return false;
  return same(sign(secret, `ticket:${issuedMs}`, 16), parts[2]!);
}

import { createHash, randomBytes } from "node:crypto";
import { signedCookie } from "../cookies";

// The two cookies a resident's phone keeps under /c: who it remembers, and which phone it is.

export const rememberCookie = signedCookie("pufa_me", {
  path: "/c",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

/**
 * The cookie names the person this phone itself created or matched by typing phone and name, and
 * the privacy notice agreed to on it. Anything else (a bare id, as cookies held before a check-in
 * was known by phone and name) is no one.
 */
export type Remembered = { person: number; consent: string };

export const isRemembered = (value: unknown): value is Remembered =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Remembered).person === "number" &&
  typeof (value as Remembered).consent === "string";

/**
 * A long-lived random id of the phone, unsigned (it proves nothing, it only tells phones apart):
 * its SHA-256 goes with each self check-in, so one phone checking in several people at one
 * session shows on the organiser's list. A phone that clears it merely looks new.
 */
const DEVICE_COOKIE = "pufa_device";
const DEVICE_MAX_AGE = 60 * 60 * 24 * 365 * 5;

const hashOf = (id: string) => createHash("sha256").update(id).digest("hex").slice(0, 32);

/** The hash of the phone's device id, if it holds one. */
export function heldDevice(cookie: string | null) {
  const held = /(?:^|;\s*)pufa_device=([0-9a-f]{64})(?:;|$)/.exec(cookie ?? "")?.[1];
  return held ? hashOf(held) : null;
}

/** The phone's device hash, and the cookie that gives it an id when it has none yet. */
export function deviceOf(cookie: string | null) {
  const held = /(?:^|;\s*)pufa_device=([0-9a-f]{64})(?:;|$)/.exec(cookie ?? "")?.[1];
  const id = held ?? randomBytes(32).toString("hex");
  return {
    hash: hashOf(id),
    cookies: held
      ? []
      : [`${DEVICE_COOKIE}=${id}; Max-Age=${DEVICE_MAX_AGE}; Path=/c; HttpOnly; SameSite=Lax`],
  };
}

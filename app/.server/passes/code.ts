// A pass code is what a holder's card carries: typeable by hand at the door, and unguessable.
// Twelve characters of Crockford's base32 are 60 random bits, in an alphabet without letters
// that look like digits (no I, L, O, U); what is typed is read leniently (any case, with or
// without the dashes, O for 0 and I or L for 1), as Crockford's scheme intends.

import { createHash, createHmac, randomBytes } from "node:crypto";
import { ALPHABET, CODE_LENGTH } from "~/lib/pass-text";

// Reading typed text is shared with the scan page (app/lib/pass-text.ts).
export { CODE_LENGTH, readPassCode } from "~/lib/pass-text";
export type { ReadCode } from "~/lib/pass-text";

const GROUP = 4;

/** The QR's prefix: "PUFA1:<deployment>:<code>"; the deployment tells our passes from others'. */
const QR_PREFIX = "PUFA1";

/**
 * A pass's code, canonical (upper case, no dashes), made from its nonce and the server's secret:
 * 12 characters of an HMAC-SHA256, 60 bits. The database keeps the nonce and the code's hash, so
 * a copy of it prints no working card; the server makes the code again whenever it prints one.
 */
export function passCodeOf(secret: string, nonce: string) {
  const bytes = createHmac("sha256", secret).update(`pass:${nonce}`).digest();
  // 256 is a multiple of 32: every byte's low five bits are uniform, nothing is skewed.
  return Array.from(bytes.subarray(0, CODE_LENGTH), (byte) => ALPHABET[byte & 31]).join("");
}

/** A new pass: its random nonce, its code, and the hash that is stored. */
export function newPass(secret: string) {
  const nonce = randomBytes(16).toString("hex");
  const code = passCodeOf(secret, nonce);
  return { nonce, code, hash: hashPassCode(code) };
}

/** What the database holds of a code, and what a scan looks up. */
export function hashPassCode(code: string) {
  return createHash("sha256").update(code).digest("hex");
}

/** "K7QM2XPD9HTR" -> "K7QM-2XPD-9HTR", as printed and shown. */
export function groupCode(code: string) {
  return code.match(new RegExp(`.{1,${GROUP}}`, "g"))?.join("-") ?? code;
}

/** What the QR on a card carries. */
export function passQrText(deployment: string, code: string) {
  return `${QR_PREFIX}:${deployment}:${code}`;
}

/** A fresh deployment id: 16 characters (80 bits), so two installations never share one. */
export function newDeploymentId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => ALPHABET[byte & 31]).join("");
}

// How typed or scanned text reads as a pass code: pure, so the scan page can decide a scan on
// the device when the door has no signal, by the same rule as the server.

export const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const CODE_LENGTH = 12;

export type ReadCode = { kind: "code"; code: string } | { kind: "foreign" } | { kind: "garbage" };

/** Typed or scanned text as a canonical code, if it can be one. */
function canonical(text: string) {
  const folded = text.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (folded.length !== CODE_LENGTH) return null;
  return [...folded].every((c) => ALPHABET.includes(c)) ? folded : null;
}

/**
 * What a scanner or a keyboard sent: a code of this deployment (the QR's text, or the code alone
 * as typed), a pass of another deployment (its QR names another one), or nothing we know.
 */
export function readPassCode(input: string, deployment: string): ReadCode {
  const text = input.trim();
  if (text.length > 100) return { kind: "garbage" };
  const qr = /^PUFA\d+:([0-9A-Z]+):(.*)$/i.exec(text);
  if (qr) {
    if (qr[1]!.toUpperCase() !== deployment) return { kind: "foreign" };
    const code = canonical(qr[2]!);
    return code ? { kind: "code", code } : { kind: "garbage" };
  }
  const code = canonical(text);
  return code ? { kind: "code", code } : { kind: "garbage" };
}

import { maskPhone } from "~/lib/checkin-window";

// What staff type (a summary, minutes, a duty entry, an absentee's reason) can hold a resident's
// mobile number or ID card number. The app's own pages show it as typed, to staff who may see
// it; a file that leaves the app (a Word paper, the year's 台账) carries it masked, as the
// sign-in sheet masks the phones it lists.

/** A digit as typed: ASCII, or full-width from a Chinese input method. */
const D = "[0-9０-９]";
/** One separator people type inside a number: a space, an ideographic space or a dash. */
const S = "[ \\u3000\\-‐‑–—－]?";

/**
 * An ID card number (18 characters: six of region, eight of birth date, three of sequence and a
 * check digit or X), as 6-8-4 perhaps apart; or a mainland mobile number (1[3-9] and nine more
 * digits, as 3-4-4 perhaps apart, after +86 perhaps). Neither within a longer run of digits.
 */
const NUMBERS = new RegExp(
  [
    `(?<![0-9０-９A-Za-z])(?<id>[1-9１-９]${D}{5}${S}(?:1[89]|20|１[８９]|２０)${D}{6}${S}${D}{3}[0-9０-９XxＸｘ])(?![0-9０-９A-Za-z])`,
    `(?<![0-9０-９])(?:(?:\\+|＋)?(?:86|８６)${S})?(?<phone>[1１][3-9３-９]${D}${S}${D}{4}${S}${D}{4})(?![0-9０-９])`,
  ].join("|"),
  "gu",
);

/** The characters of a number alone: full-width folded, separators dropped. */
const digitsOf = (text: string) => text.normalize("NFKC").replace(/[^0-9Xx]/g, "");

/** An ID card number as 320***********123X: the first three and the last four, as a phone. */
const maskId = (id: string) => `${id.slice(0, 3)}${"*".repeat(id.length - 7)}${id.slice(-4)}`;

/**
 * The text with every mobile number masked as 138****8000 (the sign-in sheet's mask; "138 0013
 * 8000", "138-0013-8000" and "+86 13800138000" alike) and every ID card number as
 * 320***********123X. Everything else is left as typed.
 */
export function maskNumbersIn(text: string) {
  return text.replace(NUMBERS, (match, ...args) => {
    const groups = args.at(-1) as { id?: string; phone?: string };
    if (groups.id) return maskId(digitsOf(groups.id).toUpperCase());
    return maskPhone(digitsOf(groups.phone ?? match));
  });
}

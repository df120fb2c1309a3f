import { maskPhone } from "~/lib/checkin-window";

// What staff type (a summary, minutes, a duty entry, an absentee's reason) can hold a resident's
// mobile number or ID card number. The app's own pages show it as typed, to staff who may see
// it; a file that leaves the app (a Word paper, the year's 台账) carries it masked, as the
// sign-in sheet masks the phones it lists.

/** A digit as typed: ASCII, or full-width from a Chinese input method. */
const D = "[0-9０-９]";
/** A character of a run: a digit, or 〇 between two digits (typed for a zero, or to part groups). */
const UNIT = `(?:${D}|(?<=${D}〇*)〇(?=〇*${D}))`;
/** What people type between the digits of a number: spaces, dots, dashes, brackets. */
const S = "[\\s.\\-‐‑–—－·()（）]";
/** At most this many separators in one gap; more part two runs. */
const GAP = 4;

/**
 * A run of digits however it is broken (a plus sign before it perhaps, a check digit X after
 * it perhaps), whole: never the tail or the head of a longer run.
 */
const RUN = new RegExp(
  `(?<!${D}${S}{0,${GAP}})[+＋]?${D}(?:${S}{0,${GAP}}${UNIT})*(?:${S}{0,${GAP}}[XxＸｘ])?(?!${S}{0,${GAP}}${D})`,
  "gu",
);
/** A number within a run spans at most this many groups typed apart by spaces. */
const PARTS = 8;

const MOBILE = /^(?:0086|86)?(1[3-9]\d{9})$/;
const BORN = "(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\\d|3[01])";
/** An ID card number: 18 characters (born 18xx-20xx, a check digit or X), or the old 15 digits. */
const ID = new RegExp(`^[1-9]\\d{5}(?:(?:18|19|20)\\d{2}${BORN}\\d{3}[\\dX]|\\d{2}${BORN}\\d{3})$`);

/** The characters of a number alone: full-width folded, 〇 read as `zero`, separators dropped. */
const digitsOf = (text: string, zero: string) =>
  text
    .normalize("NFKC")
    .replace(/〇/g, zero)
    .replace(/[^0-9Xx]/g, "")
    .toUpperCase();

/** An ID card number as 320***********123X: the first three and the last four, as a phone. */
const maskId = (id: string) => `${id.slice(0, 3)}${"*".repeat(id.length - 7)}${id.slice(-4)}`;

/**
 * The masked form of a number, or undefined when the characters are no mobile and no ID, with
 * 〇 read as a zero (138〇〇138000) or else as a separator (138〇0013〇8000).
 */
function masked(text: string) {
  for (const digits of new Set([digitsOf(text, "0"), digitsOf(text, "")])) {
    const mobile = MOBILE.exec(digits)?.[1];
    if (mobile) return maskPhone(mobile);
    if (ID.test(digits)) return maskId(digits);
  }
  return undefined;
}

/**
 * A run as a whole, else its parts between spaces: "2024-05-01 13800138000" and "13800138000
 * 13900001111" hold whole numbers apart, where "0512-6666 8888" holds none. The longest part
 * from the left wins (PARTS groups at most); a number is never cut out of digits typed together.
 */
function maskRun(run: string) {
  const whole = masked(run);
  if (whole) return whole;
  const parts = run.split(/(\s+)/u);
  let out = "";
  for (let from = 0; from < parts.length; from += 2) {
    let found = false;
    for (let to = Math.min(parts.length - 1, from + 2 * (PARTS - 1)); to >= from; to -= 2) {
      const mask = masked(parts.slice(from, to + 1).join(""));
      if (mask) {
        out += mask + (parts[to + 1] ?? "");
        from = to;
        found = true;
        break;
      }
    }
    if (!found) out += parts[from] + (parts[from + 1] ?? "");
  }
  return out;
}

/**
 * The text with every mobile number masked as 138****8000 (the sign-in sheet's mask; "138 0013
 * 8000", "138.0013.8000", "1380 0138 000", "+86 (138) 0013 8000", "138〇0013〇8000" alike) and
 * every ID card number, 18 characters or the old 15 digits, as 320***********123X. Dates,
 * times, counts, landlines and other runs of digits are left as typed.
 */
export function maskNumbersIn(text: string) {
  return text.replace(RUN, maskRun);
}

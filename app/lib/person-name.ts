import { storableString } from "./schemas";

/**
 * Characters a name never needs and that make two spellings of one name look alike on screen:
 * format characters (zero-width spaces and joiners, direction marks, the byte-order mark, the soft
 * hyphen), control characters, variation selectors, the combining grapheme joiner and the Hangul
 * fillers, which render as nothing. A control character that breaks a line or tabs becomes a
 * space; the others go.
 */
const invisible = /[\p{Cf}\p{Cc}\p{Variation_Selector}\u3164\uFFA0]|\u034F|\u115F|\u1160/gu;
const spacing = /[\t\n\v\f\r\u0085]/;

/**
 * A person is known by phone and name together, so one name must have one spelling: full-width
 * letters and compatibility forms folded (NFKC), invisible characters taken out, no spaces at the
 * ends, one space inside.
 */
export function normalisePersonName(text: string) {
  return text
    .normalize("NFKC")
    .replace(invisible, (char) => (spacing.test(char) ? " " : ""))
    .trim()
    .replace(/\s+/g, " ");
}

/** A person's name as typed on a form, normalised before its length is checked. */
export const personNameSchema = storableString()
  .overwrite(normalisePersonName)
  .min(1, { message: "form.required" })
  .max(40, { message: "form.tooLong" });

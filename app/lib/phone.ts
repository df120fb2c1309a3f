import { z } from "zod";

/** A mainland mobile number: 11 digits, the first 1, the second 3 to 9. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** Spaces, dashes, dots and brackets people type or paste inside a number. */
const SEPARATORS = /[\s\-‐‑‒–—―.()]/g;
/** The country code in front: "+86", "0086" or "86" (then 13 digits in all). */
const COUNTRY_CODE = /^(?:\+86|0086|86(?=\d{11}$))/;

/**
 * A mobile number as stored: full-width digits and signs folded (NFKC), separators dropped, the
 * country code taken off. "+86 138-0000-0001" and "１３８ ００００ ０００１" are 13800000001.
 * Anything else comes back as it was typed once folded, for the pattern to refuse.
 */
export function normalisePhone(text: string) {
  return text.normalize("NFKC").replace(SEPARATORS, "").replace(COUNTRY_CODE, "");
}

/** Whether the text is a mainland mobile number once normalised. */
export const isMobile = (text: string) => MOBILE_PATTERN.test(normalisePhone(text));

export const phoneSchema = z
  .string({ message: "form.phoneFormat" })
  .transform(normalisePhone)
  .pipe(z.string().regex(MOBILE_PATTERN, { message: "form.phoneFormat" }));

import { storableString } from "./schemas";

/**
 * A person is known by phone and name together, so one name must have one spelling: full-width
 * letters and compatibility forms folded (NFKC), no spaces at the ends, one space inside.
 */
export function normalisePersonName(text: string) {
  return text.normalize("NFKC").trim().replace(/\s+/g, " ");
}

/** A person's name as typed on a form, normalised before its length is checked. */
export const personNameSchema = storableString()
  .overwrite(normalisePersonName)
  .min(1, { message: "form.required" })
  .max(40, { message: "form.tooLong" });

import { z } from "zod";

/**
 * A person is known by phone and name together, so one name must have one spelling: full-width
 * letters and compatibility forms folded (NFKC), no spaces at the ends, one space inside.
 */
export function normalisePersonName(text: string) {
  return text.normalize("NFKC").trim().replace(/\s+/g, " ");
}

/** A person's name as typed on a form, normalised before its length is checked. */
export const personNameSchema = z
  .string({ message: "form.required" })
  .overwrite(normalisePersonName)
  // PostgreSQL cannot store the NUL character in text: refused like any other bad value.
  .refine((value) => !value.includes("\u0000"), { message: "form.invalidCharacters" })
  .min(1, { message: "form.required" })
  .max(40, { message: "form.tooLong" });

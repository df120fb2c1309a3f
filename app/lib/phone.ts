import { z } from "zod";

/** A mainland mobile number: 11 digits, the first 1, the second 3 to 9. */
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;

/** Spaces and dashes people type inside a number are ignored. */
export const phoneSchema = z
  .string({ message: "form.phoneFormat" })
  .transform((value) => value.replace(/[\s-]/g, ""))
  .pipe(z.string().regex(MOBILE_PATTERN, { message: "form.phoneFormat" }));

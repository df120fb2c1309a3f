import { z } from "zod";
import { sensitiveReadPurposes } from "../../db/schema";
import type { MessageKey } from "./i18n";
import { phoneSchema } from "./phone";
import { storableString } from "./schemas";
import { isCalendarDay } from "./time";

const msg = (key: MessageKey) => ({ message: key });

/** A reason typed for a sensitive read: said in a few words, kept short. */
const reasonSchema = storableString()
  .trim()
  .min(1, msg("form.required"))
  .min(4, msg("people.reasonShort"))
  .max(200, msg("form.tooLong"));

/** Looking a person up: their full phone and why. */
export const personLookupSchema = z.object({
  phone: z.string(msg("form.required")).trim().min(1, msg("form.required")).pipe(phoneSchema),
  reason: reasonSchema,
});

/** Exporting a person's data: the format and why. */
export const personExportSchema = z.object({
  format: z.enum(["xlsx", "json"], msg("form.invalidChoice")),
  reason: reasonSchema,
});

const day = z
  .string()
  .trim()
  .refine((value) => value === "" || isCalendarDay(value), msg("form.dateFormat"))
  .optional()
  .transform((value) => value || undefined);

/** The sensitive-read log's filter and page, from the page's query string (a GET form). */
export const sensitiveReadFilterSchema = z
  .object({
    actor: storableString()
      .trim()
      .max(32, msg("form.tooLong"))
      .optional()
      .transform((value) => value || undefined),
    purpose: z
      .enum([...sensitiveReadPurposes, ""], msg("form.invalidChoice"))
      .optional()
      .transform((value) => value || undefined),
    from: day,
    to: day,
    page: z
      .string()
      .regex(/^\d{1,6}$/, msg("form.invalidChoice"))
      .optional()
      .transform((value) => Math.max(1, Number(value ?? 1))),
  })
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.from > value.to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "reads.fromAfterTo" });
    }
  });

/** Erasing a person: the tick that confirms it. */
export const personEraseSchema = z.object({
  confirm: z.literal("1", msg("person.mustConfirm")),
});

import { z } from "zod";
import { legalSavvyCategories, rosterStatuses } from "../../db/schema";
import type { MessageKey } from "./i18n";
import { personNameSchema } from "./person-name";
import { phoneSchema } from "./phone";
import { recordIdSchema, storableString } from "./schemas";
import { isCalendarDay } from "./time";

const msg = (key: MessageKey) => ({ message: key });

const optionalText = (max: number) =>
  storableString()
    .trim()
    .max(max, msg("form.tooLong"))
    .optional()
    .transform((value) => value || null);

/** A calendar day that exists (not 2026-02-30), or nothing. */
const optionalDay = storableString()
  .trim()
  .refine((value) => value === "" || isCalendarDay(value), msg("form.dateFormat"))
  .optional()
  .transform((value) => value || null);

const requiredDay = storableString()
  .trim()
  .min(1, msg("form.required"))
  .refine((value) => isCalendarDay(value), msg("form.dateFormat"));

export const categorySchema = z.enum(legalSavvyCategories, msg("form.invalidChoice"));

/** A 法律明白人 as staff enter them: the person (name and phone) and their roster entry. */
export const learnerSchema = z.object({
  name: personNameSchema,
  phone: phoneSchema,
  villageId: recordIdSchema,
  category: categorySchema,
  recognisedOn: optionalDay,
  certificateNo: optionalText(40),
  adviser: optionalText(40),
});
export type LearnerInput = z.output<typeof learnerSchema>;

export const retireSchema = z.object({
  retiredOn: requiredDay,
  reason: storableString().trim().min(1, msg("form.required")).max(200, msg("form.tooLong")),
});

/** The forms of a roster entry's edit page, told apart by their hidden `intent` field. */
export const learnerActionSchema = z.discriminatedUnion("intent", [
  learnerSchema.extend({ intent: z.literal("update") }),
  retireSchema.extend({ intent: z.literal("retire") }),
  z.object({ intent: z.literal("reinstate") }),
]);

/** A number typed into a field: empty is "required", anything else must read as a number. */
const typedNumber = (bounds: MessageKey) =>
  storableString()
    .trim()
    .min(1, msg("form.required"))
    .max(12, msg(bounds))
    .transform(Number)
    .pipe(z.number(msg(bounds)).refine(Number.isFinite, msg(bounds)));

/** The office's targets as the form takes them: hours (halves allowed), stored as minutes. */
export const targetsSchema = z.object({
  unitId: recordIdSchema,
  rosterPerVillage: typedNumber("roster.targets.rosterBounds").refine(
    (n) => Number.isInteger(n) && n >= 3 && n <= 50,
    msg("roster.targets.rosterBounds"),
  ),
  trainingHours: typedNumber("roster.targets.hoursBounds")
    .refine((n) => n >= 0 && n <= 200, msg("roster.targets.hoursBounds"))
    .refine((n) => Number.isInteger(n * 2), msg("roster.targets.hoursHalves")),
  attendancePercent: typedNumber("roster.targets.rateBounds").refine(
    (n) => Number.isInteger(n) && n >= 1 && n <= 100,
    msg("roster.targets.rateBounds"),
  ),
});
export type TargetsInput = z.output<typeof targetsSchema>;

export const rosterStatusSchema = z.enum(rosterStatuses);

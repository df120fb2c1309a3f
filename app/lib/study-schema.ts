import { z } from "zod";
import { absenceReasons, cadreStatuses, lawDutyReportForms, studyKinds } from "../../db/schema";
import { creditHours } from "./event-schema";
import type { MessageKey } from "./i18n";
import { phoneSchema } from "./phone";
import { recordIdSchema, storableString } from "./schemas";
import { isCalendarDay, shanghaiLocalToIso } from "./time";

const msg = (key: MessageKey) => ({ message: key });

const text = (max: number) =>
  storableString().trim().min(1, msg("form.required")).max(max, msg("form.tooLong"));

const optionalText = (max: number) =>
  storableString()
    .trim()
    .max(max, msg("form.tooLong"))
    .optional()
    .transform((value) => value || null);

const checkbox = z
  .string()
  .optional()
  .transform((value) => value === "on");

/** How a 述法 was evaluated: the office's own scale. */
export const evaluations = ["excellent", "good", "fair", "poor"] as const;

/** The quarters of a year, 1 to 4, in Beijing time. */
export const quarters = [1, 2, 3, 4] as const;

export const cadreSchema = z
  .object({
    name: text(40),
    phone: phoneSchema,
    unitId: recordIdSchema,
    department: optionalText(60),
    position: text(60),
    lawEnforcement: checkbox,
    status: z.enum(cadreStatuses, msg("form.invalidChoice")),
    leftOn: z
      .string()
      .trim()
      .optional()
      .refine((value) => !value || isCalendarDay(value), msg("form.dateFormat"))
      .transform((value) => value || null),
  })
  .superRefine((value, ctx) => {
    if (value.status === "left" && !value.leftOn) {
      ctx.addIssue({ code: "custom", path: ["leftOn"], message: "study.form.leftOnNeeded" });
    }
  })
  .transform((value) => ({ ...value, leftOn: value.status === "left" ? value.leftOn : null }));

export type CadreInput = z.output<typeof cadreSchema>;

const localDateTime = z
  .string(msg("form.required"))
  .trim()
  .min(1, msg("form.required"))
  .transform((value, ctx) => {
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? shanghaiLocalToIso(value) : null;
    if (!iso) ctx.addIssue({ code: "custom", message: "form.dateTimeFormat" });
    return iso ?? "";
  });

const cadreIds = z
  .array(recordIdSchema, msg("form.invalidChoice"))
  .max(500, msg("form.invalidChoice"))
  .min(1, msg("study.form.chooseInvitees"));

/** A new study session: an internal event of a study kind, its list chosen from the cadres. */
export const studySessionSchema = z
  .object({
    title: text(80),
    studyKind: z.enum(studyKinds, msg("form.invalidChoice")),
    hostUnitId: recordIdSchema,
    venue: text(100),
    startsAt: localDateTime,
    endsAt: localDateTime,
    speaker: optionalText(40),
    chair: optionalText(40),
    training: checkbox,
    creditMinutes: creditHours,
    cadreIds,
  })
  .superRefine((value, ctx) => {
    if (value.startsAt && value.endsAt && value.endsAt <= value.startsAt) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "form.endBeforeStart" });
    }
  });

export type StudySessionInput = z.output<typeof studySessionSchema>;

/** The forms of a session's page: who is invited, and why an absentee did not come. */
export const sessionActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    cadreIds: z.array(recordIdSchema, msg("form.invalidChoice")).max(500),
  }),
  z.object({
    intent: z.literal("absence"),
    personId: recordIdSchema,
    reason: z.enum(absenceReasons, msg("study.form.reasonNeeded")),
    note: optionalText(200),
  }),
]);

const planned = z
  .string(msg("study.form.plannedRange"))
  .trim()
  .regex(/^\d{0,2}$/, msg("study.form.plannedRange"))
  .optional()
  .transform((value) => (value ? Number(value) : 0));

/** The plan grid's field for one kind and quarter. */
export const planField = (kind: string, quarter: number) => `${kind}-q${quarter}`;

/** The yearly plan: sessions planned per study kind and quarter, 0 to 99. */
export const studyPlanSchema = z.object({
  year: z.coerce
    .number(msg("study.form.yearRange"))
    .int(msg("study.form.yearRange"))
    .min(2000, msg("study.form.yearRange"))
    .max(2100, msg("study.form.yearRange")),
  ...Object.fromEntries(
    studyKinds.flatMap((kind) => quarters.map((q) => [planField(kind, q), planned])),
  ),
});

/** A year from a page's query string: the current year in Beijing when absent or out of range. */
export function yearParam(value: string | null, currentYear: number) {
  const year = Number(value);
  return Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : currentYear;
}

export const lawDutyReportSchema = z.object({
  cadreId: recordIdSchema,
  year: z.coerce
    .number(msg("study.form.yearRange"))
    .int(msg("study.form.yearRange"))
    .min(2000, msg("study.form.yearRange"))
    .max(2100, msg("study.form.yearRange")),
  form: z.enum(lawDutyReportForms, msg("form.invalidChoice")),
  evaluation: z.enum(evaluations, msg("form.invalidChoice")),
  evaluationNote: optionalText(1000),
  remedialActions: optionalText(2000),
});

export type LawDutyReportInput = z.output<typeof lawDutyReportSchema>;

import { z } from "zod";
import { absenceReasons, cadreStatuses, lawDutyReportForms, studyKinds } from "../../db/schema";
import type { AbsenceReason } from "../../db/schema";
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

/** The forms of a session's page: who is invited, and why those absent did not come. */
export const sessionActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    cadreIds: z.array(recordIdSchema, msg("form.invalidChoice")).max(500),
  }),
  // One row per person listed, `reason-<personId>` and `note-<personId>`: see absencesSchema.
  z.object({ intent: z.literal("absences") }),
]);

export type AbsenceRow = { personId: number; reason: AbsenceReason | null; note: string | null };

const absenceField = /^(reason|note)-([1-9]\d{0,11})$/;
const absenceReason = z.enum(absenceReasons);
const absenceNote = optionalText(200);

/**
 * The reasons form's rows, each to be saved as it stands: a reason with an optional note, or
 * neither (no reason on record). A note without a reason is refused next to that reason.
 */
export const absencesSchema = z
  .record(z.string(), z.unknown())
  .transform((fields, ctx): AbsenceRow[] => {
    const rows = new Map<number, { reason: string; note: string }>();
    for (const [name, value] of Object.entries(fields)) {
      const match = absenceField.exec(name);
      if (!match || typeof value !== "string") continue;
      const personId = Number(match[2]);
      const row = rows.get(personId) ?? { reason: "", note: "" };
      row[match[1] as "reason" | "note"] = value;
      rows.set(personId, row);
    }
    const fail = (path: string, message: MessageKey) => {
      ctx.addIssue({ code: "custom", path: [path], message });
    };
    if (rows.size === 0) fail("form", "study.form.noAbsentees");
    if (rows.size > 500) fail("form", "form.invalidChoice");
    const out: AbsenceRow[] = [];
    for (const [personId, row] of rows) {
      const note = absenceNote.safeParse(row.note);
      if (!note.success) {
        fail(`note-${personId}`, note.error.issues[0]!.message as MessageKey);
      } else if (!row.reason.trim()) {
        if (note.data) fail(`reason-${personId}`, "study.form.reasonNeeded");
        else out.push({ personId, reason: null, note: null });
      } else {
        const reason = absenceReason.safeParse(row.reason);
        if (reason.success) out.push({ personId, reason: reason.data, note: note.data });
        else fail(`reason-${personId}`, "form.invalidChoice");
      }
    }
    return out;
  });

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

import { z } from "zod";
import {
  audienceGroups,
  eventFormats,
  eventSettings,
  speakerRoles,
  studyKinds,
  visibilities,
} from "../../db/schema";
import type { MessageKey } from "./i18n";
import { MOBILE_PATTERN, normalisePhone } from "./phone";
import { optionalRecordIdSchema, recordIdSchema, storableString } from "./schemas";
import { shanghaiLocalToIso } from "./time";

const msg = (key: MessageKey) => ({ message: key });

const text = (max: number) =>
  storableString().trim().min(1, msg("form.required")).max(max, msg("form.tooLong"));

const optionalText = (max: number) =>
  storableString()
    .trim()
    .max(max, msg("form.tooLong"))
    .optional()
    .transform((value) => value || null);

const optionalChoice = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.enum(values), z.literal("")], msg("form.invalidChoice"))
    .optional()
    .transform((value) => (value ? value : null));

const localDateTime = z
  .string(msg("form.required"))
  .trim()
  .min(1, msg("form.required"))
  .transform((value, ctx) => {
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value) ? shanghaiLocalToIso(value) : null;
    if (!iso) ctx.addIssue({ code: "custom", message: "form.dateTimeFormat" });
    return iso ?? "";
  });

const inviteeList = storableString()
  .optional()
  .transform((value, ctx) => {
    const invitees: { name: string; phone: string }[] = [];
    (value ?? "").split(/\r?\n/).forEach((raw) => {
      const line = raw.trim();
      if (!line) return;
      const match = /^(.+?)[\s,，]+([+＋\d０-９\s\-－]{11,})$/.exec(line);
      const phone = match?.[2] && normalisePhone(match[2]);
      if (!match || !phone || !MOBILE_PATTERN.test(phone)) {
        ctx.addIssue({ code: "custom", message: "form.inviteeLine" });
        return;
      }
      invitees.push({ name: match[1]!.trim(), phone });
    });
    return invitees;
  });

/** Check-in opens this long before the start and closes this long after the end, by default. */
export const DEFAULT_OPENS_MINUTES_BEFORE = 30;
export const DEFAULT_CLOSES_MINUTES_AFTER = 120;
/** Twelve hours either side: enough for a day-long fair, not a window left open for days. */
export const MAX_WINDOW_MINUTES = 720;

// Left empty (or not sent by an older form), the window keeps its default.
const windowMinutes = (fallback: number) =>
  z
    .string(msg("form.minutesRange"))
    .trim()
    .regex(/^\d{0,3}$/, msg("form.minutesRange"))
    .optional()
    .transform((value) => (value ? Number(value) : fallback))
    .refine((value) => value <= MAX_WINDOW_MINUTES, msg("form.minutesRange"));

const checkbox = z
  .string()
  .optional()
  .transform((value) => value === "on");

/** Hours credited to a training's attendees: empty is the event's duration; else 0.5 to 24 in halves. */
export const creditHours = z
  .string(msg("study.form.creditHours"))
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return null;
    const hours = /^\d{1,2}(\.[05])?$/.test(value) ? Number(value) : NaN;
    if (!(hours >= 0.5 && hours <= 24)) {
      ctx.addIssue({ code: "custom", message: "study.form.creditHours" });
      return null;
    }
    return hours * 60;
  });

/** Formats that only an internal event (cadre study, training) can have. */
export const internalFormats = [
  "training",
  "central_group",
  "duty_report",
  "progress_meeting",
] as const satisfies readonly (typeof eventFormats)[number][];
/** The formats of an event residents can see and come to. */
export const publicFormats = eventFormats.filter(
  (format) => !(internalFormats as readonly string[]).includes(format),
);

/** Fields only an internal event has; the form hides them while "public" is chosen. */
export const internalFields = [
  "invitees",
  "training",
  "creditMinutes",
  "passesOnly",
  "studyKind",
  "chair",
  "minutes",
] as const;

/**
 * A public event ignores what the form hides for it: values left there from an earlier choice
 * of "internal" (or sent by a script) are dropped before anything is read, so they are neither
 * stored nor able to refuse the form.
 */
function withoutInternalFields(input: unknown) {
  if (typeof input !== "object" || input === null) return input;
  const fields = input as Record<string, unknown>;
  if (fields.visibility !== "public") return input;
  return Object.fromEntries(
    Object.entries(fields).filter(
      ([name]) => !(internalFields as readonly string[]).includes(name),
    ),
  );
}

/** The event form, shared by the organiser's page and the server. */
const eventFields = z
  .object({
    title: text(80),
    format: z.enum(eventFormats, msg("form.invalidChoice")),
    setting: optionalChoice(eventSettings),
    campaignId: optionalRecordIdSchema,
    hostUnitId: recordIdSchema,
    villageId: optionalRecordIdSchema,
    venue: text(100),
    startsAt: localDateTime,
    endsAt: localDateTime,
    audience: z
      .array(z.enum(audienceGroups, msg("form.invalidChoice")))
      .min(1, msg("form.chooseAudience")),
    laws: optionalText(200),
    speaker: optionalText(40),
    speakerRole: optionalChoice(speakerRoles),
    capacity: z
      .string(msg("form.positiveNumber"))
      .trim()
      .regex(/^([1-9]\d{0,8})?$/, msg("form.positiveNumber"))
      .optional()
      .transform((value) => (value ? Number(value) : null)),
    visibility: z.enum(visibilities, msg("form.invalidChoice")),
    description: optionalText(2000),
    opensMinutesBefore: windowMinutes(DEFAULT_OPENS_MINUTES_BEFORE),
    closesMinutesAfter: windowMinutes(DEFAULT_CLOSES_MINUTES_AFTER),
    rotatingQr: checkbox,
    invitees: inviteeList,
    training: checkbox,
    creditMinutes: creditHours,
    passesOnly: checkbox,
    studyKind: optionalChoice(studyKinds),
    chair: optionalText(40),
    minutes: optionalText(20000),
  })
  .superRefine((value, ctx) => {
    if (
      value.visibility === "public" &&
      (internalFormats as readonly string[]).includes(value.format)
    ) {
      ctx.addIssue({ code: "custom", path: ["format"], message: "form.formatInternal" });
    }
    if (value.startsAt && value.endsAt && value.endsAt <= value.startsAt) {
      ctx.addIssue({ code: "custom", path: ["endsAt"], message: "form.endBeforeStart" });
    }
    if (value.visibility === "internal" && value.invitees.length === 0) {
      ctx.addIssue({ code: "custom", path: ["invitees"], message: "form.invitationNeeded" });
    }
  });

export const eventSchema = z.preprocess(withoutInternalFields, eventFields);

type ParsedEvent = z.output<typeof eventSchema>;
type DefaultedFields =
  | "opensMinutesBefore"
  | "closesMinutesAfter"
  | "training"
  | "creditMinutes"
  | "passesOnly"
  | "studyKind"
  | "chair"
  | "minutes";

/**
 * An event to save: the form always gives every field; code that builds one may leave the
 * check-in window at its default and the training and study fields off.
 */
export type EventInput = Omit<ParsedEvent, DefaultedFields> &
  Partial<Pick<ParsedEvent, DefaultedFields>>;

/** Fields of the event form that carry several values (checkboxes). */
export const eventArrayFields = ["audience"] as const;

// Digits only (at most 9, so the count fits an integer column): a union with z.coerce would
// answer "abc" with zod's own "Invalid input" instead of the catalogue's message.
const count = z
  .string(msg("form.wholeNumber"))
  .trim()
  .regex(/^\d{0,9}$/, msg("form.wholeNumber"))
  .optional()
  .transform((value) => (value ? Number(value) : null));

/** After the event: figures kept apart from the individual check-ins. */
export const eventReportSchema = z.object({
  estimatedCrowd: count,
  materialsHandedOut: count,
  consultations: count,
  summary: optionalText(2000),
});

export const cancelEventSchema = z.object({ reason: text(200) });

/**
 * The forms of an event's page: publish, copy, restore, and cancel with a reason. Cancelling asks
 * first: only the question's own button sends `confirmed`.
 */
export const eventActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("copy") }),
  z.object({ intent: z.literal("restore") }),
  cancelEventSchema.extend({
    intent: z.literal("cancel"),
    confirmed: z
      .literal("yes", msg("form.invalidChoice"))
      .optional()
      .transform((value) => value === "yes"),
  }),
]);

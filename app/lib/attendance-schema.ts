import { z } from "zod";
import { audienceGroups } from "../../db/schema";
import type { MessageKey } from "./i18n";
import { normalisePersonName, personNameSchema } from "./person-name";
import { phoneSchema } from "./phone";
import { optionalRecordIdSchema, recordIdSchema, storableString } from "./schemas";

const msg = (key: MessageKey) => ({ message: key });

const villageId = optionalRecordIdSchema;

const group = z.enum(audienceGroups, msg("form.invalidChoice"));

/** Staff enter people only after reading the privacy notice out to them and hearing a yes. */
const consent = z.literal("on", msg("attendance.consentNeeded"));

/** The two ways staff enter a person at the door: one form, one schema, two buttons. */
export const entryKinds = ["walk_in", "assisted"] as const;
export type EntryKind = (typeof entryKinds)[number];

const entryFields = ["name", "phone", "villageId", "employer", "group", "consent"] as const;

/**
 * Both entry forms sit on one page, so the assisted form's fields carry a prefix that keeps
 * their ids apart: `assistedName`, `assistedVillageId`...
 */
export function entryFieldName(kind: EntryKind, field: string) {
  return kind === "walk_in" ? field : `assisted${field[0]!.toUpperCase()}${field.slice(1)}`;
}

/** The submitted form with the assisted form's prefix taken off. */
function unprefixed(input: unknown) {
  if (typeof input !== "object" || input === null) return input;
  const form = input as Record<string, unknown>;
  if (form.intent !== "assisted") return form;
  const fields: Record<string, unknown> = { intent: "assisted" };
  for (const field of entryFields) fields[field] = form[entryFieldName("assisted", field)];
  return fields;
}

/**
 * A walk-in or an assisted entry. As on the resident's own form, a village or an employer is
 * required: a select left alone must not count anyone as from outside the sub-district.
 */
const entrySchema = <K extends EntryKind>(kind: K) =>
  z
    .object({
      intent: z.literal(kind),
      name: personNameSchema,
      phone: z
        .union([z.literal(""), phoneSchema])
        .optional()
        .transform((value) => value || null),
      villageId,
      employer: storableString()
        .trim()
        .max(60, msg("form.tooLong"))
        .optional()
        .transform((value) => value || null),
      group,
      consent,
    })
    .superRefine((value, ctx) => {
      if (value.villageId === null && !value.employer) {
        ctx.addIssue({
          code: "custom",
          path: ["villageId"],
          ...msg("attendance.villageOrEmployer"),
        });
      }
    });

/**
 * The forms of the attendance page, told apart by their hidden `intent`. Errors come back under
 * the unprefixed field names.
 */
export const attendanceActionSchema = z.preprocess(
  unprefixed,
  z.discriminatedUnion("intent", [
    entrySchema("walk_in"),
    entrySchema("assisted"),
    z.object({
      intent: z.literal("undo"),
      checkinId: recordIdSchema,
      // Sent only by the confirmation's button: a single tap on a row never deletes.
      confirmed: z.literal("yes", msg("attendance.undoUnconfirmed")),
    }),
  ]),
);

export type AttendanceAction = z.output<typeof attendanceActionSchema>;

/** At most a name's length (40) plus slack: longer input is refused, not cut. */
const SEARCH_MAX = 40;

/**
 * The door's search (`?q=`): four digits look for phone endings, other text for names. Digits
 * of another length are refused, as they would match neither.
 */
export const attendanceSearchSchema = storableString()
  .overwrite(normalisePersonName)
  .max(SEARCH_MAX, msg("form.tooLong"))
  .refine((value) => !/^\d+$/.test(value) || value.length === 4, msg("attendance.searchDigits"))
  .transform((value) =>
    value === "" ? null : /^\d{4}$/.test(value) ? { phoneEnding: value } : { name: value },
  );

export type AttendanceSearch = z.output<typeof attendanceSearchSchema>;

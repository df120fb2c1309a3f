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

/**
 * The forms of the attendance page, told apart by their hidden `intent`. The assisted form's
 * fields carry their own names so that both forms can sit on one page with distinct ids.
 */
export const attendanceActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("walk_in"),
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
  }),
  z.object({
    intent: z.literal("assisted"),
    assistedName: personNameSchema,
    assistedVillageId: villageId,
    assistedGroup: group,
    assistedConsent: consent,
  }),
  z.object({
    intent: z.literal("undo"),
    checkinId: recordIdSchema,
    // Sent only by the confirmation's button: a single tap on a row never deletes.
    confirmed: z.literal("yes", msg("attendance.undoUnconfirmed")),
  }),
]);

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

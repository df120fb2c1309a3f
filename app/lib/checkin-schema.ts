import { z } from "zod";
import { audienceGroups } from "../../db/schema";
import type { MessageKey } from "./i18n";
import { personNameSchema } from "./person-name";
import { phoneSchema } from "./phone";
import { optionalRecordIdSchema, storableString } from "./schemas";

const msg = (key: MessageKey) => ({ message: key });

/**
 * The resident's check-in form. A village or an employer is required: a select left alone must
 * not count anyone as from outside the sub-district.
 */
export const selfCheckinSchema = z
  .object({
    name: personNameSchema,
    phone: phoneSchema,
    villageId: optionalRecordIdSchema,
    employer: storableString()
      .trim()
      .max(60, msg("form.tooLong"))
      .optional()
      .transform((value) => value || null),
    group: z.enum(audienceGroups, msg("form.invalidChoice")),
    consent: z.literal("on", msg("form.consentNeeded")),
  })
  .superRefine((value, ctx) => {
    if (value.villageId === null && !value.employer) {
      ctx.addIssue({ code: "custom", path: ["villageId"], ...msg("checkin.villageOrEmployer") });
    }
  });

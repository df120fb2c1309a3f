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
    age: z.enum(["adult", "child"], msg("form.invalidChoice")).default("adult"),
    guardian: z.literal("on", msg("checkin.guardianNeeded")).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.villageId === null && !value.employer) {
      ctx.addIssue({ code: "custom", path: ["villageId"], ...msg("checkin.villageOrEmployer") });
    }
    // A child under 14 is checked in only with a guardian's consent (个人信息保护法 art. 31).
    if (value.age === "child" && value.guardian !== "on") {
      ctx.addIssue({ code: "custom", path: ["guardian"], ...msg("checkin.guardianNeeded") });
    }
  })
  // A guardian's tick says the person is a child, whatever the age select was left at.
  .transform(({ age, guardian, ...rest }) => ({
    ...rest,
    child: age === "child" || guardian === "on",
  }));

import { z } from "zod";
import { audienceGroups } from "../../db/schema";
import type { MessageKey } from "./i18n";
import { personNameSchema } from "./person-name";
import { phoneSchema } from "./phone";

const msg = (key: MessageKey) => ({ message: key });

/** The resident's check-in form. */
export const selfCheckinSchema = z.object({
  name: personNameSchema,
  phone: phoneSchema,
  villageId: z
    .union([
      z.literal(""),
      z.coerce.number(msg("form.invalidChoice")).int(msg("form.invalidChoice")),
    ])
    .optional()
    .transform((value) => (typeof value === "number" ? value : null)),
  employer: z
    .string()
    .trim()
    .max(60, msg("form.tooLong"))
    .optional()
    .transform((value) => value || null),
  group: z.enum(audienceGroups, msg("form.invalidChoice")),
  consent: z.literal("on", msg("form.consentNeeded")),
});

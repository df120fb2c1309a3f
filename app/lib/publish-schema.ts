import { z } from "zod";
import { publishScopes } from "../../db/schema";
import type { MessageKey } from "./i18n";
import { storableString } from "./schemas";
import { isCalendarDay } from "./time";

const msg = (key: MessageKey) => ({ message: key });

/** A consent to 名单公示 as staff record it: what the person agreed to, and the day. */
export const publishConsentSchema = z.object({
  scope: z.enum(publishScopes, msg("publish.chooseScope")),
  consentedOn: storableString()
    .trim()
    .min(1, msg("form.required"))
    .refine((value) => isCalendarDay(value), msg("form.dateFormat"))
    .refine((value) => value >= "2000-01-01", msg("publish.dayTooEarly")),
});
export type PublishConsentInput = z.output<typeof publishConsentSchema>;

/** The forms of the listing page, told apart by their hidden `intent` field. */
export const publishActionSchema = z.discriminatedUnion("intent", [
  publishConsentSchema.extend({ intent: z.literal("consent") }),
  z.object({ intent: z.literal("withdraw") }),
]);

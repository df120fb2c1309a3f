import { z } from "zod";
import type { MessageKey } from "./i18n";
import { optionalRecordIdSchema } from "./schemas";

const msg = (key: MessageKey) => ({ message: key });

/** The filters of /passes, from the address; an unknown value is no filter. */
export const passFilterSchema = z.object({
  unit: optionalRecordIdSchema.catch(null),
  kind: z.enum(["legal_savvy", "cadre"]).optional().catch(undefined),
  status: z.enum(["active", "missing"]).optional().catch(undefined),
});

/**
 * The one form of /passes and of the sheet: every holder without a pass gets one, in the
 * caller's whole scope or in the one village or unit chosen.
 */
export const passListActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("issueMissing"), unitId: optionalRecordIdSchema }),
]);

/** The forms of one holder's pass page. */
export const passActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("issue") }),
  z.object({ intent: z.literal("revoke") }),
  z.object({ intent: z.literal("reissue") }),
]);

/** The scan page's form: what the scanner or the keyboard typed. */
export const scanActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("scan"),
    code: z.string().trim().min(1, msg("scan.codeRequired")).max(100, msg("form.tooLong")),
  }),
]);

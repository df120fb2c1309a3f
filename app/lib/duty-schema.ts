import { z } from "zod";
import { dutyKinds, dutyStatuses } from "../../db/schema";
import type { MessageKey } from "./i18n";
import { optionalRecordIdSchema, recordIdSchema, storableString } from "./schemas";
import { isCalendarDay, shanghaiDay } from "./time";

// One duty entry (履职台账), the same fields and rules whether staff record it or the 法律明白人
// sends it from their phone: the two forms must refuse the same input.

const msg = (key: MessageKey) => ({ message: key });

const text = (max: number) =>
  storableString().trim().min(1, msg("form.required")).max(max, msg("form.tooLong"));

const optionalText = (max: number) =>
  storableString()
    .trim()
    .max(max, msg("form.tooLong"))
    .optional()
    .transform((value) => value || null);

/** Matters are recorded after they happen: a day that exists, not after today (Beijing time). */
const occurredOn = storableString()
  .trim()
  .min(1, msg("form.required"))
  .refine(isCalendarDay, msg("form.dateFormat"))
  .refine((day) => day >= "2000-01-01", msg("form.dateFormat"))
  .refine((day) => day <= shanghaiDay(new Date().toISOString()), msg("duty.futureDate"));

const dutyFields = {
  occurredOn,
  kind: z.enum(dutyKinds, msg("form.required")),
  served: text(100),
  content: text(1000),
  result: optionalText(500),
  disputeResolved: z
    .enum(["1", "0", ""], msg("form.invalidChoice"))
    .optional()
    .transform((value) => (value === "1" ? 1 : value === "0" ? 0 : null)),
};

type DutyFields = {
  kind: (typeof dutyKinds)[number];
  disputeResolved: 0 | 1 | null;
};

/** A dispute needs its outcome; other kinds have none, and an answer sent for them is dropped. */
function disputeRule<T extends DutyFields>(value: T, ctx: z.core.$RefinementCtx<T>) {
  if (value.kind === "dispute" && value.disputeResolved === null) {
    ctx.addIssue({ code: "custom", path: ["disputeResolved"], message: "duty.resolvedRequired" });
  }
}

const dropOutcome = <T extends DutyFields>(value: T) => ({
  ...value,
  disputeResolved: value.kind === "dispute" ? value.disputeResolved : null,
});

export const dutyEntrySchema = z.object(dutyFields).superRefine(disputeRule).transform(dropOutcome);

export type DutyEntryInput = z.output<typeof dutyEntrySchema>;

/** Staff record an entry for a roster member they choose. */
export const staffDutyEntrySchema = z
  .object({ legalSavvyId: recordIdSchema, ...dutyFields })
  .superRefine(disputeRule)
  .transform(dropOutcome);

/** The forms of a person's page: issue (or reissue) the personal link, renew it, or revoke it. */
export const personalLinkActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("issueLink") }),
  z.object({ intent: z.literal("renewLink") }),
  z.object({ intent: z.literal("revokeLink") }),
]);

/** The queue's two forms: confirm, or return with a reason the 法律明白人 reads. */
export const dutyReviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("confirm"), entryId: recordIdSchema }),
  z.object({ intent: z.literal("return"), entryId: recordIdSchema, reason: text(200) }),
]);

const optionalDay = z
  .string()
  .trim()
  .refine((value) => value === "" || isCalendarDay(value), msg("form.dateFormat"))
  .optional()
  .transform((value) => value || undefined);

/** The ledger's filters and page, from the query string. */
export const dutyFilterSchema = z
  .object({
    villageId: optionalRecordIdSchema,
    kind: z
      .enum([...dutyKinds, ""], msg("form.invalidChoice"))
      .optional()
      .transform((value) => value || undefined),
    status: z
      .enum([...dutyStatuses, ""], msg("form.invalidChoice"))
      .optional()
      .transform((value) => value || undefined),
    month: z
      .string()
      .trim()
      .refine((value) => value === "" || isCalendarDay(`${value}-01`), msg("form.dateFormat"))
      .optional()
      .transform((value) => value || undefined),
    from: optionalDay,
    to: optionalDay,
    page: z
      .string()
      .regex(/^\d{1,6}$/, msg("form.invalidChoice"))
      .optional()
      .transform((value) => Math.max(1, Number(value ?? 1))),
  })
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.from > value.to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "duty.fromAfterTo" });
    }
  });

export type DutyFilter = z.output<typeof dutyFilterSchema>;

/** A year in the query string: this year when absent; a year the records can hold. */
export const yearSchema = z
  .string()
  .regex(/^\d{4}$/, msg("form.invalidChoice"))
  .optional()
  .transform((value) =>
    value ? Number(value) : Number(shanghaiDay(new Date().toISOString()).slice(0, 4)),
  )
  .refine((year) => year >= 2000 && year <= 2100, msg("form.invalidChoice"));

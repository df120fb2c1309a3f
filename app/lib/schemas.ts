import { z } from "zod";
import { roles, unitLevels } from "../../db/schema";
import { auditKindNames } from "./audit-words";
import type { MessageKey } from "./i18n";
import { MAX_RECORD_ID, parseRecordId } from "./record-id";
import { isCalendarDay } from "./time";

// Error messages are catalogue keys: the page shows them in the reader's language.
const msg = (key: MessageKey) => ({ message: key });

/**
 * A string a database can store. PostgreSQL refuses the NUL character (no keyboard types it): a
 * field holding one is refused like any other bad value instead of failing the query.
 */
export const storableString = () =>
  z
    .string(msg("form.required"))
    .refine((value) => !value.includes("\u0000"), msg("form.invalidCharacters"));

const requiredText = (max: number) =>
  storableString().trim().min(1, msg("form.required")).max(max, msg("form.tooLong"));

export const usernameSchema = z
  .string(msg("form.required"))
  .trim()
  .toLowerCase()
  .min(1, msg("form.required"))
  .regex(/^[a-z0-9._-]{3,32}$/, msg("form.usernameFormat"));

/** Longer passwords are refused before any hashing: Argon2's cost grows with the input. */
export const PASSWORD_MAX_LENGTH = 128;

/** Any password typed into a form (log-in, current password): present and not too long. */
const typedPassword = z
  .string(msg("form.required"))
  .min(1, msg("form.required"))
  .max(PASSWORD_MAX_LENGTH, msg("form.passwordTooLong"));

/** The password policy: 10 to 128 characters, letters and digits, not the username. */
export const passwordSchema = typedPassword
  .min(10, msg("form.passwordTooShort"))
  .refine((value) => /\p{L}/u.test(value) && /\p{N}/u.test(value), msg("form.passwordNeedsMix"));

export const loginSchema = z.object({
  // Longer than any username can be (usernameSchema), so refusing it tells nothing.
  username: storableString()
    .trim()
    .toLowerCase()
    .min(1, msg("form.required"))
    .max(64, msg("form.tooLong")),
  password: typedPassword,
});

/** A number or text that is a record id (see parseRecordId), else null. */
function asRecordId(value: string | number) {
  if (typeof value === "string") return parseRecordId(value);
  return Number.isSafeInteger(value) && value > 0 && value <= MAX_RECORD_ID ? value : null;
}

const idInput = z.union([z.string(), z.number()], msg("form.invalidChoice"));

/**
 * A record id chosen in a form or a query string, as the site writes it: a larger number than any
 * id would make PostgreSQL refuse the query (a 500) instead of finding nothing.
 */
export const recordIdSchema = idInput.transform((value, ctx) => {
  const id = asRecordId(value);
  if (id !== null) return id;
  ctx.addIssue({ code: "custom", message: "form.invalidChoice" });
  return z.NEVER;
});

/** An optional record id: an empty choice is null. */
export const optionalRecordIdSchema = idInput.optional().transform((value, ctx) => {
  if (value === undefined || value === "") return null;
  const id = asRecordId(value);
  if (id !== null) return id;
  ctx.addIssue({ code: "custom", message: "form.invalidChoice" });
  return z.NEVER;
});

const roleSchema = z.enum(roles, msg("form.invalidChoice"));
const unitIdSchema = recordIdSchema;

/** A first password an admin may type, or leave empty for the server to generate one. */
const firstPasswordSchema = z
  .union([z.literal(""), passwordSchema], msg("form.required"))
  .optional()
  .transform((value) => value || null);

/** A tick: present ("1") or not. */
const tick = z
  .string()
  .optional()
  .transform((value) => value === "1");

/** The unit of a new account: chosen explicitly, the select starts at 请选择 (empty). */
const chosenUnitSchema = z.string(msg("accounts.unitRequired")).transform((value, ctx) => {
  const id = parseRecordId(value);
  if (id !== null) return id;
  ctx.addIssue({
    code: "custom",
    message: value === "" ? "accounts.unitRequired" : "form.invalidChoice",
  });
  return z.NEVER;
});

export const createUserSchema = z
  .object({
    username: usernameSchema,
    displayName: requiredText(40),
    role: roleSchema,
    unitId: chosenUnitSchema,
    password: firstPasswordSchema,
    wideConfirmed: tick,
  })
  .superRefine((value, ctx) => {
    if (value.password && value.password.toLowerCase() === value.username.toLowerCase()) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "form.passwordIsUsername" });
    }
  });

const updateUserSchema = z.object({
  displayName: requiredText(40),
  role: roleSchema,
  unitId: unitIdSchema,
});

/** The forms of an account's page, told apart by their hidden `intent` field. */
export const userActionSchema = z.discriminatedUnion("intent", [
  updateUserSchema.extend({ intent: z.literal("update") }),
  z.object({ intent: z.literal("reset"), password: firstPasswordSchema }),
  /** Disabling asks first: without `confirmed` the page asks, and nothing changes. */
  z.object({ intent: z.literal("disable"), confirmed: tick }),
  z.object({ intent: z.literal("enable") }),
  z.object({ intent: z.literal("unlock") }),
  z.object({
    intent: z.literal("endSession"),
    sessionId: z.string().regex(/^[0-9a-f]{64}$/, msg("form.invalidChoice")),
  }),
  z.object({ intent: z.literal("endSessions") }),
]);

export const changePasswordSchema = z
  .object({
    current: typedPassword,
    password: passwordSchema,
    confirm: typedPassword,
  })
  .superRefine((value, ctx) => {
    if (value.password !== value.confirm) {
      ctx.addIssue({ code: "custom", path: ["confirm"], message: "form.passwordMismatch" });
    }
    if (value.password === value.current) {
      ctx.addIssue({ code: "custom", path: ["password"], message: "form.passwordSame" });
    }
  });

export const createUnitSchema = z.object({
  parentId: unitIdSchema,
  name: requiredText(40),
  level: z.enum(unitLevels, msg("form.invalidChoice")),
});

/** A day of the audit filter: empty, or a date that exists (not 2026-02-30). */
const auditDay = z
  .string()
  .trim()
  .refine((value) => value === "" || isCalendarDay(value), msg("form.dateFormat"))
  .optional()
  .transform((value) => value || undefined);

/** The audit log's filter and page, from the page's query string (a GET form). */
export const auditFilterSchema = z
  .object({
    action: storableString()
      .trim()
      .max(40)
      .optional()
      .transform((value) => value || undefined),
    outcome: z
      .enum(["success", "failure", "denied", ""])
      .optional()
      .transform((value) => value || undefined),
    actor: storableString()
      .trim()
      .max(32)
      .optional()
      .transform((value) => value || undefined),
    from: auditDay,
    to: auditDay,
    /** A unit of the reader's (the page checks it is theirs): its subtree's entries. */
    unit: z
      .string()
      .trim()
      .optional()
      .transform((value, ctx) => {
        if (!value) return undefined;
        const id = parseRecordId(value);
        if (id === null) ctx.addIssue({ code: "custom", message: "form.invalidChoice" });
        return id ?? undefined;
      }),
    kind: z
      .enum([...auditKindNames, ""], msg("form.invalidChoice"))
      .optional()
      .transform((value) => value || undefined),
    page: z
      .string()
      .regex(/^\d{1,6}$/, msg("form.invalidChoice"))
      .optional()
      .transform((value) => Math.max(1, Number(value ?? 1))),
  })
  .superRefine((value, ctx) => {
    if (value.from && value.to && value.from > value.to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "audit.fromAfterTo" });
    }
  });

export type AuditFilterInput = z.infer<typeof auditFilterSchema>;

export type FieldErrors = Partial<Record<string, MessageKey>>;

/** The first problem of each field, keyed by field name (top-level fields only). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message as MessageKey;
  }
  return errors;
}

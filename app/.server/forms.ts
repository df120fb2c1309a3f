import type { z } from "zod";
import type { FieldErrors } from "~/lib/schemas";
import { fieldErrors } from "~/lib/schemas";
import { AppError } from "./errors";

export type FormFailure = { errors: FieldErrors; values: Record<string, string> };

/**
 * The submitted form. A body that is not one (JSON, plain text, broken multipart) reads as an
 * empty form: the schema then refuses it field by field, a 400 instead of a 500.
 */
export async function readForm(request: Request) {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}

/** What the user typed, to put back into the form (never passwords). */
function typedValues(form: FormData) {
  const values: Record<string, string> = {};
  for (const [key, value] of form) {
    if (typeof value === "string" && !/password|current|confirm/i.test(key)) values[key] = value;
  }
  return values;
}

export type Parsed<T> = { ok: true; data: T } | ({ ok: false } & FormFailure);

/** Validates a submitted form against a shared zod schema; `arrays` name multi-value fields. */
export function parseForm<S extends z.ZodType>(
  form: FormData,
  schema: S,
  arrays: readonly string[] = [],
): Parsed<z.output<S>> {
  const input: Record<string, unknown> = Object.fromEntries(form);
  for (const name of arrays) input[name] = form.getAll(name);
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: fieldErrors(result.error), values: typedValues(form) };
}

/** An expected failure tied to one field, shown next to it like a validation error. */
function fieldFailure(error: AppError, form: FormData): FormFailure {
  return { errors: { [error.field ?? "form"]: error.messageKey }, values: typedValues(form) };
}

/** Runs a form's use case; a field-level AppError becomes a message next to that field. */
export async function submit<T>(
  form: FormData,
  body: () => Promise<T>,
): Promise<{ ok: true; value: T } | ({ ok: false } & FormFailure)> {
  try {
    return { ok: true, value: await body() };
  } catch (error) {
    if (error instanceof AppError && error.field)
      return { ok: false, ...fieldFailure(error, form) };
    throw error;
  }
}

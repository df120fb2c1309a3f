import { AppError } from "../errors";
import type { FormFailure } from "../forms";
import { submit } from "../forms";

/** A refusal beside a field, with the counts it names (records in the way of a move or delete). */
export type UnitFormFailure = FormFailure & { counts: Record<string, number> | null };

/**
 * Runs a units-page form like `submit`, keeping the counts a refusal carries: "3 roster entries,
 * 1 cadre" is what tells an administrator what to put right first.
 */
export async function submitUnitForm<T>(
  form: FormData,
  body: () => Promise<T>,
): Promise<{ ok: true; value: T } | ({ ok: false } & UnitFormFailure)> {
  let counts: Record<string, number> | null = null;
  const result = await submit(form, async () => {
    try {
      return await body();
    } catch (error) {
      if (error instanceof AppError && error.values) {
        counts = Object.fromEntries(
          Object.entries(error.values).filter((entry): entry is [string, number] => {
            return typeof entry[1] === "number" && entry[1] > 0;
          }),
        );
      }
      throw error;
    }
  });
  return result.ok ? result : { ...result, counts };
}

import { z } from "zod";
import { recordIdSchema } from "./schemas";

/** The merge form: the record kept and the record merged into it, as the preview showed them. */
export const mergeSchema = z.object({ keep: recordIdSchema, drop: recordIdSchema });

/** "Not the same person" on a suggested pair: the two records' ids. */
export const distinctSchema = z.object({
  intent: z.literal("distinct"),
  a: recordIdSchema,
  b: recordIdSchema,
});

import { z } from "zod";
import { recordIdSchema } from "./schemas";

/** The merge form: the record kept and the record merged into it, as the preview showed them. */
export const mergeSchema = z.object({ keep: recordIdSchema, drop: recordIdSchema });

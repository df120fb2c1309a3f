import { z } from "zod";
import type { UnitLevel } from "../../db/schema";
import { unitLevels } from "../../db/schema";
import type { MessageKey } from "./i18n";
import { optionalRecordIdSchema, recordIdSchema, storableString } from "./schemas";

// The forms of the units pages: adding below a unit, pasting a list of villages, renaming or
// moving, retiring, restoring and deleting. Pure code, shared by the server and the pages.

const msg = (key: MessageKey) => ({ message: key });

/** The longest unit name, as the add form has always allowed. */
export const UNIT_NAME_MAX = 40;
/** A pasted list: at most this many lines and characters, checked before any line is read. */
export const PASTE_MAX_LINES = 200;
export const PASTE_MAX_CHARS = 10_000;

const unitName = storableString()
  .trim()
  .min(1, msg("form.required"))
  .max(UNIT_NAME_MAX, msg("form.tooLong"))
  .refine((value) => !/\p{Cc}/u.test(value), msg("form.invalidCharacters"));

/** A tick box: present ("on") or absent. */
const tick = z
  .string()
  .optional()
  .transform((value) => value === "on");

/** A level chosen in a form, or empty: the level that follows from the parent. */
const optionalLevel = z
  .enum([...unitLevels, ""], msg("form.invalidChoice"))
  .optional()
  .transform((value) => (value ? value : null));

/** The add form of /units: under any unit of the caller's, the level following the parent. */
export const addUnitSchema = z.object({
  parentId: recordIdSchema,
  name: unitName,
  level: optionalLevel,
  confirmVillageUnderDistrict: tick,
});

/**
 * The level a new unit (or a unit moved) takes under a parent: the next one down. A village
 * directly under a district is the one exception, and only when asked for in so many words.
 */
export function levelBelow(parent: UnitLevel): UnitLevel | null {
  const index = unitLevels.indexOf(parent);
  return unitLevels[index + 1] ?? null;
}

const pastedList = z
  .string(msg("form.required"))
  .max(PASTE_MAX_CHARS, msg("units.paste.tooLong"))
  .refine((value) => value.split("\n").length <= PASTE_MAX_LINES, msg("units.paste.tooManyLines"))
  .refine((value) => value.trim() !== "", msg("form.required"));

/** The forms of a unit's page, told apart by their hidden `intent` field. */
export const unitActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), name: unitName }),
  z.object({ intent: z.literal("pastePreview"), names: pastedList }),
  z.object({ intent: z.literal("pasteCreate"), names: pastedList }),
  z.object({
    intent: z.literal("edit"),
    name: unitName,
    parentId: optionalRecordIdSchema,
    confirmVillageUnderDistrict: tick,
  }),
  z.object({ intent: z.literal("retire") }),
  z.object({ intent: z.literal("restore") }),
  z.object({ intent: z.literal("delete") }),
]);

export type UnitAction = z.output<typeof unitActionSchema>;

export type PastedProblem = "empty" | "tooLong" | "control";
export type PastedLine =
  | { line: number; name: string; status: "new" | "exists" }
  | { line: number; name: string; status: "repeated"; firstLine: number }
  | { line: number; name: string; status: "bad"; problem: PastedProblem };

/**
 * A pasted list read line by line (Windows and old Mac line ends alike), blank lines at its start
 * and end dropped: each name trimmed and judged. `taken` holds the names the parent already has.
 */
export function readPastedNames(text: string, taken: ReadonlySet<string>): PastedLine[] {
  const lines = text.split(/\r\n|\r|\n/).map((raw) => raw.trim());
  let first = 0;
  let last = lines.length - 1;
  while (first <= last && lines[first] === "") first++;
  while (last >= first && lines[last] === "") last--;
  const seen = new Map<string, number>();
  const out: PastedLine[] = [];
  for (let i = first; i <= last; i++) {
    const name = lines[i]!;
    const line = i + 1;
    const problem: PastedProblem | null =
      name === ""
        ? "empty"
        : /\p{Cc}/u.test(name)
          ? "control"
          : [...name].length > UNIT_NAME_MAX
            ? "tooLong"
            : null;
    if (problem) {
      out.push({ line, name: name.replace(/\p{Cc}/gu, "�"), status: "bad", problem });
      continue;
    }
    const firstLine = seen.get(name);
    if (firstLine !== undefined) {
      out.push({ line, name, status: "repeated", firstLine });
      continue;
    }
    seen.set(name, line);
    out.push({ line, name, status: taken.has(name) ? "exists" : "new" });
  }
  return out;
}

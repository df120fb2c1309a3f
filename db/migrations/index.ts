import type { Migration } from "kysely";
import * as foundation from "./2026-11-28T1-foundation";
import * as events from "./2026-11-28T2-events";
import * as audit from "./2026-11-29T4-audit";

/** Every migration, by name; names sort in the order they run. */
export const migrations: Record<string, Migration> = {
  "2026-11-28T1-foundation": foundation,
  "2026-11-28T2-events": events,
  "2026-11-29T4-audit": audit,
};

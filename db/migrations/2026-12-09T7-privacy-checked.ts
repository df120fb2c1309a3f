import type { Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * PostgreSQL: the time and day columns and the enumerated columns of the resident's-rights
 * tables (migrations 2026-12-09T1 to T5) held to the rules every other column follows
 * (2026-12-08T1-ordered-checked): times compare byte by byte (collate "C") and hold one format,
 * and an enumerated column holds one of the app's values. The tables are new and small, so the
 * checks scan little. SQLite already compares bytes and would have to rebuild its tables for a
 * CHECK, so it is unchanged.
 */
const isoTime = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$";
const isoDay = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

const times: [string, string, string][] = [
  ["job_lease", "expires_at", isoTime],
  ["job_lease", "last_done_at", isoTime],
  ["sensitive_read", "at", isoTime],
  ["consent_withdrawal", "withdrawn_at", isoTime],
  ["legal_savvy", "publish_recorded_at", isoTime],
  ["legal_savvy", "publish_consented_on", isoDay],
];

/** Written out, as the values were when this ran: a later list changes in a later migration. */
const enumerated: [string, string, string[]][] = [
  [
    "sensitive_read",
    "purpose",
    [
      "person_lookup",
      "person_export",
      "roster_export",
      "learner_edit",
      "cadre_edit",
      "invitation_edit",
    ],
  ],
  ["legal_savvy", "publish", ["name", "name_phone"]],
];

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const [table, column, format] of times) {
    await sql
      .raw(
        `alter table ${table} alter column ${column} type text collate "C", ` +
          `add constraint ${table}_${column}_format check (${column} ~ '${format}')`,
      )
      .execute(db);
  }
  for (const [table, column, values] of enumerated) {
    const list = values.map((value) => `'${value}'`).join(", ");
    await sql
      .raw(
        `alter table ${table} add constraint ${table}_${column}_values ` +
          `check (${column} in (${list}))`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return;
  for (const [table, column] of [...enumerated].reverse()) {
    await sql.raw(`alter table ${table} drop constraint ${table}_${column}_values`).execute(db);
  }
  for (const [table, column] of [...times].reverse()) {
    await sql
      .raw(
        `alter table ${table} drop constraint ${table}_${column}_format, ` +
          `alter column ${column} type text collate "default"`,
      )
      .execute(db);
  }
}

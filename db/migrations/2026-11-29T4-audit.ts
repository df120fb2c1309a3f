import type { Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Closes the two ways around the audit log's update and delete guards.
 *
 * SQLite: `INSERT OR REPLACE`, `REPLACE INTO` and an upsert on the id delete or rewrite the row
 * that holds the id, and the delete trigger fires on REPLACE only under
 * `PRAGMA recursive_triggers = ON`, a per-connection setting a sqlite3 shell never turns on. So an
 * insert that names an id already taken is refused before any conflict handling runs. The id is
 * the table's only unique key, so no other conflict can make REPLACE remove a row.
 *
 * PostgreSQL: row triggers do not fire on TRUNCATE; a statement trigger refuses it (also when the
 * table is reached through TRUNCATE … CASCADE). Retention removes old rows with DELETE.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`
      create function audit_log_no_truncate() returns trigger language plpgsql as $$
      begin
        raise exception 'audit_log is append-only';
      end $$`.execute(db);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log
      for each statement execute function audit_log_no_truncate()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_replace before insert on audit_log
      when exists (select 1 from audit_log where id = new.id)
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger audit_log_no_truncate on audit_log`.execute(db);
    await sql`drop function audit_log_no_truncate`.execute(db);
  } else {
    await sql`drop trigger audit_log_no_replace`.execute(db);
  }
}

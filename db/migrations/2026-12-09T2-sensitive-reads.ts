import type { ColumnDefinitionBuilder, Kysely } from "kysely";
import { PostgresAdapter } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An integer key the database numbers itself: identity on PostgreSQL, the rowid on SQLite. */
function serialKey(db: Kysely<any>) {
  const pg = isPostgres(db);
  return (col: ColumnDefinitionBuilder) =>
    pg ? col.generatedByDefaultAsIdentity().primaryKey() : col.primaryKey();
}

/**
 * The sensitive-read log (issue 18 item 6): one row each time a page or an export showed full
 * phone numbers or looked a person up by phone. Who, when, from which unit, for what purpose (and
 * the reason typed, where one is asked for), how many records; never the number or the name.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sensitive_read")
    .addColumn("id", "integer", serialKey(db))
    .addColumn("at", "text", (col) => col.notNull())
    .addColumn("actor_id", "integer")
    .addColumn("actor_username", "text", (col) => col.notNull())
    .addColumn("unit_path", "text", (col) => col.notNull())
    .addColumn("purpose", "text", (col) => col.notNull())
    .addColumn("reason", "text")
    .addColumn("records", "integer", (col) => col.notNull())
    .addColumn("target", "text")
    .execute();
  // The admin's page reads its units' entries newest first.
  await db.schema
    .createIndex("sensitive_read_unit_at")
    .on("sensitive_read")
    .columns(["unit_path", "at"])
    .execute();
  // Bounding lookups reads one account's recent lookups.
  await db.schema
    .createIndex("sensitive_read_actor_at")
    .on("sensitive_read")
    .columns(["actor_id", "at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("sensitive_read").execute();
}

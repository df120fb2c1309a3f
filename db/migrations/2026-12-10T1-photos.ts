import type { ColumnDefinitionBuilder, Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

/** An integer key the database numbers itself: identity on PostgreSQL, the rowid on SQLite. */
function serialKey(db: Kysely<any>) {
  const pg = isPostgres(db);
  return (col: ColumnDefinitionBuilder) =>
    pg ? col.generatedByDefaultAsIdentity().primaryKey() : col.primaryKey();
}

/**
 * Photos of an event's report, a study session (an event too) or a duty entry (issue 19 item 1).
 * They live in the database, as bytes: every app server reads the same rows, a backup of the
 * database holds them, and deleting the record (or the retention purge) deletes its photos in the
 * same transaction. Each keeps the display size and the thumbnail, both re-encoded without
 * metadata; the upload's hash makes a doubled upload of one file to one record change nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const bytes = pg ? "bytea" : "blob";
  await db.schema
    .createTable("photo")
    .addColumn("id", "integer", serialKey(db))
    .addColumn("event_id", "integer", (col) => col.references("event.id").onDelete("cascade"))
    .addColumn("duty_entry_id", "integer", (col) =>
      col.references("duty_entry.id").onDelete("cascade"),
    )
    .addColumn("content_hash", "text", (col) => col.notNull())
    .addColumn("display", bytes, (col) => col.notNull())
    .addColumn("display_width", "integer", (col) => col.notNull())
    .addColumn("display_height", "integer", (col) => col.notNull())
    .addColumn("thumb", bytes, (col) => col.notNull())
    .addColumn("thumb_width", "integer", (col) => col.notNull())
    .addColumn("thumb_height", "integer", (col) => col.notNull())
    .addColumn("created_by", "integer", (col) => col.references("staff_user.id"))
    .addColumn("created_at", pg ? sql`text collate "C"` : "text", (col) => col.notNull())
    .addCheckConstraint("photo_one_owner", sql`(event_id is null) <> (duty_entry_id is null)`)
    .execute();
  if (pg) {
    await sql
      .raw(
        `alter table photo add constraint photo_created_at_format check (created_at ~ ` +
          `'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$')`,
      )
      .execute(db);
  }
  // A record's gallery reads its photos in the order they were added; the same file twice is one.
  await db.schema
    .createIndex("photo_event")
    .on("photo")
    .columns(["event_id", "content_hash"])
    .unique()
    .where(sql.ref("event_id"), "is not", null)
    .execute();
  await db.schema
    .createIndex("photo_duty_entry")
    .on("photo")
    .columns(["duty_entry_id", "content_hash"])
    .unique()
    .where(sql.ref("duty_entry_id"), "is not", null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("photo").execute();
}

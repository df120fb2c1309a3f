import type { Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * Check-in rate limits counted in the database, so that every app server on one database counts
 * the same requests (issue 17 item 1). One row per subject ("ip:<address>", "event:<code>") and
 * minute. The minute leads the key: clearing past minutes is a range at the front of the index.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("checkin_rate")
    .addColumn("minute", "integer", (col) => col.notNull())
    .addColumn("subject", "text", (col) => col.notNull())
    .addColumn("hits", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("checkin_rate_pk", ["minute", "subject"])
    // SQLite: rows stored in the key's order, no second copy of the key in an index.
    .$call((table) =>
      db.getExecutor().adapter instanceof PostgresAdapter
        ? table
        : table.modifyEnd(sql`without rowid`),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("checkin_rate").execute();
}

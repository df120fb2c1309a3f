import type { Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * Pairs of person records that staff looked at and found to be two people (two 王芳 of one
 * village without a phone): the duplicate suggestions leave them out. Ids only, no foreign keys:
 * a person merged or erased leaves a row that names nobody and matches no pair, and no delete of
 * a person waits on this table. The smaller id comes first.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable("person_distinct")
    .addColumn("person_a", "integer", (col) => col.notNull())
    .addColumn("person_b", "integer", (col) => col.notNull())
    .addColumn("marked_by", "integer")
    // As every time column on PostgreSQL (2026-12-08T1-ordered-checked): byte order, one format.
    .addColumn("marked_at", pg ? sql`text collate "C"` : "text", (col) => col.notNull())
    .$call((table) =>
      pg
        ? table.addCheckConstraint(
            "person_distinct_marked_at_format",
            sql.raw(
              "marked_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$'",
            ),
          )
        : table,
    )
    .addPrimaryKeyConstraint("person_distinct_pk", ["person_a", "person_b"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("person_distinct").execute();
}

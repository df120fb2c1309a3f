import type { Kysely } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * Pairs of person records that staff looked at and found to be two people (two 王芳 of one
 * village without a phone): the duplicate suggestions leave them out. Ids only, no foreign keys:
 * a person merged or erased leaves a row that names nobody and matches no pair, and no delete of
 * a person waits on this table. The smaller id comes first.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("person_distinct")
    .addColumn("person_a", "integer", (col) => col.notNull())
    .addColumn("person_b", "integer", (col) => col.notNull())
    .addColumn("marked_by", "integer")
    .addColumn("marked_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("person_distinct_pk", ["person_a", "person_b"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("person_distinct").execute();
}

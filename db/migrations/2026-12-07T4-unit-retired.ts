import type { Kysely } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * A unit with records can be retired (issue 15 item 1): it stays in history and in every figure
 * of the periods it served, and is no longer offered for new records. None retired yet.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("admin_unit").addColumn("retired_at", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("admin_unit").dropColumn("retired_at").execute();
}

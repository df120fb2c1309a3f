import type { Kysely } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * A cancelled event can be restored until it would have ended (issue 16 item 3): it goes back to
 * the status it was cancelled from (draft or published), kept here while it is cancelled. Events
 * cancelled before this column existed have none and come back published, as residents saw them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("event").addColumn("cancelled_from", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("event").dropColumn("cancelled_from").execute();
}

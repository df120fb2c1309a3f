import type { Kysely } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * The offline door's sync rows name the check-in they became (issue 20 remaining, item 4): when
 * a later sync brings an earlier scan of the same person, the check-in's time moves back, and
 * every row of that check-in answers a replay with the earliest time. An undone check-in leaves
 * its rows (set null), so a replay still finds its answer and adds nothing back. The purge
 * deletes an event's rows by event_id (its existing index).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("door_sync_item")
    .addColumn("checkin_id", "integer", (col) => col.references("checkin.id").onDelete("set null"))
    .execute();
  await db.schema
    .createIndex("door_sync_item_checkin")
    .on("door_sync_item")
    .column("checkin_id")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("door_sync_item_checkin").execute();
  await db.schema.alterTable("door_sync_item").dropColumn("checkin_id").execute();
}

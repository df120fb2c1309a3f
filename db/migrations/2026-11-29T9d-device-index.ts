import type { Kysely } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * The proxy flag reads one event's check-ins through the (event, person) key and groups their
 * devices in memory; the (event, device) index served no query and cost every self check-in one
 * more index write.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("checkin_event_device").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex("checkin_event_device")
    .on("checkin")
    .columns(["event_id", "device"])
    .execute();
}

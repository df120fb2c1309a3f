import type { Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;

const isoTime = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$";

/**
 * The offline door (issue 20): one row per item a device queued (a scan or a walk-in), keyed by
 * the account that recorded it and the id the device made, so a retried sync finds its answer
 * and writes nothing again. It holds no name and no phone: the outcome, the reason of a refusal,
 * when it happened on the device, when it arrived, and the time of the check-in it became.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("door_sync_item")
    .addColumn("recorded_by", "integer", (col) => col.notNull())
    .addColumn("item_id", "text", (col) => col.notNull())
    .addColumn("event_id", "integer", (col) =>
      col.notNull().references("event.id").onDelete("cascade"),
    )
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("happened_at", "text", (col) => col.notNull())
    .addColumn("received_at", "text", (col) => col.notNull())
    .addColumn("outcome", "text", (col) => col.notNull())
    .addColumn("reason", "text")
    .addColumn("checkin_at", "text")
    .addPrimaryKeyConstraint("door_sync_item_pk", ["recorded_by", "item_id"])
    .execute();
  await db.schema
    .createIndex("door_sync_item_event")
    .on("door_sync_item")
    .columns(["event_id", "outcome"])
    .execute();
  if (!isPostgres(db)) return;
  for (const column of ["happened_at", "received_at", "checkin_at"]) {
    await sql
      .raw(
        `alter table door_sync_item alter column ${column} type text collate "C", ` +
          `add constraint door_sync_item_${column}_format check (${column} ~ '${isoTime}')`,
      )
      .execute(db);
  }
  const enumerated: [string, string[]][] = [
    ["kind", ["scan", "walk_in"]],
    ["outcome", ["new", "already", "refused"]],
    ["reason", ["not_invited", "revoked", "unknown", "foreign", "closed", "invalid"]],
  ];
  for (const [column, values] of enumerated) {
    const list = values.map((value) => `'${value}'`).join(", ");
    await sql
      .raw(
        `alter table door_sync_item add constraint door_sync_item_${column}_values ` +
          `check (${column} in (${list}))`,
      )
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("door_sync_item").execute();
}

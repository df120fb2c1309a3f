import type { ColumnDefinitionBuilder, Kysely } from "kysely";
import { PostgresAdapter } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

function serialKey(db: Kysely<any>) {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  return (col: ColumnDefinitionBuilder) =>
    pg ? col.generatedByDefaultAsIdentity().primaryKey() : col.primaryKey();
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("campaign")
    .addColumn("id", "integer", serialKey(db))
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("year", "integer", (col) => col.notNull())
    .addColumn("starts_on", "text", (col) => col.notNull())
    .addColumn("ends_on", "text", (col) => col.notNull())
    .addUniqueConstraint("campaign_name_year", ["name", "year"])
    .execute();

  await db.schema
    .createTable("event")
    .addColumn("id", "integer", serialKey(db))
    .addColumn("code", "text", (col) => col.notNull().unique())
    .addColumn("title", "text", (col) => col.notNull())
    .addColumn("format", "text", (col) => col.notNull())
    .addColumn("setting", "text")
    .addColumn("campaign_id", "integer", (col) => col.references("campaign.id"))
    .addColumn("host_unit_id", "integer", (col) => col.notNull().references("admin_unit.id"))
    .addColumn("village_id", "integer", (col) => col.references("admin_unit.id"))
    .addColumn("venue", "text", (col) => col.notNull())
    .addColumn("starts_at", "text", (col) => col.notNull())
    .addColumn("ends_at", "text", (col) => col.notNull())
    .addColumn("laws", "text")
    .addColumn("speaker", "text")
    .addColumn("speaker_role", "text")
    .addColumn("capacity", "integer")
    .addColumn("visibility", "text", (col) => col.notNull())
    .addColumn("description", "text")
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("cancel_reason", "text")
    .addColumn("rotating_qr", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("qr_secret", "text", (col) => col.notNull())
    .addColumn("opens_minutes_before", "integer", (col) => col.notNull().defaultTo(30))
    .addColumn("closes_minutes_after", "integer", (col) => col.notNull().defaultTo(120))
    .addColumn("estimated_crowd", "integer")
    .addColumn("materials_handed_out", "integer")
    .addColumn("consultations", "integer")
    .addColumn("summary", "text")
    .addColumn("created_by", "integer", (col) => col.references("staff_user.id"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("event_starts_at").on("event").column("starts_at").execute();
  await db.schema.createIndex("event_host_unit").on("event").column("host_unit_id").execute();

  await db.schema
    .createTable("event_audience")
    .addColumn("event_id", "integer", (col) =>
      col.notNull().references("event.id").onDelete("cascade"),
    )
    .addColumn("audience_group", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("event_audience_pk", ["event_id", "audience_group"])
    .execute();

  await db.schema
    .createTable("event_invitee")
    .addColumn("event_id", "integer", (col) =>
      col.notNull().references("event.id").onDelete("cascade"),
    )
    .addColumn("phone", "text", (col) => col.notNull())
    .addColumn("name", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("event_invitee_pk", ["event_id", "phone"])
    .execute();

  await db.schema
    .createTable("person")
    .addColumn("id", "integer", serialKey(db))
    .addColumn("phone", "text", (col) => col.unique())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("village_id", "integer", (col) => col.references("admin_unit.id"))
    .addColumn("employer", "text")
    .addColumn("audience_group", "text", (col) => col.notNull())
    .addColumn("consent_version", "text")
    .addColumn("consented_at", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("checkin")
    .addColumn("id", "integer", serialKey(db))
    .addColumn("event_id", "integer", (col) => col.notNull().references("event.id"))
    .addColumn("person_id", "integer", (col) => col.notNull().references("person.id"))
    .addColumn("method", "text", (col) => col.notNull())
    .addColumn("checked_in_at", "text", (col) => col.notNull())
    .addColumn("recorded_by", "integer", (col) => col.references("staff_user.id"))
    .addColumn("consent_version", "text")
    .addUniqueConstraint("checkin_once", ["event_id", "person_id"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "checkin",
    "person",
    "event_invitee",
    "event_audience",
    "event",
    "campaign",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

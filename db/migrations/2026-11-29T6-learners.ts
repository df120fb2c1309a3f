import type { ColumnDefinitionBuilder, Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

function serialKey(db: Kysely<any>) {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  return (col: ColumnDefinitionBuilder) =>
    pg ? col.generatedByDefaultAsIdentity().primaryKey() : col.primaryKey();
}

/**
 * The learners: the roster of 法律明白人, cadres, personal passes and links, the duty ledger,
 * study plans, 述法 records, the targets an office sets itself, and what events need for training
 * hours, cadre study sessions and pass-only check-in.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("legal_savvy")
    .addColumn("id", "integer", serialKey(db))
    .addColumn("person_id", "integer", (col) => col.notNull().unique().references("person.id"))
    .addColumn("village_id", "integer", (col) => col.notNull().references("admin_unit.id"))
    .addColumn("category", "text", (col) => col.notNull())
    .addColumn("recognised_on", "text")
    .addColumn("certificate_no", "text")
    .addColumn("adviser", "text")
    .addColumn("status", "text", (col) => col.notNull().defaultTo("active"))
    .addColumn("retired_on", "text")
    .addColumn("retire_reason", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("legal_savvy_village")
    .on("legal_savvy")
    .columns(["village_id", "status"])
    .execute();

  await db.schema
    .createTable("cadre")
    .addColumn("id", "integer", serialKey(db))
    .addColumn("person_id", "integer", (col) => col.notNull().unique().references("person.id"))
    .addColumn("unit_id", "integer", (col) => col.notNull().references("admin_unit.id"))
    .addColumn("department", "text")
    .addColumn("position", "text", (col) => col.notNull())
    .addColumn("law_enforcement", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("status", "text", (col) => col.notNull().defaultTo("active"))
    .addColumn("left_on", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("cadre_unit").on("cadre").columns(["unit_id", "status"]).execute();

  await db.schema
    .createTable("pass")
    .addColumn("id", "integer", serialKey(db))
    .addColumn("person_id", "integer", (col) => col.notNull().references("person.id"))
    .addColumn("code", "text", (col) => col.notNull().unique())
    .addColumn("issued_at", "text", (col) => col.notNull())
    .addColumn("issued_by", "integer", (col) => col.references("staff_user.id"))
    .addColumn("revoked_at", "text")
    .addColumn("revoked_by", "integer", (col) => col.references("staff_user.id"))
    .execute();
  await db.schema
    .createIndex("pass_one_active")
    .on("pass")
    .column("person_id")
    .unique()
    .where(sql.ref("revoked_at"), "is", null)
    .execute();

  await db.schema
    .createTable("personal_link")
    .addColumn("id", "integer", serialKey(db))
    .addColumn("legal_savvy_id", "integer", (col) => col.notNull().references("legal_savvy.id"))
    .addColumn("token_hash", "text", (col) => col.notNull().unique())
    .addColumn("issued_at", "text", (col) => col.notNull())
    .addColumn("issued_by", "integer", (col) => col.references("staff_user.id"))
    .addColumn("revoked_at", "text")
    .addColumn("revoked_by", "integer", (col) => col.references("staff_user.id"))
    .execute();
  await db.schema
    .createIndex("personal_link_one_active")
    .on("personal_link")
    .column("legal_savvy_id")
    .unique()
    .where(sql.ref("revoked_at"), "is", null)
    .execute();

  await db.schema
    .createTable("duty_entry")
    .addColumn("id", "integer", serialKey(db))
    .addColumn("legal_savvy_id", "integer", (col) => col.notNull().references("legal_savvy.id"))
    .addColumn("village_id", "integer", (col) => col.notNull().references("admin_unit.id"))
    .addColumn("occurred_on", "text", (col) => col.notNull())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("served", "text", (col) => col.notNull())
    .addColumn("content", "text", (col) => col.notNull())
    .addColumn("result", "text")
    .addColumn("dispute_resolved", "integer")
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("return_reason", "text")
    .addColumn("source", "text", (col) => col.notNull())
    .addColumn("recorded_by", "integer", (col) => col.references("staff_user.id"))
    .addColumn("reviewed_by", "integer", (col) => col.references("staff_user.id"))
    .addColumn("reviewed_at", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("duty_entry_person")
    .on("duty_entry")
    .columns(["legal_savvy_id", "occurred_on"])
    .execute();
  await db.schema
    .createIndex("duty_entry_village")
    .on("duty_entry")
    .columns(["village_id", "occurred_on"])
    .execute();

  await db.schema
    .createTable("unit_target")
    .addColumn("unit_id", "integer", (col) => col.primaryKey().references("admin_unit.id"))
    .addColumn("roster_per_village", "integer", (col) => col.notNull())
    .addColumn("training_minutes", "integer", (col) => col.notNull())
    .addColumn("attendance_percent", "integer", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("study_plan")
    .addColumn("unit_id", "integer", (col) => col.notNull().references("admin_unit.id"))
    .addColumn("year", "integer", (col) => col.notNull())
    .addColumn("quarter", "integer", (col) => col.notNull())
    .addColumn("study_kind", "text", (col) => col.notNull())
    .addColumn("planned", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("study_plan_pk", ["unit_id", "year", "quarter", "study_kind"])
    .execute();

  await db.schema
    .createTable("law_duty_report")
    .addColumn("id", "integer", serialKey(db))
    .addColumn("cadre_id", "integer", (col) => col.notNull().references("cadre.id"))
    .addColumn("unit_id", "integer", (col) => col.notNull().references("admin_unit.id"))
    .addColumn("year", "integer", (col) => col.notNull())
    .addColumn("form", "text", (col) => col.notNull())
    .addColumn("evaluation", "text", (col) => col.notNull())
    .addColumn("evaluation_note", "text")
    .addColumn("remedial_actions", "text")
    .addColumn("created_by", "integer", (col) => col.references("staff_user.id"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addUniqueConstraint("law_duty_report_once", ["cadre_id", "year"])
    .execute();

  await db.schema
    .createTable("event_invitation")
    .addColumn("event_id", "integer", (col) =>
      col.notNull().references("event.id").onDelete("cascade"),
    )
    .addColumn("person_id", "integer", (col) => col.notNull().references("person.id"))
    .addColumn("added_at", "text", (col) => col.notNull())
    .addColumn("absence_reason", "text")
    .addColumn("absence_note", "text")
    .addPrimaryKeyConstraint("event_invitation_pk", ["event_id", "person_id"])
    .execute();

  await db.schema
    .alterTable("event")
    .addColumn("training", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("event").addColumn("credit_minutes", "integer").execute();
  await db.schema
    .alterTable("event")
    .addColumn("passes_only", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("event").addColumn("study_kind", "text").execute();
  await db.schema.alterTable("event").addColumn("chair", "text").execute();
  await db.schema.alterTable("event").addColumn("minutes", "text").execute();
  await db.schema.alterTable("checkin").addColumn("device", "text").execute();
  await db.schema
    .createIndex("checkin_event_device")
    .on("checkin")
    .columns(["event_id", "device"])
    .execute();
  await db.schema.createIndex("checkin_person").on("checkin").column("person_id").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("checkin_person").execute();
  await db.schema.dropIndex("checkin_event_device").execute();
  await db.schema.alterTable("checkin").dropColumn("device").execute();
  for (const column of ["minutes", "chair", "study_kind", "passes_only", "credit_minutes"]) {
    await db.schema.alterTable("event").dropColumn(column).execute();
  }
  await db.schema.alterTable("event").dropColumn("training").execute();
  for (const table of [
    "event_invitation",
    "law_duty_report",
    "study_plan",
    "unit_target",
    "duty_entry",
    "personal_link",
    "pass",
    "cadre",
    "legal_savvy",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}

import type { ColumnDefinitionBuilder, Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** An integer key the database numbers itself: identity on PostgreSQL, the rowid on SQLite. */
function serialKey(db: Kysely<any>) {
  const pg = isPostgres(db);
  return (col: ColumnDefinitionBuilder) =>
    pg ? col.generatedByDefaultAsIdentity().primaryKey() : col.primaryKey();
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("app_meta")
    .addColumn("key", "text", (col) => col.primaryKey())
    .addColumn("value", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("admin_unit")
    .addColumn("id", "integer", serialKey(db))
    .addColumn("parent_id", "integer", (col) => col.references("admin_unit.id"))
    .addColumn("level", "text", (col) => col.notNull())
    .addColumn("name", "text", (col) => col.notNull())
    .addColumn("path", "text", (col) => col.notNull().unique())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addUniqueConstraint("admin_unit_parent_name", ["parent_id", "name"])
    .execute();

  await db.schema
    .createTable("staff_user")
    .addColumn("id", "integer", serialKey(db))
    .addColumn("username", "text", (col) => col.notNull().unique())
    .addColumn("display_name", "text", (col) => col.notNull())
    .addColumn("password_hash", "text", (col) => col.notNull())
    .addColumn("role", "text", (col) => col.notNull())
    .addColumn("unit_id", "integer", (col) => col.notNull().references("admin_unit.id"))
    .addColumn("disabled", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("failed_logins", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("locked_until", "text")
    .addColumn("must_change_password", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("password_changed_at", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("staff_session")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("user_id", "integer", (col) =>
      col.notNull().references("staff_user.id").onDelete("cascade"),
    )
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("expires_at", "text", (col) => col.notNull())
    .execute();
  await db.schema.createIndex("staff_session_user").on("staff_session").column("user_id").execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "integer", serialKey(db))
    .addColumn("at", "text", (col) => col.notNull())
    .addColumn("actor_id", "integer")
    .addColumn("actor_username", "text")
    .addColumn("action", "text", (col) => col.notNull())
    .addColumn("target", "text")
    .addColumn("outcome", "text", (col) => col.notNull())
    .addColumn("ip", "text")
    .addColumn("unit_path", "text")
    .addColumn("detail", "text")
    .execute();
  await db.schema.createIndex("audit_log_at").on("audit_log").column("at").execute();
  await db.schema.createIndex("audit_log_ip_at").on("audit_log").columns(["ip", "at"]).execute();

  // The audit log is append-only for every code path: rows cannot be changed, and cannot be
  // removed before the 180-day retention has passed.
  if (isPostgres(db)) {
    await sql`
      create function audit_log_guard() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' then
          raise exception 'audit_log is append-only';
        end if;
        if old.at > to_char((now() at time zone 'utc') - interval '180 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') then
          raise exception 'audit_log rows are kept 180 days';
        end if;
        return old;
      end $$`.execute(db);
    await sql`create trigger audit_log_no_update before update on audit_log
      for each row execute function audit_log_guard()`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      for each row execute function audit_log_guard()`.execute(db);
  } else {
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    await sql`create trigger audit_log_no_delete before delete on audit_log
      when old.at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-180 days')
      begin select raise(abort, 'audit_log rows are kept 180 days'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["audit_log", "staff_session", "staff_user", "admin_unit", "app_meta"]) {
    await db.schema.dropTable(table).execute();
  }
  if (isPostgres(db)) await sql`drop function audit_log_guard`.execute(db);
}

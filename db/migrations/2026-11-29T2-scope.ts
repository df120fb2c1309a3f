import type { Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

// Scoping compares unit paths as ranges ("/1/2/" <= path < "/1/20"), which holds only when paths
// compare byte by byte. SQLite's default BINARY collation does; PostgreSQL's default collation
// follows the server's locale (en_US.UTF-8 orders punctuation apart from bytes), so the path
// columns get collate "C" there. Changing the type rebuilds the unique index on admin_unit.path
// with the new collation. The audit log is read by subtree too: its unit_path gets an index.

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table admin_unit alter column path type text collate "C"`.execute(db);
    await sql`alter table audit_log alter column unit_path type text collate "C"`.execute(db);
  }
  await db.schema.createIndex("audit_log_unit_path").on("audit_log").column("unit_path").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("audit_log_unit_path").execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table audit_log alter column unit_path type text collate "default"`.execute(db);
    await sql`alter table admin_unit alter column path type text collate "default"`.execute(db);
  }
}

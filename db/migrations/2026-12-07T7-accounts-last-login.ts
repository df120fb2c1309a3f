import type { Kysely } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * When an account last logged in (issue 15 item 6): the accounts list shows it, so an admin
 * sees which accounts are in use. Null until the next successful log-in.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("staff_user").addColumn("last_login_at", "text").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("staff_user").dropColumn("last_login_at").execute();
}

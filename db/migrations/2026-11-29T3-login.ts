import type { Kysely } from "kysely";
import { sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/** Failures an account could have before it locked, when the lock moved to login_attempt. */
const LOCKED_ATTEMPTS = 5;

export async function up(db: Kysely<any>): Promise<void> {
  // One counter per log-in subject ("user:<name>" or "ip:<address>"), taken with one atomic
  // upsert before any password is checked. Unknown names get a row like known ones, so a lock
  // says nothing about whether an account exists.
  await db.schema
    .createTable("login_attempt")
    .addColumn("subject", "text", (col) => col.primaryKey())
    .addColumn("attempts", "integer", (col) => col.notNull())
    .addColumn("expires_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("login_attempt_expires")
    .on("login_attempt")
    .column("expires_at")
    .execute();

  // A lock in force when this runs stays in force.
  await db
    .insertInto("login_attempt")
    .columns(["subject", "attempts", "expires_at"])
    .expression(
      db
        .selectFrom("staff_user")
        .select([
          sql<string>`'user:' || username`.as("subject"),
          sql.lit(LOCKED_ATTEMPTS).as("attempts"),
          "locked_until",
        ])
        .where("locked_until", "is not", null),
    )
    .execute();
  await db.schema.alterTable("staff_user").dropColumn("failed_logins").execute();
  await db.schema.alterTable("staff_user").dropColumn("locked_until").execute();

  // Expired sessions are purged by expiry time on every log-in.
  await db.schema
    .createIndex("staff_session_expires")
    .on("staff_session")
    .column("expires_at")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("staff_session_expires").execute();
  await db.schema
    .alterTable("staff_user")
    .addColumn("failed_logins", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable("staff_user").addColumn("locked_until", "text").execute();
  await db.schema.dropTable("login_attempt").execute();
}

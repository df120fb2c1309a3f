import type { Kysely } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * 名单公示 (issue 18 item 7): whether a 法律明白人 agreed to be listed on their village's public
 * page, and whether with their phone, and the phone they agreed to show (a number changed since
 * is not shown). Null for everyone until staff record a consent. The day
 * the person agreed, and when and by whom the current state (a consent or its withdrawal) was
 * recorded, sit beside it; the audit log keeps every change. The account is kept by id without a
 * foreign key, so that `down` can drop the column on SQLite.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("legal_savvy").addColumn("publish", "text").execute();
  await db.schema.alterTable("legal_savvy").addColumn("publish_phone", "text").execute();
  await db.schema.alterTable("legal_savvy").addColumn("publish_consented_on", "text").execute();
  await db.schema.alterTable("legal_savvy").addColumn("publish_recorded_at", "text").execute();
  await db.schema.alterTable("legal_savvy").addColumn("publish_recorded_by", "integer").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const column of [
    "publish_recorded_by",
    "publish_recorded_at",
    "publish_consented_on",
    "publish_phone",
    "publish",
  ]) {
    await db.schema.alterTable("legal_savvy").dropColumn(column).execute();
  }
}

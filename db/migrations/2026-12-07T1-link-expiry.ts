import type { Kysely } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

const DAY_MS = 86_400_000;
/** Beijing keeps UTC+8 all year. */
const OFFSET_MS = 8 * 60 * 60 * 1000;
/** PERSONAL_LINK_DAYS' default when this migration was written. */
const DEFAULT_DAYS = 365;

/**
 * The end of the Beijing day `days` after the one `issuedAt` falls on, as the app computes a
 * new link's expiry (written out here because a migration never imports app code).
 */
function expiry(issuedAt: string) {
  const day = Math.floor((Date.parse(issuedAt) + OFFSET_MS) / DAY_MS);
  return new Date((day + DEFAULT_DAYS + 1) * DAY_MS - OFFSET_MS).toISOString();
}

/**
 * Personal links expire (issue 14 item 7). Every link already issued, revoked ones included,
 * runs out a default term after it was issued. The column's default is the epoch, so a row
 * written without an expiry opens nothing rather than opening for ever.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("personal_link")
    .addColumn("expires_at", "text", (col) => col.notNull().defaultTo("1970-01-01T00:00:00.000Z"))
    .execute();
  const links = await db.selectFrom("personal_link").select(["id", "issued_at"]).execute();
  for (const link of links as { id: number; issued_at: string }[]) {
    await db
      .updateTable("personal_link")
      .set({ expires_at: expiry(link.issued_at) })
      .where("id", "=", link.id)
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("personal_link").dropColumn("expires_at").execute();
}

import { createHash } from "node:crypto";
import type { Kysely } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * A pass keeps the SHA-256 of its code, never the code: a copy of the database does not let
 * anyone print working cards. A card is printed again from `nonce` and the server's secret
 * (passes/code.ts). Passes issued before this keep their hash and no nonce: they scan as before
 * and are reissued to be printed again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("pass").renameColumn("code", "code_hash").execute();
  await db.schema.alterTable("pass").addColumn("nonce", "text").execute();
  const passes = await db.selectFrom("pass").select(["id", "code_hash"]).execute();
  for (const pass of passes) {
    const hash = createHash("sha256").update(pass.code_hash).digest("hex");
    await db.updateTable("pass").set({ code_hash: hash }).where("id", "=", pass.id).execute();
  }
}

/** Codes cannot come back from their hashes: going down removes the passes. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.deleteFrom("pass").execute();
  await db.schema.alterTable("pass").dropColumn("nonce").execute();
  await db.schema.alterTable("pass").renameColumn("code_hash", "code").execute();
}

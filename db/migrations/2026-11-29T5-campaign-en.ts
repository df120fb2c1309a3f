import type { Kysely } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/** The English names of the standing campaigns, as the app writes them from now on. */
const englishNames: Record<string, string> = {
  农民工学法活动周: "Migrant Workers' Law Study Week",
  "4·15 全民国家安全教育日": "National Security Education Day (15 April)",
  民法典宣传月: "Civil Code Month",
  送法进企业: "Law Goes to Enterprises",
  宪法宣传周: "Constitution Week",
};

/**
 * A campaign's English name, shown on English pages. Optional: a campaign nobody named in English
 * shows its Chinese name. The standing campaigns already stored, of every year, get theirs.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("campaign").addColumn("name_en", "text").execute();
  for (const [name, nameEn] of Object.entries(englishNames)) {
    await db.updateTable("campaign").set({ name_en: nameEn }).where("name", "=", name).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("campaign").dropColumn("name_en").execute();
}

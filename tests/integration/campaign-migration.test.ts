import type { Kysely } from "kysely";
import { Migrator } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureCampaigns } from "../../app/.server/events/campaigns";
import { migrations } from "../../db/migrations";
import type { Database } from "../../db/schema";
import { createTestDatabase } from "../support/database";

// Item 14 of issue 7: campaigns get an English name. On SQLite and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(() => t.destroy());

describe("migration 2026-11-29T5-campaign-en", () => {
  it("names the stored standing campaigns in English, leaves others unnamed, and goes back down", async () => {
    // The rows are written under an older schema than today's Database type.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const db = t.db as unknown as Kysely<any>;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo("2026-11-29T4-audit")).error).toBeUndefined();
    const campaign = (name: string, year: number) => ({
      name,
      year,
      starts_on: `${year}-12-01`,
      ends_on: `${year}-12-07`,
    });
    await db
      .insertInto("campaign")
      .values([
        campaign("宪法宣传周", 2024),
        campaign("宪法宣传周", 2026),
        campaign("本村专项", 2026),
      ])
      .execute();

    expect((await migrator.migrateTo("2026-11-29T5-campaign-en")).error).toBeUndefined();
    const named = await db
      .selectFrom("campaign")
      .select(["name", "year", "name_en"])
      .orderBy("id")
      .execute();
    expect(named).toEqual([
      { name: "宪法宣传周", year: 2024, name_en: "Constitution Week" },
      { name: "宪法宣传周", year: 2026, name_en: "Constitution Week" },
      { name: "本村专项", year: 2026, name_en: null },
    ]);

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const [row] = await db.selectFrom("campaign").selectAll().limit(1).execute();
    expect(Object.keys(row ?? {})).not.toContain("name_en");
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  });

  it("gives every standing campaign the app adds an English name", async () => {
    const db = t.db as Kysely<Database>;
    await ensureCampaigns(db, [2031]);
    const added = await db
      .selectFrom("campaign")
      .select(["name", "name_en"])
      .where("year", "=", 2031)
      .execute();
    expect(added).toHaveLength(5);
    for (const row of added) expect(row.name_en, row.name).toMatch(/^[A-Z][\w' ()]+[\w)]$/);
  });
});

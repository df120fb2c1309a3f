import type { Kysely } from "kysely";
import { Migrator } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations } from "../../db/migrations";
import { seedDemo } from "../../db/seed";
import { createTestDatabase } from "../support/database";
import { refreshReach } from "../../app/.server/reach/rollup";

// The migrations after 2026-11-29T5 (the learners' tables, the check-in tally and those built on
// them) go down to T5 with the demo's rows in place, and up again to the same tally. On SQLite
// and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.destroy());

describe("the migrations after 2026-11-29T5-campaign-en", () => {
  it("go down and up again over the demo, and the tally is rebuilt from the check-ins", async () => {
    await seedDemo(t.db);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const db = t.db as unknown as Kysely<any>;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    // The tally as the reach refresh keeps it (the triggers of 2026-11-29T9c-tally, later).
    const tally = async () => {
      await refreshReach(t.db, new Date().toISOString());
      return (await db
        .selectFrom("checkin_tally")
        .select(["event_id", "audience_group", "checkins"])
        .where("checkins", ">", 0)
        .orderBy("event_id")
        .orderBy("audience_group")
        .execute()) as { event_id: number; audience_group: string; checkins: number }[];
    };
    const before = await tally();
    expect(before.length).toBeGreaterThan(20);
    expect((await migrator.migrateTo("2026-11-29T5-campaign-en")).error).toBeUndefined();
    const checkins = await db.selectFrom("checkin").select("id").execute();
    expect(checkins.length).toBe(before.reduce((sum, row) => sum + Number(row.checkins), 0));
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    const after = await tally();
    expect(after.map((row) => ({ ...row, checkins: Number(row.checkins) }))).toEqual(
      before.map((row) => ({ ...row, checkins: Number(row.checkins) })),
    );
  });
});

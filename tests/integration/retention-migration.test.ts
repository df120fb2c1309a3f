import { Migrator } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations } from "../../db/migrations";
import { createTestDatabase } from "../support/database";

// Migration 2026-12-09T1-retention, on SQLite and (npm run test:pg) PostgreSQL: down and up again
// work; after down the audit guard refuses a scrub of an old entry again, after up it allows one
// and still refuses any other change.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const OLD_AT = "2023-01-01T00:00:00.000Z";

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db
    .insertInto("audit_log")
    .values({
      at: OLD_AT,
      actor_id: null,
      actor_username: "organiser",
      action: "checkin.undo",
      target: "Q7K2M 张三",
      outcome: "success",
      ip: null,
      unit_path: null,
      detail: "checkin 1: 张三 138****1234",
    })
    .execute();
});

afterAll(async () => {
  await t.destroy();
});

const scrub = () =>
  t.db
    .updateTable("audit_log")
    .set({ target: null, detail: null })
    .where("at", "=", OLD_AT)
    .execute();

describe("migration 2026-12-09T1-retention", () => {
  it("goes down and up again, and only its guard lets an old entry be scrubbed", async () => {
    const migrator = new Migrator({
      db: t.db,
      provider: { getMigrations: async () => migrations },
    });
    expect((await migrator.migrateTo("2026-12-08T2-reach-rollup")).error).toBeUndefined();
    await expect(scrub()).rejects.toThrow(/append-only/);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    await expect(
      t.db.updateTable("audit_log").set({ actor_username: "x" }).where("at", "=", OLD_AT).execute(),
    ).rejects.toThrow(/append-only/);
    await scrub();
    const row = await t.db
      .selectFrom("audit_log")
      .select(["target", "detail", "actor_username"])
      .where("at", "=", OLD_AT)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ target: null, detail: null, actor_username: "organiser" });
    expect(await t.db.selectFrom("job_lease").selectAll().execute()).toEqual([]);
  });
});

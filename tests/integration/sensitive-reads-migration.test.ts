import { afterAll, beforeAll, expect, it } from "vitest";
import { migrations } from "../../db/migrations";
import { createTestDatabase } from "../support/database";

// Migration 2026-12-09T2-sensitive-reads adds the sensitive-read log; its down removes it and
// up brings it back, on SQLite and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

const tables = async () =>
  (await t.db.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => name === "sensitive_read");

it("goes down and up again", async () => {
  const migration = migrations["2026-12-09T2-sensitive-reads"]!;
  expect(await tables()).toEqual(["sensitive_read"]);
  await migration.down!(t.db);
  expect(await tables()).toEqual([]);
  await migration.up(t.db);
  await t.db
    .insertInto("sensitive_read")
    .values({
      at: new Date().toISOString(),
      actor_id: null,
      actor_username: "admin",
      unit_path: "/1/",
      purpose: "roster_export",
      reason: null,
      records: 3,
      target: null,
    })
    .execute();
  const rows = await t.db.selectFrom("sensitive_read").select(["id", "records"]).execute();
  expect(rows).toEqual([{ id: 1, records: 3 }]);
});

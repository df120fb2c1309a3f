import type { Kysely } from "kysely";
import { Migrator } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations } from "../../db/migrations";
import { createTestDatabase } from "../support/database";

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(() => t.destroy());

describe("migration 2026-11-29T3-login", () => {
  it("moves a lock in force into login_attempt, drops the old columns, and goes back down", async () => {
    // The rows are written under an older schema than today's Database type.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const db = t.db as unknown as Kysely<any>;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo("2026-11-28T2-events")).error).toBeUndefined();
    const stamp = new Date().toISOString();
    const until = new Date(Date.now() + 10 * 60_000).toISOString();
    await db
      .insertInto("admin_unit")
      .values({ id: 1, level: "district", name: "吴中区", path: "/1/", created_at: stamp })
      .execute();
    const account = (username: string, locked_until: string | null) => ({
      username,
      display_name: username,
      password_hash: "x",
      role: "organiser",
      unit_id: 1,
      failed_logins: locked_until ? 0 : 3,
      locked_until,
      password_changed_at: stamp,
      created_at: stamp,
      updated_at: stamp,
    });
    await db
      .insertInto("staff_user")
      .values([account("locked.one", until), account("free.one", null)])
      .execute();

    expect((await migrator.migrateTo("2026-11-29T3-login")).error).toBeUndefined();
    expect(await db.selectFrom("login_attempt").selectAll().execute()).toEqual([
      { subject: "user:locked.one", attempts: 5, expires_at: until },
    ]);
    const [user] = await db.selectFrom("staff_user").selectAll().limit(1).execute();
    expect(Object.keys(user ?? {})).not.toContain("locked_until");
    expect(Object.keys(user ?? {})).not.toContain("failed_logins");

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const restored = await db.selectFrom("staff_user").select("failed_logins").execute();
    expect(restored).toEqual([{ failed_logins: 0 }, { failed_logins: 0 }]);
  });
});

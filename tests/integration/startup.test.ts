import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations as allMigrations } from "../../db/migrations";
import { logIn } from "~/.server/auth/log-in";
import { createTestDatabase } from "../support/database";

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

function cli(db: TestDb, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; output: string }>((done) => {
    let output = "";
    const child = spawn(process.execPath, [resolve("bin/pufa.js"), ...args], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        COOKIE_SECRET: "startup-test-cookie-secret",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => done({ code, output }));
  });
}

async function count(db: TestDb, table: "admin_unit" | "staff_user" | "audit_log") {
  const row = await db.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

describe("a demo database", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
  });
  afterAll(() => t.destroy());

  it("is migrated and seeded once when three app processes start on it at once", async () => {
    const results = await Promise.all(
      [1, 2, 3].map(() => cli(t, ["migrate"], { PUFA_DEMO: "on" })),
    );
    for (const result of results) expect(result.code, result.output).toBe(0);
    const migrations = await t.db
      .selectFrom("kysely_migration" as "app_meta")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(migrations.n).toBe(Object.keys(allMigrations).length);
    expect(await count(t, "admin_unit")).toBe(15);
    expect(await count(t, "staff_user")).toBe(4);
  });

  it("is rebuilt from scratch by db:reset", async () => {
    await t.db.updateTable("staff_user").set({ display_name: "changed" }).execute();
    const reset = await cli(t, ["reset-demo"], { PUFA_DEMO: "on" });
    expect(reset.code, reset.output).toBe(0);
    const names = await t.db.selectFrom("staff_user").select("display_name").execute();
    expect(names).toHaveLength(4);
    expect(names.map((n) => n.display_name)).not.toContain("changed");
  });
});

describe("a production database", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
  });
  afterAll(() => t.destroy());

  it("gets no demo data and no default account, and refuses db:reset", async () => {
    const migrated = await cli(t, ["migrate"], { PUFA_DEMO: "off" });
    expect(migrated.code, migrated.output).toBe(0);
    expect(await count(t, "staff_user")).toBe(0);
    const reset = await cli(t, ["reset-demo"], { PUFA_DEMO: "off" });
    expect(reset.code).not.toBe(0);
    expect(reset.output).toContain("only runs in demo mode");
  });

  it("gets its first admin from create-admin, with the password policy enforced", async () => {
    const weak = await cli(
      t,
      ["create-admin", "--username", "zhang.wei", "--unit", "吴中区", "--name", "张伟"],
      { PUFA_DEMO: "off", PUFA_ADMIN_PASSWORD: "short" },
    );
    expect(weak.code).not.toBe(0);
    expect(await count(t, "staff_user")).toBe(0);
    const created = await cli(
      t,
      ["create-admin", "--username", "zhang.wei", "--unit", "吴中区", "--name", "张伟"],
      { PUFA_DEMO: "off", PUFA_ADMIN_PASSWORD: "first-admin-2026" },
    );
    expect(created.code, created.output).toBe(0);
    expect(created.output).toContain("Admin zhang.wei created.");
    const result = await logIn(t.db, {
      username: "zhang.wei",
      password: "first-admin-2026",
      ip: null,
    });
    expect(result.ok).toBe(true);
    const unit = await t.db
      .selectFrom("admin_unit")
      .select(["name", "level", "parent_id"])
      .executeTakeFirstOrThrow();
    expect(unit).toEqual({ name: "吴中区", level: "district", parent_id: null });
    expect(await count(t, "audit_log")).toBeGreaterThan(0);
  });
});

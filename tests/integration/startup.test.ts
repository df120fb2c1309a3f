import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrations as allMigrations } from "../../db/migrations";
import { createTestDatabase } from "../support/database";

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(() => t.destroy());

function migrate() {
  return new Promise<{ code: number | null; output: string }>((done) => {
    let output = "";
    const child = spawn(process.execPath, [resolve("bin/pufa.js"), "migrate"], {
      env: {
        ...process.env,
        DATABASE_URL: t.url,
        PUFA_DEMO: "on",
        COOKIE_SECRET: "startup-test-cookie-secret",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => done({ code, output }));
  });
}

it("migrates and seeds once when three app processes start on an empty database at once", async () => {
  const results = await Promise.all([migrate(), migrate(), migrate()]);
  for (const result of results) expect(result.code, result.output).toBe(0);
  const migrations = await t.db
    .selectFrom("kysely_migration" as "app_meta")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  expect(migrations.n).toBe(Object.keys(allMigrations).length);
  const units = await t.db
    .selectFrom("admin_unit")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  expect(units.n).toBe(15);
  const staff = await t.db
    .selectFrom("staff_user")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  expect(staff.n).toBe(4);
});

import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { migrations as allMigrations } from "../../db/migrations";
import { logIn } from "~/.server/auth/log-in";
import { createTestDatabase } from "../support/database";
import { Browser } from "../support/http";
import { startServer } from "../support/server";

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

// Each test starts whole app processes (each loads the server build): slow on a busy machine.
vi.setConfig({ testTimeout: 90_000 });

function cli(db: Pick<TestDb, "url">, args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; output: string }>((done) => {
    let output = "";
    const child = spawn(process.execPath, [resolve("bin/pufa.js"), ...args], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        COOKIE_SECRET: "startup-test-cookie-secret",
        PUBLIC_URL: "https://pufa.example.org",
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
    expect(await count(t, "admin_unit")).toBe(28);
    expect(await count(t, "staff_user")).toBe(6);
  });

  it("is rebuilt from scratch by db:reset", async () => {
    await t.db.updateTable("staff_user").set({ display_name: "changed" }).execute();
    const reset = await cli(t, ["reset-demo"], { PUFA_DEMO: "on" });
    expect(reset.code, reset.output).toBe(0);
    const names = await t.db.selectFrom("staff_user").select("display_name").execute();
    expect(names).toHaveLength(6);
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

async function cookieSecretOf(db: TestDb) {
  const row = await db.db
    .selectFrom("app_meta")
    .select("value")
    .where("key", "=", "cookie_secret")
    .executeTakeFirst();
  return row?.value;
}

describe("the demo's cookie secret", () => {
  let first: TestDb;
  let second: TestDb;
  beforeAll(async () => {
    [first, second] = await Promise.all([
      createTestDatabase({ migrate: false }),
      createTestDatabase({ migrate: false }),
    ]);
  });
  afterAll(async () => {
    await first.destroy();
    await second.destroy();
  });

  it("is made on first start, kept across starts, and different for each installation", async () => {
    const demo = { PUFA_DEMO: "on", COOKIE_SECRET: "" };
    expect((await cli(first, ["migrate"], demo)).code).toBe(0);
    const secret = await cookieSecretOf(first);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await cli(first, ["migrate"], demo)).code).toBe(0);
    expect(await cookieSecretOf(first)).toBe(secret);
    expect((await cli(second, ["migrate"], demo)).code).toBe(0);
    const other = await cookieSecretOf(second);
    expect(other).toMatch(/^[0-9a-f]{64}$/);
    expect(other).not.toBe(secret);
  });

  it("is shared by every worker process", async () => {
    const server = await startServer({
      databaseUrl: first.url,
      env: { COOKIE_SECRET: "", PUFA_WORKERS: "2" },
    });
    try {
      const browser = new Browser(server.baseUrl);
      await browser.logIn("organiser");
      const cookie = ["pufa_session", "pufa_flash"]
        .map((name) => `${name}=${browser.cookie(name)}`)
        .join("; ");
      // The signed flash message one process set is read by whichever process serves the page.
      const pages = await Promise.all(
        [1, 2, 3, 4, 5, 6].map(() =>
          fetch(`${server.baseUrl}/dashboard`, {
            headers: { Cookie: cookie, Connection: "close" },
            redirect: "manual",
          }).then((res) => res.text()),
        ),
      );
      for (const page of pages) expect(page).toContain("欢迎");
    } finally {
      await server.stop();
    }
  });
});

// Each setting's refusal is checked in-process (tests/unit/env.test.ts); the processes here show
// that the command line prints the refusal as one line and stops.
describe("a bad setting", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
  });
  afterAll(() => t.destroy());

  it.each([
    ["PUFA_WORKERS", { PUFA_WORKERS: "abc" }],
    ["COOKIE_SECRET", { PUFA_DEMO: "off", NODE_ENV: "production", COOKIE_SECRET: "" }],
  ])("stops start-up with one line naming %s, no stack trace", async (name, env) => {
    const result = await cli(t, ["serve"], env);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    const lines = result.output.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(name);
    expect(result.output).not.toMatch(/\n\s+at /);
  });
});

describe("a database that cannot be reached", () => {
  it("is tried again with growing pauses, then start-up stops with one line saying what to check", async () => {
    const closed = await new Promise<number>((done) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => done(typeof address === "object" && address ? address.port : 0));
      });
    });
    const started = Date.now();
    const result = await cli({ url: `postgres://pufa@127.0.0.1:${closed}/pufa` }, ["migrate"], {
      PUFA_DEMO: "off",
      DB_START_WAIT_SECONDS: "2",
    });
    expect(result.code).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
    const lines = result.output.trim().split("\n");
    const waits = lines.filter((line) => line.includes("not reachable yet"));
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(waits[0]).toContain("ECONNREFUSED");
    expect(waits[0]).toContain("trying again in 0.5 s");
    expect(waits[1]).toContain("trying again in 1.0 s");
    expect(lines.at(-1)).toMatch(/^Cannot reach the database after 2 s .*check DATABASE_URL/);
    expect(result.output).not.toMatch(/\n\s+at /);
  });
});

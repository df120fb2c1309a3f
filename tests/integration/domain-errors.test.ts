import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import { createTestDatabase } from "../support/database";
import { openEvent } from "../support/demo";
import { Browser } from "../support/http";
import type { PostgresServer } from "../support/postgres-server";
import { hasPostgres, startPostgres } from "../support/postgres-server";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Routes carry no error handling of their own: the server build wraps every route module
// (vite/domain-errors.ts). Through the production build, a refusal thrown deep in the domain code
// must arrive as its status, not as a 500; and when PostgreSQL goes away, pages say "try again
// later" with a 503 and come back by themselves when it returns.

describe("a refusal through the built server", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: RunningServer;
  let eventId: number;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
    server = await startServer({ databaseUrl: t.url });
    const event = await t.db
      .selectFrom("event")
      .innerJoin("admin_unit", "admin_unit.id", "event.host_unit_id")
      .select("event.id")
      .where("admin_unit.name", "=", "香山街道")
      .orderBy("event.id")
      .executeTakeFirstOrThrow();
    eventId = event.id;
  });
  afterAll(async () => {
    await server?.stop();
    await t?.destroy();
  });

  it("answers another sub-district's organiser 403 on a page and on a form, and a bad id 404", async () => {
    const hengjing = new Browser(server.baseUrl);
    await hengjing.logIn("hengjing");
    const page = await hengjing.get(`/events/${eventId}`);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain("您的账号无权查看或操作此内容");
    const form = await hengjing.post(`/events/${eventId}/report`, { crowd: "10" });
    expect(form.status).toBe(403);
    expect((await hengjing.get("/events/0x1")).status).toBe(404);
    expect(server.output()).not.toMatch(/AppError|FORBIDDEN:/);
  });
});

const postgresRun = Boolean(process.env.TEST_PG_URL) && hasPostgres;

describe.runIf(postgresRun)("PostgreSQL stopped while the app serves", () => {
  let postgres: PostgresServer;
  let server: RunningServer;
  beforeAll(async () => {
    postgres = await startPostgres();
    server = await startServer({ databaseUrl: postgres.url });
  });
  afterAll(async () => {
    await server?.stop();
    postgres?.remove();
  });

  /** The status and text of a page, and how long the answer took. */
  async function timed(answer: Promise<Response>) {
    const started = performance.now();
    const response = await answer;
    const text = await response.text();
    return { status: response.status, text, ms: performance.now() - started };
  }

  it("answers 503 within 2 s in the reader's language, writes nothing, and serves again once it is back", async () => {
    const zh = new Browser(server.baseUrl);
    await zh.logIn("organiser");
    const en = new Browser(server.baseUrl, "en-US,en;q=0.9");
    expect((await timed(zh.get("/dashboard"))).status).toBe(200);
    const before = openDatabase(parseDatabaseUrl(postgres.url));
    const { code } = await openEvent(before).finally(() => before.destroy());

    postgres.stop();
    const page = await timed(zh.get("/dashboard"));
    expect(page.status).toBe(503);
    expect(page.text).toContain("请稍后再试");
    expect(page.ms).toBeLessThan(2_000);
    const english = await timed(en.get("/"));
    expect(english.status).toBe(503);
    expect(english.text).toContain("Please try again later");
    expect(english.text).toContain('lang="en"');
    expect(english.ms).toBeLessThan(2_000);
    const data = await zh.get("/dashboard.data");
    expect(data.status).toBe(503);
    const login = await timed(en.post("/login", { username: "outage.probe", password: "x" }));
    expect(login.status).toBe(503);
    expect(login.ms).toBeLessThan(2_000);
    // The resident's check-in, answered by the edge without Remix, says the same.
    const resident = new Browser(server.baseUrl);
    const checkinPage = await timed(resident.get(`/c/${code}`));
    expect(checkinPage.status).toBe(503);
    expect(checkinPage.text).toContain("请稍后再试");
    expect(checkinPage.ms).toBeLessThan(2_000);
    const checkIn = await resident.post(`/c/${code}`, {
      intent: "checkin",
      name: "停电居民",
      phone: "13912345678",
      villageId: "",
      employer: "香山电子厂",
      group: "villager",
      consent: "on",
    });
    expect(checkIn.status).toBe(503);
    // The app processes are still the ones that started: nothing crashed or restarted.
    expect(server.process.exitCode).toBeNull();

    postgres.start();
    const deadline = Date.now() + 10_000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await zh.get("/dashboard")).status;
      if (status === 200) break;
      await new Promise((done) => setTimeout(done, 200));
    }
    expect(status).toBe(200);
    expect(server.process.exitCode).toBeNull();
    expect(server.output()).not.toMatch(/ended \(/);

    const db = openDatabase(parseDatabaseUrl(postgres.url));
    try {
      const traces = await sql<{ n: number }>`
        select count(*) as n from login_attempt where subject like ${"%outage.probe%"}`.execute(db);
      expect(traces.rows[0]?.n).toBe(0);
      const people = await sql<{ n: number }>`
        select count(*) as n from person where phone = ${"13912345678"}`.execute(db);
      expect(Number(people.rows[0]?.n)).toBe(0);
    } finally {
      await db.destroy();
    }
  });

  it("is waited for at start-up, and the server migrates once it is up", async () => {
    postgres.stop();
    let output = "";
    const migrate = spawn(process.execPath, [resolve("bin/pufa.js"), "migrate"], {
      env: {
        ...process.env,
        DATABASE_URL: postgres.url,
        PUFA_DEMO: "on",
        COOKIE_SECRET: "integration-test-cookie-secret",
        DB_START_WAIT_SECONDS: "60",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    migrate.stdout.on("data", (chunk) => (output += chunk));
    migrate.stderr.on("data", (chunk) => (output += chunk));
    const exited = new Promise<number | null>((done) => migrate.on("exit", done));
    const deadline = Date.now() + 30_000;
    while (!output.includes("not reachable yet") && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 100));
    }
    expect(output).toContain("The database is not reachable yet");
    postgres.start();
    expect(await exited, output).toBe(0);
    expect(output).toContain("Database up to date (postgres).");
  });
});

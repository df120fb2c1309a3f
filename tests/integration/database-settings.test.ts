import { createServer } from "node:net";
import type { Socket } from "node:net";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  MIGRATION_LOCK,
  isDatabaseUnavailable,
  migrateToLatest,
  openDatabase,
} from "../../db/connect";
import { createTestDatabase } from "../support/database";

// The PostgreSQL pool's settings (PG_POOL_SIZE, PG_STATEMENT_TIMEOUT_MS, PG_CONNECT_TIMEOUT_MS)
// do what they say, and a migration waiting for another server's lock is not cut short.

describe("a database server that accepts but never answers", () => {
  const sockets: Socket[] = [];
  const silent = createServer((socket) => sockets.push(socket));
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((done) => silent.listen(0, "127.0.0.1", done));
    const address = silent.address();
    port = typeof address === "object" && address ? address.port : 0;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((done) => silent.close(done));
  });

  it("fails a query after the connect timeout, as unavailable", async () => {
    const db = openDatabase(
      { dialect: "postgres", connectionString: `postgres://pufa@127.0.0.1:${port}/pufa` },
      { connectTimeoutMs: 300 },
    );
    try {
      const started = performance.now();
      const error = await sql`select 1`.execute(db).then(
        () => null,
        (failure: unknown) => failure,
      );
      const elapsed = performance.now() - started;
      expect(error).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(error)).toBe(true);
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(1_500);
    } finally {
      await db.destroy();
    }
  });
});

describe.runIf(process.env.TEST_PG_URL)("a PostgreSQL pool", () => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
  });
  afterAll(() => t?.destroy());

  it("gives each connection the statement timeout from its start-up, with no SET", async () => {
    const db = openDatabase(
      { dialect: "postgres", connectionString: t.url },
      { statementTimeoutMs: 200 },
    );
    try {
      const shown = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(db);
      expect(shown.rows[0]?.statement_timeout).toBe("200ms");
      const slow = await sql`select pg_sleep(1)`.execute(db).then(
        () => null,
        (failure: unknown) => failure,
      );
      expect((slow as { code?: string }).code).toBe("57014");
      expect(isDatabaseUnavailable(slow)).toBe(true);
      // A transaction sees the same limit: it came with the connection, not with a session SET.
      const inTransaction = await db
        .transaction()
        .execute((trx) => sql`select pg_sleep(1)`.execute(trx))
        .then(
          () => null,
          (failure: unknown) => failure,
        );
      expect((inTransaction as { code?: string }).code).toBe("57014");
    } finally {
      await db.destroy();
    }
  });

  it("holds at most PG_POOL_SIZE connections; other requests wait their turn", async () => {
    const db = openDatabase({ dialect: "postgres", connectionString: t.url }, { poolSize: 2 });
    try {
      const started = performance.now();
      const backends = await Promise.all(
        [1, 2, 3, 4].map(() =>
          sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.3)`.execute(db),
        ),
      );
      const elapsed = performance.now() - started;
      expect(new Set(backends.map((result) => result.rows[0]?.pid)).size).toBe(2);
      expect(elapsed).toBeGreaterThanOrEqual(550);
    } finally {
      await db.destroy();
    }
  });

  it("lets a migration wait for another server's migration lock longer than the statement timeout", async () => {
    // Another server holds the migration lock for a second while it migrates.
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    await other.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    const released = new Promise<void>((done) =>
      setTimeout(() => {
        void other.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).then(() => done());
      }, 1_000),
    );
    const db = openDatabase(
      { dialect: "postgres", connectionString: t.url },
      { statementTimeoutMs: 300 },
    );
    try {
      const started = performance.now();
      const results = await migrateToLatest(db);
      expect(performance.now() - started).toBeGreaterThanOrEqual(900);
      expect(results.every((result) => result.status === "Success")).toBe(true);
      expect(results.length).toBeGreaterThan(0);
    } finally {
      await released;
      await other.end();
      await db.destroy();
    }
  });
});

import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import type { DatabaseConnection, SqliteDialectConfig } from "kysely";
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  sql,
} from "kysely";
import pg from "pg";
import { migrations } from "./migrations";
import type { Database } from "./schema";

const DEFAULT_SQLITE_FILE = "data/pufa.db";

export type DatabaseTarget =
  | { dialect: "sqlite"; filename: string }
  | { dialect: "postgres"; connectionString: string };

/** DATABASE_URL: unset (a SQLite file under ./data/), a file path or file: URL, or postgres://… */
export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  if (!url) return { dialect: "sqlite", filename: resolve(DEFAULT_SQLITE_FILE) };
  if (/^postgres(ql)?:\/\//.test(url)) return { dialect: "postgres", connectionString: url };
  if (url.startsWith("file:")) {
    const filename = url.startsWith("file://") ? fileURLToPath(url) : url.slice("file:".length);
    return { dialect: "sqlite", filename: resolve(filename) };
  }
  return { dialect: "sqlite", filename: url === ":memory:" ? url : resolve(url) };
}

// COUNT(*) and other int8 results arrive as strings from pg; every count here fits a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** How a PostgreSQL pool connects; every process has its own pool (PG_* settings in env.ts). */
export type PoolSettings = {
  /** Connections this process may hold. */
  poolSize?: number;
  /** A statement running longer is cancelled by PostgreSQL; 0: no limit. */
  statementTimeoutMs?: number;
  /** A connection (or a free slot of the pool) not had within this time fails the request. */
  connectTimeoutMs?: number;
};

export function openDatabase(target: DatabaseTarget, settings: PoolSettings = {}) {
  if (target.dialect === "postgres") {
    const pool = new pg.Pool({
      connectionString: target.connectionString,
      max: settings.poolSize ?? 10,
      // Sent once in the connection's start-up message, never as a SET: a pooler in transaction
      // mode (PgBouncer) hands server connections from client to client between transactions.
      statement_timeout: settings.statementTimeoutMs || undefined,
      connectionTimeoutMillis: settings.connectTimeoutMs ?? 1_500,
      // A server that vanished without closing its connections is noticed by the operating system.
      keepAlive: true,
    });
    // An idle connection the server ends (a restart, an administrator, a dropped database) is
    // already taken out of the pool; without a listener its error would end the whole process.
    pool.on("error", (error) => {
      console.warn(`PostgreSQL closed an idle connection: ${error.message}`);
    });
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  }
  if (target.filename !== ":memory:") mkdirSync(dirname(target.filename), { recursive: true });
  const sqlite = new SQLite(target.filename);
  writeAheadLog(sqlite);
  // NORMAL in WAL mode: a committed transaction survives the process being killed; only an OS
  // crash or power cut can lose the last few commits.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return new Kysely<Database>({
    dialect: new PufaSqliteDialect({ database: withStatementCache(sqlite) }),
  });
}

/**
 * Turns on write-ahead logging. Two processes opening a new database file at the same moment (two
 * servers, two test workers) can both try to convert it; SQLite then answers SQLITE_BUSY at once,
 * without waiting its busy timeout, so the loser waits a moment and asks again: the mode is the
 * file's, and the second ask finds it set.
 */
function writeAheadLog(sqlite: SQLite.Database) {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 1; ; attempt++) {
    try {
      sqlite.pragma("journal_mode = WAL");
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "SQLITE_BUSY" || attempt === 50) throw error;
      Atomics.wait(pause, 0, 0, 100);
    }
  }
}

/**
 * SQLite runs DDL inside transactions, but Kysely's adapter says it does not, so its migrator runs
 * without one and two processes starting at once both apply the same migration. Saying so makes
 * each run atomic: the second process meets a busy database, retries and finds the work done.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl() {
    return true;
  }
}

/**
 * Kysely opens SQLite transactions with a plain (deferred) BEGIN: a use case that reads, then
 * writes, fails with SQLITE_BUSY_SNAPSHOT at once if another process (PUFA_WORKERS) committed a
 * write in between, and the busy timeout does not help. BEGIN IMMEDIATE takes the write lock at
 * the start, so the other process waits its busy timeout instead.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class PufaSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createAdapter() {
    return new TransactionalDdlSqliteAdapter();
  }

  override createDriver() {
    return new ImmediateSqliteDriver(this.settings);
  }
}

/**
 * Kysely prepares every query anew; preparing costs more than running a small one. Statements are
 * kept by their SQL (queries with a varying number of values are many: the cache is bounded).
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = sqlite.prepare(sql);
        if (statements.size < 1000) statements.set(sql, statement);
      }
      return statement;
    },
  };
}

function isBusy(error: unknown) {
  return error instanceof Error && "code" in error && String(error.code).startsWith("SQLITE_BUSY");
}

/**
 * Runs start-up work that several processes may attempt at once. On SQLite the one that waits
 * longer than the busy timeout (a large seed, a slow machine) tries again, then finds the work done.
 */
export async function retryWhenBusy<T>(work: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isBusy(error) || attempt >= attempts) throw error;
      await new Promise((done) => setTimeout(done, 100 * attempt));
    }
  }
}

/**
 * Brings the schema up to date. On SQLite the migration runs in one BEGIN IMMEDIATE transaction
 * (the database's write lock): a second process that starts at the same moment meets a busy
 * database, waits and tries again, then finds nothing left to do.
 */
export async function migrateToLatest(db: Kysely<Database>) {
  if (db.getExecutor().adapter instanceof PostgresAdapter) return migratePostgres(db);
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  return retryWhenBusy(async () => {
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error;
    return results ?? [];
  });
}

/** Any 64-bit number of our own: the advisory lock all Pufa servers migrate under. */
export const MIGRATION_LOCK = 7_165_142_401;

/**
 * On PostgreSQL the whole run is one transaction on one connection, under a transaction-level
 * advisory lock: servers starting at once migrate one after the other (the later ones find
 * nothing to do), and a pooler in transaction mode (PgBouncer) keeps the run on one server
 * connection. Kysely's own lock is session-level, taken outside its transaction, which such a
 * pooler would break. The request's statement timeout is lifted for this transaction only: the
 * wait for the lock and a data migration over millions of rows may both take long.
 */
async function migratePostgres(db: Kysely<Database>) {
  return db.connection().execute(async (connection) => {
    await sql`begin`.execute(connection);
    try {
      // Two statements: a statement's timeout is armed when it starts.
      await sql`select set_config('statement_timeout', '0', true)`.execute(connection);
      await sql`select pg_advisory_xact_lock(${sql.lit(MIGRATION_LOCK)})`.execute(connection);
      const migrator = new Migrator({
        db: connection,
        provider: { getMigrations: async () => migrations },
        disableTransactions: true,
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error;
      await sql`commit`.execute(connection);
      return results ?? [];
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}

/** Node's codes for a database server that cannot be reached or went away. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);

/**
 * PostgreSQL's codes for the same: connection exceptions (class 08), the server shutting down or
 * starting (57P01-57P03), no connection slot left (53300), a statement cancelled by the timeout
 * (57014: the database is too busy to answer in time).
 */
const SERVER_CODES = /^(08...|57P0[123]|53300|57014)$/;

/** node-postgres says these without a code. */
const DRIVER_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed)/;

/**
 * The database cannot serve this request now (unreachable, restarting, out of connections, too
 * busy), as opposed to a fault in the request: the answer is "try again later", not a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnavailable)) return true;
  if (!(error instanceof Error)) return false;
  const code = "code" in error ? String(error.code) : "";
  return (
    NETWORK_CODES.has(code) ||
    SERVER_CODES.test(code) ||
    code.startsWith("SQLITE_BUSY") ||
    DRIVER_MESSAGES.test(error.message)
  );
}

/** One line for the log: the driver's message and its code. */
export function describeError(error: unknown) {
  if (!(error instanceof Error)) return String(error);
  const code = "code" in error && error.code ? ` (${String(error.code)})` : "";
  const inner = error instanceof AggregateError ? error.errors[0] : undefined;
  const message = error.message || (inner instanceof Error ? inner.message : "");
  return `${message}${code}`;
}

/**
 * Waits until the database answers, trying again with a doubling pause (up to 10 s) while it is
 * unreachable, for at most `waitSeconds`; then gives up with a message that says what to check.
 * Any other error (a wrong password, a missing database) is not worth waiting for.
 */
export async function waitForDatabase(
  db: Kysely<Database>,
  options: { waitSeconds: number; log?: (line: string) => void },
) {
  const log = options.log ?? ((line: string) => console.warn(line));
  const deadline = Date.now() + options.waitSeconds * 1000;
  for (let attempt = 1, pause = 500; ; attempt++, pause = Math.min(pause * 2, 10_000)) {
    try {
      await sql`select 1`.execute(db);
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const left = deadline - Date.now();
      if (left <= 0) throw new DatabaseUnreachable(options.waitSeconds, error);
      const wait = Math.min(pause, left);
      log(
        `The database is not reachable yet (${describeError(error)}); attempt ${attempt}, trying again in ${(wait / 1000).toFixed(1)} s`,
      );
      await new Promise((done) => setTimeout(done, wait));
    }
  }
}

/** Start-up gave up waiting for the database; the message says what to check. */
export class DatabaseUnreachable extends Error {
  override name = "DatabaseUnreachable";
  constructor(seconds: number, cause: unknown) {
    super(
      `Cannot reach the database after ${seconds} s (${describeError(cause)}): check DATABASE_URL and that the database server is running and accepts connections from here`,
    );
  }
}

import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import type { DatabaseConnection, SqliteDialectConfig } from "kysely";
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
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

export function openDatabase(target: DatabaseTarget, options: { poolSize?: number } = {}) {
  if (target.dialect === "postgres") {
    const pool = new pg.Pool({
      connectionString: target.connectionString,
      max: options.poolSize ?? 10,
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
  sqlite.pragma("journal_mode = WAL");
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
 * Brings the schema up to date. PostgreSQL serialises concurrent migrators with an advisory
 * lock; on SQLite a second process that starts at the same moment meets a busy database, waits
 * and tries again, then finds nothing left to do.
 */
export async function migrateToLatest(db: Kysely<Database>) {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  return retryWhenBusy(async () => {
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error;
    return results ?? [];
  });
}

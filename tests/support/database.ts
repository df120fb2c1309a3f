import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import pg from "pg";
import { migrateToLatest, openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";

/**
 * A fresh, migrated database for one test file: a temporary SQLite file, or, when TEST_PG_URL
 * names a PostgreSQL server (npm run test:pg sets it), a new database on it.
 */
export async function createTestDatabase(options: { migrate?: boolean } = {}) {
  const name = `pufa_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = process.env.TEST_PG_URL;
  let url: string;
  let drop: () => Promise<void>;
  if (admin) {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    const target = new URL(admin);
    target.pathname = `/${name}`;
    url = target.toString();
    drop = async () => {
      const cleaner = new pg.Client({ connectionString: admin });
      await cleaner.connect();
      await cleaner.query(`drop database if exists ${name} with (force)`);
      await cleaner.end();
    };
  } else {
    url = join(tmpdir(), `${name}.db`);
    drop = async () => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${url}${suffix}`, { force: true });
    };
  }
  const db: Kysely<Database> = openDatabase(parseDatabaseUrl(url));
  if (options.migrate !== false) await migrateToLatest(db);
  return {
    url,
    db,
    dialect: admin ? "postgres" : "sqlite",
    async destroy() {
      await db.destroy();
      await drop();
    },
  };
}

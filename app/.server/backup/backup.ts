import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { dbTarget } from "../db";
import { env } from "../env";
import { BackupError } from "./errors";
import { backupFileName, partialName } from "./files";
import { backupPostgres } from "./postgres";
import { backupSqlite } from "./sqlite";

/**
 * npm run backup: a consistent copy of the database in DATABASE_URL, taken while the servers
 * serve, into a new file in BACKUP_DIR named by the time it began. Nothing is written to the
 * database.
 */
export async function backupDatabase() {
  const dir = resolve(env.BACKUP_DIR);
  mkdirSync(dir, { recursive: true });
  const name = backupFileName(dbTarget.dialect);
  const file = join(dir, name);
  if (existsSync(file)) throw new BackupError(`${file} exists already: try again in a second.`);
  const partial = partialName(dir, name);
  try {
    const { checkins } =
      dbTarget.dialect === "sqlite"
        ? await backupSqlite(sqliteFile(), partial)
        : await backupPostgres(dbTarget.connectionString, partial);
    renameSync(partial, file);
    return { file, dialect: dbTarget.dialect, bytes: statSync(file).size, checkins };
  } finally {
    rmSync(partial, { force: true });
  }
}

export function sqliteFile() {
  if (dbTarget.dialect !== "sqlite") throw new Error("not a SQLite database");
  if (dbTarget.filename === ":memory:") {
    throw new BackupError("DATABASE_URL names an in-memory database: there is nothing to keep.");
  }
  return dbTarget.filename;
}

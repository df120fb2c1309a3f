import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { dbTarget } from "../db";
import { sqliteFile } from "./backup";
import { BackupError } from "./errors";
import { backupKindOf } from "./files";
import { restorePostgres } from "./postgres";
import { restoreSqlite } from "./sqlite";

/**
 * npm run restore -- FILE: brings a backup back into the empty database DATABASE_URL names.
 * A database with anything in it is refused, so a restore never mixes two histories.
 */
export async function restoreDatabase(input: { file: string }) {
  const file = resolve(input.file);
  if (!existsSync(file)) throw new BackupError(`${file} does not exist.`);
  const kind = backupKindOf(file);
  if (kind === null) {
    throw new BackupError(
      `${file} is not a Pufa backup (neither a SQLite file nor a pg_dump archive).`,
    );
  }
  if (kind !== dbTarget.dialect) {
    throw new BackupError(
      `${file} is a ${kind === "sqlite" ? "SQLite" : "PostgreSQL"} backup, but DATABASE_URL names a ${dbTarget.dialect === "sqlite" ? "SQLite" : "PostgreSQL"} database.`,
    );
  }
  const { checkins } =
    dbTarget.dialect === "sqlite"
      ? await restoreSqlite(file, sqliteFile())
      : await restorePostgres(file, dbTarget.connectionString);
  return { file, dialect: dbTarget.dialect, checkins };
}

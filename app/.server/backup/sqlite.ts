import SQLite from "better-sqlite3";
import { BackupError } from "./errors";

// SQLite through better-sqlite3's online backup API: the copy is taken in one step, inside one
// read transaction, so it is the database as it was at that moment, while the server goes on
// writing (WAL: readers never block writers).

/** Pages per step: all of them at once, so the copy is one snapshot and never restarts. */
const ALL_PAGES = 0x7fffffff;

export async function backupSqlite(source: string, destination: string) {
  const from = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    from.pragma("busy_timeout = 5000");
    await from.backup(destination, { progress: () => ALL_PAGES });
  } finally {
    from.close();
  }
  // A backup is one self-contained file: no WAL beside it.
  const copy = new SQLite(destination);
  try {
    copy.pragma("journal_mode = DELETE");
    return inspect(copy);
  } finally {
    copy.close();
  }
}

/** Restores a checked backup into an empty SQLite database (the file need not exist yet). */
export async function restoreSqlite(file: string, target: string) {
  const backup = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    inspect(backup);
    const into = new SQLite(target);
    try {
      into.pragma("busy_timeout = 5000");
      const { n } = into.prepare("select count(*) as n from sqlite_master").get() as { n: number };
      if (n > 0) {
        throw new BackupError(
          `The database ${target} is not empty (${n} tables, indexes or views): a backup is restored only into an empty database. Move that file aside or point DATABASE_URL at a new one.`,
        );
      }
    } finally {
      into.close();
    }
    await backup.backup(target, { progress: () => ALL_PAGES });
  } finally {
    backup.close();
  }
  const restored = new SQLite(target);
  try {
    restored.pragma("journal_mode = WAL");
    return inspect(restored);
  } finally {
    restored.close();
  }
}

/** Checks a Pufa database file: intact, and Pufa's. Returns its check-in count. */
function inspect(db: SQLite.Database) {
  let integrity: string;
  try {
    integrity = db.pragma("integrity_check", { simple: true }) as string;
  } catch (error) {
    throw new BackupError(`Not a SQLite database, or a damaged one: ${String(error)}`);
  }
  if (integrity !== "ok") throw new BackupError(`The integrity check failed: ${integrity}`);
  const pufa = db
    .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
    .get();
  if (!pufa) throw new BackupError("This SQLite database is not a Pufa database.");
  const { n } = db.prepare("select count(*) as n from checkin").get() as { n: number };
  return { checkins: n };
}

import { openSync, readSync, closeSync } from "node:fs";
import { join } from "node:path";

// How a backup file is named and recognised.

/** pufa-20261207T134512Z.db (SQLite) or .dump (PostgreSQL), named by the UTC time it began. */
export function backupFileName(dialect: "sqlite" | "postgres", at = new Date()) {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `pufa-${stamp}.${dialect === "sqlite" ? "db" : "dump"}`;
}

/** Written under this name and renamed when complete: a partial file never looks like a backup. */
export const partialName = (dir: string, name: string) => join(dir, `.${name}.partial`);

/** Which database a file is a backup of, by its first bytes; null for anything else. */
export function backupKindOf(file: string): "sqlite" | "postgres" | null {
  const head = Buffer.alloc(16);
  const fd = openSync(file, "r");
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString("latin1") === "SQLite format 3\0") return "sqlite";
  // pg_dump's custom format begins with PGDMP.
  if (head.subarray(0, 5).toString("latin1") === "PGDMP") return "postgres";
  return null;
}

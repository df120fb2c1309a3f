import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { delimiter, join } from "node:path";
import pg from "pg";
import { BackupError } from "./errors";

// PostgreSQL through pg_dump's custom format (one consistent snapshot, taken while the server
// serves) and pg_restore, in one transaction that stops at the first error.

type Tool = "pg_dump" | "pg_restore";

/** The tool on the PATH, else in the newest /usr/lib/postgresql/<version>/bin (Debian). */
export function findTool(tool: Tool) {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir && existsSync(join(dir, tool))) return join(dir, tool);
  }
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((version) => existsSync(join(base, version, "bin", tool)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return join(base, versions[0], "bin", tool);
  throw new BackupError(
    `${tool} was not found on the PATH nor in ${base}/*/bin: install PostgreSQL's client tools (apt-get install postgresql-client).`,
  );
}

/**
 * The URL without its password, which goes to the tool in PGPASSWORD: a command line is visible
 * to every user of the machine.
 */
function connection(url: string) {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return {
    dbname: parsed.toString(),
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
  };
}

function run(tool: Tool, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<string>((done, fail) => {
    const child = spawn(findTool(tool), args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("error", fail);
    child.once("exit", (code) => {
      if (code === 0) done(output);
      else fail(new BackupError(`${tool} failed (exit ${code}):\n${output.trim()}`));
    });
  });
}

export async function backupPostgres(url: string, destination: string) {
  const { dbname, env } = connection(url);
  await run("pg_dump", ["--format=custom", `--file=${destination}`, `--dbname=${dbname}`], env);
  await checkArchive(destination);
  return withClient(url, async (client) => ({ checkins: await checkinCount(client) }));
}

/** Restores a pg_dump archive into an empty database, all or nothing. */
export async function restorePostgres(file: string, url: string) {
  await checkArchive(file);
  await withClient(url, async (client) => {
    const { rows } = await client.query<{ n: number }>(
      "select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and c.relkind in ('r', 'p', 'v', 'm', 'S')",
    );
    const n = rows[0]?.n ?? 0;
    if (n > 0) {
      throw new BackupError(
        `The database ${connection(url).dbname} is not empty (${n} tables, views or sequences): a backup is restored only into an empty database. Create a new one (createdb) and point DATABASE_URL at it.`,
      );
    }
  });
  const { dbname, env } = connection(url);
  await run(
    "pg_restore",
    [
      "--exit-on-error",
      "--single-transaction",
      "--no-owner",
      "--no-privileges",
      `--dbname=${dbname}`,
      file,
    ],
    env,
  );
  return withClient(url, async (client) => ({ checkins: await checkinCount(client) }));
}

/** pg_restore reads the archive's table of contents: a truncated or foreign file fails here. */
async function checkArchive(file: string) {
  const list = await run("pg_restore", ["--list", file], process.env).catch((error: unknown) => {
    throw new BackupError(`Not a readable pg_dump archive: ${String(error)}`);
  });
  if (!/TABLE DATA \S+ kysely_migration /.test(list)) {
    throw new BackupError("This pg_dump archive is not of a Pufa database.");
  }
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function checkinCount(client: pg.Client) {
  const { rows } = await client.query<{ n: number }>("select count(*)::int as n from checkin");
  return rows[0]?.n ?? 0;
}

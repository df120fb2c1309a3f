import { copyFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Kysely } from "kysely";
import pg from "pg";
import { migrateToLatest, openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { seedDemo } from "../../db/seed";

/**
 * The ready-made databases of this run (tests/support/templates.ts makes them once, before the
 * first test file): one migrated, one migrated and seeded with the demo. A test database is a copy
 * of one of them, which costs a fraction of migrating (and seeding) it again in every file.
 */
export type Templates = {
  /** SQLite: file paths; PostgreSQL: database names on the TEST_PG_URL server. */
  migrated: string;
  demo: string;
  /** The day (Beijing time) the demo was seeded: its events are placed around that moment. */
  demoDay: string;
};

export const TEMPLATES_ENV = "PUFA_TEST_TEMPLATES";

const beijingDay = (ms = Date.now()) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

async function withAdmin<T>(admin: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Makes the run's templates; returns them and how to remove them. */
export async function makeTemplates(): Promise<{
  templates: Templates;
  remove: () => Promise<void>;
}> {
  const admin = process.env.TEST_PG_URL;
  const fresh = () => createTestDatabase({ template: false });
  const migrated = await fresh();
  await migrated.db.destroy();
  const demo = await fresh();
  await seedDemo(demo.db);
  await demo.db.destroy();
  const templates: Templates = admin
    ? { migrated: migrated.name, demo: demo.name, demoDay: beijingDay() }
    : { migrated: migrated.url, demo: demo.url, demoDay: beijingDay() };
  return {
    templates,
    async remove() {
      await migrated.drop();
      await demo.drop();
    },
  };
}

function templatesOfRun(): Templates | undefined {
  const given = process.env[TEMPLATES_ENV];
  return given ? (JSON.parse(given) as Templates) : undefined;
}

/**
 * A fresh database for one test file: a temporary SQLite file, or, when TEST_PG_URL names a
 * PostgreSQL server (npm run test:pg sets it), a new database on it. Migrated unless
 * `migrate: false`; with `demo: true`, also seeded with the demo (db/seed.ts), as a demo server
 * seeds an empty database at start-up. Copied from the run's templates when there are some.
 */
export async function createTestDatabase(
  options: { migrate?: boolean; demo?: boolean; template?: boolean } = {},
) {
  const name = `pufa_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = process.env.TEST_PG_URL;
  const migrate = options.migrate !== false || options.demo === true;
  const templates = options.template === false ? undefined : templatesOfRun();
  // A demo seeded on another day would place its events and study sessions around that day.
  const demoTemplate = templates && templates.demoDay === beijingDay() ? templates.demo : undefined;
  const source = !migrate ? undefined : options.demo ? demoTemplate : templates?.migrated;
  let url: string;
  let drop: () => Promise<void>;
  if (admin) {
    await withAdmin(admin, (client) =>
      client.query(`create database ${name}${source ? ` template ${source}` : ""}`),
    );
    const target = new URL(admin);
    target.pathname = `/${name}`;
    url = target.toString();
    drop = () =>
      withAdmin(admin, async (client) => {
        await client.query(`drop database if exists ${name} with (force)`);
      });
  } else {
    url = join(tmpdir(), `${name}.db`);
    if (source) copyFileSync(source, url);
    drop = async () => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${url}${suffix}`, { force: true });
    };
  }
  const db: Kysely<Database> = openDatabase(parseDatabaseUrl(url));
  if (migrate && !source) await migrateToLatest(db);
  if (options.demo && !source) await seedDemo(db);
  return {
    name,
    url,
    db,
    dialect: admin ? "postgres" : "sqlite",
    drop,
    async destroy() {
      await db.destroy();
      await drop();
    },
  };
}

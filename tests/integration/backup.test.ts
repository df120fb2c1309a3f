import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshReach } from "../../app/.server/reach/rollup";
import { createTestDatabase } from "../support/database";
import { openEvent } from "../support/demo";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// npm run backup while residents check in, npm run restore into a new database, and a server on
// the restored one (issue 17 item 5), on SQLite or (npm run test:pg) PostgreSQL.

type TestDatabase = Awaited<ReturnType<typeof createTestDatabase>>;

let t: TestDatabase;
let server: RunningServer;
const made: TestDatabase[] = [];
const dir = mkdtempSync(join(tmpdir(), "pufa-backups-"));

const serverEnv = { CHECKIN_LIMIT_PER_IP: "100000000", CHECKIN_LIMIT_PER_EVENT: "100000000" };

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url, env: serverEnv });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  for (const db of made) await db.destroy();
  await t?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

/** A new database with nothing in it, as an operator creates one to restore into. */
async function emptyDatabase() {
  const db = await createTestDatabase({ migrate: false });
  made.push(db);
  return db;
}

/** The command line as an operator runs it (npm run backup / restore), against one database. */
function pufa(args: string[], databaseUrl: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; output: string }>((done) => {
    const child = spawn(process.execPath, [resolve("bin/pufa.js"), ...args], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        PUFA_DEMO: "on",
        COOKIE_SECRET: "integration-test-cookie-secret",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => done({ code, output }));
  });
}

let lastPhone = 0;
const newPhone = () =>
  `137${String(process.pid % 1000).padStart(3, "0")}${String(++lastPhone).padStart(5, "0")}`;

async function checkIn(baseUrl: string, code: string, phone: string) {
  const res = await new Browser(baseUrl).post(`/c/${code}`, {
    intent: "checkin",
    name: "周桂英",
    phone,
    villageId: "",
    employer: "香山电子厂",
    group: "migrant_worker",
    consent: "on",
  });
  return res.status === 200 && (await res.text()).includes("签到成功");
}

const checkinsAt = (db: TestDatabase["db"], eventId: number) =>
  db
    .selectFrom("checkin")
    .innerJoin("person", "person.id", "checkin.person_id")
    .select("person.phone")
    .where("checkin.event_id", "=", eventId)
    .execute()
    .then((rows) => new Set(rows.map((row) => row.phone)));

async function tallyOf(db: TestDatabase["db"], eventId: number) {
  await refreshReach(db, new Date().toISOString());
  const row = await db
    .selectFrom("checkin_tally")
    .select((eb) => eb.fn.sum<number>("checkins").as("n"))
    .where("event_id", "=", eventId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Rows per table, and the constraints, indexes and triggers of the schema. */
async function shapeOf(db: TestDatabase["db"], dialect: string) {
  const tables = (await db.introspection.getTables({ withInternalKyselyTables: true })).map(
    (table) => table.name,
  );
  const rows: Record<string, number> = {};
  for (const table of tables.sort()) {
    const { rows: counted } = await sql<{
      n: number;
    }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    rows[table] = Number(counted[0]?.n);
  }
  const { rows: objects } =
    dialect === "postgres"
      ? await sql<{ kind: string; n: number }>`
          select 'constraint ' || contype::text as kind, count(*)::int as n from pg_constraint c
            join pg_namespace s on s.oid = c.connamespace where s.nspname = 'public' group by contype
          union all
          select 'index', count(*)::int from pg_indexes where schemaname = 'public'
          union all
          select 'trigger', count(*)::int from pg_trigger where not tgisinternal`.execute(db)
      : await sql<{
          kind: string;
          n: number;
        }>`select type as kind, count(*) as n from sqlite_master group by type`.execute(db);
  const schema = Object.fromEntries(objects.map((row) => [row.kind, Number(row.n)]));
  return { rows, schema };
}

describe("npm run backup during a check-in storm, then npm run restore", () => {
  it("keeps every check-in confirmed before the backup began, whole and consistent, and serves", async () => {
    const event = await openEvent(t.db);
    const confirmed: string[] = [];
    let storming = true;
    const resident = async () => {
      while (storming) {
        const phone = newPhone();
        if (await checkIn(server.baseUrl, event.code, phone)) confirmed.push(phone);
      }
    };
    const storm = Array.from({ length: 6 }, resident);
    let beforeBackup: string[];
    let backup: Awaited<ReturnType<typeof pufa>>;
    let duringBackup: number;
    try {
      await expect.poll(() => confirmed.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(30);
      beforeBackup = [...confirmed];
      backup = await pufa(["backup"], t.url, { BACKUP_DIR: dir });
      duringBackup = confirmed.length - beforeBackup.length;
    } finally {
      storming = false;
      await Promise.all(storm);
    }
    expect(backup.code, backup.output).toBe(0);
    // The residents went on checking in while the backup ran.
    expect(duringBackup).toBeGreaterThan(0);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const file = join(dir, files[0] as string);
    expect(files[0]).toMatch(
      t.dialect === "sqlite" ? /^pufa-\d{8}T\d{6}Z\.db$/ : /^pufa-\d{8}T\d{6}Z\.dump$/,
    );
    expect(backup.output).toContain(file);

    const fresh = await emptyDatabase();
    const restore = await pufa(["restore", file], fresh.url);
    expect(restore.code, restore.output).toBe(0);
    expect(restore.output).toContain("Restored");

    const restored = await checkinsAt(fresh.db, event.id);
    expect(beforeBackup.filter((phone) => !restored.has(phone))).toEqual([]);
    // One moment's copy: the tally kept in each check-in's transaction agrees with the rows, and
    // nothing is there that the database never had.
    expect(await tallyOf(fresh.db, event.id)).toBe(restored.size);
    const source = await checkinsAt(t.db, event.id);
    expect([...restored].filter((phone) => !source.has(phone))).toEqual([]);

    const [before, after] = [await shapeOf(t.db, t.dialect), await shapeOf(fresh.db, t.dialect)];
    expect(after.schema).toEqual(before.schema);
    expect(Object.keys(after.rows)).toEqual(Object.keys(before.rows));
    for (const table of ["admin_unit", "staff_user", "event", "campaign", "kysely_migration"]) {
      expect(after.rows[table], table).toBe(before.rows[table]);
    }
    if (t.dialect === "sqlite") {
      const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(
        fresh.db,
      );
      expect(integrity.rows).toEqual([{ integrity_check: "ok" }]);
      const foreignKeys = await sql`pragma foreign_key_check`.execute(fresh.db);
      expect(foreignKeys.rows).toEqual([]);
    }

    // The app serves from the restored database: staff log in, residents check in.
    const revived = await startServer({ databaseUrl: fresh.url, env: serverEnv });
    try {
      await new Browser(revived.baseUrl).logIn("organiser");
      const phone = newPhone();
      expect(await checkIn(revived.baseUrl, event.code, phone)).toBe(true);
      expect((await checkinsAt(fresh.db, event.id)).has(phone)).toBe(true);
    } finally {
      await revived.stop();
    }
  }, 180_000);
});

describe("npm run restore refuses", () => {
  it("a database that is not empty, and changes nothing in it", async () => {
    const [file] = readdirSync(dir);
    expect(file).toBeDefined();
    // The server rolls the storm's check-ins up once a minute: done now, so no roll-up of its
    // can land between the two counts on a slow machine.
    await refreshReach(t.db, new Date().toISOString());
    const before = await shapeOf(t.db, t.dialect);
    const refused = await pufa(["restore", join(dir, file as string)], t.url);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("is not empty");
    expect(refused.output).toContain("only into an empty database");
    expect((await shapeOf(t.db, t.dialect)).rows).toEqual(before.rows);
  });

  it("a file that is not a backup, and leaves the database empty", async () => {
    const bogus = join(dir, "notes.txt");
    writeFileSync(bogus, "香山街道 2026 年台账\n");
    const fresh = await emptyDatabase();
    const refused = await pufa(["restore", bogus], fresh.url);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain("is not a Pufa backup");
    expect(await fresh.db.introspection.getTables({ withInternalKyselyTables: true })).toEqual([]);
  });

  it("no file named: says how it is used", async () => {
    const refused = await pufa(["restore"], t.url);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain("Usage: npm run restore -- FILE");
  });
});

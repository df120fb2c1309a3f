import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "~/.server/audit/audit-log";
import { createTestDatabase } from "../support/database";

// The attacks of issue 6 item 16: rewriting the audit log around its update and delete guards,
// as someone with a database shell would (SQLite's REPLACE, PostgreSQL's TRUNCATE).

const onPostgres = Boolean(process.env.TEST_PG_URL);
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let youngId: number;

const DAY = 86_400_000;

async function insertEntry(at: string, actor: string) {
  const row = await t.db
    .insertInto("audit_log")
    .values({
      at,
      action: "login",
      outcome: "success",
      actor_id: null,
      actor_username: actor,
      target: null,
      ip: "127.0.0.1",
      unit_path: null,
      detail: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function entries() {
  return t.db
    .selectFrom("audit_log")
    .select(["id", "at", "action", "outcome", "actor_username"])
    .orderBy("id")
    .execute();
}

/** A statement run the way a shell would: SQLite through its own connection (no pragmas set). */
async function runAsShell(statement: string) {
  if (onPostgres) {
    await sql.raw(statement).execute(t.db);
    return;
  }
  const shell = new SQLite(t.url);
  try {
    shell.exec(statement);
  } finally {
    shell.close();
  }
}

beforeAll(async () => {
  t = await createTestDatabase();
  youngId = await insertEntry(new Date(Date.now() - DAY).toISOString(), "alice");
});
afterAll(() => t.destroy());

describe("the audit log cannot be rewritten", () => {
  it.runIf(!onPostgres)(
    "refuses REPLACE INTO and INSERT OR REPLACE of an existing id",
    async () => {
      const before = await entries();
      for (const verb of ["replace into", "insert or replace into"]) {
        await expect(
          runAsShell(
            `${verb} audit_log (id, at, action, outcome, actor_username)
           values (${youngId}, '2020-01-01T00:00:00.000Z', 'login', 'failure', 'mallory')`,
          ),
        ).rejects.toThrow(/append-only/);
      }
      expect(await entries()).toEqual(before);
    },
  );

  it("refuses INSERT … ON CONFLICT (id) DO UPDATE", async () => {
    const before = await entries();
    await expect(
      runAsShell(
        `insert into audit_log (id, at, action, outcome, actor_username)
         values (${youngId}, '2020-01-01T00:00:00.000Z', 'login', 'failure', 'mallory')
         on conflict (id) do update set outcome = excluded.outcome,
           actor_username = excluded.actor_username`,
      ),
    ).rejects.toThrow(/append-only/);
    expect(await entries()).toEqual(before);
  });

  it.runIf(onPostgres)("refuses TRUNCATE, alone or by cascade", async () => {
    const before = await entries();
    await expect(runAsShell("truncate audit_log")).rejects.toThrow(/append-only/);
    await expect(runAsShell("truncate audit_log restart identity cascade")).rejects.toThrow(
      /append-only/,
    );
    expect(await entries()).toEqual(before);
  });

  it("still refuses deleting rows younger than 180 days", async () => {
    const before = await entries();
    await expect(runAsShell("delete from audit_log")).rejects.toThrow(/180 days/);
    expect(await entries()).toEqual(before);
  });
});

describe("the audit log still works", () => {
  it("appends new entries", async () => {
    const before = await entries();
    await recordAudit(t.db, {
      action: "logout",
      outcome: "success",
      actor_id: null,
      actor_username: "bob",
      target: null,
      ip: null,
      unit_path: null,
      detail: null,
    });
    const after = await entries();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toMatchObject({ action: "logout", actor_username: "bob" });
  });

  it("lets retention delete rows older than 180 days", async () => {
    const oldId = await insertEntry(new Date(Date.now() - 181 * DAY).toISOString(), "ancient");
    await runAsShell(`delete from audit_log where id = ${oldId}`);
    const left = await entries();
    expect(left.map((row) => row.actor_username)).not.toContain("ancient");
    expect(left.map((row) => row.id)).toContain(youngId);
  });
});

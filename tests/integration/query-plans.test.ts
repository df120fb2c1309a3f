import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from "kysely";
import { CompiledQuery, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "~/.server/db";
import { ownerAfterMove } from "~/.server/people/find-or-add";
import { heldOutreachEvents } from "~/.server/reach/held-events";
import { eventInReach } from "~/.server/scope";
import { unitRecords } from "~/.server/units/lifecycle";
import { yearPeriod } from "~/lib/reach-period";
import { createTestDatabase } from "../support/database";

// Issue 17 item 6: the queries that read by an event's village, a person's invitations, the
// check-ins a staff member entered or a village's check-ins, and the reach predicate, are served
// by indexes (migration 2026-12-08T1-ordered-checked), on SQLite and (npm run test:pg)
// PostgreSQL. The plans are those of the app's own queries, compiled or caught as the app's
// functions send them, over a district loaded here: 8 sub-districts of 13 villages, 20,000
// events, 20,000 people, 100,000 check-ins, 3,000 accounts and cadres, statistics gathered. No
// planner setting is forced: each plan is the one the database chooses, and for each index the
// same query, planned with the index dropped (and the drop rolled back), reads the whole table.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const pg = () => t.dialect === "postgres";

const SUBDISTRICTS = 8;
const VILLAGES = 13;
const EVENTS = 20_000;
const PEOPLE = 20_000;
const CHECKINS = 100_000;
const ACCOUNTS = 3_000;
const RECORDERS = 100;
const STAMP = "2024-06-01T01:00:00.000Z";
/** Sub-districts are units 2..9 under the district (1); villages 10.. follow, 13 a sub-district. */
const firstVillage = 2 + SUBDISTRICTS;
const villageOf = (i: string) => `(${firstVillage} + ((${i}) % ${SUBDISTRICTS * VILLAGES}))`;

/** Numbers 0..n-1 as rows of `n(i)`, in SQL both databases run. */
const numbers = (n: number) =>
  `with recursive n(i) as (select 0 union all select i + 1 from n where i < ${n - 1})`;

async function load(db: Db) {
  const run = (text: string) => sql.raw(text).execute(db);
  await run(
    `insert into admin_unit (id, parent_id, level, name, path, created_at)
     values (1, null, 'district', '区', '/1/', '${STAMP}')`,
  );
  await run(`${numbers(SUBDISTRICTS)}
    insert into admin_unit (id, parent_id, level, name, path, created_at)
    select 2 + i, 1, 'subdistrict', '街道' || i, '/1/' || (2 + i) || '/', '${STAMP}' from n`);
  await run(`${numbers(SUBDISTRICTS * VILLAGES)}
    insert into admin_unit (id, parent_id, level, name, path, created_at)
    select ${firstVillage} + i, 2 + i / ${VILLAGES}, 'village', '村' || i,
      '/1/' || (2 + i / ${VILLAGES}) || '/' || (${firstVillage} + i) || '/', '${STAMP}' from n`);
  // Accounts and cadres of every village, 述法 records of those cadres.
  await run(`${numbers(ACCOUNTS)}
    insert into staff_user (id, username, display_name, password_hash, role, unit_id,
      password_changed_at, created_at, updated_at)
    select 1 + i, 'staff' || i, '职员' || i, 'x', 'organiser', ${villageOf("i")}, '${STAMP}',
      '${STAMP}', '${STAMP}' from n`);
  // Every event is hosted by its village's sub-district (one in five by the village itself) and
  // held in that village, on a day of October to December of 2024 or 2025 (its round in the
  // village decides which), all published and ended.
  const round = `(i / ${SUBDISTRICTS * VILLAGES})`;
  const day = `(2024 + ${round} % 2) || '-' || (10 + ${round} / 2 % 3) || '-' || (10 + ${round} / 6 % 19)`;
  await run(`${numbers(EVENTS)}
    insert into event (id, code, title, format, host_unit_id, village_id, venue, starts_at,
      ends_at, visibility, status, qr_secret, created_at, updated_at)
    select 1 + i, 'e' || i, '活动' || i, 'lecture',
      case when i % 5 = 0 then ${villageOf("i")} else 2 + (${villageOf("i")} - ${firstVillage}) / ${VILLAGES} end,
      ${villageOf("i")}, '会场',
      ${day} || 'T01:00:00.000Z', ${day} || 'T03:00:00.000Z',
      'public', 'published', 's', '${STAMP}', '${STAMP}' from n`);
  await run(`${numbers(PEOPLE)}
    insert into person (id, name, village_id, audience_group, created_at, updated_at, unit_id)
    select 1 + i, '居民' || i, ${villageOf("i")}, 'villager', '${STAMP}', '${STAMP}',
      ${villageOf("i")} from n`);
  // Five check-ins a person, at five different events; one in ten by employer (no village), one
  // in fifty entered by one of a hundred staff members.
  await run(`${numbers(CHECKINS)}
    insert into checkin (event_id, person_id, method, checked_in_at, recorded_by, name,
      audience_group, village_id)
    select 1 + (i * 7919) % ${EVENTS}, 1 + i / 5,
      case when i % 50 = 0 then 'walk_in' else 'self_scan' end, '${STAMP}',
      case when i % 50 = 0 then 1 + i / 50 % ${RECORDERS} end, '居民', 'villager',
      case when i % 10 = 0 then null else ${villageOf("i / 5")} end from n`);
  await run(`${numbers(ACCOUNTS)}
    insert into cadre (id, person_id, unit_id, position, status, created_at, updated_at)
    select 1 + i, 1 + i, ${villageOf("i")}, '干部', 'active', '${STAMP}', '${STAMP}' from n`);
  await run(`${numbers(ACCOUNTS)}
    insert into law_duty_report (cadre_id, unit_id, year, form, evaluation, created_at, updated_at)
    select 1 + i, ${villageOf("i")}, 2024, 'written', 'good', '${STAMP}', '${STAMP}' from n`);
  await run(`${numbers(PEOPLE)}
    insert into event_invitation (event_id, person_id, added_at)
    select 1 + i % 2000, 1 + i, '${STAMP}' from n`);
}

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.transaction().execute(async (trx) => {
    // PostgreSQL: no triggers while loading (the check-in tally's, the foreign keys'), which would
    // take most of the test's time; the rows are consistent by construction.
    if (pg()) await sql`set local session_replication_role = replica`.execute(trx);
    await load(trx);
  });
  await sql.raw(pg() ? "vacuum analyze" : "analyze").execute(t.db);
}, 60_000);

afterAll(async () => {
  await t.destroy();
});

type Compiled = { sql: string; parameters: readonly unknown[] };

/** The plan `db` chooses for a compiled query, as one text. */
async function explain(db: Db, query: Compiled) {
  const prefix = pg() ? "explain " : "explain query plan ";
  const result = await db.executeQuery<Record<string, string>>(
    CompiledQuery.raw(prefix + query.sql, [...query.parameters]),
  );
  return result.rows.map((row) => (pg() ? row["QUERY PLAN"] : row.detail)).join("\n");
}

const planOf = (query: Compiled) => explain(t.db, query);

/** The plan the database would choose for it without this index (dropped, then rolled back). */
async function planWithout(index: string, query: Compiled) {
  let plan = "";
  const rollback = new Error("rollback");
  await t.db
    .transaction()
    .execute(async (trx) => {
      await trx.schema.dropIndex(index).execute();
      plan = await explain(trx, query);
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return plan;
}

/** A read of the whole table, in either database's words. */
const wholeTable = (table: string) =>
  pg() ? new RegExp(`Seq Scan on ${table}\\b`) : new RegExp(`SCAN ${table}\\b`);

/** Runs `work` on a handle that keeps every query it sends, compiled. */
async function queriesSentBy(work: (db: Db) => Promise<unknown>) {
  const sent: PluginTransformQueryArgs[] = [];
  const catcher: KyselyPlugin = {
    transformQuery(args) {
      sent.push(args);
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs) {
      return args.result;
    },
  };
  await work(t.db.withPlugin(catcher));
  return sent.map(({ node, queryId }) => t.db.getExecutor().compileQuery(node, queryId));
}

/**
 * Of the queries `work` sends that read `table`, one is planned through `index`, and without the
 * index that same query reads the whole table.
 */
async function expectServedBy(table: string, index: string, work: (db: Db) => Promise<unknown>) {
  const reading = (await queriesSentBy(work)).filter((query) =>
    new RegExp(`from "${table}"(?! as)`).test(query.sql),
  );
  const plans = await Promise.all(reading.map(planOf));
  const served = plans.findIndex((plan) => plan.includes(index));
  expect(served, `${index}: ${plans.join("\n---\n")}`).toBeGreaterThanOrEqual(0);
  const without = await planWithout(index, reading[served]!);
  expect(without).not.toContain(index);
  expect(without).toMatch(wholeTable(table));
}

describe("the reach predicate", () => {
  const reachPlan = (scopePath: string) =>
    planOf(
      heldOutreachEvents(t.db, {
        scopePath,
        period: yearPeriod(2024),
        now: "2026-12-01T00:00:00.000Z",
      })
        .select("event.id")
        .compile(),
    );

  it("is served by both event indexes, host and venue village, wherever it is used", async () => {
    for (const scope of [`/1/2/${firstVillage}/`, "/1/2/"]) {
      const plan = await planOf(
        t.db.selectFrom("event").select("event.id").where(eventInReach(t.db, scope)).compile(),
      );
      expect(plan).toContain("event_host_unit");
      expect(plan).toContain("event_village");
      expect(plan).toMatch(pg() ? /BitmapOr/ : /MULTI-INDEX OR/);
    }
  });

  // SQLite plans the dashboard's selection from the period's range on event_starts_at, by its
  // own estimate, and applies the predicate to those rows; PostgreSQL combines the two indexes.
  it.skipIf(!process.env.TEST_PG_URL)(
    "reads a village's events for the dashboard through both event indexes",
    async () => {
      const plan = await reachPlan(`/1/2/${firstVillage}/`);
      expect(plan).toContain("event_host_unit");
      expect(plan).toContain("event_village");
      expect(plan).toMatch(/BitmapOr/);
      expect(plan).not.toMatch(/Seq Scan on event\b/);
    },
  );

  it.skipIf(!process.env.TEST_PG_URL)("reads a sub-district's events the same way", async () => {
    const plan = await reachPlan("/1/2/");
    expect(plan).toContain("event_host_unit");
    expect(plan).toContain("event_village");
    expect(plan).not.toMatch(/Seq Scan on event\b/);
  });

  it("selects the events hosted in the scope or held in one of its villages, each once", async () => {
    const village = firstVillage + 1;
    const rows = await heldOutreachEvents(t.db, {
      scopePath: `/1/2/${village}/`,
      period: yearPeriod(2024),
      now: "2026-12-01T00:00:00.000Z",
    })
      .select("event.id")
      .execute();
    const expected = await t.db
      .selectFrom("event")
      .select("id")
      .where((eb) => eb.or([eb("host_unit_id", "=", village), eb("village_id", "=", village)]))
      .where("starts_at", "<", "2025-01-01")
      .execute();
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((row) => row.id).sort((a, b) => a - b)).toEqual(
      expected.map((row) => row.id).sort((a, b) => a - b),
    );
  });
});

describe("a unit's page counts its records through indexes", () => {
  it("counts a village's events, residents and check-ins without reading whole tables", async () => {
    const village = firstVillage + 3;
    const records = await unitRecords(t.db, village);
    expect(records.checkins).toBeGreaterThan(0);
    expect(records.heldEvents).toBeGreaterThan(0);
    const counts = (db: Db) => unitRecords(db, village);
    await expectServedBy("checkin", "checkin_village", counts);
    await expectServedBy("event", "event_village", counts);
    await expectServedBy("person", "person_village", counts);
    await expectServedBy("staff_user", "staff_user_unit", counts);
    await expectServedBy("law_duty_report", "law_duty_report_unit", counts);
  });
});

describe("a person's invitations and the check-ins a staff member entered", () => {
  it("finds a person's invitations through event_invitation_person", async () => {
    await expectServedBy("event_invitation", "event_invitation_person", (db) =>
      ownerAfterMove(db, {
        person: { id: 42, unitId: firstVillage },
        record: { kind: "roster", id: 0 },
        from: firstVillage,
        to: { id: firstVillage + 1, path: `/1/2/${firstVillage + 1}/` },
      }),
    );
  });

  it("finds the check-ins one staff member entered through checkin_recorded_by", async () => {
    // What PostgreSQL runs for the foreign key when a staff account is deleted, and any list of
    // entries by who recorded them.
    const entered = (db: Db) =>
      db
        .selectFrom("checkin")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("recorded_by", "=", 7)
        .executeTakeFirstOrThrow();
    await expectServedBy("checkin", "checkin_recorded_by", entered);
    expect(Number((await entered(t.db)).n)).toBe(CHECKINS / 50 / RECORDERS);
  });
});

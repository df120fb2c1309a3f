import type { Kysely } from "kysely";
import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations } from "../../db/migrations";
import { seedDemo } from "../../db/seed";
import { createTestDatabase } from "../support/database";

// The migration 2026-11-29T1-people on a database that holds the demo as the migration before it
// left it, on SQLite or (npm run test:pg) PostgreSQL. The demo is seeded into a current database,
// and its rows, in the columns the older schema has, are copied into a database migrated only as
// far as 2026-11-28T2-events; that one is then migrated and compared with the current one.

/** Two versions of the schema meet here, as in a migration: neither is today's Database type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Untyped = Kysely<any>;

const BEFORE = "2026-11-28T2-events";
const PEOPLE = "2026-11-29T1-people";
const OLD_SPELLING = 800_001;
/** In the order their foreign keys need. */
const TABLES = [
  "admin_unit",
  "staff_user",
  "campaign",
  "event",
  "event_audience",
  "event_invitee",
  "person",
  "checkin",
];

let current: Awaited<ReturnType<typeof createTestDatabase>>;
let old: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Untyped;

const migrator = (target: Untyped) =>
  new Migrator({ db: target, provider: { getMigrations: async () => migrations } });

async function columnsOf(target: Untyped) {
  const tables = await target.introspection.getTables();
  return new Map(tables.map((table) => [table.name, table.columns.map((c) => c.name)]));
}

beforeAll(async () => {
  current = await createTestDatabase();
  expect(await seedDemo(current.db)).toBe(true);
  old = await createTestDatabase({ migrate: false });
  db = old.db as Untyped;
  const moved = await migrator(db).migrateTo(BEFORE);
  expect(moved.error).toBeUndefined();
  const columns = await columnsOf(db);
  const source = current.db as Untyped;
  const latest = await columnsOf(source);
  for (const table of TABLES) {
    // A table a later migration replaced (event_invitee, by event_invitation) stays empty here.
    if (!latest.has(table)) continue;
    // Columns a later migration dropped (staff_user's old lock columns) keep their defaults.
    const names = columns.get(table)!.filter((name) => latest.get(table)!.includes(name));
    const rows = await source.selectFrom(table).select(names).orderBy(names[0]!).execute();
    for (let start = 0; start < rows.length; start += 200) {
      await db
        .insertInto(table)
        .values(rows.slice(start, start + 200))
        .execute();
    }
  }
  // Someone recorded before with a name only trimmed, and a check-in of theirs.
  const stamp = new Date().toISOString();
  const { id: eventId } = await db
    .selectFrom("event")
    .select("id")
    .orderBy("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("person")
    .values({
      id: OLD_SPELLING,
      phone: "13000000001",
      name: "Ｌｉ  Ming",
      audience_group: "enterprise_staff",
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
  await db
    .insertInto("checkin")
    .values({
      id: OLD_SPELLING,
      event_id: eventId,
      person_id: OLD_SPELLING,
      method: "self_scan",
      checked_in_at: stamp,
    })
    .execute();
  const migrated = await migrator(db).migrateTo(PEOPLE);
  expect(migrated.error).toBeUndefined();
  expect(migrated.results?.map((r) => [r.migrationName, r.status])).toEqual([[PEOPLE, "Success"]]);
}, 60_000);
afterAll(async () => {
  await old?.destroy();
  await current?.destroy();
});

const checkinColumns = [
  "id",
  "event_id",
  "person_id",
  "method",
  "checked_in_at",
  "recorded_by",
  "consent_version",
  "name",
  "audience_group",
  "village_id",
  "employer",
  "ticket",
];

describe("the people migration on the demo", () => {
  it("keeps every person and check-in with its id, and gives each check-in its person's facts", async () => {
    const personColumns = (await columnsOf(db)).get("person")!;
    const people = (target: Untyped) =>
      target
        .selectFrom("person")
        .select(personColumns)
        .where("id", "!=", OLD_SPELLING)
        .orderBy("id")
        .execute();
    const checkins = (target: Untyped) =>
      target
        .selectFrom("checkin")
        .select(checkinColumns)
        .where("id", "!=", OLD_SPELLING)
        .orderBy("id")
        .execute();
    const migratedCheckins = await checkins(db);
    expect(migratedCheckins.length).toBeGreaterThan(300);
    expect(await people(db)).toEqual(await people(current.db as Untyped));
    // The current seed writes each check-in's facts from its resident, as the backfill must.
    expect(migratedCheckins).toEqual(await checkins(current.db as Untyped));
    expect(migratedCheckins.every((row) => row.ticket === null)).toBe(true);
  });

  it("gives a name recorded before the one spelling names are now matched by", async () => {
    const person = await db
      .selectFrom("person")
      .select("name")
      .where("id", "=", OLD_SPELLING)
      .executeTakeFirstOrThrow();
    expect(person.name).toBe("Li Ming");
    const checkin = await db
      .selectFrom("checkin")
      .select(["name", "audience_group"])
      .where("id", "=", OLD_SPELLING)
      .executeTakeFirstOrThrow();
    expect(checkin).toEqual({ name: "Li Ming", audience_group: "enterprise_staff" });
  });

  it("leaves the foreign keys whole, pointing at the renamed tables", async () => {
    if (old.dialect !== "sqlite") {
      const refs = await sql<{ table: string }>`
        select ccu.table_name as table from information_schema.table_constraints tc
        join information_schema.constraint_column_usage ccu
          on ccu.constraint_name = tc.constraint_name
        where tc.table_name = 'checkin' and tc.constraint_type = 'FOREIGN KEY'`.execute(db);
      expect(refs.rows.map((r) => r.table).sort()).toEqual([
        "admin_unit",
        "event",
        "person",
        "staff_user",
      ]);
      return;
    }
    expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
    const refs = await sql<{ table: string }>`pragma foreign_key_list(checkin)`.execute(db);
    expect(refs.rows.map((r) => r.table).sort()).toEqual([
      "admin_unit",
      "event",
      "person",
      "staff_user",
    ]);
    const leftovers = await sql<{ name: string }>`
      select name from sqlite_master where name like '%_new'`.execute(db);
    expect(leftovers.rows).toEqual([]);
  });

  it("lets one phone hold two names, but not the same name twice", async () => {
    const { phone, name } = await db
      .selectFrom("person")
      .select(["phone", "name"])
      .where("phone", "is not", null)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const stamp = new Date().toISOString();
    const person = (id: number, personName: string) => ({
      id,
      phone,
      name: personName,
      audience_group: "villager",
      created_at: stamp,
      updated_at: stamp,
    });
    await db
      .insertInto("person")
      .values(person(900_001, `${name}之妻`))
      .execute();
    await expect(db.insertInto("person").values(person(900_002, name)).execute()).rejects.toThrow();
    // No phone: never a key, so any number of the same name.
    for (const id of [900_003, 900_004]) {
      await db
        .insertInto("person")
        .values({ ...person(id, "无手机"), phone: null })
        .execute();
    }
  });

  it("keeps a check-in once per person, a ticket once per event, and its person real", async () => {
    const { id: eventId } = await db
      .selectFrom("event")
      .select("id")
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const taken = await db
      .selectFrom("checkin")
      .select("person_id")
      .where("event_id", "=", eventId)
      .execute();
    const free = await db
      .selectFrom("person")
      .select("id")
      .where(
        "id",
        "not in",
        taken.map((row) => row.person_id),
      )
      .orderBy("id")
      .limit(3)
      .execute();
    let nextId = 900_000;
    // Ids given: PostgreSQL's identity did not count the rows copied in with theirs.
    const checkin = (personId: number, ticket: string | null) => ({
      id: ++nextId,
      event_id: eventId,
      person_id: personId,
      method: "self_scan",
      checked_in_at: new Date().toISOString(),
      name: "测试",
      audience_group: "villager",
      ticket,
    });
    await db.insertInto("checkin").values(checkin(free[0]!.id, "t1")).execute();
    await expect(
      db.insertInto("checkin").values(checkin(free[1]!.id, "t1")).execute(),
    ).rejects.toThrow();
    await db.insertInto("checkin").values(checkin(free[1]!.id, null)).execute();
    await db.insertInto("checkin").values(checkin(free[2]!.id, null)).execute();
    await expect(
      db.insertInto("checkin").values(checkin(free[2]!.id, "t2")).execute(),
    ).rejects.toThrow();
    await expect(
      db.insertInto("checkin").values(checkin(987_654_321, "t3")).execute(),
    ).rejects.toThrow();
  });
});

describe("going back down (db:reset goes down to nothing through it)", () => {
  it("restores one person per phone, keeps the first of each phone, and goes up again", async () => {
    const shared = await db
      .selectFrom("person")
      .select(["id", "phone"])
      .where("id", "=", 900_001)
      .executeTakeFirstOrThrow();
    const first = await db
      .selectFrom("person")
      .select("id")
      .where("phone", "=", shared.phone)
      .where("id", "!=", 900_001)
      .executeTakeFirstOrThrow();
    const checkinsBefore = await db.selectFrom("checkin").select("id").orderBy("id").execute();
    const down = await migrator(db).migrateTo(BEFORE);
    expect(down.error).toBeUndefined();

    const people = await db.selectFrom("person").select("id").execute();
    const ids = new Set(people.map((p) => p.id));
    expect(ids.has(900_001)).toBe(false);
    expect(ids.has(first.id)).toBe(true);
    expect(ids.has(900_003) && ids.has(900_004)).toBe(true);
    expect(await db.selectFrom("checkin").select("id").orderBy("id").execute()).toEqual(
      checkinsBefore,
    );
    expect((await columnsOf(db)).get("checkin")).toEqual([
      "id",
      "event_id",
      "person_id",
      "method",
      "checked_in_at",
      "recorded_by",
      "consent_version",
    ]);
    const stamp = new Date().toISOString();
    await expect(
      db
        .insertInto("person")
        .values({
          id: 900_010,
          phone: shared.phone,
          name: "又一个",
          audience_group: "villager",
          created_at: stamp,
          updated_at: stamp,
        })
        .execute(),
    ).rejects.toThrow();
    if (old.dialect === "sqlite") {
      expect((await sql`pragma foreign_key_check`.execute(db)).rows).toEqual([]);
    }

    const up = await migrator(db).migrateTo(PEOPLE);
    expect(up.error).toBeUndefined();
    const facts = await db
      .selectFrom("checkin")
      .innerJoin("person", "person.id", "checkin.person_id")
      .select(["checkin.name", "person.name as person_name"])
      .execute();
    expect(facts.length).toBe(checkinsBefore.length);
    // The test's own check-ins were named "测试" before: going down forgot it, up took the person's.
    expect(facts.filter((row) => row.name !== row.person_name)).toEqual([]);
  });
});

import type { Kysely } from "kysely";
import { Migrator } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations } from "../../db/migrations";
import { createTestDatabase } from "../support/database";

// The migration 2026-12-07T2-person-owner on a database of the schema before it, on SQLite or
// (npm run test:pg) PostgreSQL: a district with two sub-districts, each with a village, and
// people held as the shared person table held them, one of them by both sub-districts.

/** The schema before the migration: not today's Database type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Untyped = Kysely<any>;

const BEFORE = "2026-12-07T1-link-expiry";
const OWNER = "2026-12-07T2-person-owner";
const AT = "2026-03-01T02:00:00.000Z";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Untyped;
const ids: Record<string, number> = {};

const migrator = (target: Untyped) =>
  new Migrator({ db: target, provider: { getMigrations: async () => migrations } });

async function unit(name: string, level: string, parent: string | null) {
  const parentId = parent ? ids[parent]! : null;
  const { id } = await db
    .insertInto("admin_unit")
    .values({ parent_id: parentId, level, name, path: "/", created_at: AT })
    .returning("id")
    .executeTakeFirstOrThrow();
  const parentPath = parentId
    ? (
        await db
          .selectFrom("admin_unit")
          .select("path")
          .where("id", "=", parentId)
          .executeTakeFirstOrThrow()
      ).path
    : "/";
  await db
    .updateTable("admin_unit")
    .set({ path: `${parentPath}${id}/` })
    .where("id", "=", id)
    .execute();
  ids[name] = id;
}

async function person(key: string, phone: string, name: string) {
  const { id } = await db
    .insertInto("person")
    .values({ phone, name, audience_group: "villager", created_at: AT, updated_at: AT })
    .returning("id")
    .executeTakeFirstOrThrow();
  ids[key] = id;
}

async function event(key: string, host: string) {
  const { id } = await db
    .insertInto("event")
    .values({
      code: `code${key}`.slice(0, 8).padEnd(8, "a"),
      title: key,
      format: "lecture",
      host_unit_id: ids[host],
      venue: "礼堂",
      starts_at: AT,
      ends_at: AT,
      visibility: "internal",
      status: "held",
      qr_secret: "secret",
      created_at: AT,
      updated_at: AT,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  ids[key] = id;
}

async function checkin(eventKey: string, personKey: string) {
  await db
    .insertInto("checkin")
    .values({
      event_id: ids[eventKey],
      person_id: ids[personKey],
      method: "pass_scan",
      checked_in_at: AT,
      name: "x",
      audience_group: "villager",
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
  db = t.db as Untyped;
  expect((await migrator(db).migrateTo(BEFORE)).error).toBeUndefined();
  await unit("district", "district", null);
  await unit("xiangshan", "subdistrict", "district");
  await unit("zhoushan", "village", "xiangshan");
  await unit("yufan", "village", "xiangshan");
  await unit("hengjing", "subdistrict", "district");
  await unit("hjZhoushan", "village", "hengjing");
  // Held by 香山's 舟山村 roster and by 香山 as a cadre: one line of the tree.
  await person("member", "13700000001", "王明");
  // Held by 香山's 舟山村 roster and invited by 横泾: two branches.
  await person("shared", "13700000002", "李华");
  // Only checked in, at events of two villages of 香山.
  await person("resident", "13700000003", "赵六");
  await db
    .insertInto("legal_savvy")
    .values([
      {
        person_id: ids.member,
        village_id: ids.zhoushan,
        category: "mediator",
        created_at: AT,
        updated_at: AT,
      },
      {
        person_id: ids.shared,
        village_id: ids.zhoushan,
        category: "mediator",
        created_at: AT,
        updated_at: AT,
      },
    ])
    .execute();
  await db
    .insertInto("cadre")
    .values({
      person_id: ids.member,
      unit_id: ids.xiangshan,
      position: "科员",
      created_at: AT,
      updated_at: AT,
    })
    .execute();
  await event("xsTraining", "xiangshan");
  await event("hjTraining", "hengjing");
  await event("zsEvent", "zhoushan");
  await event("yfEvent", "yufan");
  await db
    .insertInto("event_invitation")
    .values([
      { event_id: ids.hjTraining, person_id: ids.shared, added_at: AT },
      { event_id: ids.xsTraining, person_id: ids.shared, added_at: AT },
    ])
    .execute();
  await checkin("xsTraining", "shared");
  await checkin("hjTraining", "shared");
  await checkin("zsEvent", "resident");
  await checkin("yfEvent", "resident");
  expect((await migrator(db).migrateTo(OWNER)).error).toBeUndefined();
});

afterAll(async () => {
  await t?.destroy();
});

const ownerOf = async (personId: number) =>
  (
    await db
      .selectFrom("person")
      .select("unit_id")
      .where("id", "=", personId)
      .executeTakeFirstOrThrow()
  ).unit_id;

describe("the person-owner migration", () => {
  it("gives a person held on one line of the tree the deepest unit that holds them", async () => {
    expect(await ownerOf(ids.member!)).toBe(ids.zhoushan);
    // Only checked in: the unit above every host of their events.
    expect(await ownerOf(ids.resident!)).toBe(ids.xiangshan);
  });

  it("copies a person held by two sub-districts, and moves 横泾's invitation and check-in to the copy", async () => {
    expect(await ownerOf(ids.shared!)).toBe(ids.zhoushan);
    const copies = await db
      .selectFrom("person")
      .select(["id", "unit_id", "name", "phone"])
      .where("phone", "=", "13700000002")
      .orderBy("id")
      .execute();
    expect(copies).toHaveLength(2);
    const copy = copies.find((row) => row.id !== ids.shared)!;
    expect(copy).toMatchObject({ unit_id: ids.hengjing, name: "李华" });
    const invited = await db
      .selectFrom("event_invitation")
      .select(["event_id", "person_id"])
      .where("person_id", "in", [ids.shared, copy.id])
      .orderBy("event_id")
      .execute();
    expect(invited).toEqual([
      { event_id: ids.xsTraining, person_id: ids.shared },
      { event_id: ids.hjTraining, person_id: copy.id },
    ]);
    const checkins = await db
      .selectFrom("checkin")
      .select(["event_id", "person_id"])
      .where("person_id", "in", [ids.shared, copy.id])
      .orderBy("event_id")
      .execute();
    expect(checkins).toEqual([
      { event_id: ids.xsTraining, person_id: ids.shared },
      { event_id: ids.hjTraining, person_id: copy.id },
    ]);
  });

  it("keys people by (unit, phone, name): the same pair may be a person of each unit, once", async () => {
    const row = {
      phone: "13700000009",
      name: "同名",
      audience_group: "villager",
      created_at: AT,
      updated_at: AT,
    };
    await db
      .insertInto("person")
      .values({ ...row, unit_id: ids.xiangshan })
      .execute();
    await db
      .insertInto("person")
      .values({ ...row, unit_id: ids.hengjing })
      .execute();
    await expect(
      db
        .insertInto("person")
        .values({ ...row, unit_id: ids.hengjing })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto("person")
        .values({ ...row, phone: "13700000010", unit_id: null })
        .execute(),
    ).rejects.toThrow();
  });
});

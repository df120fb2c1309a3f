import type { Kysely } from "kysely";
import { Migrator } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrations } from "../../db/migrations";
import { createTestDatabase } from "../support/database";

// Issue 8, item 10: an internal event's invitation list becomes people. On SQLite and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
});
afterAll(() => t.destroy());

describe("migration 2026-11-29T7-invitations", () => {
  it("turns every invitee line into a person on the list, adds the unknown as cadres, and goes back down", async () => {
    // The rows are written under an older schema than today's Database type.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const db = t.db as unknown as Kysely<any>;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo("2026-11-29T6-learners")).error).toBeUndefined();
    const stamp = "2026-11-01T00:00:00.000Z";
    const unit = await db
      .insertInto("admin_unit")
      .values({ level: "subdistrict", name: "香山街道", path: "/", created_at: stamp })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .updateTable("admin_unit")
      .set({ path: `/${unit.id}/` })
      .execute();
    const event = (title: string) => ({
      code: title,
      title,
      format: "central_group",
      host_unit_id: unit.id,
      venue: "会议室",
      starts_at: stamp,
      ends_at: stamp,
      visibility: "internal",
      status: "held",
      qr_secret: "s",
      created_at: stamp,
      updated_at: stamp,
    });
    const [first, second] = await db
      .insertInto("event")
      .values([event("aaaaaaaa"), event("bbbbbbbb")])
      .returning("id")
      .execute();
    // 李华 is known already (a resident who checked in once); 王敏 and 张三 are not.
    const known = await db
      .insertInto("person")
      .values({
        phone: "13900000001",
        name: "李华",
        audience_group: "villager",
        created_at: stamp,
        updated_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db
      .insertInto("event_invitee")
      .values([
        { event_id: first!.id, phone: "13900000001", name: "李华" },
        { event_id: first!.id, phone: "13900000002", name: "王敏" },
        { event_id: second!.id, phone: "13900000002", name: "王敏" },
        // The same phone under another name is another person (the identity rule).
        { event_id: second!.id, phone: "13900000001", name: "张三" },
      ])
      .execute();

    expect((await migrator.migrateTo("2026-11-29T7-invitations")).error).toBeUndefined();
    const byKey = <T extends Record<string, unknown>>(rows: T[]) =>
      rows.map((row) => JSON.stringify(row)).sort();
    const people = await db
      .selectFrom("person")
      .select(["id", "phone", "name", "audience_group"])
      .execute();
    expect(byKey(people)).toEqual(
      byKey([
        { id: known.id, phone: "13900000001", name: "李华", audience_group: "villager" },
        {
          id: people.find((p) => p.name === "张三")?.id,
          phone: "13900000001",
          name: "张三",
          audience_group: "cadre",
        },
        {
          id: people.find((p) => p.name === "王敏")?.id,
          phone: "13900000002",
          name: "王敏",
          audience_group: "cadre",
        },
      ]),
    );
    const lists = await db
      .selectFrom("event_invitation")
      .innerJoin("person", "person.id", "event_invitation.person_id")
      .select(["event_invitation.event_id", "person.name"])
      .execute();
    expect(byKey(lists)).toEqual(
      byKey([
        { event_id: first!.id, name: "李华" },
        { event_id: first!.id, name: "王敏" },
        { event_id: second!.id, name: "张三" },
        { event_id: second!.id, name: "王敏" },
      ]),
    );
    await expect(db.selectFrom("event_invitee").selectAll().execute()).rejects.toThrow();

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const lines = await db
      .selectFrom("event_invitee")
      .select(["event_id", "phone", "name"])
      .orderBy("event_id")
      .orderBy("phone")
      .execute();
    // Of two people on one phone at one event, the line keeps one name.
    expect(lines).toEqual([
      { event_id: first!.id, phone: "13900000001", name: "李华" },
      { event_id: first!.id, phone: "13900000002", name: "王敏" },
      { event_id: second!.id, phone: "13900000001", name: lines[2]!.name },
      { event_id: second!.id, phone: "13900000002", name: "王敏" },
    ]);
    expect(["张三", "李华"]).toContain(lines[2]!.name);
    expect(await db.selectFrom("event_invitation").selectAll().execute()).toEqual([]);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  });
});

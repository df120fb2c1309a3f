import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anonymiseCheckins, forgetPeople } from "../../app/.server/privacy/anonymise";
import { refreshReach } from "../../app/.server/reach/rollup";
import { createTestDatabase } from "../support/database";

// The anonymising core (app/.server/privacy/anonymise.ts), on SQLite and (npm run test:pg)
// PostgreSQL: check-ins lose what names a person and keep what the figures read; people left
// with nothing that must stay are deleted or emptied, the others kept as they were.

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  await refreshReach(t.db, new Date().toISOString());
});

afterAll(async () => {
  await t.destroy();
});

/** The check-ins of the demo's first 2024 event, with what they count by. */
async function firstEventOf2024() {
  const event = await t.db
    .selectFrom("event")
    .select("id")
    .where("starts_at", ">=", "2024-01-01")
    .where("starts_at", "<", "2025-01-01")
    .where((eb) =>
      eb.exists(eb.selectFrom("checkin").select("id").whereRef("event_id", "=", "event.id")),
    )
    .orderBy("id")
    .limit(1)
    .executeTakeFirstOrThrow();
  return t.db
    .selectFrom("checkin")
    .select([
      "id",
      "event_id",
      "person_id",
      "method",
      "checked_in_at",
      "audience_group",
      "village_id",
      "name",
      "rolled",
    ])
    .where("event_id", "=", event.id)
    .orderBy("id")
    .execute();
}

const rollups = async () => ({
  person: await t.db
    .selectFrom("reach_person")
    .selectAll()
    .orderBy("unit_id")
    .orderBy("period")
    .orderBy("person_id")
    .execute(),
  count: await t.db
    .selectFrom("reach_count")
    .selectAll()
    .orderBy("unit_id")
    .orderBy("period")
    .execute(),
  group: await t.db
    .selectFrom("reach_group")
    .selectAll()
    .orderBy("unit_id")
    .orderBy("period")
    .orderBy("audience_group")
    .execute(),
  change: await t.db.selectFrom("reach_change").select("event_id").execute(),
});

describe("anonymiseCheckins and forgetPeople", () => {
  it("empties the names, keeps every counted column and the roll-ups, and changes nothing twice", async () => {
    const before = await firstEventOf2024();
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((row) => row.name !== "")).toBe(true);
    const rollupsBefore = await rollups();

    const changed = await anonymiseCheckins(
      t.db,
      before.map((row) => row.id),
    );
    expect(changed).toBe(before.length);
    const after = await firstEventOf2024();
    expect(after.map((row) => row.name)).toEqual(before.map(() => ""));
    const counted = (rows: typeof before) => rows.map(({ name: _name, ...rest }) => rest);
    expect(counted(after)).toEqual(counted(before));
    const extra = await t.db
      .selectFrom("checkin")
      .select(["employer", "device"])
      .where("event_id", "=", before[0]!.event_id)
      .execute();
    expect(extra.every((row) => row.employer === null && row.device === null)).toBe(true);
    expect(await rollups()).toEqual(rollupsBefore);

    expect(
      await anonymiseCheckins(
        t.db,
        before.map((row) => row.id),
      ),
    ).toBe(0);
  });

  it("forgets the people left with nothing that must stay and keeps the others", async () => {
    const checkins = await firstEventOf2024();
    const people = [...new Set(checkins.map((row) => row.person_id))];
    // Which of them something else still needs, worked out here from the tables.
    const stays = new Set<number>();
    for (const id of people) {
      const [roster, cadre, pass, named] = await Promise.all([
        t.db
          .selectFrom("legal_savvy")
          .select("id")
          .where("person_id", "=", id)
          .where("status", "=", "active")
          .execute(),
        t.db.selectFrom("cadre").select("id").where("person_id", "=", id).execute(),
        t.db
          .selectFrom("pass")
          .select("id")
          .where("person_id", "=", id)
          .where("revoked_at", "is", null)
          .execute(),
        t.db
          .selectFrom("checkin")
          .select("id")
          .where("person_id", "=", id)
          .where("name", "<>", "")
          .execute(),
      ]);
      if (roster.length + cadre.length + pass.length + named.length > 0) stays.add(id);
    }
    const keptBefore = await t.db
      .selectFrom("person")
      .selectAll()
      .where("id", "in", [...stays, -1])
      .orderBy("id")
      .execute();

    const result = await forgetPeople(t.db, [...people, -1]);
    expect(result).toEqual({ forgotten: people.length - stays.size, kept: stays.size });
    expect(result.forgotten).toBeGreaterThan(0);

    const rows = await t.db.selectFrom("person").selectAll().where("id", "in", people).execute();
    for (const row of rows.filter((row) => !stays.has(row.id))) {
      expect(row).toMatchObject({
        name: "",
        phone: null,
        employer: null,
        village_id: null,
        consent_version: null,
        consented_at: null,
      });
    }
    expect(rows.filter((row) => stays.has(row.id)).sort((a, b) => a.id - b.id)).toEqual(keptBefore);

    const again = await t.db
      .selectFrom("person")
      .selectAll()
      .where("id", "in", people)
      .orderBy("id")
      .execute();
    expect(await forgetPeople(t.db, people)).toEqual(result);
    expect(
      await t.db.selectFrom("person").selectAll().where("id", "in", people).orderBy("id").execute(),
    ).toEqual(again);
  });

  it("deletes a person no record points at, and keeps one on an active roster", async () => {
    const unit = await t.db
      .selectFrom("admin_unit")
      .select("id")
      .where("name", "=", "香山街道")
      .executeTakeFirstOrThrow();
    const stamp = new Date().toISOString();
    const lone = await t.db
      .insertInto("person")
      .values({
        phone: "13900000001",
        name: "孤立测试",
        village_id: null,
        employer: null,
        audience_group: "villager",
        consent_version: null,
        consented_at: null,
        created_at: stamp,
        updated_at: stamp,
        unit_id: unit.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const learner = await t.db
      .selectFrom("legal_savvy")
      .select("person_id")
      .where("status", "=", "active")
      .limit(1)
      .executeTakeFirstOrThrow();
    const learnerBefore = await t.db
      .selectFrom("person")
      .selectAll()
      .where("id", "=", learner.person_id)
      .executeTakeFirstOrThrow();

    expect(await forgetPeople(t.db, [lone.id, learner.person_id])).toEqual({
      forgotten: 1,
      kept: 1,
    });
    expect(
      await t.db.selectFrom("person").select("id").where("id", "=", lone.id).execute(),
    ).toEqual([]);
    expect(
      await t.db
        .selectFrom("person")
        .selectAll()
        .where("id", "=", learner.person_id)
        .executeTakeFirstOrThrow(),
    ).toEqual(learnerBefore);
  });
});

import { CompiledQuery, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEntries } from "../../app/.server/audit/audit-log";
import type { Actor } from "../../app/.server/audit/audit-log";
import { staffCheckIn } from "../../app/.server/attendance/staff-checkin";
import { undoCheckIn } from "../../app/.server/attendance/undo-checkin";
import {
  cancelEvent,
  copyEvent,
  createEvent,
  getEventInScope,
  listEventsInScope,
  publishEvent,
  recordEventReport,
  updateEvent,
} from "../../app/.server/events/events";
import { inSubtree } from "../../app/.server/scope";
import {
  createStaff,
  resetStaffPassword,
  setStaffDisabled,
  unlockStaff,
  updateStaff,
} from "../../app/.server/staff/staff";
import { listStaff, noStaffFilters } from "../../app/.server/staff/staff-list";
import { createUnit, listUnitsInScope } from "../../app/.server/units/units";
import { createTestDatabase } from "../support/database";
import { demoActor, eventInput, rowCounts, unitId } from "../support/demo";

// Item 5 of issue 6: the subtree predicate is one indexable range, correct at the edges of ids
// that share a prefix (2, 200, 201); and every write use case refuses a role that may not do it,
// with no route in front of it. On SQLite and (npm run test:pg) PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: Actor;
let organiser: Actor;
let official: Actor;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  admin = await demoActor(t.db, "admin");
  organiser = await demoActor(t.db, "organiser");
  official = await demoActor(t.db, "official");
});
afterAll(async () => {
  await t?.destroy();
});

/** The plan the database picks for a query, as one text (index scans forced on PostgreSQL). */
async function planOf(query: CompiledQuery) {
  return t.db.transaction().execute(async (trx) => {
    const postgres = t.dialect === "postgres";
    if (postgres) await sql`set local enable_seqscan = off`.execute(trx);
    const explain = `${postgres ? "explain" : "explain query plan"} ${query.sql}`;
    const result = await trx.executeQuery(CompiledQuery.raw(explain, [...query.parameters]));
    return result.rows.map((row) => Object.values(row as object).join(" ")).join("\n");
  });
}

describe("the subtree predicate", () => {
  it("is answered from an index on admin_unit.path and audit_log.unit_path", async () => {
    const units = t.db
      .selectFrom("admin_unit")
      .select(["id", "name"])
      .where((eb) => inSubtree(eb.ref("path"), "/1/2/"));
    const audit = t.db
      .selectFrom("audit_log")
      .select(["id", "action"])
      .where((eb) => inSubtree(eb.ref("unit_path"), "/1/2/"));
    const unitPlan = await planOf(units.compile());
    const auditPlan = await planOf(audit.compile());
    if (t.dialect === "postgres") {
      expect(unitPlan).toMatch(
        /Index (Only )?Scan using admin_unit_path_key|Bitmap Index Scan on admin_unit_path_key/,
      );
      expect(auditPlan).toMatch(
        /Index (Only )?Scan using audit_log_unit_path|Bitmap Index Scan on audit_log_unit_path/,
      );
    } else {
      expect(unitPlan).toMatch(
        /SEARCH admin_unit USING (COVERING )?INDEX \S+ \(path>\? AND path<\?\)/,
      );
      expect(auditPlan).toMatch(
        /SEARCH audit_log USING INDEX audit_log_unit_path \(unit_path>\? AND unit_path<\?\)/,
      );
    }
    expect(unitPlan).not.toMatch(/Seq Scan|SCAN admin_unit(?! USING)/);
  });

  // SQLite compares text byte-wise (BINARY) by default; PostgreSQL needs the column collation.
  it.skipIf(!process.env.TEST_PG_URL)(
    "compares paths byte-wise on PostgreSQL (collate C)",
    async () => {
      const rows = await sql<{ table_name: string; column_name: string; collation_name: string }>`
      select table_name, column_name, collation_name from information_schema.columns
      where (table_name, column_name) in (('admin_unit', 'path'), ('audit_log', 'unit_path'))
      order by table_name`.execute(t.db);
      expect(rows.rows).toEqual([
        { table_name: "admin_unit", column_name: "path", collation_name: "C" },
        { table_name: "audit_log", column_name: "unit_path", collation_name: "C" },
      ]);
    },
  );

  it("keeps unit 2 apart from units 200 and 201 in every scoped list", async () => {
    const district = await unitId(t.db, "吴中区");
    // Sub-districts beside 香山街道 until the ids 200 and 201 exist: their paths share its prefix.
    // (The demo's ids stop well below: 横泾街道's villages end at 28.)
    const created: { id: number; path: string }[] = [];
    for (let n = 1; !created.some((unit) => unit.id >= 201); n++) {
      created.push(
        await createUnit(t.db, {
          actor: admin,
          parentId: district,
          name: `街道${n}`,
          level: "subdistrict",
        }),
      );
    }
    const xiangshan = await unitId(t.db, "香山街道");
    expect(xiangshan).toBe(2);
    const twenty = created.find((unit) => unit.id === 200)!;
    expect(twenty.path).toBe("/1/200/");
    expect(created.find((unit) => unit.id === 201)!.path).toBe("/1/201/");
    const village20 = await createUnit(t.db, {
      actor: admin,
      parentId: 200,
      name: "二十村",
      level: "village",
    });
    expect(village20.path).toBe(`/1/200/${village20.id}/`);

    // An organiser of unit 200, with an event and an account there, and an audit trail.
    await createStaff(t.db, {
      actor: admin,
      username: "twenty",
      displayName: "二十 组织者",
      role: "organiser",
      unitId: 200,
      password: "a-long-password-20",
    });
    const twentyActor = await demoActor(t.db, "twenty");
    const event20 = await createEvent(t.db, {
      actor: twentyActor,
      publish: true,
      event: await eventInput(t.db, {
        title: "二十街道讲座",
        hostUnitId: 200,
        villageId: village20.id,
      }),
    });
    const event2 = await createEvent(t.db, {
      actor: organiser,
      publish: true,
      event: await eventInput(t.db, { title: "香山街道讲座" }),
    });

    const fromTwo = "/1/2/";
    const units = await listUnitsInScope(t.db, { scopePath: fromTwo });
    expect(units.map((unit) => unit.id)).toContain(2);
    expect(units.filter((unit) => unit.id >= 16)).toEqual([]);
    const { rows: staff } = await listStaff(t.db, { scopePath: fromTwo, filters: noStaffFilters });
    expect(staff.map((user) => user.username)).not.toContain("twenty");
    expect(staff.map((user) => user.username)).toContain("village");
    const events = await listEventsInScope(t.db, { scopePath: fromTwo });
    expect(events.map((event) => event.id)).toContain(event2.id);
    expect(events.map((event) => event.id)).not.toContain(event20.id);
    await expect(
      getEventInScope(t.db, { id: event20.id, scopePath: fromTwo }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const audit = await auditEntries(t.db, {
      scopePath: fromTwo,
      isTopLevel: false,
      filter: {},
      limit: 1000,
    });
    expect(audit.map((entry) => entry.target)).not.toContain("twenty");
    expect(audit.some((entry) => entry.target?.endsWith("香山街道讲座"))).toBe(true);

    // And the other way round: 200 sees its own subtree, not 2's nor its neighbour 201.
    const fromTwenty = "/1/200/";
    const own = await listUnitsInScope(t.db, { scopePath: fromTwenty });
    expect(own.map((unit) => unit.path)).toEqual(["/1/200/", village20.path]);
    const ownEvents = await listEventsInScope(t.db, { scopePath: fromTwenty });
    expect(ownEvents.map((event) => event.id)).toEqual([event20.id]);
    const ownAudit = await auditEntries(t.db, {
      scopePath: fromTwenty,
      isTopLevel: false,
      filter: {},
      limit: 1000,
    });
    expect(new Set(ownAudit.map((entry) => entry.action))).toEqual(
      new Set(["unit.create", "user.create", "event.publish"]),
    );
    expect(ownAudit.some((entry) => entry.target?.endsWith("香山街道讲座"))).toBe(false);
  });
});

describe("the role checks in the domain layer", () => {
  /** The call is refused as FORBIDDEN and no table changes, nor the rows named. */
  async function expectRefused(call: () => Promise<unknown>) {
    const snapshot = async () => ({
      counts: await rowCounts(t.db),
      events: await t.db.selectFrom("event").selectAll().orderBy("id").execute(),
      staff: await t.db.selectFrom("staff_user").selectAll().orderBy("id").execute(),
    });
    const before = await snapshot();
    await expect(call()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await snapshot()).toEqual(before);
  }

  it("refuses an official every write, though no route asked", async () => {
    const draft = await createEvent(t.db, {
      actor: organiser,
      publish: false,
      event: await eventInput(t.db),
    });
    const open = await createEvent(t.db, {
      actor: organiser,
      publish: true,
      event: await eventInput(t.db, { visibility: "public", invitees: [] }),
    });
    const person = {
      name: "王芳",
      phone: "13700000001",
      villageId: null,
      employer: null,
      group: "villager",
    } as const;
    const checkin = await staffCheckIn(t.db, {
      actor: organiser,
      eventId: open.id,
      method: "walk_in",
      person,
    });
    const row = await t.db
      .selectFrom("checkin")
      .select("id")
      .where("event_id", "=", open.id)
      .executeTakeFirstOrThrow();
    expect(checkin.status).toBe("new");
    const village = await demoActor(t.db, "village");
    const xiangshan = await unitId(t.db, "香山街道");

    await expectRefused(async () =>
      createEvent(t.db, { actor: official, publish: true, event: await eventInput(t.db) }),
    );
    await expectRefused(async () =>
      updateEvent(t.db, {
        actor: official,
        id: draft.id,
        event: await eventInput(t.db, { title: "x" }),
      }),
    );
    await expectRefused(() => publishEvent(t.db, { actor: official, id: draft.id }));
    await expectRefused(() => cancelEvent(t.db, { actor: official, id: open.id, reason: "x" }));
    await expectRefused(() => copyEvent(t.db, { actor: official, id: open.id }));
    await expectRefused(() =>
      recordEventReport(t.db, {
        actor: official,
        id: open.id,
        estimatedCrowd: 1,
        materialsHandedOut: 1,
        consultations: 1,
        summary: "x",
      }),
    );
    await expectRefused(() =>
      staffCheckIn(t.db, {
        actor: official,
        eventId: open.id,
        method: "walk_in",
        person: { ...person, phone: "13700000002" },
      }),
    );
    await expectRefused(() =>
      undoCheckIn(t.db, { actor: official, eventId: open.id, checkinId: row.id }),
    );
    for (const actor of [official, organiser]) {
      await expectRefused(() =>
        createUnit(t.db, { actor, parentId: xiangshan, name: "新村", level: "village" }),
      );
      await expectRefused(() =>
        createStaff(t.db, {
          actor,
          username: "sneaky",
          displayName: "x",
          role: "admin",
          unitId: xiangshan,
          password: "a-long-password-9",
        }),
      );
      await expectRefused(() =>
        updateStaff(t.db, {
          actor,
          id: village.id,
          displayName: "x",
          role: "admin",
          unitId: xiangshan,
        }),
      );
      await expectRefused(() => setStaffDisabled(t.db, { actor, id: village.id, disabled: true }));
      await expectRefused(() => unlockStaff(t.db, { actor, id: village.id }));
      await expectRefused(() =>
        resetStaffPassword(t.db, { actor, id: village.id, password: "a-long-password-9" }),
      );
    }
  });
});

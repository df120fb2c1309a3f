import type { Kysely } from "kysely";
import { Migrator, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluations, quarters } from "~/lib/study-schema";
import { migrations } from "../../db/migrations";
import {
  absenceReasons,
  audienceGroups,
  auditOutcomes,
  cadreStatuses,
  checkinMethods,
  dutyKinds,
  dutyStatuses,
  eventFormats,
  eventSettings,
  lawDutyReportForms,
  legalSavvyCategories,
  roles,
  rosterStatuses,
  speakerRoles,
  studyKinds,
  unitLevels,
  visibilities,
  publishScopes,
  sensitiveReadPurposes,
} from "../../db/schema";
import * as checkinFunctions from "../../db/migrations/2026-12-09T6-checkin-functions";
import * as publishConsent from "../../db/migrations/2026-12-09T5-publish-consent";
import * as photos from "../../db/migrations/2026-12-10T1-photos";
import { seedDemo } from "../../db/seed";
import { createTestDatabase } from "../support/database";

// Issue 17 item 6, migration 2026-12-08T1-ordered-checked: on PostgreSQL every time and day
// column compares byte by byte (collate "C") and holds one format, and every enumerated column
// holds one of the app's values; a time written in another format before the migration is kept
// as the same instant in the one format. SQLite compares text byte by byte already and gains only
// the indexes (tests/integration/query-plans.test.ts). On SQLite and (npm run test:pg) PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const onPg = Boolean(process.env.TEST_PG_URL);
// The rows below are written under the schema before the migration.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: Kysely<any>;
const STAMP = "2024-06-01T01:00:00.000Z";

beforeAll(async () => {
  t = await createTestDatabase({ migrate: false });
  db = t.db;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  expect((await migrator.migrateTo("2026-12-07T9-checkin-rate")).error).toBeUndefined();
  // The seed writes as the app does today: through PostgreSQL's check-in functions, the
  // roster's public-list columns and the photo table, of later migrations. They stand in for the
  // seed and go again, so the schema is the one before.
  await checkinFunctions.up(db);
  await publishConsent.up(db);
  await photos.up(db);
  await seedDemo(t.db);
  await photos.down(db);
  await publishConsent.down(db);
  await checkinFunctions.down(db);
  const unit = await db
    .insertInto("admin_unit")
    .values({ level: "village", name: "旧村", path: "/tmp/", created_at: "2024-01-01" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .updateTable("admin_unit")
    .set({ path: `/${unit.id}/` })
    .where("id", "=", unit.id)
    .execute();
  await db
    .insertInto("person")
    .values([
      {
        name: "旧时间一",
        audience_group: "villager",
        unit_id: unit.id,
        consented_at: "2024-03-01 09:30:00+08",
        created_at: "2024-03-01T01:30:00Z",
        updated_at: STAMP,
      },
      {
        name: "旧时间二",
        audience_group: "villager",
        unit_id: unit.id,
        consented_at: null,
        created_at: "2024-03-02",
        updated_at: STAMP,
      },
    ])
    .execute();
  expect((await migrator.migrateToLatest()).error).toBeUndefined();
}, 60_000);

afterAll(async () => {
  await t.destroy();
});

describe("migration 2026-12-08T1-ordered-checked", () => {
  it("keeps every instant, in the one format on PostgreSQL, as it was on SQLite", async () => {
    const people = await db
      .selectFrom("person")
      .select(["name", "consented_at", "created_at", "updated_at"])
      .where("name", "in", ["旧时间一", "旧时间二"])
      .orderBy("name")
      .execute();
    expect(people).toEqual(
      onPg
        ? [
            {
              name: "旧时间一",
              consented_at: "2024-03-01T01:30:00.000Z",
              created_at: "2024-03-01T01:30:00.000Z",
              updated_at: STAMP,
            },
            {
              name: "旧时间二",
              consented_at: null,
              created_at: "2024-03-02T00:00:00.000Z",
              updated_at: STAMP,
            },
          ]
        : [
            {
              name: "旧时间一",
              consented_at: "2024-03-01 09:30:00+08",
              created_at: "2024-03-01T01:30:00Z",
              updated_at: STAMP,
            },
            { name: "旧时间二", consented_at: null, created_at: "2024-03-02", updated_at: STAMP },
          ],
    );
    // A unit's bare creation day stays as it was (the dashboard benchmark writes one).
    const unit = await db
      .selectFrom("admin_unit")
      .select("created_at")
      .where("name", "=", "旧村")
      .executeTakeFirstOrThrow();
    expect(unit.created_at).toBe("2024-01-01");
    // The demo's own rows were in the format already: none changed.
    const demo = await db
      .selectFrom("checkin")
      .select("checked_in_at")
      .where("checked_in_at", "not like", "____-__-__T__:__:__.___Z")
      .execute();
    expect(demo).toEqual([]);
  });

  it.skipIf(!onPg)("gives every time and day column collate C and a format check", async () => {
    const columns = await sql<{ table_name: string; column_name: string; collation: string }>`
      select c.table_name, c.column_name, coalesce(c.collation_name, 'default') as collation
      from information_schema.columns c
      where c.table_schema = current_schema() and c.data_type = 'text'
        and (c.column_name like '%\\_at' or c.column_name like '%\\_on' or c.column_name = 'at')
      order by 1, 2`.execute(db);
    const checks = await sql<{ name: string; definition: string }>`
      select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
      where contype = 'c' and connamespace = current_schema()::regnamespace`.execute(db);
    const checked = new Set(checks.rows.map((row) => row.name));
    expect(columns.rows.length).toBeGreaterThan(30);
    for (const { table_name, column_name, collation } of columns.rows) {
      const name = `${table_name}.${column_name}`;
      expect(collation, name).toBe("C");
      expect(checked.has(`${table_name}_${column_name}_format`), name).toBe(true);
    }
  });

  it.skipIf(!onPg)("refuses a time or a day in another format, and keeps time order", async () => {
    const event = await db
      .selectFrom("event")
      .select(["id", "starts_at"])
      .orderBy("id")
      .executeTakeFirstOrThrow();
    for (const starts_at of ["2024-06-01 09:00:00+08", "2024-06-01T01:00:00Z", "2024-06-01"]) {
      await expect(
        db.updateTable("event").set({ starts_at }).where("id", "=", event.id).execute(),
        starts_at,
      ).rejects.toThrow(/event_starts_at_format/);
    }
    await expect(
      db.updateTable("campaign").set({ starts_on: "2024-6-1" }).where("id", ">", 0).execute(),
    ).rejects.toThrow(/campaign_starts_on_format/);
    const row = await db
      .selectFrom("event")
      .select("starts_at")
      .where("id", "=", event.id)
      .executeTakeFirstOrThrow();
    expect(row.starts_at).toBe(event.starts_at);
    // Byte order: "9" sorts after "1" and ":" after every digit, whatever the locale would say.
    const ordered = await sql<{ at: string }>`
      select at from (values ('2024-06-01T10:00:00.000Z'), ('2024-06-01T09:59:59.999Z'),
        ('2024-05-31T23:00:00.000Z')) as v(at)
      order by at collate "C"`.execute(db);
    expect(ordered.rows.map((r) => r.at)).toEqual([
      "2024-05-31T23:00:00.000Z",
      "2024-06-01T09:59:59.999Z",
      "2024-06-01T10:00:00.000Z",
    ]);
  });

  it.skipIf(!onPg)("holds every enumerated column to the app's values, no others", async () => {
    const lists: [string, string, readonly (string | number)[]][] = [
      ["admin_unit", "level", unitLevels],
      ["staff_user", "role", roles],
      ["audit_log", "outcome", auditOutcomes],
      ["event", "format", eventFormats],
      ["event", "setting", eventSettings],
      ["event", "speaker_role", speakerRoles],
      ["event", "visibility", visibilities],
      ["event", "status", ["draft", "published", "cancelled", "held"]],
      ["event", "cancelled_from", ["draft", "published", "cancelled", "held"]],
      ["event", "study_kind", studyKinds],
      ["event_audience", "audience_group", audienceGroups],
      ["person", "audience_group", audienceGroups],
      ["checkin", "audience_group", audienceGroups],
      ["checkin", "method", checkinMethods],
      ["legal_savvy", "category", legalSavvyCategories],
      ["legal_savvy", "status", rosterStatuses],
      ["cadre", "status", cadreStatuses],
      ["duty_entry", "kind", dutyKinds],
      ["duty_entry", "status", dutyStatuses],
      ["duty_entry", "source", ["staff", "self"]],
      ["study_plan", "study_kind", studyKinds],
      ["study_plan", "quarter", quarters],
      ["law_duty_report", "form", lawDutyReportForms],
      ["law_duty_report", "evaluation", evaluations],
      ["event_invitation", "absence_reason", absenceReasons],
      ["sensitive_read", "purpose", sensitiveReadPurposes],
      ["legal_savvy", "publish", publishScopes],
      ...(
        [
          ["staff_user", "disabled"],
          ["staff_user", "must_change_password"],
          ["event", "rotating_qr"],
          ["event", "training"],
          ["event", "passes_only"],
          ["cadre", "law_enforcement"],
          ["duty_entry", "dispute_resolved"],
        ] as const
      ).map(([table, column]) => [table, column, [0, 1]] as [string, string, number[]]),
    ];
    const checks = await sql<{ name: string; definition: string }>`
      select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
      where contype = 'c' and connamespace = current_schema()::regnamespace`.execute(db);
    const byName = new Map(checks.rows.map((row) => [row.name, row.definition]));
    for (const [table, column, values] of lists) {
      const definition = byName.get(`${table}_${column}_values`) ?? "";
      // The values the constraint names: quoted text, or the integers of the list.
      const named = [...definition.matchAll(/'([^']*)'::text|(?<![\w'])(\d+)(?![\w'])/g)].map(
        (match) => (match[1] !== undefined ? match[1] : Number(match[2])),
      );
      expect(new Set(named), `${table}.${column}: ${definition}`).toEqual(new Set(values));
    }
    await expect(
      db.updateTable("event").set({ status: "archived" }).where("id", ">", 0).execute(),
    ).rejects.toThrow(/event_status_values/);
    await expect(
      db.updateTable("event").set({ passes_only: 2 }).where("id", ">", 0).execute(),
    ).rejects.toThrow(/event_passes_only_values/);
  });

  it("goes down and up again", async () => {
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo("2026-12-07T9-checkin-rate");
    expect(down.error).toBeUndefined();
    expect(down.results?.map((r) => r.migrationName)).toContain("2026-12-08T1-ordered-checked");
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  });
});

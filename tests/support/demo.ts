import type { Kysely } from "kysely";
import type { Actor } from "../../app/.server/audit/audit-log";
import type { EventInput } from "../../app/lib/event-schema";
import type { Database } from "../../db/schema";

/** A demo account as the actor of a use case called directly, without a route in front. */
export async function demoActor(db: Kysely<Database>, username: string): Promise<Actor> {
  const row = await db
    .selectFrom("staff_user")
    .innerJoin("admin_unit", "admin_unit.id", "staff_user.unit_id")
    .select(["staff_user.id", "staff_user.username", "staff_user.role", "admin_unit.path"])
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
  return { id: row.id, username: row.username, role: row.role, unitPath: row.path, ip: null };
}

export async function unitId(db: Kysely<Database>, name: string) {
  const row = await db
    .selectFrom("admin_unit")
    .select("id")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An event of 香山街道 in 舟山村, in progress (check-in open), with two invitees kept. */
export async function eventInput(
  db: Kysely<Database>,
  overrides: Partial<EventInput> = {},
): Promise<EventInput> {
  const start = Date.now() - 30 * 60_000;
  return {
    title: "民法典进村讲座",
    format: "lecture",
    setting: "village",
    campaignId: null,
    hostUnitId: await unitId(db, "香山街道"),
    villageId: await unitId(db, "舟山村"),
    venue: "舟山村文化礼堂",
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 2 * 3_600_000).toISOString(),
    audience: ["villager", "elderly"],
    laws: "民法典",
    speaker: null,
    speakerRole: null,
    capacity: null,
    visibility: "internal",
    description: null,
    rotatingQr: false,
    invitees: [
      { name: "张三", phone: "13800000001" },
      { name: "李四", phone: "13800000002" },
    ],
    ...overrides,
  };
}

/** Rows per table, to show that a refused or failed use case wrote nothing. */
export async function rowCounts(db: Kysely<Database>) {
  const tables = [
    "event",
    "event_audience",
    "event_invitee",
    "admin_unit",
    "staff_user",
    "staff_session",
    "audit_log",
    "person",
    "checkin",
  ] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
}

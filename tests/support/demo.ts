import type { Kysely } from "kysely";
import type { Actor } from "../../app/.server/audit/audit-log";
import type { EventInput } from "../../app/lib/event-schema";
import type { Database } from "../../db/schema";
import { newEventCode } from "../../app/.server/events/events";
import { placeOfCheckin } from "../../app/.server/people/find-or-add";

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

/** The unit of this name made first: the demo's, when another sub-district has one of the same. */
export async function unitId(db: Kysely<Database>, name: string) {
  const row = await db
    .selectFrom("admin_unit")
    .select("id")
    .where("name", "=", name)
    .orderBy("id")
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A unit named `name` directly under the unit named `parent`: tells the two 舟山村 apart. */
export async function unitUnder(db: Kysely<Database>, parent: string, name: string) {
  return db
    .selectFrom("admin_unit as u")
    .innerJoin("admin_unit as p", "p.id", "u.parent_id")
    .select(["u.id", "u.path"])
    .where("p.name", "=", parent)
    .where("u.name", "=", name)
    .executeTakeFirstOrThrow();
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
    "event_invitation",
    "admin_unit",
    "staff_user",
    "staff_session",
    "audit_log",
    "person",
    "checkin",
    "pass",
    "legal_savvy",
    "unit_target",
    "duty_entry",
    "personal_link",
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

/** A public, published event of the demo's sub-district, open for check-in now. */
export async function openEvent(db: Kysely<Database>, title = "测试活动：法治讲座") {
  const host = await db
    .selectFrom("admin_unit")
    .select("id")
    .where("name", "=", "香山街道")
    .executeTakeFirstOrThrow();
  const stamp = new Date().toISOString();
  const code = newEventCode();
  const { id } = await db
    .insertInto("event")
    .values({
      code,
      title,
      format: "lecture",
      setting: "community",
      campaign_id: null,
      host_unit_id: host.id,
      village_id: null,
      venue: "香山社区多功能厅",
      starts_at: new Date(Date.now() - 10 * 60_000).toISOString(),
      ends_at: new Date(Date.now() + 60 * 60_000).toISOString(),
      laws: null,
      speaker: null,
      speaker_role: null,
      capacity: null,
      visibility: "public",
      description: null,
      status: "published",
      cancel_reason: null,
      qr_secret: `secret-${Math.random().toString(36).slice(2)}`,
      created_by: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id, code };
}

/** Where a check-in at this event finds or adds its person, as the check-in paths work it out. */
export async function checkinPlace(db: Kysely<Database>, eventId: number) {
  const host = await db
    .selectFrom("event")
    .innerJoin("admin_unit", "admin_unit.id", "event.host_unit_id")
    .select(["admin_unit.id", "admin_unit.path", "admin_unit.level"])
    .where("event.id", "=", eventId)
    .executeTakeFirstOrThrow();
  return placeOfCheckin(host);
}

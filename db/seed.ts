import type { Kysely } from "kysely";
import { hashPassword } from "../app/.server/auth/password";
import type { Database, Role, UnitLevel } from "./schema";

/** The one password of every demo account (printed in the README; never used outside demo mode). */
export const DEMO_PASSWORD = "pufa-demo-2026";

export const DEMO_DISTRICT = "吴中区";
export const DEMO_SUBDISTRICT = "香山街道";
/** 舟山村 is named in Xiangshan's report; the other twelve names are invented for the demo. */
export const DEMO_VILLAGES = [
  "舟山村",
  "渔帆村",
  "长沙村",
  "梅舍村",
  "墅里村",
  "长港村",
  "湖滨村",
  "香山社区",
  "蒋墩社区",
  "郁舍社区",
  "梅园社区",
  "胥江社区",
  "太湖花园社区",
] as const;

const demoAccounts: { username: string; displayName: string; role: Role; unit: string }[] = [
  { username: "admin", displayName: "系统管理员（演示）", role: "admin", unit: DEMO_DISTRICT },
  {
    username: "organiser",
    displayName: "司法所 王敏（演示）",
    role: "organiser",
    unit: DEMO_SUBDISTRICT,
  },
  { username: "village", displayName: "舟山村 陈建国（演示）", role: "organiser", unit: "舟山村" },
  {
    username: "official",
    displayName: "街道领导 李华（演示）",
    role: "official",
    unit: DEMO_SUBDISTRICT,
  },
];

async function insertUnit(
  db: Kysely<Database>,
  unit: { name: string; level: UnitLevel; parent: { id: number; path: string } | null },
  createdAt: string,
) {
  const { id } = await db
    .insertInto("admin_unit")
    .values({
      parent_id: unit.parent?.id ?? null,
      name: unit.name,
      level: unit.level,
      path: `seeding-${unit.name}`,
      created_at: createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const path = `${unit.parent?.path ?? "/"}${id}/`;
  await db.updateTable("admin_unit").set({ path }).where("id", "=", id).execute();
  return { id, path };
}

/**
 * Fills an empty database with Xiangshan's demo. The app_meta row is claimed first, inside the
 * transaction, so two servers starting at once seed once.
 */
export async function seedDemo(db: Kysely<Database>) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto("app_meta")
      .values({ key: "demo", value: new Date().toISOString() })
      .onConflict((oc) => oc.column("key").doNothing())
      .returning("key")
      .executeTakeFirst();
    if (!claimed) return false;
    const stamp = new Date().toISOString();
    const district = await insertUnit(
      trx,
      { name: DEMO_DISTRICT, level: "district", parent: null },
      stamp,
    );
    const subdistrict = await insertUnit(
      trx,
      { name: DEMO_SUBDISTRICT, level: "subdistrict", parent: district },
      stamp,
    );
    const unitIds = new Map([
      [DEMO_DISTRICT, district.id],
      [DEMO_SUBDISTRICT, subdistrict.id],
    ]);
    for (const name of DEMO_VILLAGES) {
      const village = await insertUnit(trx, { name, level: "village", parent: subdistrict }, stamp);
      unitIds.set(name, village.id);
    }
    await trx
      .insertInto("staff_user")
      .values(
        demoAccounts.map((account) => ({
          username: account.username,
          display_name: account.displayName,
          password_hash: passwordHash,
          role: account.role,
          unit_id: unitIds.get(account.unit)!,
          password_changed_at: stamp,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .execute();
    return true;
  });
}

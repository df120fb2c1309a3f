import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, DEMO_SECOND_VILLAGES, DEMO_VILLAGES, seedDemo } from "../../db/seed";
import { logIn } from "~/.server/auth/log-in";
import { createSession, validateSessionToken } from "~/.server/auth/session";
import { AppError } from "~/.server/errors";
import { createStaff, resetStaffPassword, updateStaff } from "~/.server/staff/staff";
import { getUnitInScope, listUnitsInScope } from "~/.server/units/units";
import { createTestDatabase } from "../support/database";

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase();
  expect(await seedDemo(t.db)).toBe(true);
});
afterAll(() => t.destroy());

async function unitPath(name: string) {
  const row = await t.db
    .selectFrom("admin_unit")
    .select(["id", "path"])
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row;
}

async function userId(username: string) {
  const row = await t.db
    .selectFrom("staff_user")
    .select("id")
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function auditCount(filter: { action: string; outcome?: string; actor?: string }) {
  let query = t.db
    .selectFrom("audit_log")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("action", "=", filter.action);
  if (filter.outcome) query = query.where("outcome", "=", filter.outcome as "success");
  if (filter.actor) query = query.where("actor_username", "=", filter.actor);
  return (await query.executeTakeFirstOrThrow()).n;
}

describe("demo seed", () => {
  it("builds 吴中区 > 香山街道 (13 villages) and 横泾街道 (12), and six accounts, once", async () => {
    const villages = await t.db
      .selectFrom("admin_unit")
      .select("name")
      .where("level", "=", "village")
      .execute();
    expect(villages.map((v) => v.name).sort()).toEqual(
      [...DEMO_VILLAGES, ...DEMO_SECOND_VILLAGES].sort(),
    );
    const xiangshan = await unitPath("香山街道");
    const inside = await listUnitsInScope(t.db, { scopePath: xiangshan.path });
    expect(inside).toHaveLength(14);
    expect(inside[0]?.name).toBe("香山街道");
    const accounts = await t.db
      .selectFrom("staff_user")
      .select("username")
      .orderBy("username")
      .execute();
    expect(accounts.map((a) => a.username)).toEqual([
      "admin",
      "district",
      "hengjing",
      "official",
      "organiser",
      "village",
    ]);
    expect(await seedDemo(t.db)).toBe(false);
    const again = await t.db
      .selectFrom("admin_unit")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(again.n).toBe(28);
  });
});

describe("log-in", () => {
  beforeEach(async () => {
    await t.db.deleteFrom("login_attempt").execute();
  });

  it("opens a session for the right password and records the success", async () => {
    const before = await auditCount({ action: "login", outcome: "success", actor: "organiser" });
    const result = await logIn(t.db, {
      username: "organiser",
      password: DEMO_PASSWORD,
      ip: "10.0.0.1",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const user = await validateSessionToken(t.db, result.token);
    expect(user).toMatchObject({ username: "organiser", role: "organiser", unitName: "香山街道" });
    expect(await auditCount({ action: "login", outcome: "success", actor: "organiser" })).toBe(
      before + 1,
    );
    const stored = await t.db.selectFrom("staff_session").select("id").execute();
    expect(stored.map((s) => s.id)).not.toContain(result.token);
  });

  it("locks the account after 5 wrong passwords, even against the right one, and logs it", async () => {
    for (let i = 1; i <= 4; i++) {
      expect(
        await logIn(t.db, { username: "village", password: "wrong-password-1", ip: "10.0.0.2" }),
      ).toEqual({
        ok: false,
        reason: "failed",
      });
    }
    const fifth = await logIn(t.db, {
      username: "village",
      password: "wrong-password-1",
      ip: "10.0.0.2",
    });
    expect(fifth).toEqual({ ok: false, reason: "locked", minutes: 15 });
    const right = await logIn(t.db, {
      username: "village",
      password: DEMO_PASSWORD,
      ip: "10.0.0.2",
    });
    expect(right).toMatchObject({ ok: false, reason: "locked" });
    expect(await auditCount({ action: "lockout", actor: "village" })).toBe(1);
    expect(await auditCount({ action: "login", outcome: "failure", actor: "village" })).toBe(5);

    // When the 15 minutes have passed, the right password works again.
    await t.db
      .updateTable("login_attempt")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("subject", "=", "user:village")
      .execute();
    expect(
      (await logIn(t.db, { username: "village", password: DEMO_PASSWORD, ip: "10.0.0.2" })).ok,
    ).toBe(true);
  });

  it("throttles an address after 30 failures in 15 minutes, whatever the names", async () => {
    for (let i = 0; i < 30; i++) {
      await logIn(t.db, { username: `nobody${i}`, password: "x", ip: "10.9.9.9" });
    }
    const refused = await logIn(t.db, {
      username: "official",
      password: DEMO_PASSWORD,
      ip: "10.9.9.9",
    });
    expect(refused).toEqual({ ok: false, reason: "throttled", minutes: 15 });
    const elsewhere = await logIn(t.db, {
      username: "official",
      password: DEMO_PASSWORD,
      ip: "10.9.9.10",
    });
    expect(elsewhere.ok).toBe(true);
  });

  it("refuses a disabled account", async () => {
    await t.db
      .updateTable("staff_user")
      .set({ disabled: 1 })
      .where("username", "=", "official")
      .execute();
    const result = await logIn(t.db, { username: "official", password: DEMO_PASSWORD, ip: null });
    expect(result).toEqual({ ok: false, reason: "disabled" });
    await t.db
      .updateTable("staff_user")
      .set({ disabled: 0 })
      .where("username", "=", "official")
      .execute();
  });
});

describe("sessions", () => {
  it("expire after the idle time and slide forward while used", async () => {
    const id = await userId("organiser");
    await t.db.deleteFrom("staff_session").where("user_id", "=", id).execute();
    const token = await createSession(t.db, id);
    const aged = new Date(Date.now() + 30 * 60_000).toISOString();
    await t.db
      .updateTable("staff_session")
      .set({ expires_at: aged })
      .where("user_id", "=", id)
      .execute();
    expect(await validateSessionToken(t.db, token)).not.toBeNull();
    const slid = await t.db
      .selectFrom("staff_session")
      .select("expires_at")
      .where("user_id", "=", id)
      .execute();
    expect(slid.every((s) => s.expires_at > aged)).toBe(true);

    await t.db
      .updateTable("staff_session")
      .set({ expires_at: new Date(Date.now() - 1).toISOString() })
      .where("user_id", "=", id)
      .execute();
    expect(await validateSessionToken(t.db, token)).toBeNull();
    const left = await t.db
      .selectFrom("staff_session")
      .select("id")
      .where("user_id", "=", id)
      .execute();
    expect(left).toHaveLength(0);
  });
});

describe("scope", () => {
  it("keeps a village organiser inside the village", async () => {
    const zhoushan = await unitPath("舟山村");
    const yufan = await unitPath("渔帆村");
    expect((await listUnitsInScope(t.db, { scopePath: zhoushan.path })).map((u) => u.name)).toEqual(
      ["舟山村"],
    );
    await expect(
      getUnitInScope(t.db, { id: yufan.id, scopePath: zhoushan.path }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      getUnitInScope(t.db, { id: 99_999, scopePath: zhoushan.path }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("lets an admin create and change accounts only inside their subtree", async () => {
    const xiangshan = await unitPath("香山街道");
    const district = await unitPath("吴中区");
    const yufan = await unitPath("渔帆村");
    // An admin of the sub-district (the demo has none there: the organiser's account stands in).
    const actor = {
      id: await userId("organiser"),
      username: "organiser",
      role: "admin" as const,
      unitPath: xiangshan.path,
      ip: null,
    };
    const before = await t.db.selectFrom("staff_user").select("id").execute();
    const outside = createStaff(t.db, {
      actor,
      username: "outsider",
      displayName: "x",
      role: "admin",
      unitId: district.id,
      password: "abcdefgh12",
    });
    await expect(outside).rejects.toBeInstanceOf(AppError);
    await expect(outside).rejects.toMatchObject({ code: "FORBIDDEN", field: "unitId" });
    expect(await t.db.selectFrom("staff_user").select("id").execute()).toHaveLength(before.length);

    const id = await createStaff(t.db, {
      actor,
      username: "yufan.li",
      displayName: "李 渔帆",
      role: "organiser",
      unitId: yufan.id,
      password: "abcdefgh12",
    });
    await expect(
      createStaff(t.db, {
        actor,
        username: "yufan.li",
        displayName: "y",
        role: "official",
        unitId: yufan.id,
        password: "abcdefgh12",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", field: "username" });
    await expect(
      updateStaff(t.db, {
        actor,
        id: await userId("admin"),
        displayName: "x",
        role: "official",
        unitId: xiangshan.id,
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await resetStaffPassword(t.db, { actor, id, password: "newpassword9" });
    const row = await t.db
      .selectFrom("staff_user")
      .select("must_change_password")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.must_change_password).toBe(1);
    expect(await auditCount({ action: "user.create", actor: "organiser" })).toBe(1);
    expect(await auditCount({ action: "user.reset_password", actor: "organiser" })).toBe(1);
  });
});

describe("audit log", () => {
  it("cannot be changed, nor emptied before 180 days", async () => {
    await expect(
      t.db.updateTable("audit_log").set({ outcome: "success" }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(t.db.deleteFrom("audit_log").execute()).rejects.toThrow(/180 days/);
    const old = new Date(Date.now() - 181 * 86_400_000).toISOString();
    await t.db
      .insertInto("audit_log")
      .values({
        at: old,
        action: "login",
        outcome: "failure",
        actor_id: null,
        actor_username: "ancient",
        ip: null,
        unit_path: null,
        detail: null,
        target: null,
      })
      .execute();
    await t.db.deleteFrom("audit_log").where("actor_username", "=", "ancient").execute();
    const left = await sql<{
      n: number;
    }>`select count(*) as n from audit_log where actor_username = 'ancient'`.execute(t.db);
    expect(Number(left.rows[0]?.n)).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed";
import { logIn } from "~/.server/auth/log-in";
import { createSession, validateSessionToken } from "~/.server/auth/session";
import { changeOwnPassword, resetStaffPassword } from "~/.server/staff/staff";
import { createTestDatabase } from "../support/database";

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
});
afterAll(() => t.destroy());

async function account(username: string) {
  return t.db
    .selectFrom("staff_user as u")
    .innerJoin("admin_unit as unit", "unit.id", "u.unit_id")
    .select(["u.id", "u.username", "u.role", "unit.path as unitPath"])
    .where("u.username", "=", username)
    .executeTakeFirstOrThrow();
}

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

describe("a password change", () => {
  it("by the owner ends their other sessions and keeps the one they used", async () => {
    const user = await account("village");
    const here = await createSession(t.db, user.id);
    const elsewhere = await createSession(t.db, user.id);
    await changeOwnPassword(t.db, {
      actor: { ...user, ip: null },
      sessionToken: here,
      current: DEMO_PASSWORD,
      password: "village-new-2026",
    });
    expect(await validateSessionToken(t.db, here)).toMatchObject({ username: "village" });
    expect(await validateSessionToken(t.db, elsewhere)).toBeNull();
  });

  it("by an admin ends every session of the account", async () => {
    const user = await account("official");
    const admin = await account("admin");
    const sessions = [await createSession(t.db, user.id), await createSession(t.db, user.id)];
    await resetStaffPassword(t.db, {
      actor: { ...admin, ip: null },
      id: user.id,
      password: "official-new-2026",
    });
    for (const token of sessions) expect(await validateSessionToken(t.db, token)).toBeNull();
  });
});

describe("guessing the current password", () => {
  it("counts against the account's log-in limit: five wrong, then even the right one is refused", async () => {
    const user = await account("admin");
    const session = await createSession(t.db, user.id);
    const hash = () =>
      t.db
        .selectFrom("staff_user")
        .select("password_hash")
        .where("id", "=", user.id)
        .executeTakeFirstOrThrow();
    const before = await hash();
    const change = (current: string) =>
      changeOwnPassword(t.db, {
        actor: { ...user, ip: null },
        sessionToken: session,
        current,
        password: "admin-new-2026",
      });
    for (let i = 0; i < 5; i++) {
      await expect(change(`wrong-guess-${i}`)).rejects.toMatchObject({
        messageKey: "form.passwordWrong",
      });
    }
    await expect(change(DEMO_PASSWORD)).rejects.toMatchObject({
      code: "TOO_MANY",
      messageKey: "form.passwordTriesUsed",
    });
    expect(await hash()).toEqual(before);
    expect(
      await logIn(t.db, { username: "admin", password: DEMO_PASSWORD, ip: null }),
    ).toMatchObject({ ok: false, reason: "locked" });
  });
});

describe("a session", () => {
  it("ends 12 hours after log-in however active it has been", async () => {
    const user = await account("organiser");
    const token = await createSession(t.db, user.id);
    const age = (hours: number) =>
      t.db
        .updateTable("staff_session")
        // About to end for idleness too: using it now slides the idle expiry forward.
        .set({ created_at: hoursAgo(hours), expires_at: hoursAgo(-1 / 60) })
        .where("user_id", "=", user.id)
        .execute();
    await age(11.9);
    expect(await validateSessionToken(t.db, token)).toMatchObject({ username: "organiser" });
    const [slid] = await t.db
      .selectFrom("staff_session")
      .select("expires_at")
      .where("user_id", "=", user.id)
      .execute();
    // Forward, but never past the end of the lifetime (0.1 hours from now).
    const expires = Date.parse(slid?.expires_at ?? "");
    expect(expires).toBeGreaterThan(Date.now() + 2 * 60_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 0.1 * 3_600_000);

    await age(12);
    expect(await validateSessionToken(t.db, token)).toBeNull();
    expect(
      await t.db.selectFrom("staff_session").select("id").where("user_id", "=", user.id).execute(),
    ).toHaveLength(0);
  });

  it("that has expired is gone from the database after the next log-in", async () => {
    const user = await account("organiser");
    await createSession(t.db, user.id);
    await t.db
      .updateTable("staff_session")
      .set({ created_at: hoursAgo(3), expires_at: hoursAgo(1) })
      .execute();
    const stale = await t.db.selectFrom("staff_session").select("id").execute();
    expect(stale.length).toBeGreaterThan(0);
    await t.db
      .updateTable("login_attempt")
      .set({ expires_at: hoursAgo(1) })
      .execute();
    const result = await logIn(t.db, {
      username: "admin",
      password: DEMO_PASSWORD,
      ip: "10.0.0.7",
    });
    expect(result.ok).toBe(true);
    const left = await t.db.selectFrom("staff_session").select(["id", "user_id"]).execute();
    expect(left).toHaveLength(1);
    expect(left[0]?.user_id).toBe((await account("admin")).id);
    expect(await t.db.selectFrom("login_attempt").select("subject").execute()).toEqual([
      { subject: "ip:10.0.0.7" },
    ]);
  });
});

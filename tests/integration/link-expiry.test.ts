import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "~/.server/audit/audit-log";
import { AppError } from "~/.server/errors";
import {
  activeLink,
  issuePersonalLink,
  lastValidDay,
  linkExpiry,
  linkHolder,
  renewPersonalLink,
  revokePersonalLink,
} from "~/.server/records/personal-link";
import { loadEnv } from "~/.server/env";
import { hashPassword } from "~/.server/auth/password";
import { migrations } from "../../db/migrations";
import { shanghaiDay } from "~/lib/time";
import { createTestDatabase } from "../support/database";
import { demoActor, unitId } from "../support/demo";
import { Browser } from "../support/http";
import { addLearner } from "../support/records";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Issue 14 item 7: a personal link expires PERSONAL_LINK_DAYS after it is issued or renewed, an
// expired link answers like an unknown one, and only organisers of the person's units renew it
// (the token stays). Domain functions with the clock moved, and real HTTP against the production
// build, on SQLite and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let organiser: Actor;
let village: Actor;
let official: Actor;
let other: Actor;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  const stamp = new Date().toISOString();
  await t.db
    .insertInto("staff_user")
    .values({
      username: "yufan2",
      display_name: "渔帆 组织者",
      password_hash: await hashPassword("yufan-password-2026"),
      role: "organiser",
      unit_id: await unitId(t.db, "渔帆村"),
      must_change_password: 0,
      password_changed_at: stamp,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
  organiser = await demoActor(t.db, "organiser");
  village = await demoActor(t.db, "village");
  official = await demoActor(t.db, "official");
  other = await demoActor(t.db, "yufan2");
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});
afterEach(() => {
  vi.useRealTimers();
});

const DAY = 86_400_000;
/** Moves this process's clock (Date only; timers keep real time) `days` ahead of now. */
const shiftClock = (days: number, from = Date.now()) => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(from + days * DAY);
};

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "done";
}

const storedExpiry = async (legalSavvyId: number) =>
  (
    await t.db
      .selectFrom("personal_link")
      .select(["expires_at", "token_hash"])
      .where("legal_savvy_id", "=", legalSavvyId)
      .where("revoked_at", "is", null)
      .executeTakeFirstOrThrow()
  ).expires_at;

async function as(username: string, lang = "zh-CN", password?: string) {
  const browser = new Browser(server.baseUrl, lang);
  await browser.logIn(username, password);
  return browser;
}

describe("the expiry of a personal link", () => {
  it("runs to the end of the Beijing day PERSONAL_LINK_DAYS on", () => {
    // 2026-12-07 09:30 in Beijing: the last day is 2027-12-07, through its midnight.
    expect(linkExpiry("2026-12-07T01:30:00.000Z", 365)).toBe("2027-12-07T16:00:00.000Z");
    expect(lastValidDay("2027-12-07T16:00:00.000Z")).toBe("2027-12-07");
    // 23:59 in Beijing on Dec 7 is still Dec 7 there, though UTC says Dec 7 15:59.
    expect(linkExpiry("2026-12-07T15:59:00.000Z", 1)).toBe("2026-12-08T16:00:00.000Z");
    // 00:30 in Beijing on Dec 8 (Dec 7 in UTC) counts from Dec 8.
    expect(linkExpiry("2026-12-07T16:30:00.000Z", 1)).toBe("2026-12-09T16:00:00.000Z");
  });

  it("is a setting checked at start-up, 365 days unless set", () => {
    expect(loadEnv({}).PERSONAL_LINK_DAYS).toBe(365);
    expect(loadEnv({ PERSONAL_LINK_DAYS: "30" }).PERSONAL_LINK_DAYS).toBe(30);
    for (const bad of ["0", "abc", "3651", "-5", "1.5"]) {
      expect(() => loadEnv({ PERSONAL_LINK_DAYS: bad })).toThrow(
        `Invalid setting PERSONAL_LINK_DAYS=${bad}: use a whole number from 1 to 3650`,
      );
    }
  });

  it("stops the link after its last day, with the fixed 404, until an organiser renews it", async () => {
    const learner = await addLearner(t.db, { name: "期限甲", village: "舟山村" });
    const token = await issuePersonalLink(t.db, { actor: village, legalSavvyId: learner.id });
    const { token_hash: hash } = await t.db
      .selectFrom("personal_link")
      .select("token_hash")
      .where("legal_savvy_id", "=", learner.id)
      .executeTakeFirstOrThrow();
    const expiresAt = await storedExpiry(learner.id);
    expect(expiresAt).toBe(linkExpiry(new Date().toISOString()));
    expect(await linkHolder(t.db, token)).not.toBeNull();

    // The last minute of the last day still opens it; the next one does not.
    const real = Date.now();
    shiftClock(0, Date.parse(expiresAt) - 60_000);
    expect(await linkHolder(t.db, token)).not.toBeNull();
    shiftClock(0, Date.parse(expiresAt));
    expect(await linkHolder(t.db, token)).toBeNull();
    expect(await activeLink(t.db, learner.id)).toMatchObject({ expired: true });

    // Renewing months later: a full term from then, the same token, in the audit log.
    shiftClock(400, real);
    const renewed = await renewPersonalLink(t.db, { actor: village, legalSavvyId: learner.id });
    expect(renewed?.expiresAt).toBe(linkExpiry(new Date().toISOString()));
    expect(renewed?.lastDay).toBe(shanghaiDay(new Date(real + 765 * DAY).toISOString()));
    expect((await linkHolder(t.db, token))?.legalSavvyId).toBe(learner.id);
    expect(await activeLink(t.db, learner.id)).toMatchObject({ expired: false });
    const row = await t.db
      .selectFrom("personal_link")
      .select(["token_hash", "expires_at"])
      .where("legal_savvy_id", "=", learner.id)
      .execute();
    expect(row).toEqual([{ token_hash: hash, expires_at: renewed!.expiresAt }]);
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "actor_username", "detail", "outcome"])
      .where("target", "=", "期限甲")
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { action: "link.issue", actor_username: "village", detail: null, outcome: "success" },
      {
        action: "link.renew",
        actor_username: "village",
        detail: `until=${renewed!.lastDay}`,
        outcome: "success",
      },
    ]);
  });

  it("lets only organisers of the person's units renew, and never revives a revoked link", async () => {
    const learner = await addLearner(t.db, { name: "期限乙", village: "舟山村" });
    const token = await issuePersonalLink(t.db, { actor: village, legalSavvyId: learner.id });
    const before = await storedExpiry(learner.id);
    shiftClock(30);
    expect(
      await refusal(renewPersonalLink(t.db, { actor: official, legalSavvyId: learner.id })),
    ).toBe("FORBIDDEN");
    expect(await refusal(renewPersonalLink(t.db, { actor: other, legalSavvyId: learner.id }))).toBe(
      "FORBIDDEN",
    );
    expect(await storedExpiry(learner.id)).toBe(before);
    // The sub-district's organiser manages the village below it.
    expect(await renewPersonalLink(t.db, { actor: organiser, legalSavvyId: learner.id })).not.toBe(
      null,
    );
    expect(await storedExpiry(learner.id)).not.toBe(before);

    await revokePersonalLink(t.db, { actor: village, legalSavvyId: learner.id });
    expect(await renewPersonalLink(t.db, { actor: village, legalSavvyId: learner.id })).toBeNull();
    expect(await linkHolder(t.db, token)).toBeNull();
    const renewals = await t.db
      .selectFrom("audit_log")
      .select("actor_username")
      .where("target", "=", "期限乙")
      .where("action", "=", "link.renew")
      .execute();
    expect(renewals).toEqual([{ actor_username: "organiser" }]);
  });
});

describe("over HTTP", () => {
  it("answers an expired link with the unknown link's 404 and writes nothing", async () => {
    const learner = await addLearner(t.db, { name: "期限丙", village: "舟山村" });
    const token = await issuePersonalLink(t.db, { actor: village, legalSavvyId: learner.id });
    const phone = new Browser(server.baseUrl, "zh-CN");
    const open = await phone.get(`/m/${token}`);
    expect(open.status).toBe(200);
    const lastDay = lastValidDay(await storedExpiry(learner.id));
    const [year, month, day] = lastDay.split("-").map(Number);
    expect(await open.text()).toContain(`此链接有效期至 ${year}年${month}月${day}日`);

    // The server runs on the real clock: the link's time is moved back instead.
    await t.db
      .updateTable("personal_link")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("legal_savvy_id", "=", learner.id)
      .execute();
    const expired = await phone.get(`/m/${token}`);
    const unknown = await phone.get(`/m/${"B".repeat(43)}`);
    expect(expired.status).toBe(404);
    expect(unknown.status).toBe(404);
    const body = await expired.text();
    expect(body).toBe(await unknown.text());
    expect(body).not.toContain("期限丙");
    expect(expired.headers.get("cache-control")).toBe("no-store");
    const entries = async () =>
      (
        await t.db
          .selectFrom("duty_entry")
          .select("id")
          .where("legal_savvy_id", "=", learner.id)
          .execute()
      ).length;
    const post = await phone.post(`/m/${token}`, {
      occurredOn: shanghaiDay(new Date().toISOString()),
      kind: "publicity",
      served: "村民",
      content: "宣传",
    });
    expect(post.status).toBe(404);
    expect(await post.text()).toBe(body);
    expect(await entries()).toBe(0);
  });

  it("shows until when on the person's page, marks it expired, and renews it for organisers only", async () => {
    const learner = await addLearner(t.db, { name: "期限丁", village: "舟山村" });
    const token = await issuePersonalLink(t.db, { actor: village, legalSavvyId: learner.id });
    const staff = await as("village");
    const english = await as("village", "en");
    const lastDay = lastValidDay(await storedExpiry(learner.id));
    const [year, month, day] = lastDay.split("-").map(Number);
    const page = await (await staff.get(`/learners/${learner.id}`)).text();
    expect(page).toContain(`有效期至 ${year}年${month}月${day}日`);
    expect(page).toContain("续期（链接不变）");
    expect(page).toContain("续期从今天起再延长 365 天");
    expect(await (await english.get(`/learners/${learner.id}`)).text()).toMatch(
      new RegExp(`is valid until \\w+ ${day}, ${year}\\.`),
    );

    await t.db
      .updateTable("personal_link")
      .set({ expires_at: "2026-01-01T16:00:00.000Z" })
      .where("legal_savvy_id", "=", learner.id)
      .execute();
    expect(await (await staff.get(`/learners/${learner.id}`)).text()).toContain(
      "有效期至 2026年1月1日，已过期",
    );
    expect(await (await english.get(`/learners/${learner.id}`)).text()).toContain(
      "was valid until Jan 1, 2026 and has expired",
    );
    expect((await new Browser(server.baseUrl).get(`/m/${token}`)).status).toBe(404);

    // An official and another village's organiser are refused, and nothing moves.
    const reader = await as("official");
    const refused = await reader.post(`/learners/${learner.id}?index`, { intent: "renewLink" });
    expect(refused.status).toBe(403);
    const stranger = await as("yufan2", "zh-CN", "yufan-password-2026");
    const outside = await stranger.post(`/learners/${learner.id}?index`, { intent: "renewLink" });
    expect(outside.status).toBe(403);
    expect(await storedExpiry(learner.id)).toBe("2026-01-01T16:00:00.000Z");
    expect(await (await reader.get(`/learners/${learner.id}`)).text()).not.toContain(
      "续期（链接不变）",
    );

    const renewed = await staff.post(`/learners/${learner.id}?index`, { intent: "renewLink" });
    expect(renewed.status).toBe(302);
    const after = await (await staff.follow(renewed)).text();
    expect(after).toContain(`个人链接已续期，有效期至 ${year}年${month}月${day}日`);
    expect(after).not.toContain("已过期");
    expect(await storedExpiry(learner.id)).toBe(linkExpiry(new Date().toISOString()));
    expect((await new Browser(server.baseUrl).get(`/m/${token}`)).status).toBe(200);
  });
});

describe("the migration", () => {
  it("gives links issued before it a year from their issue", async () => {
    const fresh = await createTestDatabase({ migrate: false });
    try {
      const { Migrator } = await import("kysely");
      const before = Object.fromEntries(
        Object.entries(migrations).filter(([name]) => name < "2026-12-07T1-link-expiry"),
      );
      const older = new Migrator({
        db: fresh.db,
        provider: { getMigrations: async () => before },
      });
      expect((await older.migrateToLatest()).error).toBeUndefined();
      await fresh.db
        .insertInto("admin_unit")
        .values({
          parent_id: null,
          level: "village",
          name: "舟山村",
          path: "/1/",
          created_at: new Date().toISOString(),
        })
        .execute();
      // A roster entry as the schema of then holds it (people had no unit yet).
      const at = new Date().toISOString();
      const person = await fresh.db
        .insertInto("person" as never)
        .values({
          phone: "13700000001",
          name: "旧链接",
          village_id: 1,
          audience_group: "legal_savvy",
          created_at: at,
          updated_at: at,
        } as never)
        .returning("id" as never)
        .executeTakeFirstOrThrow();
      const learner = (await fresh.db
        .insertInto("legal_savvy" as never)
        .values({
          person_id: (person as { id: number }).id,
          village_id: 1,
          category: "mediator",
          created_at: at,
          updated_at: at,
        } as never)
        .returning("id" as never)
        .executeTakeFirstOrThrow()) as { id: number };
      await fresh.db
        .insertInto("personal_link" as never)
        .values({
          legal_savvy_id: learner.id,
          token_hash: "0".repeat(64),
          issued_at: "2026-03-01T02:00:00.000Z",
          issued_by: null,
        } as never)
        .execute();
      const all = new Migrator({
        db: fresh.db,
        provider: { getMigrations: async () => migrations },
      });
      expect((await all.migrateToLatest()).error).toBeUndefined();
      const row = await fresh.db
        .selectFrom("personal_link")
        .select("expires_at")
        .executeTakeFirstOrThrow();
      // Issued 2026-03-01 in Beijing: works through 2027-03-01.
      expect(row.expires_at).toBe("2027-03-01T16:00:00.000Z");
      expect(row.expires_at).toBe(linkExpiry("2026-03-01T02:00:00.000Z", 365));
    } finally {
      await fresh.destroy();
    }
  });
});

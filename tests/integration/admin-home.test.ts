import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountsNeedingAttention, subdistrictGaps } from "../../app/.server/admin/attention";
import { firstStepsFrom } from "../../app/.server/admin/first-steps";
import { describeSettings } from "../../app/.server/admin/settings";
import { subdistrictStates } from "../../app/.server/admin/subdistricts";
import { staffCheckIn } from "../../app/.server/attendance/staff-checkin";
import { logIn } from "../../app/.server/auth/log-in";
import { loadEnv } from "../../app/.server/env";
import { createEvent } from "../../app/.server/events/events";
import { addLearner } from "../../app/.server/learners/roster-write";
import { setTargets } from "../../app/.server/learners/roster-targets";
import { createStaff } from "../../app/.server/staff/staff";
import { translator } from "../../app/lib/i18n";
import { createTestDatabase } from "../support/database";
import { demoActor, eventInput, unitId } from "../support/demo";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Issue 15, items 7 and 9: the admin's home (accounts needing a look, sub-districts without an
// organiser, a roster or targets), a new office's first steps ticking as they are done, and the
// read-only settings page that never shows a secret. On SQLite and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let hengjing: number;
let district: number;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  hengjing = await unitId(t.db, "横泾街道");
  district = await unitId(t.db, "吴中区");
});
afterAll(async () => {
  await t?.destroy();
});

const stateOf = async (scopePath: string, id: number) =>
  (await subdistrictStates(t.db, { scopePath })).find((state) => state.id === id)!;

describe("sub-districts side by side", () => {
  it("tells the office at work from the new one, each within the caller's subtree", async () => {
    const admin = await demoActor(t.db, "admin");
    const states = await subdistrictStates(t.db, { scopePath: admin.unitPath });
    expect(states.map((state) => state.name)).toEqual(["香山街道", "横泾街道"]);
    const [xs, hj] = states;
    expect(xs).toMatchObject({ villages: 13, targets: { kind: "none" } });
    expect(xs!.organisers).toBeGreaterThanOrEqual(2);
    expect(xs!.onRoster).toBe(84);
    expect(xs!.latestEventId).not.toBeNull();
    expect(xs!.checkins).toBeGreaterThan(1000);
    expect(hj).toMatchObject({
      villages: 12,
      organisers: 1,
      onRoster: 0,
      targets: { kind: "none" },
      latestEventId: null,
      checkins: 0,
    });
    // The organiser of 横泾 sees 横泾 alone; a village organiser no sub-district at all.
    const own = await subdistrictStates(t.db, {
      scopePath: (await demoActor(t.db, "hengjing")).unitPath,
    });
    expect(own.map((state) => state.id)).toEqual([hengjing]);
    const village = await demoActor(t.db, "village");
    expect(await subdistrictStates(t.db, { scopePath: village.unitPath })).toEqual([]);
  });

  it("lists sub-districts without an organiser, a roster or targets; inherited targets count", async () => {
    const admin = await demoActor(t.db, "admin");
    const before = subdistrictGaps(await subdistrictStates(t.db, { scopePath: admin.unitPath }));
    expect(before.withoutOrganiser).toEqual([]);
    expect(before.withoutRoster).toEqual([{ id: hengjing, name: "横泾街道" }]);
    expect(before.withoutTargets.map((unit) => unit.name)).toEqual(["香山街道", "横泾街道"]);

    // A third sub-district with nobody: no organiser either. Its organiser disabled: still none.
    const third = await t.db
      .insertInto("admin_unit")
      .values({
        parent_id: district,
        name: "长桥街道",
        level: "subdistrict",
        path: `/${district}/new/`,
        created_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable("admin_unit")
      .set({ path: `/${district}/${third.id}/` })
      .where("id", "=", third.id)
      .execute();
    const created = await createStaff(t.db, {
      actor: admin,
      username: "changqiao",
      displayName: "长桥 组织者",
      role: "organiser",
      unitId: third.id,
      password: "Changqiao-2026-start",
    });
    await t.db.updateTable("staff_user").set({ disabled: 1 }).where("id", "=", created).execute();
    const gaps = subdistrictGaps(await subdistrictStates(t.db, { scopePath: admin.unitPath }));
    expect(gaps.withoutOrganiser).toEqual([{ id: third.id, name: "长桥街道" }]);

    // Targets set on the district hold for every sub-district below it: inherited, counted as set.
    await setTargets(t.db, {
      actor: admin,
      targets: { unitId: district, rosterPerVillage: 5, trainingHours: 10, attendancePercent: 80 },
    });
    const after = subdistrictGaps(await subdistrictStates(t.db, { scopePath: admin.unitPath }));
    expect(after.withoutTargets).toEqual([]);
    expect(after.inheritedTargets.map((unit) => [unit.name, unit.from])).toEqual([
      ["香山街道", "吴中区"],
      ["横泾街道", "吴中区"],
      ["长桥街道", "吴中区"],
    ]);
    expect((await stateOf(admin.unitPath, hengjing)).targets).toEqual({
      kind: "inherited",
      from: "吴中区",
    });
    await t.db.deleteFrom("unit_target").where("unit_id", "=", district).execute();
  });
});

describe("accounts needing attention", () => {
  it("flags a first password, a lock and failed log-ins of the day, within the admin's subtree", async () => {
    const admin = await demoActor(t.db, "admin");
    const at = new Date().toISOString();
    const quiet = await accountsNeedingAttention(t.db, { scopePath: admin.unitPath, now: at });
    expect(quiet.map((account) => account.username)).not.toContain("organiser");

    const fresh = await createStaff(t.db, {
      actor: admin,
      username: "hj-new",
      displayName: "横泾 新账号",
      role: "organiser",
      unitId: hengjing,
      password: "Hengjing-2026-start",
    });
    // Two wrong passwords for 香山's organiser; five for its official, which lock it.
    for (let i = 0; i < 2; i += 1) {
      await logIn(t.db, { username: "organiser", password: "wrong", ip: null });
    }
    for (let i = 0; i < 5; i += 1) {
      await logIn(t.db, { username: "official", password: "wrong", ip: null });
    }
    const listed = await accountsNeedingAttention(t.db, {
      scopePath: admin.unitPath,
      now: new Date().toISOString(),
    });
    const by = new Map(listed.map((account) => [account.username, account]));
    expect(by.get("hj-new")).toMatchObject({ id: fresh, firstPassword: true, failedLogins: 0 });
    expect(by.get("organiser")).toMatchObject({ firstPassword: false, failedLogins: 2 });
    expect(by.get("organiser")!.lockedUntil).toBeNull();
    expect(by.get("official")!.failedLogins).toBe(5);
    expect(by.get("official")!.lockedUntil).not.toBeNull();
    expect(by.has("admin")).toBe(false);

    // An admin of 横泾 sees its own account only; a day later the failures no longer count.
    const hjPath = (await demoActor(t.db, "hengjing")).unitPath;
    const own = await accountsNeedingAttention(t.db, { scopePath: hjPath, now: at });
    expect(own.map((account) => account.username)).toEqual(["hj-new"]);
    const tomorrow = new Date(Date.now() + 25 * 3_600_000).toISOString();
    const later = await accountsNeedingAttention(t.db, {
      scopePath: admin.unitPath,
      now: tomorrow,
    });
    expect(later.find((account) => account.username === "organiser")).toBeUndefined();
  });
});

describe("a new office's first steps", () => {
  it("ticks each step of 横泾街道 as its organiser does it, and disappears when all are done", async () => {
    const organiser = await demoActor(t.db, "hengjing");
    const admin = await demoActor(t.db, "admin");
    const listOf = async (actor: typeof organiser, unit: number) =>
      firstStepsFrom(await subdistrictStates(t.db, { scopePath: actor.unitPath }), {
        unitId: unit,
        role: actor.role,
      });
    const ticked = async () => {
      const [list] = await listOf(organiser, hengjing);
      return Object.fromEntries(list!.steps.map((step) => [step.key, step.done]));
    };

    const [start] = await listOf(organiser, hengjing);
    expect(start).toMatchObject({ unitName: "横泾街道", open: true, done: 2 });
    expect(start!.steps.map((step) => [step.key, step.done, step.href])).toEqual([
      ["villages", true, `/units/${hengjing}`],
      ["accounts", true, null],
      ["roster", false, "/learners/import"],
      ["targets", false, `/learners/targets?unit=${hengjing}`],
      ["event", false, "/events/new"],
      ["checkin", false, null],
    ]);
    // The admin at the district sees the lists of the new offices (with the accounts page), not
    // Xiangshan's, which is at work; an official reads them with no link to a form.
    const forAdmin = await listOf(admin, district);
    expect(forAdmin.map((list) => list.unitName)).toEqual(["横泾街道", "长桥街道"]);
    expect(forAdmin[0]!.steps[1]!.href).toBe("/admin/users");
    const official = { ...organiser, role: "official" as const };
    const read = (await listOf(official, hengjing))[0]!.steps.filter((step) => step.href);
    expect(read.map((step) => step.key)).toEqual(["villages"]);

    const zhoushan = await t.db
      .selectFrom("admin_unit")
      .select("id")
      .where("parent_id", "=", hengjing)
      .where("name", "=", "舟山村")
      .executeTakeFirstOrThrow();
    await addLearner(t.db, {
      actor: organiser,
      learner: {
        name: "周明",
        phone: "13912345678",
        villageId: zhoushan.id,
        category: "mediator",
        recognisedOn: null,
        certificateNo: null,
        adviser: null,
      },
    });
    expect(await ticked()).toMatchObject({ roster: true, targets: false });

    await setTargets(t.db, {
      actor: organiser,
      targets: { unitId: hengjing, rosterPerVillage: 4, trainingHours: 8, attendancePercent: 85 },
    });
    const [withTargets] = await listOf(organiser, hengjing);
    expect(withTargets!.targets).toEqual({ kind: "own" });
    expect(await ticked()).toMatchObject({ targets: true, event: false });

    const event = await createEvent(t.db, {
      actor: organiser,
      publish: true,
      event: await eventInput(t.db, {
        title: "横泾第一场普法讲座",
        hostUnitId: hengjing,
        villageId: zhoushan.id,
        visibility: "public",
        invitees: [],
      }),
    });
    const [published] = await listOf(organiser, hengjing);
    expect(published!.steps.find((step) => step.key === "checkin")).toEqual({
      key: "checkin",
      done: false,
      href: `/events/${event.id}/attendance`,
    });
    expect(published!.open).toBe(true);

    await staffCheckIn(t.db, {
      actor: organiser,
      eventId: event.id,
      method: "walk_in",
      person: {
        name: "横泾村民",
        phone: null,
        villageId: zhoushan.id,
        employer: null,
        group: "villager",
      },
    });
    expect(await listOf(organiser, hengjing)).toEqual([]);
    expect((await listOf(admin, district)).map((list) => list.unitName)).toEqual(["长桥街道"]);
  });
});

describe("the settings page", () => {
  it("shows the database kind, host and name, never its credentials or the cookie secret", () => {
    const source = {
      DATABASE_URL: "postgres://pufa:s3cret-pw@db.internal:5432/pufa_prod?sslmode=require",
      COOKIE_SECRET: "a-very-secret-cookie-signing-key",
      PUBLIC_URL: "https://pufa.example.org",
      SESSION_IDLE_MINUTES: "30",
      TRUST_PROXY: "1",
    };
    const rows = describeSettings(loadEnv(source), source);
    const text = JSON.stringify(rows);
    expect(text).not.toContain("s3cret");
    expect(text).not.toContain("a-very-secret");
    expect(text).not.toContain("sslmode");
    const zh = translator("zh-CN");
    const words = (name: string) => {
      const row = rows.find((setting) => setting.name === name)!;
      return [
        zh(row.value.key, row.value.values),
        zh(row.fallback.key, row.fallback.values),
        row.set,
      ];
    };
    expect(words("DATABASE_URL")).toEqual([
      "PostgreSQL，主机 db.internal:5432，数据库 pufa_prod",
      "SQLite，文件 data/pufa.db",
      true,
    ]);
    expect(words("COOKIE_SECRET")).toEqual(["已设置（不显示）", "未设置", true]);
    expect(words("SESSION_IDLE_MINUTES")).toEqual(["30 分钟", "120 分钟", true]);
    expect(words("SESSION_MAX_HOURS")).toEqual(["12 小时", "12 小时", false]);
    expect(words("TRUST_PROXY")).toEqual(["1", "off", true]);
    expect(words("PUFA_DEMO")).toEqual(["关闭", "未设置 DATABASE_URL 时开启，否则关闭", false]);
    expect(words("PUBLIC_URL")[0]).toBe("https://pufa.example.org");
  });

  describe("over HTTP", () => {
    let server: RunningServer;
    beforeAll(async () => {
      server = await startServer({
        databaseUrl: t.url,
        env: { SESSION_IDLE_MINUTES: "45", PUFA_WORKERS: "1" },
      });
    });
    afterAll(async () => {
      await server?.stop();
    });

    async function as(username: string) {
      const browser = new Browser(server.baseUrl);
      const response = await browser.post("/login", {
        username,
        password: "pufa-demo-2026",
      });
      expect(response.status).toBe(302);
      return browser;
    }

    it("shows admins the effective settings in words, and nothing secret", async () => {
      const admin = await as("admin");
      const page = await admin.get("/admin/settings");
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain("SESSION_IDLE_MINUTES");
      expect(html).toContain("45 分钟");
      expect(html).toContain("环境变量已设置");
      expect(html).not.toContain("integration-test-cookie-secret");
      if (t.url.startsWith("postgres")) {
        const password = new URL(t.url).password;
        if (password) expect(html).not.toContain(password);
        expect(html).toContain("PostgreSQL");
      } else {
        expect(html).toContain("SQLite");
      }
    });

    it("refuses organisers and officials", async () => {
      // ("official" was locked above: the district's official stands in.)
      for (const username of ["hengjing", "district"]) {
        const browser = await as(username);
        expect((await browser.get("/admin/settings")).status).toBe(403);
      }
    });

    it("gives the admin's home its own lists and links", async () => {
      const admin = await as("admin");
      const html = await (await admin.get("/dashboard")).text();
      expect(html).toContain("需要留意的账号");
      expect(html).toContain("没有活动组织者账号");
      expect(html).toContain('href="/admin/settings"');
      expect(html).toContain('href="/admin/audit"');
    });
  });
});

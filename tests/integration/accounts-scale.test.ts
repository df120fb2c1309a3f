import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/.server/audit/audit-log";
import { logIn } from "../../app/.server/auth/log-in";
import { verifyPassword } from "../../app/.server/auth/password";
import { createSession, validateSessionToken } from "../../app/.server/auth/session";
import {
  AccountsImportRefused,
  commitAccountsImport,
  previewAccountsImport,
} from "../../app/.server/staff/import";
import type { AccountRow } from "../../app/.server/staff/import-rows";
import { readAccountsFile } from "../../app/.server/staff/import-rows";
import { endStaffSessions, listStaffSessions } from "../../app/.server/staff/sessions";
import { createStaff } from "../../app/.server/staff/staff";
import { listStaff, noStaffFilters } from "../../app/.server/staff/staff-list";
import { DEMO_PASSWORD } from "../../db/seed";
import { createTestDatabase } from "../support/database";
import { demoActor, rowCounts, unitId, unitUnder } from "../support/demo";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";
import { firstSvg, readQrSvg } from "./poster-qr";

// Issue 15, items 2 and 6: accounts imported from a file (every row checked, names resolved in
// the importer's units, all or nothing), the handover slip, the question a district-wide
// account asks, the list's search, filters and pages, open sessions, and the last log-in. On
// SQLite and (npm run test:pg) PostgreSQL, through the domain and over real HTTP.

const PUBLIC_URL = "https://pufa.example.gov.cn";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let admin: Actor;
/** An admin of 香山街道 only: 横泾's units lie outside. */
let xiangshanAdmin: Actor;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url, env: { PUBLIC_URL } });
  admin = await demoActor(t.db, "admin");
  await createStaff(t.db, {
    actor: admin,
    username: "xs-admin",
    displayName: "香山 管理员",
    role: "admin",
    unitId: await unitId(t.db, "香山街道"),
    password: "xs-admin-password-1",
  });
  xiangshanAdmin = await demoActor(t.db, "xs-admin");
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

let serial = 0;
const fresh = (prefix: string) => `${prefix}${Date.now().toString(36)}${serial++}`;
const rows = (...cells: [string, string, string, string][]): AccountRow[] =>
  cells.map(([username, name, role, unit], index) => ({
    line: index + 2,
    username,
    name,
    role,
    unit,
  }));
const problemsOf = (preview: { rows: { problems: { key: string }[] }[] }) =>
  preview.rows.map((row) => row.problems.map((problem) => problem.key));

describe("importing accounts", () => {
  it("gives every bad row its reason, and resolves a repeated village name by its parent", async () => {
    const a = fresh("imp");
    const preview = await previewAccountsImport(t.db, {
      actor: admin,
      rows: rows(
        [a, "甲 组织者", "活动组织者", "横泾街道/舟山村"],
        ["organiser", "重名 账号", "organiser", "渔帆村"],
        [a, "重复 行", "领导", "香山街道"],
        [`${a}x`, "乙", "村长", "香山街道"],
        [`${a}y`, "丙", "official", "不存在村"],
        [`${a}z`, "丁", "organiser", "舟山村"],
        ["No Way!", "", "admin", ""],
      ),
    });
    expect(problemsOf(preview)).toEqual([
      [],
      ["accounts.import.problem.usernameTaken"],
      ["accounts.import.problem.usernameRepeated"],
      ["accounts.import.problem.role"],
      ["accounts.import.problem.unitUnknown"],
      ["accounts.import.problem.unitAmbiguous"],
      [
        "accounts.import.problem.username",
        "accounts.import.problem.noName",
        "accounts.import.problem.noUnit",
      ],
    ]);
    expect(preview.rows[0]).toMatchObject({ role: "organiser", unitLabel: "横泾街道 · 舟山村" });
    expect(preview.rows[2]!.problems[0]!.values).toEqual({ line: 2 });
    // The ambiguous name is refused with both candidates named, and how to write one of them.
    expect(preview.rows[5]!.problems[0]!.values).toMatchObject({
      name: "舟山村",
      count: 2,
      candidates: expect.stringMatching(
        /^(香山街道\/舟山村、横泾街道\/舟山村|横泾街道\/舟山村、香山街道\/舟山村)$/,
      ),
    });
    expect(preview).toMatchObject({ bad: 6, good: 1 });
  });

  it("resolves a name within the importer's units: one 舟山村 is no longer ambiguous", async () => {
    const preview = await previewAccountsImport(t.db, {
      actor: xiangshanAdmin,
      rows: rows(
        [fresh("xs"), "香山 村干部", "organiser", "舟山村"],
        [fresh("xs"), "横泾 村干部", "organiser", "横泾街道/上林村"],
        [fresh("xs"), "全区", "official", "吴中区"],
      ),
    });
    expect(problemsOf(preview)).toEqual([
      [],
      ["accounts.import.problem.unitOutOfScope"],
      ["accounts.import.problem.unitOutOfScope"],
    ]);
    expect(preview.rows[0]!.unitLabel).toBe("香山街道 · 舟山村");
  });

  it("writes nothing when a row is bad, even one that went bad after the preview", async () => {
    const before = await rowCounts(t.db);
    const taken = fresh("late");
    const file = rows(
      [fresh("ok"), "好 行", "organiser", "渔帆村"],
      [taken, "后来 被占", "organiser", "渔帆村"],
    );
    expect((await previewAccountsImport(t.db, { actor: admin, rows: file })).bad).toBe(0);
    // Someone takes the second username between the preview and the confirmation.
    await createStaff(t.db, {
      actor: admin,
      username: taken,
      displayName: "抢先",
      role: "organiser",
      unitId: await unitId(t.db, "渔帆村"),
      password: "first-come-pass-1",
    });
    const after = await rowCounts(t.db);
    const refused = commitAccountsImport(t.db, { actor: admin, rows: file, wideConfirmed: false });
    await expect(refused).rejects.toBeInstanceOf(AccountsImportRefused);
    expect(await rowCounts(t.db)).toEqual(after);
    expect(after.staff_user).toBe(before.staff_user! + 1);
  });

  it("creates all accounts at once with first passwords they must change, logged without them", async () => {
    const names = [fresh("hj"), fresh("hj"), fresh("hj"), fresh("hj")];
    const created = await commitAccountsImport(t.db, {
      actor: admin,
      rows: rows(
        [names[0]!, "横泾 组织者", "organiser", "横泾街道"],
        [names[1]!, "横泾 舟山村", "organiser", "横泾街道/舟山村"],
        [names[2]!, "横泾 领导", "领导（只读）", "横泾街道"],
        [names[3]!.toUpperCase(), "横泾 上林村", "Organiser", "吴中区 / 横泾街道 / 上林村"],
      ),
      wideConfirmed: false,
    });
    expect(created.map((account) => account.username)).toEqual(names);
    const stored = await t.db
      .selectFrom("staff_user as u")
      .innerJoin("admin_unit as unit", "unit.id", "u.unit_id")
      .select(["u.username", "u.password_hash", "u.must_change_password", "u.role", "unit.id"])
      .where("u.username", "in", names)
      .orderBy("u.username")
      .execute();
    expect(stored).toHaveLength(4);
    const hjZhoushan = await unitUnder(t.db, "横泾街道", "舟山村");
    for (const account of created) {
      const row = stored.find((s) => s.username === account.username)!;
      expect(row.must_change_password).toBe(1);
      expect(account.password).toMatch(/^[A-Za-z2-9]{16}$/);
      expect(await verifyPassword(row.password_hash, account.password)).toBe(true);
    }
    expect(stored.find((s) => s.username === names[1])!.id).toBe(hjZhoushan.id);
    expect(stored.find((s) => s.username === names[2])!.role).toBe("official");
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "target", "detail"])
      .where("actor_username", "=", "admin")
      .where("action", "in", ["user.create", "user.import"])
      .orderBy("id", "desc")
      .limit(5)
      .execute();
    expect(audit.map((entry) => entry.action)).toEqual([
      "user.import",
      "user.create",
      "user.create",
      "user.create",
      "user.create",
    ]);
    const logged = JSON.stringify(
      await t.db.selectFrom("audit_log").select(["target", "detail"]).execute(),
    );
    for (const account of created) expect(logged).not.toContain(account.password);
  });

  it("asks before an organiser or official gets the whole district, in the import and the form", async () => {
    const file = rows([fresh("wide"), "全区 组织者", "organiser", "吴中区"]);
    const preview = await previewAccountsImport(t.db, { actor: admin, rows: file });
    expect(preview).toMatchObject({ bad: 0, wide: 1 });
    const before = await rowCounts(t.db);
    const unconfirmed = commitAccountsImport(t.db, {
      actor: admin,
      rows: file,
      wideConfirmed: false,
    });
    await expect(unconfirmed).rejects.toMatchObject({ field: "wideConfirmed" });
    expect(await rowCounts(t.db)).toEqual(before);
    const [made] = await commitAccountsImport(t.db, {
      actor: admin,
      rows: file,
      wideConfirmed: true,
    });
    expect(made!.unitLabel).toBe("吴中区");

    const district = await unitId(t.db, "吴中区");
    const account = {
      actor: admin,
      displayName: "全区 领导",
      role: "official" as const,
      unitId: district,
      password: "district-password-1",
    };
    await expect(createStaff(t.db, { ...account, username: fresh("w") })).rejects.toMatchObject({
      messageKey: "accounts.wideNeedsConfirm",
      field: "unitId",
    });
    expect(
      await createStaff(t.db, { ...account, username: fresh("w"), wideConfirmed: true }),
    ).toBeGreaterThan(0);
    // An admin at the district is what an admin is: no question.
    expect(
      await createStaff(t.db, { ...account, role: "admin", username: fresh("w") }),
    ).toBeGreaterThan(0);
  });

  it("refuses organisers and officials, whatever the route in front", async () => {
    const file = rows([fresh("no"), "无权", "organiser", "舟山村"]);
    for (const who of ["organiser", "official"]) {
      const actor = await demoActor(t.db, who);
      await expect(previewAccountsImport(t.db, { actor, rows: file })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(
        commitAccountsImport(t.db, { actor, rows: file, wideConfirmed: true }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });

  it("reads a UTF-8 CSV with English headers and a byte-order mark", async () => {
    const csv = "\ufeffUsername,Name,Role,Unit\ncsv-one,表格 一,organiser,横泾街道/舟山村\n";
    const read = await readAccountsFile(new TextEncoder().encode(csv));
    expect(read).toEqual({
      ok: true,
      rows: [
        {
          line: 2,
          username: "csv-one",
          name: "表格 一",
          role: "organiser",
          unit: "横泾街道/舟山村",
        },
      ],
    });
    const missing = await readAccountsFile(new TextEncoder().encode("用户名,姓名\na,b\n"));
    expect(missing).toEqual({ ok: false, error: "accounts.import.missingColumns" });
  });
});

describe("the accounts list", () => {
  it("searches, filters by unit subtree, role, status, first password and lock, and pages", async () => {
    const yufan = await unitId(t.db, "渔帆村");
    const stamp = new Date().toISOString();
    const tag = fresh("page");
    await t.db
      .insertInto("staff_user")
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          username: `${tag}-${String(i).padStart(2, "0")}`,
          display_name: `分页 ${i}`,
          password_hash: "not-a-hash",
          role: i % 2 ? ("official" as const) : ("organiser" as const),
          unit_id: yufan,
          disabled: i < 5 ? 1 : 0,
          must_change_password: i < 10 ? 1 : 0,
          password_changed_at: stamp,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .execute();
    const list = (filters: Partial<typeof noStaffFilters>, scopePath = admin.unitPath) =>
      listStaff(t.db, { scopePath, filters: { ...noStaffFilters, ...filters } });
    const first = await list({ q: tag.toUpperCase() });
    expect(first).toMatchObject({ total: 60, page: 1, pages: 2 });
    expect(first.rows).toHaveLength(50);
    const second = await list({ q: tag, page: 2 });
    expect(second.rows.map((row) => row.username)).toEqual(
      Array.from({ length: 10 }, (_, i) => `${tag}-${50 + i}`),
    );
    expect((await list({ q: tag, page: 99 })).page).toBe(2);
    expect((await list({ q: "分页 1" })).total).toBe(11);
    expect((await list({ q: tag, role: "official" })).total).toBe(30);
    expect((await list({ q: tag, status: "disabled" })).total).toBe(5);
    expect((await list({ q: tag, status: "active", mustChange: true })).total).toBe(5);
    // A search for % or _ looks for those characters, not for anything.
    expect((await list({ q: "%" })).total).toBe(0);
    expect((await list({ q: "_" })).total).toBe(0);

    const xiangshan = await unitId(t.db, "香山街道");
    const hjZhoushan = await unitUnder(t.db, "横泾街道", "舟山村");
    const inXiangshan = await list({ unitId: xiangshan });
    expect(inXiangshan.rows.map((row) => row.username)).toContain("village");
    expect(inXiangshan.rows.map((row) => row.username)).not.toContain("hengjing");
    const inHjZhoushan = await list({ unitId: hjZhoushan.id });
    expect(inHjZhoushan.rows.every((row) => row.unit_id === hjZhoushan.id)).toBe(true);
    await expect(list({ unitId: hjZhoushan.id }, xiangshanAdmin.unitPath)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });

    // Locked: five failed log-ins.
    for (let i = 0; i < 5; i++) {
      await logIn(t.db, { username: `${tag}-20`, password: "wrong-password-1", ip: null });
    }
    expect((await list({ locked: true })).rows.map((row) => row.username)).toEqual([`${tag}-20`]);
  });
});

describe("sessions and the last log-in", () => {
  it("records the last successful log-in", async () => {
    const before = await t.db
      .selectFrom("staff_user")
      .select("last_login_at")
      .where("username", "=", "official")
      .executeTakeFirstOrThrow();
    const result = await logIn(t.db, { username: "official", password: DEMO_PASSWORD, ip: null });
    expect(result.ok).toBe(true);
    const after = await t.db
      .selectFrom("staff_user")
      .select("last_login_at")
      .where("username", "=", "official")
      .executeTakeFirstOrThrow();
    expect(after.last_login_at).not.toBeNull();
    expect(after.last_login_at).not.toBe(before.last_login_at);
    expect(Date.now() - Date.parse(after.last_login_at!)).toBeLessThan(60_000);
  });

  it("lets an admin end one session or all of them, logged; the owner is out at once", async () => {
    const id = await createStaff(t.db, {
      actor: admin,
      username: fresh("sess"),
      displayName: "会话 测试",
      role: "organiser",
      unitId: await unitId(t.db, "渔帆村"),
      password: "session-password-1",
    });
    const [desk, phone, tablet] = [
      await createSession(t.db, id),
      await createSession(t.db, id),
      await createSession(t.db, id),
    ];
    const sessions = await listStaffSessions(t.db, { actor: admin, id });
    expect(sessions).toHaveLength(3);
    const deskId = sessions[0]!.id;
    const ended = await endStaffSessions(t.db, { actor: admin, id, sessionId: deskId });
    expect(ended.count).toBe(1);
    const alive = await Promise.all(
      [desk, phone, tablet].map((token) => validateSessionToken(t.db, token!)),
    );
    expect(alive.filter(Boolean)).toHaveLength(2);
    // 香山's admin may not touch an account of 横泾.
    const hengjing = (await demoActor(t.db, "hengjing")).id;
    await createSession(t.db, hengjing);
    await expect(
      endStaffSessions(t.db, { actor: xiangshanAdmin, id: hengjing, sessionId: null }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      endStaffSessions(t.db, { actor: await demoActor(t.db, "organiser"), id, sessionId: null }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await endStaffSessions(t.db, { actor: admin, id, sessionId: null })).count).toBe(2);
    for (const token of [desk, phone, tablet]) {
      expect(await validateSessionToken(t.db, token!)).toBeNull();
    }
    const audit = await t.db
      .selectFrom("audit_log")
      .select("detail")
      .where("action", "=", "user.end_sessions")
      .orderBy("id")
      .execute();
    expect(audit.map((entry) => entry.detail)).toEqual(["one; ended=1", "all; ended=2"]);
  });
});

describe("over HTTP", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = new Browser(server.baseUrl);
    await browser.logIn("admin");
  });

  it("answers a new account with its handover slip, once, never stored", async () => {
    const username = fresh("slip");
    const form = {
      username,
      displayName: "交接 单",
      role: "organiser",
      unitId: String((await unitUnder(t.db, "横泾街道", "舟山村")).id),
      password: "",
    };
    const answer = await browser.post("/admin/users/new", form);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toContain("no-store");
    const html = await answer.text();
    const password = /data-testid="first-password">([A-Za-z2-9]{16})</.exec(html)?.[1];
    expect(password).toBeDefined();
    expect(html).toContain(`${PUBLIC_URL}/login`);
    expect(html).toContain("横泾街道 · 舟山村");
    expect(readQrSvg(firstSvg(html)!, `${PUBLIC_URL}/login`).encodes).toBe(true);
    const logged = JSON.stringify(await t.db.selectFrom("audit_log").selectAll().execute());
    expect(logged).not.toContain(password);
    // The new owner logs in with it and must change it first.
    const owner = new Browser(server.baseUrl);
    await owner.logIn(username, password);
    expect((await owner.get("/dashboard")).headers.get("location")).toBe("/account/password");
  });

  it("refuses a new account whose unit is left at 请选择, or the district without the tick", async () => {
    const before = await rowCounts(t.db);
    const base = { username: fresh("unit"), displayName: "单位 未选", role: "organiser" };
    const empty = await browser.post("/admin/users/new", { ...base, unitId: "" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("请选择所属单位。");
    const district = String(await unitId(t.db, "吴中区"));
    const wide = await browser.post("/admin/users/new", { ...base, unitId: district });
    expect(wide.status).toBe(400);
    const html = await wide.text();
    expect(html).toContain("所属单位是区一级");
    expect(html).toContain('name="wideConfirmed"');
    expect(await rowCounts(t.db)).toEqual(before);
    const ticked = await browser.post("/admin/users/new", {
      ...base,
      unitId: district,
      wideConfirmed: "1",
    });
    expect(ticked.status).toBe(200);
  });

  it("asks before disabling, and a reset answers with the slip", async () => {
    const id = await createStaff(t.db, {
      actor: admin,
      username: fresh("dis"),
      displayName: "停用 测试",
      role: "organiser",
      unitId: await unitId(t.db, "渔帆村"),
      password: "disable-password-1",
    });
    const asked = await browser.post(`/admin/users/${id}`, { intent: "disable" });
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain("确认停用");
    const still = await t.db
      .selectFrom("staff_user")
      .select("disabled")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(still.disabled).toBe(0);
    const done = await browser.post(`/admin/users/${id}`, { intent: "disable", confirmed: "1" });
    expect(done.status).toBe(302);
    const now = await t.db
      .selectFrom("staff_user")
      .select("disabled")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(now.disabled).toBe(1);

    const reset = await browser.post(`/admin/users/${id}`, { intent: "reset", password: "" });
    expect(reset.status).toBe(200);
    expect(reset.headers.get("cache-control")).toContain("no-store");
    expect(await reset.text()).toMatch(/data-testid="first-password">[A-Za-z2-9]{16}</);
  });

  it("lists with filters in the query string and tells the two 舟山村 apart", async () => {
    const html = await (await browser.get("/admin/users?q=village")).text();
    expect(html).toContain("香山街道 · 舟山村");
    const hjZhoushan = await unitUnder(t.db, "横泾街道", "舟山村");
    const filtered = await browser.get(`/admin/users?unit=${hjZhoushan.id}&role=organiser`);
    expect(filtered.status).toBe(200);
    expect(await filtered.text()).not.toContain(">village</a>");
    const bad = await browser.get("/admin/users?role=king&page=0");
    expect(bad.status).toBe(200);
    expect(await bad.text()).toContain("筛选条件无效");
  });
});

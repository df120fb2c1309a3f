import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Real HTTP requests against the production build, on SQLite or (npm run test:pg) PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

const browser = (lang?: string) => new Browser(server.baseUrl, lang);

async function countRows(table: "staff_user" | "admin_unit" | "staff_session") {
  const row = await t.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

describe("public pages", () => {
  it("serve the Chinese home page with the demo villages, English on request", async () => {
    const zh = await browser().get("/");
    expect(zh.status).toBe(200);
    const html = await zh.text();
    expect(html).toContain('<html lang="zh-CN"');
    expect(html).toContain("演示数据");
    expect(html).toContain("舟山村");
    const en = await browser("en-GB,en;q=0.9").get("/");
    expect(await en.text()).toContain("Legal-education outreach");
  });

  it("remember the language chosen in the header", async () => {
    const b = browser();
    const switched = await b.post("/lang", { lang: "en", next: "/login" });
    expect(switched.status).toBe(302);
    expect(switched.headers.get("location")).toBe("/login");
    const page = await b.get("/login");
    expect(await page.text()).toContain("Staff log-in");
  });

  it("answer /healthz without asking the database", async () => {
    const res = await fetch(`${server.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("give a 404 page in the reader's language, without a stack trace", async () => {
    const zh = await browser().get("/no/such/page");
    expect(zh.status).toBe(404);
    const zhHtml = await zh.text();
    expect(zhHtml).toContain("页面不存在");
    expect(zhHtml).not.toMatch(/at .*\.js:\d+/);
    const en = await browser("en").get("/no/such/page");
    expect(await en.text()).toContain("Page not found");
  });
});

describe("log-in over HTTP", () => {
  it("rejects empty fields with messages beside them and writes nothing", async () => {
    const sessions = await countRows("staff_session");
    const res = await browser().post("/login", { username: "", password: "" });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain("请填写此项。");
    expect(await countRows("staff_session")).toBe(sessions);
  });

  it("locks after 5 wrong passwords and says so in English, visible in the audit log", async () => {
    const admin = browser();
    await admin.logIn("admin");
    await admin.post("/admin/users/new", {
      username: "locktest",
      displayName: "Lock Test",
      role: "organiser",
      unitId: "3",
      password: "firstpass12",
    });
    const b = browser("en");
    for (let i = 0; i < 4; i++) {
      const res = await b.post("/login", { username: "locktest", password: "nope-nope-1" });
      expect(res.status).toBe(401);
      expect(await res.text()).toContain("Wrong username or password.");
    }
    const locked = await b.post("/login", { username: "locktest", password: "nope-nope-1" });
    expect(locked.status).toBe(423);
    expect(await locked.text()).toContain("the account is locked. Try again in 15 minutes.");
    const right = await b.post("/login", { username: "locktest", password: "firstpass12" });
    expect(right.status).toBe(423);
    const audit = await (await admin.get("/admin/audit?action=lockout")).text();
    expect(audit).toContain("locktest");
    expect(audit).toContain("账号锁定");
  });

  it("ends an idle session: the next page asks to log in again", async () => {
    const b = browser();
    await b.logIn("official");
    expect((await b.get("/dashboard")).status).toBe(200);
    await t.db
      .updateTable("staff_session")
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    const res = await b.get("/dashboard");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?next=%2Fdashboard");
    const login = await b.follow(res);
    expect(await login.text()).toContain("登录已失效（长时间未操作");
  });

  it("logs out: the old cookie no longer opens staff pages", async () => {
    const b = browser();
    await b.logIn("organiser");
    const token = b.cookie("pufa_session");
    expect(token).toBeTruthy();
    expect((await b.post("/logout", {})).status).toBe(302);
    const replay = await fetch(`${server.baseUrl}/dashboard`, {
      headers: { Cookie: `pufa_session=${token}` },
      redirect: "manual",
    });
    expect(replay.status).toBe(302);
  });
});

describe("who may do what", () => {
  const matrix: [string, string, number][] = [
    ["admin", "/admin/users", 200],
    ["admin", "/admin/audit", 200],
    ["admin", "/units/1", 200],
    ["organiser", "/admin/users", 403],
    ["organiser", "/admin/audit", 403],
    ["organiser", "/units/2", 200],
    ["organiser", "/units/3", 200],
    ["organiser", "/units/1", 403],
    ["official", "/admin/users", 403],
    ["official", "/units/15", 200],
    ["village", "/units/3", 200],
    ["village", "/units/4", 403],
    ["village", "/units/2", 403],
    ["village", "/admin/users/1", 403],
    ["village", "/units/999", 404],
  ];

  it.each(matrix)("%s GET %s answers %i", async (username, path, status) => {
    const b = browser();
    await b.logIn(username);
    const res = await b.get(path);
    expect(res.status).toBe(status);
    if (status === 403) expect(await res.text()).toContain("无权访问");
  });

  it("sends visitors who are not logged in to the log-in page", async () => {
    const res = await browser().get("/admin/users");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?next=%2Fadmin%2Fusers");
  });

  it("refuses in English to an English reader", async () => {
    const b = browser("en");
    await b.logIn("village");
    const res = await b.get("/units/4");
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Not allowed");
  });

  it("keeps an official's and an organiser's hands off accounts and units", async () => {
    const units = await countRows("admin_unit");
    const users = await countRows("staff_user");
    const official = browser();
    await official.logIn("official");
    expect(
      (await official.post("/units", { parentId: "2", name: "新村", level: "village" })).status,
    ).toBe(403);
    const organiser = browser();
    await organiser.logIn("organiser");
    const created = await organiser.post("/admin/users/new", {
      username: "sneaky",
      displayName: "x",
      role: "admin",
      unitId: "1",
      password: "sneakypass1",
    });
    expect(created.status).toBe(403);
    expect(await countRows("admin_unit")).toBe(units);
    expect(await countRows("staff_user")).toBe(users);
  });

  it("does not let an admin of a sub-district place an account above it", async () => {
    const admin = browser();
    await admin.logIn("admin");
    await admin.post("/admin/users/new", {
      username: "xs.admin",
      displayName: "香山 管理员",
      role: "admin",
      unitId: "2",
      password: "xsadminpass1",
    });
    const b = browser();
    await b.logIn("xs.admin", "xsadminpass1");
    // A new account must change its password first.
    expect((await b.get("/admin/users")).headers.get("location")).toBe("/account/password");
    const changed = await b.post("/account/password", {
      current: "xsadminpass1",
      password: "xsadminpass2",
      confirm: "xsadminpass2",
    });
    expect(changed.status).toBe(302);
    const users = await countRows("staff_user");
    const res = await b.post("/admin/users/new", {
      username: "district.boss",
      displayName: "x",
      role: "admin",
      unitId: "1",
      password: "districtpass1",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("只能选择您管辖范围内的单位。");
    expect(await countRows("staff_user")).toBe(users);
    expect((await b.get("/admin/users/1")).status).toBe(403);
  });
});

describe("account forms", () => {
  it("answers with the new account's slip, listed as having to change its password until it does", async () => {
    const admin = browser();
    await admin.logIn("admin");
    const created = await admin.post("/admin/users/new", {
      username: "landing.test",
      displayName: "落地 测试",
      role: "organiser",
      unitId: "3",
      password: "landingpass1",
    });
    const id = (
      await t.db
        .selectFrom("staff_user")
        .select("id")
        .where("username", "=", "landing.test")
        .executeTakeFirstOrThrow()
    ).id;
    // The answer is the handover slip, with the way to the new account.
    expect(created.status).toBe(200);
    const slip = await created.text();
    expect(slip).toContain("已创建账号 landing.test");
    expect(slip).toContain(`href="/admin/users/${id}"`);
    const page = await (await admin.get(`/admin/users/${id}`)).text();
    expect(page).toContain("本人下次登录时须先修改密码。");
    const row = (html: string) => html.slice(html.indexOf(">landing.test<")).split("</tr>")[0];
    expect(row(await (await admin.get("/admin/users")).text())).toContain("须修改密码");

    const person = browser();
    await person.logIn("landing.test", "landingpass1");
    await person.post("/account/password", {
      current: "landingpass1",
      password: "landingpass2",
      confirm: "landingpass2",
    });
    const after = row(await (await admin.get("/admin/users")).text());
    expect(after).toContain("正常");
    expect(after).not.toContain("须修改密码");
  });

  it("show every problem beside its field and create nothing", async () => {
    const admin = browser("en");
    await admin.logIn("admin");
    const users = await countRows("staff_user");
    const res = await admin.post("/admin/users/new", {
      username: "No Spaces!",
      displayName: "",
      role: "king",
      unitId: "3",
      password: "short",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("A username has 3 to 32 lower-case letters");
    expect(html).toContain("Please fill this in.");
    expect(html).toContain("Please choose from the list.");
    expect(html).toContain("The password needs at least 10 characters.");
    expect(html).toContain('value="No Spaces!"');
    expect(await countRows("staff_user")).toBe(users);
  });
});

describe("request origin", () => {
  it("refuses a post from another site with a clear 403", async () => {
    const b = browser();
    const res = await b.post(
      "/login",
      { username: "admin", password: "pufa-demo-2026" },
      { Origin: "https://evil.example" },
    );
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("请求来源不符");
    const opaque = await b.post("/lang", { lang: "en" }, { Origin: "null" });
    expect(opaque.status).toBe(403);
  });
});

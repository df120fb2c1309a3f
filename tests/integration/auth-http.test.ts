import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Log-in under a burst, over real HTTP against the production build served by two processes, on
// SQLite or (npm run test:pg) PostgreSQL: the count and the lock must hold across processes.

const DEMO_PASSWORD = "pufa-demo-2026";

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url, env: { PUFA_WORKERS: "2" } });
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

// Every request here comes from 127.0.0.1: each test starts with that address's count at zero.
beforeEach(async () => {
  await t.db.deleteFrom("login_attempt").where("subject", "like", "ip:%").execute();
});

const browser = () => new Browser(server.baseUrl, "en");

/** The status and the refusal a reader sees, e.g. "401 Wrong username or password." */
async function answerOf(response: Response) {
  const alert = /role="alert">([^<]*)</.exec(await response.text());
  return `${response.status} ${alert?.[1] ?? ""}`;
}

/** Sends all attempts at once, each from a fresh browser, and returns the answers, sorted. */
async function burst(attempts: { username: string; password: string }[]) {
  const responses = await Promise.all(attempts.map((fields) => browser().post("/login", fields)));
  return (await Promise.all(responses.map(answerOf))).sort();
}

/** Passwords actually checked: each evaluation leaves one failure entry, a refusal none. */
async function evaluated(usernames: string[]) {
  const row = await t.db
    .selectFrom("audit_log")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("action", "=", "login")
    .where("outcome", "=", "failure")
    .where("detail", "in", ["wrong password", "unknown user"])
    .where("actor_username", "in", usernames)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const FAILED = "401 Wrong username or password.";
const LOCKED = "423 Five wrong passwords in a row: the account is locked. Try again in 15 minutes.";
const THROTTLED = "429 Too many log-in attempts from this network. Try again in 15 minutes.";

const times = (count: number, answer: string) => Array<string>(count).fill(answer);

/** 40 at once from one address: 30 pass the address, 5 of those reach a password. */
const BURST_ANSWERS = [...times(4, FAILED), ...times(26, LOCKED), ...times(10, THROTTLED)].sort();

describe("40 parallel log-ins for one account", () => {
  it("evaluate 5 passwords, lock the account, and refuse even the right password", async () => {
    const attempts = Array.from({ length: 40 }, (_, i) => ({
      username: "village",
      password: `wrong-password-${i}`,
    }));
    expect(await burst(attempts)).toEqual(BURST_ANSWERS);
    expect(await evaluated(["village"])).toBe(5);

    await t.db.deleteFrom("login_attempt").where("subject", "like", "ip:%").execute();
    const right = await browser().post("/login", { username: "village", password: DEMO_PASSWORD });
    expect(await answerOf(right)).toBe(LOCKED);
    expect(right.headers.get("set-cookie") ?? "").not.toContain("pufa_session");
    expect(await evaluated(["village"])).toBe(5);
  });

  it("show as locked to an admin, whose unlock lets the right password in", async () => {
    const admin = browser();
    await admin.logIn("admin");
    const rowOf = async (username: string) => {
      const html = await (await admin.get("/admin/users")).text();
      return new RegExp(`<tr>(?:(?!</tr>).)*>${username}</a>(?:(?!</tr>).)*</tr>`).exec(html)?.[0];
    };
    expect(await rowOf("village")).toContain("Locked");
    expect(await rowOf("official")).toContain("Active");
    const { id } = await t.db
      .selectFrom("staff_user")
      .select("id")
      .where("username", "=", "village")
      .executeTakeFirstOrThrow();
    const unlocked = await admin.post(`/admin/users/${id}`, { intent: "unlock" });
    expect(unlocked.status).toBe(302);
    expect(await rowOf("village")).toContain("Active");
    const right = await browser().post("/login", { username: "village", password: DEMO_PASSWORD });
    expect(right.status).toBe(302);
  });

  it("answer an unknown username exactly the same, lock included", async () => {
    const attempts = Array.from({ length: 40 }, (_, i) => ({
      username: "nobody.here",
      password: `wrong-password-${i}`,
    }));
    expect(await burst(attempts)).toEqual(BURST_ANSWERS);
    expect(await evaluated(["nobody.here"])).toBe(5);

    await t.db.deleteFrom("login_attempt").where("subject", "like", "ip:%").execute();
    const again = await browser().post("/login", {
      username: "nobody.here",
      password: DEMO_PASSWORD,
    });
    expect(await answerOf(again)).toBe(LOCKED);
    const account = await t.db
      .selectFrom("staff_user")
      .select("id")
      .where("username", "=", "nobody.here")
      .executeTakeFirst();
    expect(account).toBeUndefined();
  });
});

describe("40 parallel log-ins from one address", () => {
  it("evaluate 30 passwords whatever the names; the right one waits too", async () => {
    const names = Array.from({ length: 40 }, (_, i) => `spray-${i}`);
    const answers = await burst(names.map((username) => ({ username, password: "guess-123" })));
    expect(answers).toEqual([...times(30, FAILED), ...times(10, THROTTLED)].sort());
    expect(await evaluated(names)).toBe(30);

    const right = await browser().post("/login", { username: "official", password: DEMO_PASSWORD });
    expect(await answerOf(right)).toBe(THROTTLED);
  });
});

describe("sessions over HTTP", () => {
  it("a password change ends the other session; an admin's reset ends them all", async () => {
    const admin = browser();
    await admin.logIn("admin");
    await admin.post("/admin/users/new", {
      username: "two.phones",
      displayName: "Two Phones",
      role: "organiser",
      unitId: "3",
      password: "first-pass-12",
    });
    const { id } = await t.db
      .selectFrom("staff_user")
      .select("id")
      .where("username", "=", "two.phones")
      .executeTakeFirstOrThrow();
    const desk = browser();
    const phone = browser();
    await desk.logIn("two.phones", "first-pass-12");
    await phone.logIn("two.phones", "first-pass-12");

    const changed = await desk.post("/account/password", {
      current: "first-pass-12",
      password: "second-pass-12",
      confirm: "second-pass-12",
    });
    expect(changed.headers.get("location")).toBe("/dashboard");
    expect((await desk.get("/dashboard")).status).toBe(200);
    const away = await phone.get("/dashboard");
    expect(away.status).toBe(302);
    expect(away.headers.get("location")).toBe("/login?next=%2Fdashboard");

    await phone.logIn("two.phones", "second-pass-12");
    const reset = await admin.post(`/admin/users/${id}`, {
      intent: "reset",
      password: "third-pass-12",
    });
    // The answer is the handover slip with the new password.
    expect(reset.status).toBe(200);
    expect(await reset.text()).toContain("third-pass-12");
    for (const b of [desk, phone]) {
      expect((await b.get("/dashboard")).headers.get("location")).toBe("/login?next=%2Fdashboard");
    }
  });
});

describe("log-in input", () => {
  it("refuses a 60 KB password (the body limit answers larger ones) with 400 before any hashing or counting", async () => {
    const snapshot = () =>
      Promise.all([
        t.db.selectFrom("audit_log").select("id").orderBy("id").execute(),
        t.db.selectFrom("login_attempt").selectAll().orderBy("subject").execute(),
      ]);
    const before = await snapshot();
    const res = await browser().post("/login", {
      username: "official",
      password: "p".repeat(60_000),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("The password can have at most 128 characters.");
    expect(await snapshot()).toEqual(before);
  });

  it.each(["/\\evil.example", "/%2F%2Fevil.example", "//evil.example", "https://evil.example"])(
    "lands on the dashboard, not at next=%s",
    async (next) => {
      const res = await browser().post("/login", {
        username: "official",
        password: DEMO_PASSWORD,
        next,
      });
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe("/dashboard");
    },
  );

  it("follows a next that is a path of this site, and the language switch falls back to /", async () => {
    const res = await browser().post("/login", {
      username: "official",
      password: DEMO_PASSWORD,
      next: "/events?status=held",
    });
    expect(res.headers.get("location")).toBe("/events?status=held");
    const lang = await browser().post("/lang", { lang: "zh", next: "/\\evil.example" });
    expect(lang.status).toBe(302);
    expect(lang.headers.get("location")).toBe("/");
  });
});

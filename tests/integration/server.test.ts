import { createHash } from "node:crypto";
import http from "node:http";
import net from "node:net";
import { Readable } from "node:stream";
import { createCookie } from "@remix-run/node";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database";
import { openEvent } from "../support/demo";
import type { RunningServer } from "../support/server";
import { startServer, startServers } from "../support/server";

// The HTTP edge (app/.server/http/): body limits, trusted proxies, cookie secrets, security headers
// and public links, attacked over real HTTP against the production build, on SQLite or (npm run
// test:pg) PostgreSQL. Every request goes to 127.0.0.1; other addresses and hosts below are only
// header text.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
/** Demo mode with its own cookie secret, no trusted proxy. */
let direct: RunningServer;
/** The same database behind one trusted proxy (TRUST_PROXY=1). */
let proxied: RunningServer;

const demoEnv = { COOKIE_SECRET: "", CHECKIN_LIMIT_PER_IP: "3" };

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  // Both at once: the first to start makes the demo's cookie secret, and the other reads it.
  [direct, proxied] = await startServers([
    { databaseUrl: t.url, env: demoEnv },
    // Short body timeouts here, so a test of a stalled body takes seconds, not minutes.
    {
      databaseUrl: t.url,
      env: { ...demoEnv, TRUST_PROXY: "1", BODY_IDLE_SECONDS: "1", BODY_TIMEOUT_SECONDS: "3" },
    },
  ]);
});
afterAll(async () => {
  await direct?.stop();
  await proxied?.stop();
  await t?.destroy();
});

const port = (server: RunningServer) => Number(new URL(server.baseUrl).port);

type Answer = { status: number; headers: http.IncomingHttpHeaders; text: string };

/** A request with exactly these headers (Host included), to 127.0.0.1 only. */
function request(
  server: RunningServer,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<Answer>((done, fail) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: port(server),
        path,
        method: options.method ?? "GET",
        // A connection of its own: a refused body leaves its connection unusable.
        agent: false,
        headers: {
          "Accept-Language": "zh-CN",
          ...(options.body === undefined
            ? {}
            : {
                "Content-Type": "application/x-www-form-urlencoded",
                "Content-Length": String(Buffer.byteLength(options.body)),
              }),
          ...options.headers,
        },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on("error", (e) => fail(new Error(`${path}: ${e.message}`)));
    req.end(options.body);
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const sameOrigin = (server: RunningServer) => ({ Origin: server.baseUrl });

async function auditRows() {
  return t.db
    .selectFrom("audit_log")
    .select(["id", "action", "ip", "actor_username"])
    .orderBy("id", "desc")
    .execute();
}

let phones = 0;
const resident = () => ({
  intent: "checkin",
  name: "王秀兰",
  phone: `136${String(process.pid % 1000).padStart(3, "0")}${String(++phones).padStart(5, "0")}`,
  villageId: "",
  employer: "香山电子厂",
  group: "villager",
  consent: "on",
});

const MB = 1024 * 1024;

/**
 * POSTs 150 MB to /login, produced piece by piece (never held in memory), with or without a
 * Content-Length. Answers the status, the page, and how much the client had produced by then.
 */
function postHuge(server: RunningServer, { chunked }: { chunked: boolean }) {
  const total = 150 * MB;
  const piece = Buffer.alloc(64 * 1024, "a");
  let produced = 0;
  const body = new Readable({
    read() {
      if (produced >= total) return void this.push(null);
      produced += piece.length;
      this.push(piece);
    },
  });
  return new Promise<{ status: number; text: string; produced: number }>((done, fail) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: port(server),
        path: "/login",
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Accept-Language": "en",
          Origin: server.baseUrl,
          ...(chunked ? {} : { "Content-Length": String(total) }),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
        res.on("end", () => {
          done({ status: res.statusCode ?? 0, text, produced });
          req.destroy();
        });
      },
    );
    req.on("error", fail);
    body.pipe(req);
  });
}

describe("request bodies (item 8)", () => {
  it.each([
    ["with a Content-Length", false],
    ["chunked, without one", true],
  ])(
    "a 150 MB POST to /login %s is refused with 413 before it is read, writing nothing",
    async (_, chunked) => {
      const before = await auditRows();
      const answer = await postHuge(direct, { chunked });
      expect(answer.status).toBe(413);
      expect(answer.text).toContain("Too much to send");
      expect(answer.text).toContain('<a href="/">Back to the home page</a>');
      // The answer came while most of the 150 MB was still unsent (socket buffers hold a few MB).
      expect(answer.produced).toBeLessThan(32 * MB);
      expect(await auditRows()).toEqual(before);
    },
  );

  it("answers in Chinese and leads back to the page the form was on", async () => {
    const res = await request(direct, "/login", {
      method: "POST",
      headers: { "Content-Length": String(10 * MB), Referer: `${direct.baseUrl}/login?next=%2F` },
    });
    expect(res.status).toBe(413);
    expect(res.text).toContain("提交的内容过大");
    expect(res.text).toContain('<a href="/login?next=%2F">返回上一页</a>');
  });

  it("has a small limit for the resident's form and 64 KB for staff forms", async () => {
    const event = await openEvent(t.db);
    const padded = form({ ...resident(), name: "王".repeat(6_000) }); // about 54 KB
    const login = await request(direct, "/login", {
      method: "POST",
      headers: sameOrigin(direct),
      body: form({ username: "nobody", password: "x", next: `/${"x".repeat(50_000)}` }),
    });
    expect(login.status).toBe(401);
    const checkin = await request(direct, `/c/${event.code}`, {
      method: "POST",
      headers: sameOrigin(direct),
      body: padded,
    });
    expect(checkin.status).toBe(413);
    const rows = await t.db.selectFrom("checkin").select("id").where("event_id", "=", event.id);
    expect(await rows.execute()).toEqual([]);
    const staff = await request(direct, "/login", {
      method: "POST",
      headers: sameOrigin(direct),
      body: form({ username: "nobody", password: "x".repeat(70 * 1024) }),
    });
    expect(staff.status).toBe(413);
  });
});

describe("the path that chooses a body's limit (issue 14, item 5)", () => {
  const big = form({ username: "nobody", password: "x".repeat(100 * 1024) }); // over 64 KB

  it.each([
    "/learners/import/%2e%2e/%2e%2e/login",
    "/learners/import/%2E%2e/%2e./login",
    "/learners/import/../../login",
    "/learners/import%2f..%2f..%2flogin",
    "/learners/import\\..\\..\\login",
    "/learners//import",
  ])("refuses %s with 400 before reading it, writing nothing", async (path) => {
    const before = await auditRows();
    const res = await request(direct, path, {
      method: "POST",
      headers: sameOrigin(direct),
      body: big,
    });
    expect(res.status).toBe(400);
    expect(res.text).toContain("请求无法处理");
    expect(await auditRows()).toEqual(before);
  });

  it("gives the upload's limit only to the path the router takes for the import", async () => {
    // An upload is a multipart body (a form post to the same path keeps the ordinary limit).
    const boundary = "pufa-limit-test";
    const upload = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="roster.csv"',
      "Content-Type: text/csv",
      "",
      "姓名\n".repeat(20 * 1024),
      `--${boundary}--`,
      "",
    ].join("\r\n"); // over 64 KB, under the import's 1 MB
    const post = (path: string) =>
      request(direct, path, {
        method: "POST",
        headers: {
          ...sameOrigin(direct),
          "Content-Type": `multipart/form-data; boundary=${boundary}`,
        },
        body: upload,
      }).then((res) => res.status);
    expect(await post("/learners/importer")).toBe(413);
    expect(await post("/learners/import-x/../login")).toBe(400);
    // The router matches regardless of case and escaped letters: so does the limit.
    expect(await post("/learners/import")).not.toBe(413);
    expect(await post("/Learners/%69mport")).not.toBe(413);
  });
});

/** What a raw connection to the server received, and when it was closed. */
function rawExchange(server: RunningServer, write: (socket: net.Socket) => void) {
  return new Promise<{ text: string; ms: number }>((done, fail) => {
    const started = Date.now();
    const socket = net.connect(port(server), "127.0.0.1");
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", fail);
    socket.on("close", () => done({ text, ms: Date.now() - started }));
    socket.on("connect", () => write(socket));
  });
}

const head = (server: RunningServer, length: number) =>
  [
    "POST /login HTTP/1.1",
    `Host: 127.0.0.1:${port(server)}`,
    "Content-Type: application/x-www-form-urlencoded",
    `Content-Length: ${length}`,
    "Accept-Language: en",
    "Connection: close",
    "",
    "",
  ].join("\r\n");

describe("slow request bodies (issue 14, item 5)", () => {
  // The `proxied` server cuts a body after 1 s without a byte, or 3 s in all.
  it("answers 408 to a body that stalls, and closes the connection", async () => {
    const before = await auditRows();
    const answer = await rawExchange(proxied, (socket) => {
      socket.write(`${head(proxied, 100)}username=stalled`);
    });
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.text).toContain("Sending took too long");
    expect(answer.ms).toBeGreaterThanOrEqual(900);
    expect(answer.ms).toBeLessThan(6_000);
    expect(await auditRows()).toEqual(before);
  });

  it("cuts a body that trickles in steadily past the whole body's time", async () => {
    let timer: NodeJS.Timeout | undefined;
    const answer = await rawExchange(proxied, (socket) => {
      socket.write(head(proxied, 1000));
      // A byte every 300 ms: never idle for 1 s, but 1000 bytes would take 5 minutes.
      timer = setInterval(() => socket.writable && socket.write("a"), 300);
    });
    clearInterval(timer);
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.ms).toBeGreaterThanOrEqual(2_900);
    expect(answer.ms).toBeLessThan(8_000);
  });

  it("still takes a body that arrives in time", async () => {
    const answer = await rawExchange(proxied, (socket) => {
      const body = form({ username: "slow.but.fine", password: "wrong-password-1" });
      socket.write(head(proxied, body.length));
      socket.write(body.slice(0, 10));
      setTimeout(() => socket.write(body.slice(10)), 500);
    });
    expect(answer.text).toMatch(/^HTTP\/1\.1 401 /);
  });
});

describe("the client's address (item 10)", () => {
  const failedLogIn = (server: RunningServer, forwardedFor: string, username: string) =>
    request(server, "/login", {
      method: "POST",
      headers: { ...sameOrigin(server), "X-Forwarded-For": forwardedFor },
      body: form({ username, password: "wrong-password-1" }),
    });

  it("ignores a forged X-Forwarded-For without a trusted proxy: the audit log says 127.0.0.1", async () => {
    expect((await failedLogIn(direct, "6.6.6.6", "forged.direct")).status).toBe(401);
    const [row] = await auditRows();
    expect(row).toMatchObject({ actor_username: "forged.direct", ip: "127.0.0.1" });
  });

  it("takes the right-most address a trusted proxy added, never the client's own claim", async () => {
    expect((await failedLogIn(proxied, "6.6.6.6, 10.0.0.7", "forged.proxied")).status).toBe(401);
    const [row] = await auditRows();
    expect(row).toMatchObject({ actor_username: "forged.proxied", ip: "10.0.0.7" });
  });

  it("cannot dodge the check-in limit per address with forged headers (no trusted proxy)", async () => {
    const event = await openEvent(t.db);
    const statuses = [];
    for (const forged of ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"]) {
      const res = await request(direct, `/c/${event.code}`, {
        method: "POST",
        headers: { ...sameOrigin(direct), "X-Forwarded-For": forged },
        body: form(resident()),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it("behind a trusted proxy: the limit follows the real client, and spares its neighbour", async () => {
    const event = await openEvent(t.db);
    const post = (forwardedFor: string) =>
      request(proxied, `/c/${event.code}`, {
        method: "POST",
        headers: { ...sameOrigin(proxied), "X-Forwarded-For": forwardedFor },
        body: form(resident()),
      }).then((res) => res.status);
    const statuses = [];
    for (const forged of ["1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4"]) {
      statuses.push(await post(`${forged}, 10.0.0.9`));
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Another phone behind the same proxy is not throttled by the first one's requests.
    expect(await post("10.0.0.10")).toBe(200);
  });
});

/** The value of a Remix cookie from a Set-Cookie header. */
const cookieValue = (setCookie: string[] | undefined, name: string) =>
  setCookie
    ?.find((line) => line.startsWith(`${name}=`))
    ?.split(";")[0]
    ?.slice(name.length + 1);

describe("cookie secrets (item 11)", () => {
  const OLD_DEMO_SECRET = "pufa-local-demo-cookie-secret";

  it("gives no one-tap check-in to a remember-me cookie signed with the old demo secret", async () => {
    const first = await openEvent(t.db);
    const second = await openEvent(t.db);
    const me = resident();
    // An address of its own: the check-in limit (3 here) counts for both servers together, and
    // the limit tests above used up 127.0.0.1's minute.
    const checkedIn = await request(proxied, `/c/${first.code}`, {
      method: "POST",
      headers: { ...sameOrigin(proxied), "X-Forwarded-For": "10.0.0.11" },
      body: form(me),
    });
    expect(checkedIn.status).toBe(200);
    const real = cookieValue(checkedIn.headers["set-cookie"], "pufa_me");
    expect(real).toBeDefined();
    const page = (cookie: string) =>
      request(proxied, `/c/${second.code}`, { headers: { Cookie: `pufa_me=${cookie}` } });
    // The cookie the server set works: the test can tell a one-tap page from the plain form.
    expect((await page(real!)).text).toContain("以 王秀兰 身份签到");

    const person = await t.db
      .selectFrom("person")
      .select("id")
      .where("phone", "=", me.phone)
      .executeTakeFirstOrThrow();
    const forger = createCookie("pufa_me", { path: "/c", secrets: [OLD_DEMO_SECRET] });
    const forgedId = cookieValue([await forger.serialize(person.id)], "pufa_me")!;
    // The same payload the server signed, re-signed with the published secret.
    const payload = decodeURIComponent(real!).slice(0, decodeURIComponent(real!).lastIndexOf("."));
    const resigned = createCookie("pufa_me", { path: "/c", secrets: [OLD_DEMO_SECRET] });
    const forgedPayload = cookieValue(
      [await resigned.serialize(JSON.parse(Buffer.from(payload, "base64").toString("utf8")))],
      "pufa_me",
    )!;
    for (const forged of [forgedId, forgedPayload]) {
      const html = (await page(forged)).text;
      expect(html).not.toContain("身份签到");
      expect(html).not.toContain("王秀兰");
      expect(html).toContain('name="phone"');
    }
  });

  it("marks every cookie Secure when a trusted proxy says the request came over HTTPS", async () => {
    const https = { "X-Forwarded-Proto": "https", Origin: `https://127.0.0.1:${port(proxied)}` };
    const lang = await request(proxied, "/lang", {
      method: "POST",
      headers: https,
      body: form({ lang: "en", next: "/" }),
    });
    expect(lang.status).toBe(302);
    expect(lang.headers["set-cookie"]?.[0]).toMatch(/^pufa_lang=.*; Secure/);
    const login = await request(proxied, "/login", {
      method: "POST",
      headers: https,
      body: form({ username: "organiser", password: "pufa-demo-2026" }),
    });
    expect(login.status).toBe(302);
    const cookies = login.headers["set-cookie"] ?? [];
    const names = cookies.map((line) => line.split("=")[0]);
    expect(names).toEqual(expect.arrayContaining(["pufa_flash", "pufa_session"]));
    for (const line of cookies) expect(line).toMatch(/; Secure/);
    const event = await openEvent(t.db);
    const checkin = await request(proxied, `/c/${event.code}`, {
      method: "POST",
      headers: { ...https, "X-Forwarded-For": "10.0.0.20" },
      body: form(resident()),
    });
    expect(checkin.headers["set-cookie"]?.[0]).toMatch(/^pufa_me=.*; Secure/);
    expect(checkin.headers["strict-transport-security"]).toBe("max-age=31536000");
  });

  it("believes no X-Forwarded-Proto from an untrusted client: no Secure, no HSTS", async () => {
    const lang = await request(direct, "/lang", {
      method: "POST",
      headers: { ...sameOrigin(direct), "X-Forwarded-Proto": "https" },
      body: form({ lang: "en", next: "/" }),
    });
    expect(lang.status).toBe(302);
    expect(lang.headers["set-cookie"]?.[0]).not.toMatch(/Secure/);
    expect(lang.headers["strict-transport-security"]).toBeUndefined();
  });
});

const nonceOf = (csp: string | string[] | undefined) => /'nonce-([^']+)'/.exec(String(csp))?.[1];
const sha256 = (text: string) => createHash("sha256").update(text).digest("base64");

describe("security headers (item 14)", () => {
  function expectSecurityHeaders(res: Answer) {
    const csp = res.headers["content-security-policy"];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[\w+/=]+'(;|$)/);
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    // Plain HTTP: no HSTS.
    expect(res.headers["strict-transport-security"]).toBeUndefined();
  }

  it("puts a fresh nonce on every script of a Remix page, and no inline style", async () => {
    const first = await request(direct, "/");
    const second = await request(direct, "/");
    expectSecurityHeaders(first);
    const nonce = nonceOf(first.headers["content-security-policy"]);
    expect(nonce).toBeDefined();
    expect(nonceOf(second.headers["content-security-policy"])).not.toBe(nonce);
    const scripts = [...first.text.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) {
      if (!/\bsrc=/.test(tag)) expect(tag).toContain(`nonce="${nonce}"`);
    }
    expect(first.text).not.toMatch(/\sstyle="/);
    expect(first.headers["cache-control"]).toBe("private, no-store");
  });

  it("allows the check-in page's inline CSS by its hash", async () => {
    const event = await openEvent(t.db);
    const res = await request(direct, `/c/${event.code}`);
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    const css = /<style>([\s\S]*?)<\/style>/.exec(res.text)?.[1];
    expect(css).toBeDefined();
    expect(res.headers["content-security-policy"]).toContain(`'sha256-${sha256(css!)}'`);
    expect(res.text).not.toContain("<script");
  });

  it("sends them with static files, 404 pages and refusals too", async () => {
    const favicon = await request(direct, "/favicon.svg");
    expect(favicon.status).toBe(200);
    expectSecurityHeaders(favicon);
    const missing = await request(direct, "/no/such/page");
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing);
    const refused = await request(direct, "/lang", {
      method: "POST",
      headers: { Origin: "https://evil.example" },
      body: form({ lang: "en" }),
    });
    expect(refused.status).toBe(403);
    expectSecurityHeaders(refused);
    const css = /<style>([\s\S]*?)<\/style>/.exec(refused.text)?.[1];
    expect(refused.headers["content-security-policy"]).toContain(`'sha256-${sha256(css!)}'`);
  });

  it("compares the Origin's scheme, host and port, not the host alone", async () => {
    const here = `127.0.0.1:${port(direct)}`;
    const post = (origin: string, extra: Record<string, string> = {}) =>
      request(direct, "/lang", {
        method: "POST",
        headers: { Origin: origin, ...extra },
        body: form({ lang: "en", next: "/" }),
      }).then((res) => res.status);
    expect(await post(`http://${here}`)).toBe(302);
    expect(await post(`https://${here}`)).toBe(403);
    expect(await post(`http://127.0.0.1:${port(direct) + 1}`)).toBe(403);
    expect(await post("http://127.0.0.1")).toBe(403);
    expect(await post("not an origin")).toBe(403);
    // A page read with a malformed Origin is still just a page.
    expect((await request(direct, "/", { headers: { Origin: "not an origin" } })).status).toBe(200);
    // Behind a trusted proxy the scheme is the one the proxy reports.
    const behind = `127.0.0.1:${port(proxied)}`;
    const viaProxy = (origin: string) =>
      request(proxied, "/lang", {
        method: "POST",
        headers: { Origin: origin, "X-Forwarded-Proto": "https" },
        body: form({ lang: "en", next: "/" }),
      }).then((res) => res.status);
    expect(await viaProxy(`https://${behind}`)).toBe(302);
    expect(await viaProxy(`http://${behind}`)).toBe(403);
  });
});

describe("public links outside demo mode (item 15)", () => {
  let production: RunningServer;
  beforeAll(async () => {
    production = await startServer({
      databaseUrl: t.url,
      env: {
        PUFA_DEMO: "off",
        PUBLIC_URL: "https://pufa.example.org",
        COOKIE_SECRET: "production-test-cookie-secret",
      },
    });
  });
  afterAll(() => production?.stop());

  it("prints, projects and lists links on PUBLIC_URL whatever the Host header says", async () => {
    const event = await openEvent(t.db);
    const evil = { Host: "evil.example", Origin: "http://evil.example" };
    const login = await request(production, "/login", {
      method: "POST",
      headers: evil,
      body: form({ username: "organiser", password: "pufa-demo-2026" }),
    });
    expect(login.status).toBe(302);
    const session = cookieValue(login.headers["set-cookie"], "pufa_session");
    const staff = { Host: "evil.example", Cookie: `pufa_session=${session}` };

    const poster = await request(production, `/events/${event.id}/poster`, { headers: staff });
    expect(poster.status).toBe(200);
    expect(poster.text).toContain(`https://pufa.example.org/c/${event.code}`);
    expect(poster.text).not.toContain("evil.example");
    expect(poster.headers["cache-control"]).toBe("private, no-store");

    const details = await request(production, `/events/${event.id}`, { headers: staff });
    expect(details.text).toContain(`https://pufa.example.org/c/${event.code}`);
    expect(details.text).not.toContain("evil.example");

    const calendar = await request(production, "/calendar.ics", {
      headers: { Host: "evil.example" },
    });
    expect(calendar.status).toBe(200);
    expect(calendar.text).toContain(`https://pufa.example.org/e/${event.code}`);
    expect(calendar.text).not.toContain("evil.example");
    expect(calendar.headers["cache-control"]).toMatch(/^private/);

    const ics = await request(production, `/e/${event.code}/calendar.ics`, {
      headers: { Host: "evil.example" },
    });
    expect(ics.text).toContain(`https://pufa.example.org/e/${event.code}`);
    expect(ics.text).not.toContain("evil.example");
  });

  it("accepts a form posted from PUBLIC_URL's own pages", async () => {
    const res = await request(production, "/lang", {
      method: "POST",
      headers: { Origin: "https://pufa.example.org" },
      body: form({ lang: "en", next: "/" }),
    });
    expect(res.status).toBe(302);
  });
});

type LogLine = {
  level: string;
  msg: string;
  requestId: string;
  method: string;
  path: string;
  status: number;
  ms: number;
};

/** The JSON lines a server wrote to its standard output. */
const logLines = (server: RunningServer): LogLine[] =>
  server
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);

/** The request lines logged under this id, once there is one (a line follows its answer). */
async function loggedAs(server: RunningServer, id: string | string[] | undefined) {
  const lines = () => logLines(server).filter((l) => l.msg === "request" && l.requestId === id);
  const deadline = Date.now() + 5_000;
  while (lines().length === 0 && Date.now() < deadline) {
    await new Promise((done) => setTimeout(done, 20));
  }
  return lines();
}

const OWN_ID = /^[0-9a-f]{16}$/;

describe("the request log and request ids (issue 17, items 3 and 10)", () => {
  it("logs each request once, whoever answered it, with its id, method, path, status and time", async () => {
    const event = await openEvent(t.db);
    const answers = {
      page: await request(direct, "/?secret=query-text"),
      headPage: await request(direct, "/", { method: "HEAD" }),
      static: await request(direct, "/favicon.svg"),
      checkin: await request(direct, `/c/${event.code}?t=query-text`),
      headCheckin: await request(direct, `/c/${event.code}`, { method: "HEAD" }),
      notFound: await request(direct, "/no/such/page"),
      foreign: await request(direct, "/lang", {
        method: "POST",
        headers: { Origin: "https://evil.example" },
        body: form({ lang: "en" }),
      }),
      tooLarge: await request(direct, "/login", {
        method: "POST",
        headers: { "Content-Length": String(10 * MB) },
      }),
      badPath: await request(direct, "/learners//import"),
    };
    const expected: Record<keyof typeof answers, [string, string, number]> = {
      page: ["GET", "/", 200],
      headPage: ["HEAD", "/", 200],
      static: ["GET", "/favicon.svg", 200],
      checkin: ["GET", `/c/${event.code}`, 200],
      headCheckin: ["HEAD", `/c/${event.code}`, 200],
      notFound: ["GET", "/no/such/page", 404],
      foreign: ["POST", "/lang", 403],
      tooLarge: ["POST", "/login", 413],
      badPath: ["GET", "/learners//import", 400],
    };
    const ids = new Set<string>();
    for (const [name, answer] of Object.entries(answers)) {
      const [method, path, status] = expected[name as keyof typeof answers];
      const id = answer.headers["x-request-id"];
      expect(id, name).toMatch(OWN_ID);
      ids.add(String(id));
      expect(answer.status, name).toBe(status);
      const lines = await loggedAs(direct, id);
      expect(lines, name).toHaveLength(1);
      expect(lines[0], name).toMatchObject({ level: "info", method, path, status });
      expect(lines[0]!.ms, name).toBeGreaterThanOrEqual(0);
    }
    // A fresh id for every request, and no query string in the log.
    expect(ids.size).toBe(Object.keys(answers).length);
    expect(direct.output()).not.toContain("query-text");
  });

  it("logs a chunked body refused as too large and a stalled body, once each, with their ids", async () => {
    const idOf = (text: string) => /^x-request-id: (\w+)\r$/im.exec(text)?.[1];
    const piece = "a".repeat(100 * 1024); // over the 64 KB of a staff form, without a length
    const chunked = await rawExchange(direct, (socket) => {
      socket.write(
        [
          "POST /login HTTP/1.1",
          `Host: 127.0.0.1:${port(direct)}`,
          `Origin: ${direct.baseUrl}`,
          "Content-Type: application/x-www-form-urlencoded",
          "Transfer-Encoding: chunked",
          "Connection: close",
          "",
          `${piece.length.toString(16)}\r\n${piece}\r\n0\r\n\r\n`,
        ].join("\r\n"),
      );
    });
    expect(chunked.text).toMatch(/^HTTP\/1\.1 413 /);
    const stalled = await rawExchange(proxied, (socket) => {
      socket.write(`${head(proxied, 100)}username=stalled`);
    });
    expect(stalled.text).toMatch(/^HTTP\/1\.1 408 /);
    for (const [server, answer, status] of [
      [direct, chunked, 413],
      [proxied, stalled, 408],
    ] as const) {
      const id = idOf(answer.text);
      expect(id).toMatch(OWN_ID);
      expect(answer.text).toContain(id);
      const lines = await loggedAs(server, id);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ method: "POST", path: "/login", status });
    }
  });

  it("answers HEAD with the headers of GET and no body, on the check-in path and on pages", async () => {
    const event = await openEvent(t.db);
    for (const path of [`/c/${event.code}`, "/"]) {
      const get = await request(direct, path);
      const head = await request(direct, path, { method: "HEAD" });
      expect(head.status).toBe(get.status);
      expect(head.headers["content-type"]).toBe(get.headers["content-type"]);
      expect(head.headers["content-security-policy"]).toContain("'nonce-");
      expect(get.text.length).toBeGreaterThan(0);
      expect(head.text).toBe("");
    }
    // The check-in page says its length, and HEAD says the same.
    const get = await request(direct, `/c/${event.code}`);
    const head = await request(direct, `/c/${event.code}`, { method: "HEAD" });
    expect(head.headers["content-length"]).toBe(String(Buffer.byteLength(get.text)));
  });

  it("refuses a request target that is not a path, or a Host it cannot read, with 400, logged", async () => {
    for (const line of [
      "GET http://evil.example/ HTTP/1.1\r\nHost: evil.example",
      "GET / HTTP/1.1\r\nHost: evil.example/path",
      "GET / HTTP/1.1\r\nHost: user@evil.example",
    ]) {
      const answer = await rawExchange(direct, (socket) =>
        socket.write(`${line}\r\nAccept-Language: en\r\nConnection: close\r\n\r\n`),
      );
      expect(answer.text, line).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer.text, line).toContain("The request cannot be handled");
      const id = /^x-request-id: (\w+)\r$/im.exec(answer.text)?.[1];
      expect(id, line).toMatch(OWN_ID);
      expect(answer.text, line).toContain(`Request ID ${id}`);
      const [logged] = await loggedAs(direct, id);
      expect(logged, line).toMatchObject({ method: "GET", status: 400 });
    }
  });

  it("shows the id on every refusal and error page, in the reader's language", async () => {
    const foreign = await request(direct, "/lang", {
      method: "POST",
      headers: { Origin: "https://evil.example" },
      body: form({ lang: "en" }),
    });
    expect(foreign.text).toContain(`请求编号 ${foreign.headers["x-request-id"]}`);
    const tooLarge = await request(direct, "/login", {
      method: "POST",
      headers: { "Content-Length": String(10 * MB), "Accept-Language": "en" },
    });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.text).toContain(`Request ID ${tooLarge.headers["x-request-id"]}`);
    // The root error boundary (a Remix page), in Chinese and in English.
    const zh = await request(direct, "/no/such/page");
    expect(zh.text).toContain(`请求编号 ${zh.headers["x-request-id"]}`);
    const en = await request(direct, "/no/such/page", { headers: { "Accept-Language": "en" } });
    expect(en.status).toBe(404);
    expect(en.text).toContain(`Request ID ${en.headers["x-request-id"]}`);
  });

  it("keeps a trusted proxy's X-Request-Id, and makes its own when anyone else sends one", async () => {
    const fromProxy = await request(proxied, "/healthz", {
      headers: { "X-Request-Id": "edge-7f3a.91:b" },
    });
    expect(fromProxy.headers["x-request-id"]).toBe("edge-7f3a.91:b");
    expect(await loggedAs(proxied, "edge-7f3a.91:b")).toHaveLength(1);
    // Without a trusted proxy a client cannot choose the id of its request in our log.
    const forged = await request(direct, "/healthz", { headers: { "X-Request-Id": "forged-1" } });
    expect(forged.headers["x-request-id"]).toMatch(OWN_ID);
    expect(logLines(direct).some((line) => line.requestId === "forged-1")).toBe(false);
    // Nor can a proxy put text of any shape into the log.
    const odd = await request(proxied, "/healthz", {
      headers: { "X-Request-Id": `${"x".repeat(200)}` },
    });
    expect(odd.headers["x-request-id"]).toMatch(OWN_ID);
    const spaced = await request(proxied, "/healthz", { headers: { "X-Request-Id": "a b" } });
    expect(spaced.headers["x-request-id"]).toMatch(OWN_ID);
  });
});

describe("health and readiness (issue 17, item 3)", () => {
  it("answers /healthz without a database query and /readyz with the database and schema", async () => {
    const health = await request(direct, "/healthz");
    expect(health.status).toBe(200);
    expect(JSON.parse(health.text)).toEqual({ status: "ok" });
    const ready = await request(direct, "/readyz");
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.text)).toEqual({
      status: "ok",
      database: "ok",
      migrations: "current",
      stopping: false,
    });
  });

  it("is not ready while a migration of this build is missing from the database", async () => {
    const { rows } = await sql<{ name: string; timestamp: string }>`
      select name, timestamp from kysely_migration order by name desc limit 1
    `.execute(t.db);
    const row = rows[0]!;
    await sql`delete from kysely_migration where name = ${row.name}`.execute(t.db);
    try {
      const ready = await request(direct, "/readyz");
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.text)).toMatchObject({
        status: "unavailable",
        database: "ok",
        migrations: "pending",
      });
      // Alive all the same: a balancer must not restart it for this.
      expect((await request(direct, "/healthz")).status).toBe(200);
    } finally {
      await sql`
        insert into kysely_migration (name, timestamp) values (${row.name}, ${row.timestamp})
      `.execute(t.db);
    }
    expect((await request(direct, "/readyz")).status).toBe(200);
  });
});

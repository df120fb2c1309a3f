import { existsSync, readFileSync, readdirSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "../support/database";
import type { RunningNginx } from "../support/nginx";
import { NGINX, NGINX_HOST, startNginx } from "../support/nginx";
import type { RunningServer } from "../support/server";
import { startServers } from "../support/server";

// The deployment recipe's nginx configuration (deploy/nginx/pufa.conf), served by Debian's nginx
// in front of two app servers on one database: TLS, the proxy headers the app trusts with
// TRUST_PROXY=1, the hashed assets from disk with a year's caching, compression, the body limit,
// and a request still answered when one app server is gone. The file is used as written, with
// only its names, addresses and paths replaced. Every request goes to 127.0.0.1.

// CI installs nginx (.ci/run); a machine without it skips this file rather than fail on it.
const runs = existsSync(NGINX) || process.env.CI === "true";
const HOST = NGINX_HOST;

vi.setConfig({ testTimeout: 30_000, hookTimeout: 180_000 });

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const app: RunningServer[] = [];
let nginx: RunningNginx | undefined;

beforeAll(async () => {
  if (!runs) return;
  t = await createTestDatabase({ demo: true });
  const env = { TRUST_PROXY: "1", PUBLIC_URL: `https://${HOST}`, COOKIE_SECRET: "" };
  app.push(...(await startServers([1, 2].map(() => ({ databaseUrl: t.url, env })))));
  nginx = await startNginx(app.map((server) => Number(new URL(server.baseUrl).port)));
});

afterAll(async () => {
  await nginx?.stop();
  for (const server of app) await server.stop();
  await t?.destroy();
});

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** A request over TLS to nginx on 127.0.0.1, for pufa.example.org (SNI and Host). */
function get(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
) {
  return new Promise<Answer>((done, fail) => {
    const req = https.request(
      {
        host: "127.0.0.1",
        port: nginx!.httpsPort,
        servername: HOST,
        ca: nginx!.cert,
        path,
        method: options.method ?? "GET",
        headers: { Host: HOST, ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on("error", fail);
    req.end(options.body);
  });
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const posted = (body: string) => ({
  method: "POST",
  headers: {
    Origin: `https://${HOST}`,
    "Content-Type": "application/x-www-form-urlencoded",
    "Content-Length": String(Buffer.byteLength(body)),
  },
  body,
});

describe.skipIf(!runs)("nginx in front of two app servers (deploy/nginx/pufa.conf)", () => {
  it("serves the app over TLS, and the app knows it: HSTS, same-origin forms accepted", async () => {
    const page = await get("/login", { headers: { "Accept-Language": "zh-CN" } });
    expect(page.status).toBe(200);
    expect(page.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    expect(page.body.toString()).toContain("登录");
    // The edge compares the form's Origin with the scheme and host nginx forwarded: a wrong
    // password is a 401, not a refused cross-site form.
    const login = await get("/login", posted(form({ username: "nobody.here", password: "x-1" })));
    expect(login.status).toBe(401);
  });

  it("redirects plain HTTP to HTTPS", async () => {
    const answer = await new Promise<http.IncomingMessage>((done, fail) =>
      http
        .get({
          host: "127.0.0.1",
          port: nginx!.httpPort,
          path: "/e/abc?x=1",
          headers: { Host: HOST },
        })
        .on("response", done)
        .on("error", fail),
    );
    answer.resume();
    expect(answer.statusCode).toBe(301);
    expect(answer.headers.location).toBe(`https://${HOST}/e/abc?x=1`);
  });

  it("gives the app the client's address, whatever the client claims", async () => {
    const login = await get(
      "/login",
      posted(form({ username: "forged.nginx", password: "wrong-password-1" })),
    );
    expect(login.status).toBe(401);
    const forged = posted(form({ username: "forged.nginx", password: "wrong-password-1" }));
    Object.assign(forged.headers, { "X-Forwarded-For": "6.6.6.6" });
    expect((await get("/login", forged)).status).toBe(401);
    const rows = await t.db
      .selectFrom("audit_log")
      .select(["ip"])
      .where("actor_username", "=", "forged.nginx")
      .execute();
    expect(rows.map((row) => row.ip)).toEqual(["127.0.0.1", "127.0.0.1"]);
  });

  it("serves the hashed assets from disk, cached for a year and compressed", async () => {
    const script = readdirSync("build/client/assets").find((name) => /\.js$/.test(name));
    expect(script).toBeTruthy();
    const answer = await get(`/assets/${script}`, { headers: { "Accept-Encoding": "gzip" } });
    expect(answer.status).toBe(200);
    expect(answer.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(answer.headers["content-type"]).toMatch(/javascript/);
    const original = readFileSync(join("build/client/assets", script!));
    const body =
      answer.headers["content-encoding"] === "gzip" ? gunzipSync(answer.body) : answer.body;
    expect(body.equals(original)).toBe(true);
    if (original.length > 1024) expect(answer.headers["content-encoding"]).toBe("gzip");
    expect((await get("/assets/no-such-file.js")).status).toBe(404);
  });

  it("refuses a body larger than any path takes, and lets the app refuse its own limits", async () => {
    // Refused by its Content-Length alone, before a byte of it is sent.
    const tooBig = await get("/login", {
      method: "POST",
      headers: { Origin: `https://${HOST}`, "Content-Length": String(3 * 1024 * 1024) },
    });
    expect(tooBig.status).toBe(413);
    // nginx's own refusal says so in both languages, as the app's would.
    expect(tooBig.body.toString()).toContain("提交的内容过大");
    expect(tooBig.body.toString()).toContain("Too much to send");
    // 20 KB to the check-in form: within nginx's limit, over the app's 16 KB for /c.
    const overCheckin = "name=" + "a".repeat(20 * 1024);
    const refused = await get("/c/ABCDEFGH", {
      ...posted(overCheckin),
      headers: { ...posted(overCheckin).headers, "Accept-Language": "en" },
    });
    expect(refused.status).toBe(413);
    expect(refused.body.toString()).toMatch(/Too much to send/);
  });

  it("passes a body of photos to the pages that take them, and only to those", async () => {
    // 3 MB of multipart form: over nginx's limit for every other path, within the photo pages'.
    const boundary = "pufa-nginx-test";
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\n` +
          "Content-Type: image/jpeg\r\n\r\n",
      ),
      Buffer.alloc(3 * 1024 * 1024, 1),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const upload = (path: string) =>
      get(path, {
        method: "POST",
        headers: {
          Origin: `https://${HOST}`,
          "Content-Type": `multipart/form-data; boundary=${boundary}`,
          "Content-Length": String(body.length),
        },
        body,
      });
    // Nobody is logged in: the app itself answers, to the log-in page or "no such link" (the
    // ".data" form of a page answers a redirect as Remix's single fetch does, 202).
    const answers = {
      "/events/1/report": 302,
      "/EVENTS/1/REPORT": 302,
      "/events/1/report.data": 202,
      "/study/sessions/1": 302,
      "/duties/new": 302,
      "/m/abc": 404,
    };
    for (const [path, status] of Object.entries(answers)) {
      expect((await upload(path)).status, path).toBe(status);
    }
    // Every other path, a trailing slash or a longer path included, stops at nginx's 2 MiB.
    for (const path of ["/events/1", "/events/1/report/", "/m/abc/", "/events/1/report/extra"]) {
      expect((await upload(path)).status, path).toBe(413);
    }
  });

  it("hands a photo page's body to the app as it arrives: a stranger is answered before sending it all", async () => {
    // nginx buffering the body would answer nothing until all of it had come (or its 35 s
    // timeout): a stranger could then park 136 MiB on this machine's disk per connection.
    const answer = await new Promise<number>((done, fail) => {
      const req = https.request(
        {
          host: "127.0.0.1",
          port: nginx!.httpsPort,
          servername: HOST,
          ca: nginx!.cert,
          path: "/m/nobody",
          method: "POST",
          headers: {
            Host: HOST,
            Origin: `https://${HOST}`,
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": String(100 * 1024 * 1024),
          },
          agent: false,
        },
        (res) => {
          res.resume();
          done(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on("error", (error) => (req.destroyed ? undefined : fail(error)));
      // 1 MiB of the announced 100 MiB, and then nothing more.
      req.write(Buffer.alloc(1024 * 1024, 1));
    });
    expect(answer).toBe(404);
  });

  it("keeps answering when one app server is gone", async () => {
    await app[0]!.stop();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get("/healthz")).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
  });
});

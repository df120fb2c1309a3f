import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import https from "node:https";
import http from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "../support/database";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// The deployment recipe's nginx configuration (deploy/nginx/pufa.conf), served by Debian's nginx
// in front of two app servers on one database: TLS, the proxy headers the app trusts with
// TRUST_PROXY=1, the hashed assets from disk with a year's caching, compression, the body limit,
// and a request still answered when one app server is gone. The file is used as written, with
// only its names, addresses and paths replaced. Every request goes to 127.0.0.1.

const NGINX = "/usr/sbin/nginx";
const HOST = "pufa.example.org";
// CI installs nginx (.ci/run); a machine without it skips this file rather than fail on it.
const runs = existsSync(NGINX) || process.env.CI === "true";

vi.setConfig({ testTimeout: 30_000, hookTimeout: 180_000 });

async function freePort() {
  return new Promise<number>((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const app: RunningServer[] = [];
let nginx: ChildProcess | undefined;
let dir = "";
let cert = "";
let httpsPort = 0;
let httpPort = 0;

const appPort = (server: RunningServer) => new URL(server.baseUrl).port;

/** deploy/nginx/pufa.conf with this test's certificate, ports and checkout. */
function renderedConfig() {
  const source = readFileSync("deploy/nginx/pufa.conf", "utf8");
  const replacements: [string, string][] = [
    ["server 127.0.0.1:3001 ", `server 127.0.0.1:${appPort(app[0]!)} `],
    ["server 127.0.0.1:3002 ", `server 127.0.0.1:${appPort(app[1]!)} `],
    ["listen 80;", `listen 127.0.0.1:${httpPort};`],
    ["listen 443 ssl http2;", `listen 127.0.0.1:${httpsPort} ssl http2;`],
    ["/etc/ssl/pufa/fullchain.pem", join(dir, "cert.pem")],
    ["/etc/ssl/pufa/privkey.pem", join(dir, "key.pem")],
    ["/srv/pufa/", `${resolve(".")}/`],
  ];
  let text = source.replace(/^\s*listen \[::\]:.*$/gm, "");
  for (const [from, to] of replacements) {
    expect(text, `deploy/nginx/pufa.conf has "${from}"`).toContain(from);
    text = text.replaceAll(from, to);
  }
  return text;
}

beforeAll(async () => {
  if (!runs) return;
  t = await createTestDatabase();
  const env = { TRUST_PROXY: "1", PUBLIC_URL: `https://${HOST}`, COOKIE_SECRET: "" };
  app.push(await startServer({ databaseUrl: t.url, env }));
  app.push(await startServer({ databaseUrl: t.url, env }));
  dir = mkdtempSync(join(tmpdir(), "pufa-nginx-"));
  const made = spawnSync("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "1",
    "-subj",
    `/CN=${HOST}`,
    "-addext",
    `subjectAltName=DNS:${HOST}`,
    "-keyout",
    join(dir, "key.pem"),
    "-out",
    join(dir, "cert.pem"),
  ]);
  expect(made.status, made.stderr.toString()).toBe(0);
  cert = readFileSync(join(dir, "cert.pem"), "utf8");
  httpsPort = await freePort();
  httpPort = await freePort();
  for (const temp of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(join(dir, temp));
  writeFileSync(join(dir, "pufa.conf"), renderedConfig());
  writeFileSync(
    join(dir, "nginx.conf"),
    [
      // As root (CI), the workers stay root to read this test's private directory.
      process.getuid?.() === 0 ? "user root;" : "",
      "worker_processes 1;",
      "daemon off;",
      `pid ${join(dir, "nginx.pid")};`,
      `error_log ${join(dir, "error.log")} warn;`,
      "events { worker_connections 256; }",
      "http {",
      "  include /etc/nginx/mime.types;",
      "  access_log off;",
      ...["body", "proxy", "fastcgi", "uwsgi", "scgi"].map(
        (temp) => `  ${temp === "body" ? "client_body" : temp}_temp_path ${join(dir, temp)};`,
      ),
      `  include ${join(dir, "pufa.conf")};`,
      "}",
    ].join("\n"),
  );
  nginx = spawn(NGINX, ["-p", dir, "-c", join(dir, "nginx.conf")], { stdio: "ignore" });
  for (let tries = 0; ; tries++) {
    const up = await get("/healthz").then(
      (answer) => answer.status === 200,
      () => false,
    );
    if (up) break;
    if (tries > 100 || nginx.exitCode !== null) {
      const log = existsSync(join(dir, "error.log")) ? readFileSync(join(dir, "error.log")) : "";
      throw new Error(`nginx did not start:\n${log}`);
    }
    await new Promise((done) => setTimeout(done, 100));
  }
});

afterAll(async () => {
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((done) => nginx!.once("exit", done));
    nginx.kill("SIGQUIT");
    await exited;
  }
  for (const server of app) await server.stop();
  await t?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
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
        port: httpsPort,
        servername: HOST,
        ca: cert,
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
        .get({ host: "127.0.0.1", port: httpPort, path: "/e/abc?x=1", headers: { Host: HOST } })
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
    // 20 KB to the check-in form: within nginx's limit, over the app's 16 KB for /c.
    const overCheckin = "name=" + "a".repeat(20 * 1024);
    const refused = await get("/c/ABCDEFGH", {
      ...posted(overCheckin),
      headers: { ...posted(overCheckin).headers, "Accept-Language": "en" },
    });
    expect(refused.status).toBe(413);
    expect(refused.body.toString()).toMatch(/Too much to send/);
  });

  it("keeps answering when one app server is gone", async () => {
    await app[0]!.stop();
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get("/healthz")).status);
    expect(statuses).toEqual([200, 200, 200, 200]);
  });
});

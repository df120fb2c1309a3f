#!/usr/bin/env node
// npm run bench:checkin: many residents check in at once through the real no-JavaScript form.
//
// Starts the production build (node bin/pufa.js serve, which builds first if needed) on a fresh
// SQLite database with the demo, picks the demo's event that is open now, and sends 64 concurrent
// connections of form POSTs to /c/<code>, each with a different phone, for a fixed time. Then the
// same load hits a bare node:http + better-sqlite3 server doing the same insert (the baseline).
// It prints check-ins per second, latency, the ratio to the baseline, the compressed bytes of the
// check-in page, and verifies that every check-in confirmed to a client is stored, once.
// The last line is one JSON object with the figures.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import { createServer as createNetServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import autocannon from "autocannon";
import SQLite from "better-sqlite3";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_S = 2;
const TARGETS = { checkins_per_s: 1000, p99_ms: 150, page_bytes: 15 * 1024 };

function freePort() {
  return new Promise((done, fail) => {
    const probe = createNetServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

function start(args, env, readyUrl) {
  let output = "";
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise((done) => child.once("exit", done));
  return {
    child,
    output: () => output,
    async ready() {
      // The first start may build the app: allow for it.
      const deadline = Date.now() + 180_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
        const ok = await fetch(readyUrl).then(
          (res) => res.ok,
          () => false,
        );
        if (ok) return;
        if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
        await new Promise((done) => setTimeout(done, 100));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The process and its descendants (node:cluster workers), from /proc. */
function processTree(pid) {
  const tasks = `/proc/${pid}/task`;
  if (!existsSync(tasks)) return [pid];
  const children = readdirSync(tasks).flatMap((tid) =>
    readFileSync(`${tasks}/${tid}/children`, "utf8").split(" ").filter(Boolean).map(Number),
  );
  return [pid, ...children.flatMap(processTree)];
}

/**
 * CPU time a server has used, workers included, in ms (Linux: /proc/<pid>/stat, in ticks of
 * 10 ms). Per check-in it is the figure that holds when other work shares the cores and
 * throughput does not.
 */
function cpuMs(pid) {
  if (!existsSync(`/proc/${pid}/stat`)) return null;
  let total = 0;
  for (const id of processTree(pid)) {
    const fields = readFileSync(`/proc/${id}/stat`, "utf8").split(") ")[1].split(" ");
    total += (Number(fields[11]) + Number(fields[12])) * 10;
  }
  return total;
}

/** GET with Accept-Encoding: gzip, keeping the bytes as they travel. */
function getCompressed(url) {
  return new Promise((done, fail) => {
    http
      .get(url, { headers: { "Accept-Encoding": "gzip", "Accept-Language": "zh-CN" } }, (res) => {
        const chunks = [];
        res.on("data", (chunk) => chunks.push(chunk));
        res.on("end", () => done({ res, body: Buffer.concat(chunks) }));
      })
      .on("error", fail);
  });
}

async function measurePage(baseUrl, code) {
  const { res, body } = await getCompressed(`${baseUrl}/c/${code}`);
  if (res.statusCode !== 200) throw new Error(`the check-in page answered ${res.statusCode}`);
  const gzipped = res.headers["content-encoding"] === "gzip";
  const html = (gzipped ? gunzipSync(body) : body).toString("utf8");
  // Everything the page loads: it must inline its CSS and load nothing else.
  const references = [
    ...html.matchAll(/<(script|link|img|iframe|object|embed|video|audio|source)\b[^>]*>/gi),
    ...html.matchAll(/\b(?:src|srcset)\s*=|url\(|@import/gi),
  ].map((m) => m[0]);
  return { bytes: body.length, gzipped, htmlBytes: Buffer.byteLength(html), references };
}

const form = (n) =>
  new URLSearchParams({
    intent: "checkin",
    name: `居民${n}`,
    phone: `150${String(n).padStart(8, "0")}`,
    villageId: "",
    employer: "香山电子厂",
    group: "villager",
    consent: "on",
    consentVersion: "bench",
  }).toString();

/** 64 connections of check-ins, each with a new phone; counts the confirmed ones. */
async function load({ baseUrl, path, seconds, firstPhone, confirmed }) {
  let next = firstPhone;
  let answers = 0;
  const statuses = {};
  const result = await autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    headers: {
      origin: baseUrl,
      "content-type": "application/x-www-form-urlencoded",
      "accept-language": "zh-CN,zh;q=0.9",
    },
    requests: [
      {
        method: "POST",
        path,
        setupRequest(request, context) {
          context.n = next++;
          return { ...request, body: form(context.n) };
        },
        onResponse(status, body, context) {
          answers += 1;
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 200 && body.includes("签到成功")) confirmed.add(context.n);
        },
      },
    ],
  });
  return { result, answers, statuses, nextPhone: next };
}

async function run(label, baseUrl, path, firstPhone, pid) {
  const confirmed = new Set();
  const warm = await load({ baseUrl, path, seconds: WARMUP_S, firstPhone, confirmed });
  const before = confirmed.size;
  const cpuBefore = cpuMs(pid);
  const started = performance.now();
  const main = await load({
    baseUrl,
    path,
    seconds: DURATION_S,
    firstPhone: warm.nextPhone,
    confirmed,
  });
  const elapsed = (performance.now() - started) / 1000;
  const measured = confirmed.size - before;
  const cpuAfter = cpuMs(pid);
  const cpuPerCheckin =
    cpuBefore === null || cpuAfter === null || measured === 0
      ? null
      : Number(((cpuAfter - cpuBefore) / measured).toFixed(2));
  const { latency, errors, timeouts, non2xx } = main.result;
  const figures = {
    checkins_per_s: Math.round(measured / elapsed),
    p50_ms: latency.p50,
    p99_ms: latency.p99,
    answers: main.answers,
    errors,
    timeouts,
    non2xx,
    statuses: main.statuses,
    server_cpu_ms_per_checkin: cpuPerCheckin,
  };
  console.log(
    `${label}: ${figures.checkins_per_s} check-ins/s, p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms` +
      `, server CPU ${cpuPerCheckin ?? "?"} ms per check-in` +
      ` (${measured} confirmed in ${elapsed.toFixed(1)} s; answers ${JSON.stringify(main.statuses)}, errors ${errors}, timeouts ${timeouts})`,
  );
  return { figures, confirmed };
}

// --- The baseline: node:http and better-sqlite3, the same person upsert and check-in insert. ---

function baselineServer(file, port) {
  const db = new SQLite(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("busy_timeout = 5000");
  db.exec(`create table if not exists person (id integer primary key, phone text, name text not null,
    village_id integer, employer text, audience_group text not null, consent_version text, consented_at text,
    created_at text not null, updated_at text not null, unique (phone, name));
  create table if not exists checkin (id integer primary key, event_id integer not null, person_id integer not null,
    method text not null, checked_in_at text not null, recorded_by integer, consent_version text,
    name text not null, audience_group text not null, village_id integer, employer text, ticket text,
    unique (event_id, person_id));
  create unique index if not exists checkin_ticket on checkin (event_id, ticket) where ticket is not null;`);
  const upsert = db.prepare(`insert into person (phone, name, village_id, employer, audience_group,
    consent_version, consented_at, created_at, updated_at) values (?, ?, null, null, ?, ?, ?, ?, ?)
    on conflict (phone, name) do update set name = excluded.name returning id`);
  const insert = db.prepare(`insert into checkin (event_id, person_id, method, checked_in_at,
    consent_version, name, audience_group, village_id, employer, ticket)
    values (1, ?, 'self_scan', ?, ?, ?, ?, null, null, null) on conflict do nothing returning checked_in_at`);
  const checkIn = db.transaction((fields) => {
    const at = new Date().toISOString();
    const { id } = upsert.get(
      fields.get("phone"),
      fields.get("name"),
      fields.get("group"),
      "b",
      at,
      at,
      at,
    );
    return insert.get(id, at, "b", fields.get("name"), fields.get("group"));
  });
  http
    .createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        const fields = new URLSearchParams(body);
        if (req.method !== "POST" || !/^1[3-9]\d{9}$/.test(fields.get("phone") ?? "")) {
          res.writeHead(400).end();
          return;
        }
        const row = checkIn(fields);
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end(`<!doctype html><p>${row ? "签到成功" : "已签到"}</p>`);
      });
    })
    .listen(port, "127.0.0.1");
}

async function main() {
  // Other work on the machine skews every figure: say how busy it was.
  const load1 = () => loadavg()[0].toFixed(2);
  console.log(`${cpus().length} cores, load average ${load1()} at the start`);
  const dir = mkdtempSync(join(tmpdir(), "pufa-bench-"));
  const appDb = join(dir, "pufa.db");
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // BENCH_CPU_PROF=<folder>: the app server writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROF)}`]
    : [];
  const app = start(
    [...profile, join(root, "bin/pufa.js"), "serve"],
    {
      NODE_ENV: "production",
      DATABASE_URL: appDb,
      PUFA_DEMO: "on",
      COOKIE_SECRET: "bench-cookie-secret-0123456789",
      PORT: String(port),
      HOST: "127.0.0.1",
      CHECKIN_LIMIT_PER_IP: "100000000",
      CHECKIN_LIMIT_PER_EVENT: "100000000",
    },
    `${baseUrl}/healthz`,
  );
  let baseline;
  try {
    await app.ready();
    const db = new SQLite(appDb, { readonly: true });
    const nowIso = new Date().toISOString();
    const live = db
      .prepare(
        `select id, code from event where status = 'published' and visibility = 'public'
         and rotating_qr = 0 and starts_at <= ? and ends_at >= ? order by id limit 1`,
      )
      .get(nowIso, nowIso);
    if (!live) throw new Error("the demo has no event open for check-in now");
    const storedBefore = db
      .prepare("select count(*) as n from checkin where event_id = ?")
      .get(live.id).n;

    const page = await measurePage(baseUrl, live.code);
    console.log(
      `check-in page: ${page.bytes} bytes ${page.gzipped ? "gzip" : "uncompressed"} (${page.htmlBytes} bytes of HTML and inline CSS); other resources: ${page.references.length ? page.references.join(", ") : "none"}`,
    );

    const pufa = await run("pufa", baseUrl, `/c/${live.code}`, 0, app.child.pid);

    // Verification: every confirmed phone has its check-in row, and nobody has two.
    const stored = db
      .prepare(
        `select count(*) as n from checkin c join person p on p.id = c.person_id
         where c.event_id = ? and p.phone like '150%'`,
      )
      .get(live.id).n;
    const storedPhones = new Set(
      db
        .prepare(
          `select p.phone from checkin c join person p on p.id = c.person_id where c.event_id = ?`,
        )
        .all(live.id)
        .map((row) => row.phone),
    );
    let lost = 0;
    for (const n of pufa.confirmed) {
      if (!storedPhones.has(`150${String(n).padStart(8, "0")}`)) lost += 1;
    }
    const duplicateCheckins = db
      .prepare(
        "select count(*) as n from (select event_id, person_id from checkin group by event_id, person_id having count(*) > 1)",
      )
      .get().n;
    const duplicatePersons = db
      .prepare(
        "select count(*) as n from (select phone, name from person where phone is not null group by phone, name having count(*) > 1)",
      )
      .get().n;
    const duplicates = duplicateCheckins + duplicatePersons;
    console.log(
      `verified: ${pufa.confirmed.size} confirmed (warm-up included), ${stored} stored (${storedBefore} demo check-ins before), ` +
        `${stored - pufa.confirmed.size} stored but unanswered when the run stopped, ${lost} lost, ` +
        `${duplicateCheckins} duplicate check-ins, ${duplicatePersons} duplicate people (phone and name)`,
    );
    db.close();
    await app.stop();

    const basePort = await freePort();
    const baseDb = join(dir, "baseline.db");
    baseline = start(
      [fileURLToPath(import.meta.url), "--baseline", baseDb, String(basePort)],
      {},
      `http://127.0.0.1:${basePort}/`,
    );
    await waitListening(basePort);
    const bare = await run(
      "baseline (node:http + better-sqlite3)",
      `http://127.0.0.1:${basePort}`,
      "/",
      0,
      baseline.child.pid,
    );
    await baseline.stop();

    const figures = {
      checkins_per_s: pufa.figures.checkins_per_s,
      p50_ms: pufa.figures.p50_ms,
      p99_ms: pufa.figures.p99_ms,
      baseline_checkins_per_s: bare.figures.checkins_per_s,
      server_cpu_ms_per_checkin: pufa.figures.server_cpu_ms_per_checkin,
      baseline_cpu_ms_per_checkin: bare.figures.server_cpu_ms_per_checkin,
      ratio_to_baseline: Number(
        (pufa.figures.checkins_per_s / bare.figures.checkins_per_s).toFixed(3),
      ),
      page_bytes: page.bytes,
      lost,
      duplicates,
    };
    const missed = [
      figures.checkins_per_s < TARGETS.checkins_per_s &&
        `check-ins/s below ${TARGETS.checkins_per_s}`,
      figures.p99_ms > TARGETS.p99_ms && `p99 above ${TARGETS.p99_ms} ms`,
      figures.page_bytes > TARGETS.page_bytes && `page above ${TARGETS.page_bytes} bytes`,
      page.references.length > 0 && "the page loads other resources",
      lost > 0 && "confirmed check-ins lost",
      duplicates > 0 && "duplicates stored",
    ].filter(Boolean);
    console.log(`load average ${load1()} at the end`);
    console.log(missed.length ? `targets missed: ${missed.join("; ")}` : "all targets met");
    console.log(JSON.stringify(figures));
    if (lost > 0 || duplicates > 0 || page.references.length > 0) process.exitCode = 1;
  } catch (error) {
    console.error(app.output());
    throw error;
  } finally {
    await app.stop();
    await baseline?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The baseline answers 400 to a GET: wait until it accepts connections at all. */
async function waitListening(port) {
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}/`).then(
      () => true,
      () => false,
    );
    if (up) return;
    await new Promise((done) => setTimeout(done, 50));
  }
}

if (process.argv[2] === "--baseline") baselineServer(process.argv[3], Number(process.argv[4]));
else await main();

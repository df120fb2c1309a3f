#!/usr/bin/env node
// npm run bench:checkin: many residents check in at once through the real no-JavaScript form.
//
//   npm run bench:checkin                              this build and the bare server, SQLite
//   npm run bench:checkin -- --against ../other        and another checkout's build, side by side
//   npm run bench:checkin -- --pg                      on a throwaway PostgreSQL (fsync off)
//   npm run bench:checkin -- --no-tally                and each build without its tally trigger
//   --rounds <n> (2 by default), BENCH_SECONDS (10), BENCH_CONNECTIONS (64), BENCH_CPU_PROF=<dir>
//
// Each contender is one app process (`node bin/pufa.js serve` of its checkout, built beforehand)
// on a database of its own with the demo, started once. Then rounds of load run against the
// contenders in turn (A, B, A, B ...), so that the machine's noise falls on all of them: 64
// connections of form POSTs to /c/<code> of the demo's event open now (one event), each with a
// new phone, a 2 s warm-up and then the measured time. On SQLite a bare node:http +
// better-sqlite3 server doing the same upsert and insert takes its turn too (the ratio's
// denominator). It prints for each run check-ins per second, p50 and p99, the app process's CPU
// per check-in and, on PostgreSQL, the CPU of all PostgreSQL processes per check-in (from /proc)
// and what the busy backends waited for (pg_stat_activity, sampled). At the end it verifies that
// every check-in confirmed to a client is stored, once, in each contender's database. The last
// line is one JSON object with the figures.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { createServer as createNetServer } from "node:net";
import { cpus, loadavg, tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gunzipSync } from "node:zlib";
import autocannon from "autocannon";
import SQLite from "better-sqlite3";
import pg from "pg";
import { cpuMs, postmasterPid } from "./proc.js";

const here = fileURLToPath(import.meta.url);
const root = resolve(dirname(here), "../..");
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_S = 2;
/** What a check-in may cost (issue 17), and what the SQLite run must serve. */
const TARGETS = {
  checkins_per_s: 1000,
  p99_ms: 150,
  page_bytes: 15 * 1024,
  sqlite_ratio: 0.28,
  sqlite_cpu_ms: 0.6,
  pg_app_cpu_ms: 1.5,
  pg_db_cpu_ms: 1.0,
};

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

/** A child process whose last 64 KB of output are kept for an error message. */
function start(args, { cwd, env }) {
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk).slice(-65_536);
  };
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((done) => child.once("exit", done));
  return {
    child,
    output: () => output,
    /** Until `url` answers at all (or answers 2xx, with `ok`); a first start may build. */
    async ready(url, ok = true) {
      const deadline = Date.now() + 300_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
        const up = await fetch(url).then(
          (res) => !ok || res.ok,
          () => false,
        );
        if (up) return;
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

const phoneOf = (n) => `150${String(n).padStart(8, "0")}`;

const form = (n) =>
  new URLSearchParams({
    intent: "checkin",
    name: `居民${n}`,
    phone: phoneOf(n),
    villageId: "",
    employer: "香山电子厂",
    group: "villager",
    consent: "on",
    consentVersion: "bench",
  }).toString();

/** 64 connections of check-ins, each with a new phone; counts the confirmed ones. */
async function load({ baseUrl, path, seconds, firstPhone, confirmed }) {
  let next = firstPhone;
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
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (status === 200 && body.includes("签到成功")) confirmed.add(context.n);
        },
      },
    ],
  });
  return { result, statuses, nextPhone: next };
}

/**
 * What the busy backends of one database are doing, sampled every 100 ms while `run` goes:
 * waiting on a lock (a row others update too), on I/O or the client, or working (CPU).
 */
async function sampleWaits(adminUrl, database, run) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const counts = {};
  let samples = 0;
  let stop = false;
  const sampling = (async () => {
    while (!stop) {
      const { rows } = await client.query(
        `select coalesce(wait_event_type || ':' || wait_event, 'CPU') as what, count(*)::int as n
         from pg_stat_activity where datname = $1 and state = 'active'
           and pid <> pg_backend_pid() group by 1`,
        [database],
      );
      samples += 1;
      for (const row of rows) counts[row.what] = (counts[row.what] ?? 0) + row.n;
      await new Promise((done) => setTimeout(done, 100));
    }
  })();
  try {
    return { value: await run(), waits: { samples, counts } };
  } finally {
    stop = true;
    await sampling;
    await client.end();
  }
}

/** "Lock:transactionid 41%, CPU 30% ..." of the busy backends' samples. */
function describeWaits({ counts }) {
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  if (total === 0) return "no busy backend seen";
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([what, n]) => `${what} ${Math.round((100 * n) / total)}%`)
    .join(", ");
}

/** One measured run against one contender: a warm-up, then DURATION_S seconds. */
async function run(contender, postmaster) {
  const confirmed = contender.confirmed;
  const warm = await load({
    baseUrl: contender.baseUrl,
    path: contender.path,
    seconds: WARMUP_S,
    firstPhone: contender.nextPhone,
    confirmed,
  });
  const before = confirmed.size;
  const appBefore = cpuMs(contender.server.child.pid);
  const pgBefore = postmaster ? cpuMs(postmaster, true) : null;
  const started = performance.now();
  const measure = () =>
    load({
      baseUrl: contender.baseUrl,
      path: contender.path,
      seconds: DURATION_S,
      firstPhone: warm.nextPhone,
      confirmed,
    });
  const { value: main, waits } = contender.database
    ? await sampleWaits(contender.adminUrl, contender.database, measure)
    : { value: await measure(), waits: null };
  const elapsed = (performance.now() - started) / 1000;
  const appAfter = cpuMs(contender.server.child.pid);
  const pgAfter = postmaster ? cpuMs(postmaster, true) : null;
  contender.nextPhone = main.nextPhone;
  const measured = confirmed.size - before;
  const perCheckin = (a, b) =>
    a === null || b === null || measured === 0 ? null : Number(((b - a) / measured).toFixed(2));
  const { latency, errors, timeouts } = main.result;
  const figures = {
    checkins_per_s: Math.round(measured / elapsed),
    p50_ms: latency.p50,
    p99_ms: latency.p99,
    app_cpu_ms_per_checkin: perCheckin(appBefore, appAfter),
    ...(postmaster ? { pg_cpu_ms_per_checkin: perCheckin(pgBefore, pgAfter) } : {}),
    ...(waits ? { pg_waits: waits.counts, pg_wait_samples: waits.samples } : {}),
    errors,
    timeouts,
    statuses: main.statuses,
    load_average: Number(loadavg()[0].toFixed(2)),
  };
  console.log(
    `  ${contender.label}: ${figures.checkins_per_s} check-ins/s, p50 ${figures.p50_ms} ms, p99 ${figures.p99_ms} ms, ` +
      `app CPU ${figures.app_cpu_ms_per_checkin ?? "?"} ms` +
      (postmaster ? `, PostgreSQL CPU ${figures.pg_cpu_ms_per_checkin ?? "?"} ms` : "") +
      ` per check-in (${measured} in ${elapsed.toFixed(1)} s; answers ${JSON.stringify(main.statuses)}` +
      `, errors ${errors}, timeouts ${timeouts}; load ${figures.load_average})` +
      (waits ? `\n    busy backends: ${describeWaits(waits)}` : ""),
  );
  return figures;
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

// --- The contenders' databases. ---

/** A statement runner on a contender's database: SQLite file or PostgreSQL database. */
function openStore(contender) {
  if (!contender.database) {
    const db = new SQLite(contender.file);
    return {
      all: async (text, params = []) => db.prepare(text).all(...params),
      run: async (text) => void db.exec(text),
      close: async () => db.close(),
    };
  }
  const client = new pg.Client({ connectionString: contender.url });
  const connected = client.connect();
  return {
    all: async (text, params = []) => {
      await connected;
      let n = 0;
      return (
        await client.query(
          text.replace(/\?/g, () => `$${++n}`),
          params,
        )
      ).rows;
    },
    run: async (text) => {
      await connected;
      await client.query(text);
    },
    close: async () => {
      await connected;
      await client.end();
    },
  };
}

/** The demo's public event open now, without a rotating code or passes-only (either build). */
async function openEvent(store) {
  const now = Date.now();
  const rows = await store.all(
    "select * from event where status = 'published' and visibility = 'public' order by id",
  );
  const live = rows.find(
    (row) =>
      !row.rotating_qr &&
      !row.passes_only &&
      new Date(row.starts_at).getTime() <= now &&
      new Date(row.ends_at).getTime() >= now,
  );
  if (!live) throw new Error("the demo has no event open for check-in now");
  return live;
}

/** Drops the tally triggers of checkin (the throwaway database's only): what they cost. */
async function dropTally(store, pgDialect) {
  const triggers = pgDialect
    ? await store.all(
        "select tgname as name from pg_trigger where tgrelid = 'checkin'::regclass and not tgisinternal",
      )
    : await store.all(
        "select name from sqlite_master where type = 'trigger' and tbl_name = 'checkin'",
      );
  const tally = triggers.map((row) => row.name).filter((name) => name.startsWith("checkin_tally"));
  for (const name of tally) {
    await store.run(pgDialect ? `drop trigger ${name} on checkin` : `drop trigger ${name}`);
  }
  return tally;
}

/** Every confirmed phone has its check-in, nobody has two, no phone and name is two people. */
async function verify(contender) {
  const store = openStore(contender);
  try {
    const stored = await store.all(
      `select p.phone from checkin c join person p on p.id = c.person_id
       where c.event_id = ? and p.phone like '150%'`,
      [contender.eventId],
    );
    const phones = new Set(stored.map((row) => row.phone));
    let lost = 0;
    for (const n of contender.confirmed) if (!phones.has(phoneOf(n))) lost += 1;
    const [{ n: duplicateCheckins }] = await store.all(
      `select count(*) as n from (select event_id, person_id from checkin
       group by event_id, person_id having count(*) > 1) d`,
    );
    const [{ n: duplicatePeople }] = await store.all(
      `select count(*) as n from (select phone, name from person where phone like '150%'
       group by phone, name having count(*) > 1) d`,
    );
    return {
      confirmed: contender.confirmed.size,
      stored: stored.length,
      lost,
      duplicates: Number(duplicateCheckins) + Number(duplicatePeople),
    };
  } finally {
    await store.close();
  }
}

async function statementsStart(adminUrl) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query("create extension if not exists pg_stat_statements");
  await client.query("select pg_stat_statements_reset()");
  return client;
}

/** Per check-in at this contender: each statement's calls, and its planning and execution time. */
async function statementsReport(client, contender) {
  const store = openStore(contender);
  const [{ n: checkins }] = await store.all(
    "select count(*) as n from checkin c join person p on p.id = c.person_id where p.phone like '150%'",
  );
  await store.close();
  const { rows } = await client.query(
    `select calls, total_plan_time, total_exec_time, query from pg_stat_statements
     where dbid = (select oid from pg_database where datname = $1) order by calls desc`,
    [contender.database],
  );
  console.log(`${contender.label}: statements per check-in (${checkins} check-ins)`);
  for (const row of rows.filter((r) => Number(r.calls) >= Number(checkins) / 20)) {
    console.log(
      `  ${(Number(row.calls) / Number(checkins)).toFixed(2)} × plan ${((1000 * row.total_plan_time) / row.calls).toFixed(0)} µs` +
        ` + run ${((1000 * row.total_exec_time) / row.calls).toFixed(0)} µs: ${row.query.replace(/\s+/g, " ").slice(0, 160)}`,
    );
  }
}

const median = (values) => {
  const sorted = values.filter((v) => v !== null && v !== undefined).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Number(((sorted[mid - 1] + sorted[mid]) / 2).toFixed(3));
};

function commitOf(dir) {
  try {
    return execFileSync("git", ["-C", dir, "rev-parse", "--short", "HEAD"], {
      encoding: "utf8",
    }).trim();
  } catch {
    return basename(dir);
  }
}

async function main() {
  const { values: options } = parseArgs({
    options: {
      against: { type: "string" },
      pg: { type: "boolean", default: false },
      "no-tally": { type: "boolean", default: false },
      rounds: { type: "string", default: "2" },
      statements: { type: "boolean", default: false },
    },
  });
  const adminUrl = process.env.TEST_PG_URL;
  if (options.pg && !adminUrl) {
    // A throwaway PostgreSQL server (fsync off) for this run, then again inside it.
    const child = spawn(
      process.execPath,
      [
        join(root, "tests/support/with-postgres.js"),
        process.execPath,
        here,
        ...process.argv.slice(2),
      ],
      { stdio: "inherit" },
    );
    process.exitCode = await new Promise((done) => child.on("exit", (code) => done(code ?? 1)));
    return;
  }
  const rounds = Number(options.rounds);
  const onPg = options.pg;
  const load1 = () => loadavg()[0].toFixed(2);
  console.log(
    `${cpus().length} cores, load average ${load1()} at the start; ${onPg ? "PostgreSQL" : "SQLite"}, ` +
      `${CONNECTIONS} connections, ${rounds} round(s) of ${WARMUP_S} + ${DURATION_S} s per contender`,
  );
  const dir = mkdtempSync(join(tmpdir(), "pufa-bench-"));
  const postmaster = onPg ? await postmasterPid(adminUrl) : null;
  const builds = [{ label: `this build (${commitOf(root)})`, checkout: root }];
  if (options.against) {
    const other = resolve(options.against);
    builds.push({ label: `against ${commitOf(other)}`, checkout: other });
  }
  const contenders = builds.flatMap((build) => [
    { ...build, tally: true },
    ...(options["no-tally"]
      ? [{ ...build, label: `${build.label}, no tally trigger`, tally: false }]
      : []),
  ]);
  const databases = [];
  const started = [];
  let failed = false;
  try {
    for (const [i, contender] of contenders.entries()) {
      const port = await freePort();
      contender.baseUrl = `http://127.0.0.1:${port}`;
      contender.confirmed = new Set();
      contender.nextPhone = 0;
      contender.runs = [];
      if (onPg) {
        contender.database = `pufa_bench_${process.pid}_${i}`;
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        await admin.query(`create database ${contender.database}`);
        await admin.end();
        databases.push(contender.database);
        const url = new URL(adminUrl);
        url.pathname = `/${contender.database}`;
        contender.url = url.toString();
        contender.adminUrl = adminUrl;
      } else {
        contender.file = join(dir, `pufa-${i}.db`);
      }
      // BENCH_CPU_PROF=<folder>: this build's server writes a V8 CPU profile there when it stops.
      const profile =
        process.env.BENCH_CPU_PROF && i === 0
          ? ["--cpu-prof", `--cpu-prof-dir=${resolve(process.env.BENCH_CPU_PROF)}`]
          : [];
      contender.server = start([...profile, join(contender.checkout, "bin/pufa.js"), "serve"], {
        cwd: contender.checkout,
        env: {
          NODE_ENV: "production",
          DATABASE_URL: onPg ? contender.url : contender.file,
          PUFA_DEMO: "on",
          PUFA_WORKERS: "1",
          COOKIE_SECRET: "bench-cookie-secret-0123456789",
          PORT: String(port),
          HOST: "127.0.0.1",
          CHECKIN_LIMIT_PER_IP: "100000000",
          CHECKIN_LIMIT_PER_EVENT: "100000000",
        },
      });
      started.push(contender.server);
      await contender.server.ready(`${contender.baseUrl}/healthz`);
      const store = openStore(contender);
      try {
        const event = await openEvent(store);
        contender.eventId = event.id;
        contender.path = `/c/${event.code}`;
        if (!contender.tally) {
          const dropped = await dropTally(store, onPg);
          console.log(
            `${contender.label}: dropped ${dropped.join(", ") || "nothing (no tally trigger)"}`,
          );
        }
      } finally {
        await store.close();
      }
    }

    const page = await measurePage(contenders[0].baseUrl, contenders[0].path.slice(3));
    console.log(
      `check-in page: ${page.bytes} bytes ${page.gzipped ? "gzip" : "uncompressed"} (${page.htmlBytes} bytes of HTML and inline CSS); other resources: ${page.references.length ? page.references.join(", ") : "none"}`,
    );

    if (!onPg) {
      const port = await freePort();
      const bare = {
        label: "bare node:http + better-sqlite3",
        baseUrl: `http://127.0.0.1:${port}`,
        path: "/",
        confirmed: new Set(),
        nextPhone: 0,
        runs: [],
        bare: true,
      };
      bare.server = start([here, "--baseline", join(dir, "baseline.db"), String(port)], {
        cwd: root,
        env: {},
      });
      started.push(bare.server);
      await bare.server.ready(`${bare.baseUrl}/`, false);
      contenders.push(bare);
    }

    // --statements: what each check-in sends PostgreSQL, from pg_stat_statements (the server
    // must preload it: TEST_PG_URL pointing at one started with
    // shared_preload_libraries=pg_stat_statements).
    const statements = onPg && options.statements ? await statementsStart(adminUrl) : null;

    for (let round = 1; round <= rounds; round++) {
      console.log(`round ${round} of ${rounds}`);
      for (const contender of contenders) contender.runs.push(await run(contender, postmaster));
    }

    const bare = contenders.find((c) => c.bare);
    const summary = [];
    for (const contender of contenders.filter((c) => !c.bare)) {
      const verified = await verify(contender);
      const ratios = bare
        ? contender.runs.map((r, i) =>
            Number((r.checkins_per_s / bare.runs[i].checkins_per_s).toFixed(3)),
          )
        : null;
      const row = {
        contender: contender.label,
        checkins_per_s: contender.runs.map((r) => r.checkins_per_s),
        p99_ms: contender.runs.map((r) => r.p99_ms),
        app_cpu_ms_per_checkin: contender.runs.map((r) => r.app_cpu_ms_per_checkin),
        ...(onPg
          ? { pg_cpu_ms_per_checkin: contender.runs.map((r) => r.pg_cpu_ms_per_checkin) }
          : { ratio_to_bare: ratios }),
        ...verified,
      };
      summary.push(row);
      console.log(
        `${row.contender}: ${row.checkins_per_s.join(" and ")} check-ins/s, p99 ${row.p99_ms.join(" and ")} ms, ` +
          `app CPU ${row.app_cpu_ms_per_checkin.join(" and ")} ms` +
          (onPg ? `, PostgreSQL CPU ${row.pg_cpu_ms_per_checkin.join(" and ")} ms` : "") +
          ` per check-in` +
          (ratios ? `, ratio to the bare server ${ratios.join(" and ")}` : "") +
          `\n  verified: ${verified.confirmed} confirmed (warm-ups included), ${verified.stored} stored ` +
          `(${verified.stored - verified.confirmed} stored but unanswered when a run stopped), ` +
          `${verified.lost} lost, ${verified.duplicates} duplicates`,
      );
      if (verified.lost > 0 || verified.duplicates > 0) failed = true;
    }
    if (bare) {
      console.log(
        `${bare.label}: ${bare.runs.map((r) => r.checkins_per_s).join(" and ")} check-ins/s, ` +
          `CPU ${bare.runs.map((r) => r.app_cpu_ms_per_checkin).join(" and ")} ms per check-in`,
      );
    }

    if (statements) {
      for (const contender of contenders) await statementsReport(statements, contender);
      await statements.end();
    }

    const mine = summary[0];
    const missed = onPg
      ? [
          median(mine.app_cpu_ms_per_checkin) > TARGETS.pg_app_cpu_ms &&
            `app CPU above ${TARGETS.pg_app_cpu_ms} ms per check-in`,
          median(mine.pg_cpu_ms_per_checkin) > TARGETS.pg_db_cpu_ms &&
            `PostgreSQL CPU above ${TARGETS.pg_db_cpu_ms} ms per check-in`,
        ]
      : [
          median(mine.checkins_per_s) < TARGETS.checkins_per_s &&
            `check-ins/s below ${TARGETS.checkins_per_s}`,
          median(mine.p99_ms) > TARGETS.p99_ms && `p99 above ${TARGETS.p99_ms} ms`,
          median(mine.ratio_to_bare) < TARGETS.sqlite_ratio &&
            `ratio to the bare server below ${TARGETS.sqlite_ratio}`,
          median(mine.app_cpu_ms_per_checkin) > TARGETS.sqlite_cpu_ms &&
            `server CPU above ${TARGETS.sqlite_cpu_ms} ms per check-in`,
        ];
    missed.push(
      page.bytes > TARGETS.page_bytes && `page above ${TARGETS.page_bytes} bytes`,
      page.references.length > 0 && "the page loads other resources",
      failed && "confirmed check-ins lost or duplicates stored",
    );
    const said = missed.filter(Boolean);
    console.log(`load average ${load1()} at the end`);
    console.log(
      said.length ? `targets missed (this build, medians): ${said.join("; ")}` : "all targets met",
    );
    console.log(
      JSON.stringify({
        database: onPg ? "postgresql" : "sqlite",
        connections: CONNECTIONS,
        seconds: DURATION_S,
        page_bytes: page.bytes,
        contenders: summary,
        ...(bare ? { bare_checkins_per_s: bare.runs.map((r) => r.checkins_per_s) } : {}),
        runs: Object.fromEntries(contenders.map((c) => [c.label, c.runs])),
      }),
    );
    if (failed || page.references.length > 0) process.exitCode = 1;
  } catch (error) {
    for (const server of started) console.error(server.output());
    throw error;
  } finally {
    for (const server of started) await server.stop();
    if (onPg && databases.length > 0) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      for (const name of databases)
        await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--baseline") baselineServer(process.argv[3], Number(process.argv[4]));
else await main();

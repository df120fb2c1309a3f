// npm run bench:scale: a district's check-in load on PostgreSQL, through one and two app servers,
// directly and through nginx with the deployment recipe's file (deploy/nginx/pufa.conf).
//
// A throwaway PostgreSQL (tests/support/with-postgres.js, as test:pg starts it, fsync off) holds
// the demo and 20 events open now. Each set-up gets 64 connections of residents checking in
// through the no-JavaScript form, spread over the 20 events, each with a new phone: a warm-up,
// then a measured run. It prints check-ins per second, p99, the app's and PostgreSQL's CPU per
// check-in (from /proc, workers and backends included), and verifies that every confirmed
// check-in is stored once. Then the capacity model: how many app servers one PostgreSQL of this
// machine's size carries at the measured cost, and what that means for a district. The last line
// is one JSON object with the figures.
import { cpus, loadavg } from "node:os";
import autocannon from "autocannon";
import { sql } from "kysely";
import pg from "pg";
import { createEvent } from "../../app/.server/events/events";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import { demoActor, eventInput } from "../support/demo";
import { cpuMs, postmasterPid } from "./proc.js";
import type { RunningNginx } from "../support/nginx";
import { NGINX_HOST, startNginx } from "../support/nginx";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_S = 2;
const EVENTS = 20;
/** 吴中区: 14 sub-districts and towns, each holding events on the same morning. */
const DISTRICT_OFFICES = 14;

const admin = process.env.TEST_PG_URL;
if (!admin) throw new Error("run through npm run bench:scale (it starts PostgreSQL)");

const phoneOf = (n: number) => `151${String(n).padStart(8, "0")}`;

const form = (n: number) =>
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

type Target = { url: string; connections: number; https?: RunningNginx };

/** One load run over the targets at once; the confirmed check-ins by number. */
async function load(targets: Target[], codes: string[], seconds: number, first: number) {
  let next = first;
  const confirmed = new Set<number>();
  const statuses: Record<number, number> = {};
  const results = await Promise.all(
    targets.map((target) =>
      autocannon({
        url: target.url,
        connections: target.connections,
        duration: seconds,
        ...(target.https ? { servername: NGINX_HOST } : {}),
        headers: {
          ...(target.https ? { host: NGINX_HOST } : {}),
          origin: target.https ? `https://${NGINX_HOST}` : target.url,
          "content-type": "application/x-www-form-urlencoded",
          "accept-language": "zh-CN",
        },
        requests: [
          {
            method: "POST",
            setupRequest(request, context) {
              const n = next++;
              (context as { n: number }).n = n;
              return { ...request, path: `/c/${codes[n % codes.length]}`, body: form(n) };
            },
            onResponse(status, body, context) {
              statuses[status] = (statuses[status] ?? 0) + 1;
              if (status === 200 && body.includes("签到成功"))
                confirmed.add((context as { n: number }).n);
            },
          },
        ],
      }),
    ),
  );
  const p99 = Math.max(...results.map((result) => result.latency.p99));
  const errors = results.reduce((sum, result) => sum + result.errors + result.timeouts, 0);
  return { confirmed, statuses, p99, errors, next };
}

async function main() {
  const load1 = () => loadavg()[0]!.toFixed(2);
  console.log(`${cpus().length} cores, load average ${load1()} at the start`);
  const name = `pufa_scale_${process.pid}`;
  const setup = new pg.Client({ connectionString: admin });
  await setup.connect();
  await setup.query(`create database ${name}`);
  await setup.end();
  const target = new URL(admin!);
  target.pathname = `/${name}`;
  const url = target.toString();
  const env = {
    CHECKIN_LIMIT_PER_IP: "100000000",
    CHECKIN_LIMIT_PER_EVENT: "100000000",
    COOKIE_SECRET: "bench-scale-cookie-secret-0123456789",
  };

  // The first server migrates and seeds the demo; then 20 events open now.
  const first = await startServer({ databaseUrl: url, env, waitMs: 300_000 });
  await first.stop();
  const db = openDatabase(parseDatabaseUrl(url));
  const organiser = await demoActor(db, "organiser");
  const codes: string[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const input = await eventInput(db, {
      title: `宪法日活动 ${i + 1}`,
      visibility: "public",
      invitees: [],
    });
    const { id } = await createEvent(db, { actor: organiser, publish: true, event: input });
    const row = await db
      .selectFrom("event")
      .select("code")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    codes.push(row.code);
  }
  const postmaster = await postmasterPid(url);

  const setups = [
    { label: "1 app server, direct", apps: 1, nginx: false },
    { label: "2 app servers, direct", apps: 2, nginx: false },
    { label: "1 app server, through nginx", apps: 1, nginx: true },
    { label: "2 app servers, through nginx", apps: 2, nginx: true },
  ];
  const figures: Record<string, unknown>[] = [];
  let phone = 0;
  const allConfirmed = new Set<number>();
  try {
    for (const one of setups) {
      const servers: RunningServer[] = [];
      let nginx: RunningNginx | undefined;
      try {
        for (let i = 0; i < one.apps; i++) {
          servers.push(
            await startServer({
              databaseUrl: url,
              env: { ...env, ...(one.nginx ? { TRUST_PROXY: "1" } : {}) },
              waitMs: 120_000,
            }),
          );
        }
        const ports = servers.map((server) => Number(new URL(server.baseUrl).port));
        const targets: Target[] = one.nginx
          ? [
              await startNginx(ports).then((running) => {
                nginx = running;
                return {
                  url: `https://127.0.0.1:${running.httpsPort}`,
                  connections: CONNECTIONS,
                  https: running,
                };
              }),
            ]
          : servers.map((server) => ({
              url: server.baseUrl,
              connections: Math.round(CONNECTIONS / servers.length),
            }));
        const warm = await load(targets, codes, WARMUP_S, phone);
        const appPids = servers.map((server) => server.process.pid!);
        const appBefore = appPids.reduce((sum, pid) => sum + (cpuMs(pid) ?? 0), 0);
        const pgBefore = cpuMs(postmaster, true) ?? 0;
        const nginxBefore = nginx ? (cpuMs(nginx.pid) ?? 0) : 0;
        const started = performance.now();
        const run = await load(targets, codes, SECONDS, warm.next);
        const elapsed = (performance.now() - started) / 1000;
        const appCpu = appPids.reduce((sum, pid) => sum + (cpuMs(pid) ?? 0), 0) - appBefore;
        const pgCpu = (cpuMs(postmaster, true) ?? 0) - pgBefore;
        const nginxCpu = nginx ? (cpuMs(nginx.pid) ?? 0) - nginxBefore : 0;
        phone = run.next;
        for (const n of [...warm.confirmed, ...run.confirmed]) allConfirmed.add(n);
        const measured = run.confirmed.size;
        const row = {
          setup: one.label,
          checkins_per_s: Math.round(measured / elapsed),
          p99_ms: run.p99,
          app_cpu_ms_per_checkin: Number((appCpu / measured).toFixed(2)),
          pg_cpu_ms_per_checkin: Number((pgCpu / measured).toFixed(2)),
          nginx_cpu_ms_per_checkin: nginx ? Number((nginxCpu / measured).toFixed(2)) : null,
          errors: run.errors,
          answers: run.statuses,
        };
        figures.push(row);
        console.log(
          `${row.setup}: ${row.checkins_per_s} check-ins/s, p99 ${row.p99_ms} ms, app CPU ${row.app_cpu_ms_per_checkin} ms, ` +
            `PostgreSQL CPU ${row.pg_cpu_ms_per_checkin} ms${nginx ? `, nginx CPU ${row.nginx_cpu_ms_per_checkin} ms` : ""} per check-in ` +
            `(${measured} in ${elapsed.toFixed(1)} s; answers ${JSON.stringify(run.statuses)}, errors ${run.errors})`,
        );
      } finally {
        await nginx?.stop();
        for (const server of servers) await server.stop();
      }
    }

    // Every confirmed check-in stored, once; nobody twice.
    const stored = await sql<{ phone: string }>`
      select p.phone from checkin c join person p on p.id = c.person_id
      where p.phone like '151%'`.execute(db);
    const storedPhones = new Set(stored.rows.map((row) => row.phone));
    const lost = [...allConfirmed].filter((n) => !storedPhones.has(phoneOf(n))).length;
    const duplicates = await sql<{ n: number }>`
      select count(*)::int as n from (select event_id, person_id from checkin
      group by event_id, person_id having count(*) > 1) d`.execute(db);
    console.log(
      `verified: ${allConfirmed.size} confirmed, ${stored.rows.length} stored ` +
        `(${stored.rows.length - allConfirmed.size} stored but unanswered when a run stopped), ` +
        `${lost} lost, ${duplicates.rows[0]!.n} duplicate check-ins`,
    );

    // The capacity model, from the two-server run through nginx (the deployment's shape).
    const through = figures[3]!;
    const appMs = through.app_cpu_ms_per_checkin as number;
    const pgMs = through.pg_cpu_ms_per_checkin as number;
    const cores = cpus().length;
    const pgCarries = Math.floor((cores * 1000) / pgMs);
    const appCarries = Math.floor((cores * 1000) / appMs);
    // App servers it takes to bring one PostgreSQL to full CPU: past that, more add nothing.
    const servers = Math.ceil(pgCarries / appCarries);
    const model = {
      cores,
      pg_checkins_per_s_at_full_cpu: pgCarries,
      app_server_checkins_per_s_at_full_cpu: appCarries,
      app_servers_to_reach_postgresql_limit: servers,
      district_checkins_per_s: pgCarries,
      per_office_per_s: Math.floor(pgCarries / DISTRICT_OFFICES),
    };
    console.log(
      `capacity model (${cores} cores a machine): one PostgreSQL spends ${pgMs} ms of CPU a check-in, so at full CPU ` +
        `it takes ${pgCarries} check-ins/s; one app server spends ${appMs} ms, so ${appCarries}/s. ${servers} app ` +
        `server(s) of this size bring one PostgreSQL of this size to its limit; past that, more add nothing. A ` +
        `district of ${DISTRICT_OFFICES} offices then gets ${pgCarries} check-ins/s in all, ${model.per_office_per_s}/s ` +
        `per office at once.`,
    );
    console.log(`load average ${load1()} at the end`);
    console.log(
      JSON.stringify({ setups: figures, lost, duplicates: duplicates.rows[0]!.n, model }),
    );
    if (lost > 0 || duplicates.rows[0]!.n > 0) process.exitCode = 1;
  } finally {
    await db.destroy();
    const cleanup = new pg.Client({ connectionString: admin });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${name} with (force)`);
    await cleanup.end();
  }
}

await main();

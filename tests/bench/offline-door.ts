// npm run bench:offline: what the offline door (issue 20) adds to the scan page, and how long the
// server takes to take a queue of 100 scans.
//
// Bytes: from this checkout's client build (build it first), the service worker (door-sw.js,
// Workbox's runtime inlined), the chunks the scan page loads after it is up for the door and
// its walk-in form (the door's code, idb, the walk-in form and its zod rules) less those the
// page loads anyway, and door.css, which the scan page now loads for the walk-in form; each raw
// and gzipped. The status line and the hook that loads the door sit inside the scan route's
// chunk and are not counted apart.
//
// Sync: starts the production build on a fresh SQLite demo database, adds 100 pass holders with
// cards, logs in as the organiser and, for each run, opens a new event in progress and POSTs the
// 100 scans as one queued batch to /events/<id>/door-sync, timing the request on 127.0.0.1 from
// send to answer (all 100 committed before it). It checks the 100 check-ins arrived, then a
// replay of the same batch (which writes nothing). The last line is one JSON object.
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { createEvent } from "../../app/.server/events/events";
import { hashPassCode, passCodeOf } from "../../app/.server/passes/code";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import { demoActor, eventInput } from "../support/demo";
import { Browser } from "../support/http";
import { addLegalSavvy } from "../support/passes";
import { startServer } from "../support/server";

const SECRET = "bench-offline-cookie-secret-bench-offline";
const QUEUE = 100;
const RUNS = 7;
const ASSETS = "build/client/assets";

const sizes = (bytes: Buffer) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
});

/** The chunks a chunk imports, statically or not, as file names in the assets folder. */
function importsOf(file: string, dynamic: boolean) {
  const text = readFileSync(join(ASSETS, file), "utf8");
  const found = new Set<string>();
  for (const match of text.matchAll(/from\s*"\.\/([^"]+\.js)"|import\s*"\.\/([^"]+\.js)"/g)) {
    found.add(match[1] ?? match[2]!);
  }
  if (dynamic)
    for (const match of text.matchAll(/import\("\.\/([^"]+\.js)"\)/g)) found.add(match[1]!);
  return found;
}

function closure(start: string, dynamic: boolean) {
  const seen = new Set<string>();
  const pending = [start];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const next of importsOf(file, dynamic)) pending.push(next);
  }
  return seen;
}

function addedBytes() {
  const files = readdirSync(ASSETS);
  const pick = (prefix: string, ext: string) => {
    const file = files.find((name) => name.startsWith(prefix) && name.endsWith(ext));
    if (!file) throw new Error(`no ${prefix}*${ext} in ${ASSETS}: run npm run build first`);
    return file;
  };
  const route = pick("events._id.scan-", ".js");
  // Loaded by the page anyway (the scan route and what it imports without waiting).
  const page = closure(route, false);
  // Loaded after the page, for the door: its own code and the walk-in form with its rules.
  const later = [pick("offline-door-", ".js"), pick("door-forms-", ".js")];
  const doorOnly = [...new Set(later.flatMap((start) => [...closure(start, false)]))].filter(
    (file) => !page.has(file),
  );
  const count = (list: string[]) =>
    list
      .map((file) => sizes(readFileSync(join(ASSETS, file))))
      .reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }), { raw: 0, gzip: 0 });
  const scripts = count(doorOnly);
  const worker = sizes(readFileSync("build/client/door-sw.js"));
  const styles = count([pick("door-", ".css")]);
  return {
    doorChunks: doorOnly.sort(),
    scripts,
    serviceWorker: worker,
    styles,
    total: {
      raw: scripts.raw + worker.raw + styles.raw,
      gzip: scripts.gzip + worker.gzip + styles.gzip,
    },
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function syncTimes() {
  const file = join(tmpdir(), `pufa-bench-offline-${process.pid}.db`);
  const server = await startServer({
    databaseUrl: file,
    waitMs: 300_000,
    env: { COOKIE_SECRET: SECRET },
  });
  const db = openDatabase(parseDatabaseUrl(file));
  try {
    const codes: string[] = [];
    for (let i = 0; i < QUEUE; i++) {
      const personId = await addLegalSavvy(db, `离线压测${i}`, "舟山村");
      const nonce = randomBytes(16).toString("hex");
      const code = passCodeOf(SECRET, nonce);
      await db
        .insertInto("pass")
        .values({
          person_id: personId,
          code_hash: hashPassCode(code),
          nonce,
          issued_at: new Date().toISOString(),
          issued_by: null,
          revoked_at: null,
          revoked_by: null,
        })
        .execute();
      codes.push(code);
    }
    const organiser = await demoActor(db, "organiser");
    const browser = new Browser(server.baseUrl);
    await browser.logIn("organiser");
    const send = (eventId: number, body: string) =>
      fetch(`${server.baseUrl}/events/${eventId}/door-sync`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Origin: server.baseUrl,
          Cookie: `pufa_session=${browser.cookie("pufa_session")}`,
        },
        body,
      });
    const times: number[] = [];
    const replays: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const input = await eventInput(db, {
        title: `离线同步压测 ${run}`,
        visibility: "public",
        invitees: [],
      });
      const { id } = await createEvent(db, { actor: organiser, publish: true, event: input });
      const at = new Date(Date.now() - 60_000).toISOString();
      const body = JSON.stringify({
        items: codes.map((code) => ({
          id: randomUUID(),
          account: organiser.id,
          at,
          kind: "scan",
          code,
        })),
      });
      let started = performance.now();
      const response = await send(id, body);
      const answer = (await response.json()) as { results: { outcome: string }[] };
      times.push(performance.now() - started);
      if (answer.results.filter((result) => result.outcome === "new").length !== QUEUE) {
        throw new Error(`run ${run}: not all ${QUEUE} scans were new`);
      }
      started = performance.now();
      await (await send(id, body)).json();
      replays.push(performance.now() - started);
      const stored = await db
        .selectFrom("checkin")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("event_id", "=", id)
        .executeTakeFirstOrThrow();
      if (Number(stored.n) !== QUEUE) throw new Error(`run ${run}: ${stored.n} check-ins stored`);
    }
    return { runs: RUNS, queue: QUEUE, times, replays };
  } finally {
    await db.destroy();
    await server.stop();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  }
}

async function main() {
  const bytes = addedBytes();
  console.log(
    `offline door adds ${bytes.total.raw} bytes raw, ${bytes.total.gzip} gzipped: ` +
      `scripts ${bytes.scripts.raw}/${bytes.scripts.gzip} (${bytes.doorChunks.join(", ")}), ` +
      `service worker ${bytes.serviceWorker.raw}/${bytes.serviceWorker.gzip}, ` +
      `door.css ${bytes.styles.raw}/${bytes.styles.gzip}`,
  );
  const sync = await syncTimes();
  const round = (ms: number) => Math.round(ms * 10) / 10;
  console.log(
    `sync of ${sync.queue} queued scans (SQLite, ${sync.runs} runs): median ${round(median(sync.times))} ms ` +
      `(${sync.times.map(round).join(", ")}); replay median ${round(median(sync.replays))} ms`,
  );
  console.log(
    JSON.stringify({
      bytes,
      syncMedianMs: round(median(sync.times)),
      syncMs: sync.times.map(round),
      replayMedianMs: round(median(sync.replays)),
    }),
  );
}

await main();

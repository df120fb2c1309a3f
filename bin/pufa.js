#!/usr/bin/env node
// Pufa's command line: serve (build if needed, migrate, seed the demo, listen), migrate,
// reset-demo, create-admin, backup, restore and purge. It runs the production build, so no
// TypeScript tooling is needed.
import { spawnSync } from "node:child_process";
import cluster from "node:cluster";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const serverBuild = join(root, "build/server/index.js");

function newestSourceTime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(
      newest,
      entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs,
    );
  }
  return newest;
}

/** Builds when there is no build, or when app/ or db/ changed since the last one. */
function buildIfNeeded() {
  const built = existsSync(serverBuild) ? statSync(serverBuild).mtimeMs : 0;
  const sources = Math.max(newestSourceTime(join(root, "app")), newestSourceTime(join(root, "db")));
  if (built > sources) return;
  console.log("Building Pufa…");
  const result = spawnSync(
    process.execPath,
    [join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/**
 * Loads the server build, which reads and checks every setting (app/.server/env.ts). A bad
 * setting stops here with the build's one-line message, without a stack trace.
 */
async function loadBuild() {
  process.env.NODE_ENV ??= "production";
  try {
    const build = await import(pathToFileURL(serverBuild).href);
    return { build, app: build.entry.module };
  } catch (error) {
    if (error?.name !== "SettingError") throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/** A worker that lived this long was healthy: the next restart is immediate again. */
const HEALTHY_MS = 10_000;
/** The longest wait between restarts of a worker that keeps dying at start-up. */
const MAX_BACKOFF_MS = 30_000;
/** A worker exits with this when it can never serve (the port is taken): restarting is futile. */
const CANNOT_SERVE = 78;

/**
 * A worker: asks the supervisor how it prepared the database, loads the build, and says so; it
 * listens when the supervisor tells it to serve, at once, or later when it is the standby.
 */
async function work() {
  process.title = "pufa: starting";
  const prepared = await new Promise((done) => {
    process.once("message", done);
    process.send("prepared?");
  });
  const loaded = await loadBuild();
  loaded.app.adoptPrepared(prepared);
  process.title = "pufa: standby";
  await new Promise((done) => {
    process.on("message", (message) => message === "serve" && done());
    process.send("loaded");
  });
  process.title = "pufa: worker";
  return listen(prepared, loaded);
}

/**
 * Serves from PUFA_WORKERS worker processes (node:cluster, one by default) under a supervising
 * process that prepares the database once, then replaces any worker that dies: one fatal error,
 * a heap out of memory say, is one restart, not an outage. Loading the build takes a worker
 * seconds, so with a single worker a standby (unless PUFA_STANDBY is off) waits loaded beside it and serves the moment the
 * worker dies (with several, the others serve meanwhile). At start-up the worker listens once
 * the standby is loaded too, so a server that answers is a quiet one. A worker that dies soon
 * after it started is replaced after a wait that doubles each time (up to MAX_BACKOFF_MS), so a
 * worker that cannot start does not spin the CPU. SIGTERM or SIGINT stops the workers, then
 * itself.
 */
async function serve() {
  if (cluster.isWorker) return work();
  buildIfNeeded();
  const { app } = await loadBuild();
  const { workers, standby: withStandby } = app.settings();
  // Migrations, the demo seed and the cookie secret are settled once, before any process serves.
  const prepared = await app.prepareDatabase();
  await app.closeDatabase();
  process.title = "pufa: supervisor";

  /** Per worker id: since when it serves (or started), whether it is the standby, and loaded. */
  const roles = new Map();
  let stopping = false;
  let backoff = 0;
  /** Workers loaded at start-up, waiting until every first process has loaded (or failed). */
  let held = [];
  let firstPending = withStandby ? 2 : workers;
  const start = (standby) => {
    if (stopping) return;
    roles.set(cluster.fork().id, { since: Date.now(), standby, loaded: false });
  };
  const serveNow = (worker) => {
    worker.send("serve");
    Object.assign(roles.get(worker.id), { since: Date.now(), standby: false });
  };
  /** One first process loaded or failed; when the last has, the loaded ones start serving. */
  const settled = () => {
    if (!held || --firstPending > 0) return;
    for (const worker of held) if (worker.isConnected()) serveNow(worker);
    held = null;
  };
  const loadedStandby = () =>
    Object.values(cluster.workers ?? {}).find((worker) => {
      const role = worker && roles.get(worker.id);
      return role?.standby && role.loaded;
    });

  cluster.on("message", (worker, message) => {
    if (message === "prepared?") worker.send(prepared);
    if (message !== "loaded") return;
    const role = roles.get(worker.id);
    role.loaded = true;
    if (held && !role.standby) held.push(worker);
    else if (!role.standby) serveNow(worker);
    settled();
  });
  cluster.on("exit", (worker, code, signal) => {
    const role = roles.get(worker.id) ?? { since: 0, standby: false };
    roles.delete(worker.id);
    if (stopping) return;
    if (code === CANNOT_SERVE) return stop(1);
    if (!role.loaded) settled(); // a first process failed: the others serve without it
    const lived = Date.now() - role.since;
    backoff = lived >= HEALTHY_MS ? 0 : Math.min(MAX_BACKOFF_MS, Math.max(250, backoff * 2));
    const standby = !role.standby && loadedStandby();
    if (standby) serveNow(standby);
    const what = `${role.standby ? "standby" : "worker"} ${worker.process.pid}`;
    const wait = backoff ? ` in ${backoff / 1000} s` : "";
    const then = standby
      ? `standby ${standby.process.pid} took over; starting a new standby${wait}`
      : `starting another${wait}`;
    console.error(`${what} ended (${signal ?? code}); ${then}`);
    setTimeout(() => start(role.standby || Boolean(standby)), backoff);
  });
  // One worker: it accepts its connections itself. Round robin through the supervisor balances
  // several, but a connection handed to a worker the moment it dies is lost until the client
  // gives up (node:cluster).
  if (workers === 1) cluster.schedulingPolicy = cluster.SCHED_NONE;
  for (let i = 0; i < workers; i++) start(false);
  if (withStandby) start(true);

  function stop(code) {
    stopping = true;
    const running = Object.values(cluster.workers ?? {});
    if (running.length === 0) process.exit(code);
    cluster.on("exit", () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(code));
    // Signalled directly: cluster's worker.kill() would first wait for every open connection.
    for (const worker of running) worker?.process.kill("SIGTERM");
    // A worker that does not stop in time (it cuts its requests after 8 s) is stopped for it.
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
      process.exit(code);
    }, 9_500).unref();
  }
  process.once("SIGTERM", () => stop(0));
  process.once("SIGINT", () => stop(0));
}

/**
 * Serves HTTP (app/.server/http/ in the build). SIGTERM or SIGINT: no new connection, the
 * requests in flight finish, the database closes, and the process exits, within 10 s.
 */
async function listen(prepared, { build, app }) {
  const { port, host, workers } = app.settings();
  let server;
  try {
    server = await app.listen({ build, root });
  } catch (error) {
    console.error(`Cannot listen on ${host}:${port}: ${error.message}`);
    process.exit(CANNOT_SERVE);
  }
  if (!cluster.isWorker || cluster.worker.id === 1) {
    const demo = prepared.seeded ? ", demo data seeded" : prepared.demo ? ", demo mode" : "";
    const processes = workers > 1 ? `, ${workers} processes` : "";
    console.log(
      `Pufa is serving http://localhost:${port} (${prepared.dialect}${demo}${processes})`,
    );
  }
  const stop = () => server.stop().finally(() => process.exit(0));
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

async function readPassword(prompt, given) {
  if (given) return given;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const write = rl._writeToOutput?.bind(rl);
  rl._writeToOutput = (text) => write?.(text.startsWith(prompt) ? text : "");
  const password = await rl.question(prompt);
  rl.close();
  process.stdout.write("\n");
  return password;
}

async function createAdmin(args) {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: "string" },
      name: { type: "string" },
      unit: { type: "string" },
      level: { type: "string", default: "district" },
    },
  });
  if (!values.username || !values.unit) {
    console.error(
      "Usage: npm run create-admin -- --username NAME --unit 吴中区 [--level district|subdistrict|village] [--name 张三]\n" +
        "The password is read from PUFA_ADMIN_PASSWORD, or asked for.",
    );
    process.exit(2);
  }
  buildIfNeeded();
  const { app } = await loadBuild();
  await app.prepareDatabase();
  try {
    const result = await app.bootstrapAdmin({
      username: values.username,
      displayName: values.name ?? values.username,
      password: await readPassword("Password: ", app.settings().adminPassword),
      unitName: values.unit,
      unitLevel: values.level,
    });
    console.log(
      result.created
        ? `Admin ${result.username} created.`
        : `${result.username} already exists; nothing changed.`,
    );
  } catch (error) {
    console.error(
      error.issues ? error.issues.map((issue) => issue.message).join("; ") : error.message,
    );
    process.exitCode = 1;
  } finally {
    await app.closeDatabase();
  }
}

/** Runs a backup or restore; one it refuses (BackupError) is one readable line and exit 1. */
async function backupWork(work) {
  buildIfNeeded();
  const { app } = await loadBuild();
  try {
    await work(app);
  } catch (error) {
    if (error?.name !== "BackupError") throw error;
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    await app.closeDatabase();
  }
}

const megabytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function backup() {
  return backupWork(async (app) => {
    const result = await app.backupDatabase();
    console.log(
      `Backed up the ${result.dialect} database to ${result.file} (${megabytes(result.bytes)}, ${result.checkins} check-ins).`,
    );
  });
}

function restore(args) {
  const { positionals } = parseArgs({ args, allowPositionals: true });
  if (positionals.length !== 1) {
    console.error(
      "Usage: npm run restore -- FILE\n" +
        "Restores a backup (npm run backup) into the empty database DATABASE_URL names.",
    );
    process.exit(2);
  }
  return backupWork(async (app) => {
    const result = await app.restoreDatabase({ file: positionals[0] });
    console.log(
      `Restored ${result.file} into the ${result.dialect} database (${result.checkins} check-ins).`,
    );
  });
}

/** Runs the retention purge now, or with --dry-run counts what it would change. Counts only. */
async function purge(args) {
  const { values } = parseArgs({ args, options: { "dry-run": { type: "boolean" } } });
  const dryRun = values["dry-run"] === true;
  buildIfNeeded();
  const { app } = await loadBuild();
  await app.prepareDatabase();
  try {
    const result = await app.purgeNow({ dryRun });
    if (!result.ran) {
      console.error("Another server is purging right now; nothing was done.");
      process.exitCode = 1;
      return;
    }
    const { counts } = result;
    console.log(
      [
        `${dryRun ? "Would purge" : "Purged"} personal data of events that ended more than ${result.retentionDays} days ago:`,
        `  check-ins anonymised: ${counts.checkins}`,
        `  people forgotten: ${counts.people} (kept: ${counts.kept})`,
        `  events whose notes were emptied: ${counts.events}`,
        `  duty entries emptied: ${counts.duties}`,
        `  audit entries scrubbed: ${counts.audit}`,
        `  sensitive-read reasons emptied: ${counts.reasons}`,
        `  photos deleted: ${counts.photos}`,
      ].join("\n"),
    );
  } finally {
    await app.closeDatabase();
  }
}

const [command = "serve", ...rest] = process.argv.slice(2);
const commands = {
  serve,
  "create-admin": () => createAdmin(rest),
  backup,
  restore: () => restore(rest),
  purge: () => purge(rest),
  migrate: async () => {
    buildIfNeeded();
    const { app } = await loadBuild();
    const result = await app.prepareDatabase();
    console.log(`Database up to date (${result.dialect}).`);
    await app.closeDatabase();
  },
  "reset-demo": async () => {
    buildIfNeeded();
    const { app } = await loadBuild();
    await app.resetDemoDatabase();
    console.log("Demo data rebuilt.");
    await app.closeDatabase();
  },
};
if (!commands[command]) {
  console.error(`Unknown command ${command}. Commands: ${Object.keys(commands).join(", ")}`);
  process.exit(2);
}
await commands[command]();

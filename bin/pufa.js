#!/usr/bin/env node
// Pufa's command line: serve (build if needed, migrate, seed the demo, listen), migrate,
// reset-demo and create-admin. It runs the production build, so no TypeScript tooling is needed.
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

/** Serves in one process, or in PUFA_WORKERS processes sharing the port (node:cluster). */
async function serve() {
  if (cluster.isWorker) {
    // The first process prepared the database; the worker asks it for the result.
    const prepared = await new Promise((done) => {
      process.once("message", done);
      process.send("prepared?");
    });
    const loaded = await loadBuild();
    loaded.app.adoptPrepared(prepared);
    return listen(prepared, loaded);
  }
  buildIfNeeded();
  const loaded = await loadBuild();
  const { app } = loaded;
  const { workers } = app.settings();
  // Migrations, the demo seed and the cookie secret are settled once, before any process serves.
  const prepared = await app.prepareDatabase();
  if (workers === 1) return listen(prepared, loaded);
  await app.closeDatabase();
  cluster.on("message", (worker, message) => message === "prepared?" && worker.send(prepared));
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (worker, code, signal) => {
    if (!stopping) {
      console.error(`worker ${worker.process.pid} ended (${signal ?? code}); starting another`);
      cluster.fork();
    }
  });
  let stopping = false;
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
    setTimeout(() => process.exit(0), 5_000).unref();
    cluster.on("exit", () => Object.keys(cluster.workers ?? {}).length === 0 && process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

async function listen(prepared, { build, app }) {
  const { createServer } = await import("./server.js");
  const { port, host, workers } = app.settings();
  const server = createServer({ build, app, root }).listen(port, host, () => {
    if (cluster.isWorker && cluster.worker.id > 1) return;
    const demo = prepared.seeded ? ", demo data seeded" : prepared.demo ? ", demo mode" : "";
    const processes = cluster.isWorker ? `, ${workers} processes` : "";
    console.log(
      `Pufa is serving http://localhost:${port} (${prepared.dialect}${demo}${processes})`,
    );
  });
  server.once("error", (error) => {
    console.error(`Cannot listen on ${host}:${port}: ${error.message}`);
    process.exit(1);
  });
  const stop = () => {
    server.close(() => app.closeDatabase().finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5_000).unref();
  };
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

const [command = "serve", ...rest] = process.argv.slice(2);
const commands = {
  serve,
  "create-admin": () => createAdmin(rest),
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

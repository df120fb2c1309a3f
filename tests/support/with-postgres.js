#!/usr/bin/env node
// Runs a command against a throwaway PostgreSQL server: initdb in a temporary folder, start on a
// free port, set TEST_PG_URL, run, stop, delete. As root it runs the server as user postgres.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

function findBin() {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, "bin/pg_ctl")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    console.error("PostgreSQL server binaries not found: apt-get install -y postgresql");
    process.exit(1);
  }
  return join(base, versions[0], "bin");
}

const freePort = () =>
  new Promise((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });

const bin = findBin();
const asRoot = process.getuid?.() === 0;
const dir = mkdtempSync(join(tmpdir(), "pufa-pg-"));
chmodSync(dir, 0o755);
const data = join(dir, "data");
const port = await freePort();

function run(args) {
  const [cmd, ...rest] = asRoot ? ["runuser", "-u", "postgres", "--", ...args] : args;
  const result = spawnSync(cmd, rest, { stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) throw new Error(`${args.join(" ")} failed`);
}

if (asRoot) spawnSync("chown", ["postgres:postgres", dir]);
run([
  join(bin, "initdb"),
  "-D",
  data,
  "-U",
  "postgres",
  "--auth=trust",
  "-E",
  "UTF8",
  "--no-locale",
  "-N",
]);
const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
run([join(bin, "pg_ctl"), "-D", data, "-l", join(dir, "log"), "-w", "-o", options, "start"]);

let code = 1;
try {
  const [command, ...args] = process.argv.slice(2);
  const child = spawn(command, args, {
    stdio: "inherit",
    shell: false,
    env: { ...process.env, TEST_PG_URL: `postgres://postgres@127.0.0.1:${port}/postgres` },
  });
  code = await new Promise((done) => child.on("exit", (status) => done(status ?? 1)));
} finally {
  run([join(bin, "pg_ctl"), "-D", data, "-m", "fast", "-w", "stop"]);
  rmSync(dir, { recursive: true, force: true });
}
process.exit(code);

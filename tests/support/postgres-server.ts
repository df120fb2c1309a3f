import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A PostgreSQL server of the test's own, which it may stop and start again (the shared one of
// tests/support/with-postgres.js serves every other test file at the same time).

function binaries() {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((version) => existsSync(join(base, version, "bin/pg_ctl")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions[0] ? join(base, versions[0], "bin") : null;
}

export const hasPostgres = binaries() !== null;

function freePort() {
  return new Promise<number>((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export type PostgresServer = {
  url: string;
  stop: () => void;
  start: () => void;
  remove: () => void;
};

/** initdb in a temporary folder and start on a free port (as user postgres when run as root). */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = binaries();
  if (!bin) throw new Error("PostgreSQL server binaries not found: apt-get install -y postgresql");
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "pufa-pg-own-"));
  chmodSync(dir, 0o755);
  if (asRoot) spawnSync("chown", ["postgres:postgres", dir]);
  const data = join(dir, "data");
  const port = await freePort();
  const run = (args: string[]) => {
    const [command, ...rest] = asRoot ? ["runuser", "-u", "postgres", "--", ...args] : args;
    const result = spawnSync(command!, rest, { stdio: ["ignore", "ignore", "pipe"] });
    if (result.status !== 0) throw new Error(`${args.join(" ")} failed: ${result.stderr}`);
  };
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
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const pgCtl = join(bin, "pg_ctl");
  const start = () =>
    run([pgCtl, "-D", data, "-l", join(dir, "log"), "-w", "-o", options, "start"]);
  const stop = () => run([pgCtl, "-D", data, "-m", "fast", "-w", "stop"]);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    remove() {
      if (existsSync(join(data, "postmaster.pid"))) stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { networkInterfaces } from "node:os";
import { resolve } from "node:path";
import { chooseLinkBase } from "../../app/.server/events/link-base";

async function freePort() {
  return new Promise<number>((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export type RunningServer = {
  baseUrl: string;
  /** Where its printed links point: a demo served on 127.0.0.1 prints this machine's LAN address. */
  linkBase: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
};

/**
 * Starts the production build on a free port, against the given database. A stale build is
 * rebuilt first by the server itself: benchmarks, run by hand, allow time for it (`waitMs`).
 */
export async function startServer(input: {
  databaseUrl: string;
  env?: Record<string, string>;
  waitMs?: number;
}): Promise<RunningServer> {
  const port = await freePort();
  let output = "";
  // Under Vitest or vite-node, VITEST turns the Remix plugin off: a server that finds its build
  // stale must build it without that flag.
  const { VITEST: _flag, ...inherited } = process.env;
  const child = spawn(process.execPath, [resolve("bin/pufa.js"), "serve"], {
    env: {
      ...inherited,
      NODE_ENV: "production",
      DATABASE_URL: input.databaseUrl,
      PUFA_DEMO: "on",
      PURGE_SCHEDULE: "off",
      COOKIE_SECRET: "integration-test-cookie-secret",
      PORT: String(port),
      HOST: "127.0.0.1",
      // One process loading the build fewer per server: a test that needs the standby (the
      // supervisor's) turns it on.
      PUFA_STANDBY: "off",
      ...input.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const baseUrl = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  // Generous: on a loaded machine a cold start (migrations on a new database) can take a while.
  const deadline = Date.now() + (input.waitMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    const ready = await fetch(`${baseUrl}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((done) => setTimeout(done, 100));
  }
  const { base: linkBase } = chooseLinkBase({
    publicUrl: input.env?.PUBLIC_URL?.replace(/\/$/, ""),
    demo: true,
    requestUrl: baseUrl,
    interfaces: networkInterfaces,
  });
  return {
    baseUrl,
    linkBase,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * Starts several servers at once, so their start-ups (loading the build, waiting for the standby)
 * overlap. If one cannot start, those that did are stopped before the error is thrown, so no
 * server outlives its test file.
 */
export async function startServers<const T extends readonly Parameters<typeof startServer>[0][]>(
  inputs: T,
): Promise<{ -readonly [K in keyof T]: RunningServer }> {
  const settled = await Promise.allSettled(inputs.map((input) => startServer(input)));
  const started = settled.flatMap((result) =>
    result.status === "fulfilled" ? [result.value] : [],
  );
  const failed = settled.find((result) => result.status === "rejected");
  if (failed) {
    await Promise.all(started.map((server) => server.stop()));
    throw failed.reason;
  }
  return started as { -readonly [K in keyof T]: RunningServer };
}

import { execFileSync, spawn } from "node:child_process";
import net, { createServer } from "node:net";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "../support/database";
import { openEvent } from "../support/demo";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// `pufa serve` runs a supervisor and its workers (node:cluster), even with PUFA_WORKERS=1: a
// worker that dies is replaced. Real processes, real HTTP to 127.0.0.1, on SQLite or PostgreSQL.

vi.setConfig({ testTimeout: 60_000 });

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  // The standby is what these tests are about; test servers run without one by default.
  server = await startServer({ databaseUrl: t.url, env: { PUFA_STANDBY: "on" } });
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

/** The processes the supervisor started, by role: "worker" or "standby". */
function workersOf(pid: number) {
  let listed = "";
  try {
    listed = execFileSync("ps", ["-o", "pid=,args=", "--ppid", String(pid)], { encoding: "utf8" });
  } catch {
    // ps exits 1 when there is none
  }
  return listed
    .split("\n")
    .map((line) => /^\s*(\d+) pufa: (\w+)/.exec(line))
    .filter((match) => match !== null)
    .map((match) => ({ pid: Number(match[1]), role: match[2] }));
}

const pidsOf = (pid: number, role: string) =>
  workersOf(pid)
    .filter((worker) => worker.role === role)
    .map((worker) => worker.pid);

/** Waits until `check` holds, up to `ms`. */
async function until(check: () => boolean | Promise<boolean>, ms: number) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 50));
  }
  return true;
}

const healthy = () =>
  fetch(`${server.baseUrl}/healthz`, {
    headers: { Connection: "close" },
    signal: AbortSignal.timeout(1_000),
  }).then(
    (res) => res.ok,
    () => false,
  );

describe("the supervisor", () => {
  it("replaces a worker killed while requests are under way, within 5 s, and stays up", async () => {
    const supervisor = server.process.pid!;
    // One worker serves; a standby waits, loaded, to take over.
    expect(await until(() => pidsOf(supervisor, "standby").length === 1, 20_000)).toBe(true);
    const [worker] = pidsOf(supervisor, "worker");
    expect(worker).toBeDefined();
    expect(await healthy()).toBe(true);

    // Requests in flight when the worker dies: they may fail, the ones after must not.
    const inFlight = Array.from({ length: 10 }, () =>
      fetch(`${server.baseUrl}/`, {
        headers: { Connection: "close" },
        signal: AbortSignal.timeout(3_000),
      }).then(
        (res) => res.status,
        () => 0,
      ),
    );
    process.kill(worker!, "SIGKILL");
    const killedAt = Date.now();

    expect(await until(healthy, 5_000), server.output()).toBe(true);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
    await Promise.all(inFlight);
    expect(server.process.exitCode).toBeNull();
    expect(server.output()).toContain(`worker ${worker} ended (SIGKILL)`);
    // The pages work again, not only the health check, and a new standby is made ready.
    expect((await fetch(`${server.baseUrl}/`)).status).toBe(200);
    expect(await until(() => pidsOf(supervisor, "standby").length === 1, 20_000)).toBe(true);
    const serving = pidsOf(supervisor, "worker");
    expect(serving).toHaveLength(1);
    expect(serving).not.toContain(worker);

    // Killed again at once (the new worker has not lived 10 s): served again just as soon.
    process.kill(serving[0]!, "SIGKILL");
    const again = Date.now();
    expect(await until(healthy, 5_000), server.output()).toBe(true);
    expect(Date.now() - again).toBeLessThan(5_000);
    expect(server.process.exitCode).toBeNull();
  });

  it("stops the workers and itself on SIGTERM", async () => {
    const other = await startServer({ databaseUrl: t.url, env: { PUFA_WORKERS: "2" } });
    const supervisor = other.process.pid!;
    const workers = workersOf(supervisor).map((worker) => worker.pid);
    try {
      // Two workers serve: no standby is needed beside them.
      expect(pidsOf(supervisor, "worker")).toHaveLength(2);
    } finally {
      await other.stop();
    }
    expect(other.process.exitCode).toBe(0);
    for (const pid of workers) {
      expect(() => process.kill(pid, 0), `worker ${pid} still runs`).toThrow();
    }
  });

  it("runs without a standby when PUFA_STANDBY is off, and still replaces a killed worker", async () => {
    const lean = await startServer({ databaseUrl: t.url, env: { PUFA_STANDBY: "off" } });
    const supervisor = lean.process.pid!;
    try {
      expect(workersOf(supervisor).map((worker) => worker.role)).toEqual(["worker"]);
      const [worker] = pidsOf(supervisor, "worker");
      process.kill(worker!, "SIGKILL");
      const up = () =>
        fetch(`${lean.baseUrl}/healthz`, { signal: AbortSignal.timeout(1_000) }).then(
          (res) => res.ok,
          () => false,
        );
      // A new worker loads the build first: longer than a standby's takeover, on a busy machine too.
      expect(await until(up, 30_000), lean.output()).toBe(true);
      expect(lean.output()).toContain(`worker ${worker} ended (SIGKILL); starting another`);
      expect(workersOf(supervisor).map((one) => one.role)).toEqual(["worker"]);
    } finally {
      await lean.stop();
    }
  });

  it("gives up with one line when its workers can never listen (the port is taken)", async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, "127.0.0.1", done));
    const address = taken.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const result = await new Promise<{ code: number | null; output: string }>((done) => {
        let output = "";
        const child = spawn(process.execPath, [resolve("bin/pufa.js"), "serve"], {
          env: {
            ...process.env,
            NODE_ENV: "production",
            DATABASE_URL: t.url,
            PUFA_DEMO: "on",
            COOKIE_SECRET: "supervisor-test-cookie-secret",
            PORT: String(port),
            HOST: "127.0.0.1",
          },
          stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout.on("data", (chunk) => (output += chunk));
        child.stderr.on("data", (chunk) => (output += chunk));
        child.on("exit", (code) => done({ code, output }));
      });
      expect(result.code).toBe(1);
      expect(result.output).toContain(`Cannot listen on 127.0.0.1:${port}`);
      expect(result.output).not.toContain("starting another");
    } finally {
      taken.close();
    }
  });

  it("on SIGTERM refuses new connections, finishes the request in flight and exits 0 within 10 s", async () => {
    // It stops the server the other tests share, so it comes last.
    const event = await openEvent(t.db);
    const supervisor = server.process.pid!;
    expect(await until(() => pidsOf(supervisor, "standby").length === 1, 20_000)).toBe(true);
    const workers = workersOf(supervisor).map((worker) => worker.pid);
    expect(await until(healthy, 5_000)).toBe(true);
    const port = Number(new URL(server.baseUrl).port);

    // A resident's check-in whose form is still arriving when the server is told to stop.
    const body = new URLSearchParams({
      intent: "checkin",
      name: "李桂英",
      phone: "13900017017",
      villageId: "",
      employer: "香山电子厂",
      group: "villager",
      consent: "on",
    }).toString();
    const slow = net.connect(port, "127.0.0.1");
    let answer = "";
    slow.setEncoding("utf8");
    slow.on("data", (chunk: string) => (answer += chunk));
    const closed = new Promise<void>((done) => slow.on("close", () => done()));
    await new Promise<void>((done) => slow.on("connect", () => done()));
    slow.write(
      [
        `POST /c/${event.code} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        `Origin: ${server.baseUrl}`,
        "Content-Type: application/x-www-form-urlencoded",
        `Content-Length: ${body.length}`,
        "Accept-Language: zh-CN",
        "",
        body.slice(0, 20),
      ].join("\r\n"),
    );
    // Nothing shows when the worker has read the request's head: a moment's wait, so the signal
    // does not come before the request does.
    await new Promise((done) => setTimeout(done, 500));
    const exited = new Promise<number | null>((done) => server.process.once("exit", done));
    const signalled = Date.now();
    process.kill(supervisor, "SIGTERM");

    // New connections are refused soon after, while the check-in is still in flight.
    const refused = await until(
      () =>
        new Promise<boolean>((done) => {
          const probe = net.connect(port, "127.0.0.1");
          probe.on("connect", () => (probe.destroy(), done(false)));
          probe.on("error", (error: NodeJS.ErrnoException) => done(error.code === "ECONNREFUSED"));
        }),
      3_000,
    );
    expect(refused, server.output()).toBe(true);
    expect(answer).toBe("");

    slow.write(body.slice(20));
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 200 /);
    expect(answer).toContain("签到成功");
    const rows = await t.db
      .selectFrom("checkin")
      .select("id")
      .where("event_id", "=", event.id)
      .execute();
    expect(rows).toHaveLength(1);

    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    for (const pid of workers) {
      expect(() => process.kill(pid, 0), `worker ${pid} still runs`).toThrow();
    }
    // The check-in was logged, once, as answered.
    const logged = server
      .output()
      .split("\n")
      .filter((line) => line.includes(`"path":"/c/${event.code}"`));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!)).toMatchObject({ method: "POST", status: 200 });
  });
});

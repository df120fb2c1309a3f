// What one request's log line costs the server, in CPU time:
// VITEST=1 npx vite-node tests/bench/request-log.ts
//
// Runs itself again as a child whose standard output is a pipe this process drains, as a
// worker's is under the supervisor and systemd, and there writes 200,000 request lines through
// the edge's logger (app/.server/http/log.ts), then the same loop without the logger. Prints the
// CPU time per line; the last line is one JSON object with the figures.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createLog } from "../../app/.server/http/log";

const LINES = Number(process.env.BENCH_LINES ?? 200_000);

function measure() {
  const log = createLog();
  const run = (write: boolean) => {
    const before = process.cpuUsage();
    let ids = 0;
    for (let i = 0; i < LINES; i++) {
      const fields = {
        requestId: randomBytes(8).toString("hex"),
        method: "POST",
        path: "/c/Ab3xK9pQ",
        status: 200,
        ms: Math.round(Math.random() * 1000) / 10,
      };
      if (write) log.info(fields, "request");
      else ids += fields.requestId.length;
    }
    const used = process.cpuUsage(before);
    return ids >= 0 ? (used.user + used.system) / LINES : 0;
  };
  run(true); // warm-up
  const without = run(false);
  const withLine = run(true);
  process.stderr.write(`${JSON.stringify({ withLine, without })}\n`);
}

async function main() {
  const here = fileURLToPath(import.meta.url);
  const viteNode = resolve(dirname(here), "../../node_modules/vite-node/vite-node.mjs");
  const child = spawn(process.execPath, [viteNode, here], {
    env: { ...process.env, BENCH_REQUEST_LOG_CHILD: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let bytes = 0;
  let report = "";
  child.stdout.on("data", (chunk: Buffer) => (bytes += chunk.length));
  child.stderr.on("data", (chunk: Buffer) => (report += chunk));
  const code = await new Promise((done) => child.on("exit", done));
  const line = report.split("\n").find((text) => text.startsWith('{"withLine"'));
  if (code !== 0 || !line) throw new Error(`the measuring process failed:\n${report}`);
  const { withLine, without } = JSON.parse(line) as { withLine: number; without: number };
  const perLine = Math.round((withLine - without) * 100) / 100;
  console.log(
    `${LINES} request lines (${Math.round(bytes / LINES / 2)} bytes each) into a pipe: ` +
      `${withLine.toFixed(2)} µs CPU per request with its line, ${without.toFixed(2)} µs without: ` +
      `a line costs ${perLine} µs`,
  );
  console.log(JSON.stringify({ lines: LINES, cpu_us_per_line: perLine }));
}

if (process.env.BENCH_REQUEST_LOG_CHILD) measure();
else await main();

// VITEST=1 npx vite-node tests/bench/pass-sheet.ts: how heavy the A4 pass sheet without a filter is.
//
// Starts the production build on a fresh demo database and, for the sub-district's organiser and
// the district's admin, asks for /passes/sheet a few times (server time, median and slowest, and
// the page's size), then prints it to A4 PDF in Chromium and counts its pages beside its
// sections (one village or unit per page, or more). The last line is one JSON object.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_PATH } from "../support/chromium";
import { Browser } from "../support/http";

const ROUNDS = 5;

const freePort = () =>
  new Promise<number>((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => done(typeof address === "object" && address ? address.port : 0));
    });
  });

async function main() {
  const port = await freePort();
  const file = join(tmpdir(), `pufa-bench-sheet-${process.pid}.db`);
  const { VITEST: _flag, ...env } = process.env;
  const server = spawn(process.execPath, ["bin/pufa.js", "serve"], {
    env: {
      ...env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: file,
      PUFA_DEMO: "on",
      COOKIE_SECRET: "bench-sheet-cookie-secret-bench-sheet",
    },
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const figures: Record<string, unknown> = {};
  try {
    for (let tries = 0; ; tries++) {
      const ok = await fetch(`${base}/healthz`).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) break;
      if (tries > 1_800) throw new Error("the server did not start");
      await new Promise((done) => setTimeout(done, 100));
    }
    for (const account of ["organiser", "admin"]) {
      const staff = new Browser(base);
      await staff.logIn(account);
      const times: number[] = [];
      let html = "";
      for (let i = 0; i < ROUNDS; i++) {
        const started = performance.now();
        const answer = await staff.get("/passes/sheet");
        html = await answer.text();
        if (answer.status !== 200) throw new Error(`sheet answered ${answer.status}`);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const page = await browser.newPage();
      const session = staff.cookie("pufa_session");
      if (!session) throw new Error("no session cookie");
      await page.context().addCookies([{ name: "pufa_session", value: session, url: base }]);
      await page.goto(`${base}/passes/sheet`);
      const sections = await page.locator(".pass-sheet-section").count();
      const cards = await page.locator(".pass-card").count();
      const pdf = (await page.pdf({ format: "A4" })).toString("latin1");
      const pages = (pdf.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
      await page.close();
      figures[account] = {
        medianMs: Math.round(times[Math.floor(times.length / 2)]!),
        slowestMs: Math.round(times[times.length - 1]!),
        htmlKiB: Math.round(Buffer.byteLength(html) / 1024),
        sections,
        cards,
        pdfPages: pages,
      };
    }
  } finally {
    await browser.close();
    server.kill();
    rmSync(file, { force: true });
    rmSync(`${file}-wal`, { force: true });
    rmSync(`${file}-shm`, { force: true });
  }
  console.log(JSON.stringify(figures));
}

await main();

/**
 * How tall the event form is on a phone: the document height of /events/new at 360 px wide, in
 * Chinese, for a public event (the form's first state) and with "internal" chosen. Starts the
 * built server on a fresh demo database. Run: npm run build && npm run bench:form-height
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_PATH } from "../support/chromium";

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const port = await freePort();
const file = join(tmpdir(), `pufa-form-height-${port}.db`);
const server = spawn(process.execPath, ["bin/pufa.js", "serve"], {
  env: {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: file,
    PUFA_DEMO: "on",
    COOKIE_SECRET: "form-height-bench-cookie-secret",
  },
  stdio: "ignore",
});
const base = `http://127.0.0.1:${port}`;
try {
  for (let tries = 0; ; tries++) {
    const ok = await fetch(`${base}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (ok) break;
    if (tries > 600) throw new Error("server did not start");
    await new Promise((done) => setTimeout(done, 100));
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--no-sandbox"] });
  const page = await browser.newPage({ viewport: { width: 360, height: 740 }, locale: "zh-CN" });
  await page.goto(`${base}/login`);
  await page.getByLabel("用户名", { exact: true }).fill("organiser");
  await page.getByLabel("密码", { exact: true }).fill("pufa-demo-2026");
  await page.getByRole("main").getByRole("button", { name: "登录", exact: true }).click();
  await page.waitForURL(/\/dashboard$/);
  await page.goto(`${base}/events/new`);
  const height = () => page.evaluate(() => document.documentElement.scrollHeight);
  const publicHeight = await height();
  const internal = page.getByRole("radio", { name: /^内部/ });
  const internalHeight =
    (await internal.count()) > 0
      ? await internal.check().then(height)
      : await page.getByLabel("公开范围", { exact: true }).selectOption("internal").then(height);
  console.log(
    JSON.stringify({
      viewport: "360x740",
      lang: "zh",
      publicEventPx: publicHeight,
      internalEventPx: internalHeight,
      screensOf740: Math.round((publicHeight / 740) * 10) / 10,
    }),
  );
  await browser.close();
} finally {
  server.kill();
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
}

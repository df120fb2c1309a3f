/**
 * How tall the event form is on a phone: the document height of /events/new at 360 px wide, in
 * Chinese, for a public event (the form's first state) and with "internal" chosen. Starts the
 * built server on a fresh demo database. Run: npm run build && npm run bench:form-height
 */
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_PATH } from "../support/chromium";
import { startServer } from "../support/server";

const file = join(tmpdir(), `pufa-form-height-${process.pid}.db`);
const server = await startServer({
  databaseUrl: file,
  waitMs: 300_000,
  env: { COOKIE_SECRET: "form-height-bench-cookie-secret" },
});
const base = server.baseUrl;
try {
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
  await server.stop();
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
}

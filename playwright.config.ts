import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_PATH } from "./tests/support/chromium";

// E2E_PORT lets several checkouts run their browser tests side by side. Each worker has its own
// server and demo database on the next port up (tests/e2e/fixtures.ts picks the worker's one).
const PORT = Number(process.env.E2E_PORT ?? 3210);
const WORKERS = Number(process.env.E2E_WORKERS ?? 2);
const ports = Array.from({ length: WORKERS }, (_, slot) => PORT + slot);

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: WORKERS,
  retries: 0,
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    // Recording a trace of every test costs about a fifth of the run; CI reads its log instead.
    trace: process.env.CI ? "off" : "retain-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: ports.map((port) => ({
    // A fresh demo database for every run.
    command: `rm -f data/e2e-${port}.db* && node bin/pufa.js serve`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      DATABASE_URL: `data/e2e-${port}.db`,
      PUFA_DEMO: "on",
      PURGE_SCHEDULE: "off",
      COOKIE_SECRET: "end-to-end-test-cookie-secret",
      PUFA_STANDBY: "off",
    },
  })),
});

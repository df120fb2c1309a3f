// npm run bench:scan: a queue of 100 pass holders at the door, through the organiser's scan page.
//
// Starts the production build on a fresh demo database, opens an event of 舟山村 in progress,
// logs in as the village organiser on a 390 px phone page in Chromium and scans 100 of the demo's
// passes the way a USB or Bluetooth scanner does: the code typed into the focused field and Enter,
// one after another, each waiting for its green answer. It reports the queue's total time and
// the time per person, then checks that exactly 100 check-ins (method pass_scan) were stored.
// The camera's own pace (how long a card is held up) is the people's, not the software's.
// The last line is one JSON object with the figures.
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { chromium } from "playwright-core";
import { createEvent } from "../../app/.server/events/events";
import { passCodeOf, passQrText } from "../../app/.server/passes/code";
import { deploymentId } from "../../app/.server/passes/deployment";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import { CHROMIUM_PATH } from "../support/chromium";
import { demoActor, eventInput } from "../support/demo";
import { startServer } from "../support/server";

/** The server's secret: the demo's passes are printed (and read back here) with it. */
const SECRET = "bench-scan-cookie-secret-bench-scan";

const QUEUE = 100;
const TARGET_MINUTES = 3;

async function main() {
  const file = join(tmpdir(), `pufa-bench-scan-${process.pid}.db`);
  const server = await startServer({
    databaseUrl: file,
    waitMs: 300_000,
    env: { COOKIE_SECRET: SECRET },
  });
  const base = server.baseUrl;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ["--no-sandbox", "--disable-gpu"],
  });
  const db = openDatabase(parseDatabaseUrl(file));
  try {
    const organiser = await demoActor(db, "organiser");
    const input = await eventInput(db, {
      title: "扫证签到：排队压测",
      visibility: "public",
      invitees: [],
    });
    const { id: eventId } = await createEvent(db, {
      actor: organiser,
      publish: true,
      event: input,
    });
    const deployment = await deploymentId(db);
    const passes = await db
      .selectFrom("pass")
      .innerJoin("person", "person.id", "pass.person_id")
      .select(["pass.nonce", "person.name"])
      .where("pass.revoked_at", "is", null)
      .orderBy("pass.id")
      .limit(QUEUE)
      .execute();
    if (passes.length < QUEUE) throw new Error(`only ${passes.length} passes in the demo`);

    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: "zh-CN" });
    await page.goto(`${base}/login`);
    await page.fill("#username", "village");
    await page.fill("#password", "pufa-demo-2026");
    await page.click("main button[type=submit]");
    await page.waitForURL(/dashboard/);
    await page.goto(`${base}/events/${eventId}/scan`);
    const field = page.getByLabel("签到证号");
    const answer = page.getByRole("status").first();
    await field.waitFor();

    const each: number[] = [];
    const started = performance.now();
    for (const pass of passes) {
      const before = performance.now();
      // A scanner types the QR's text at once and presses Enter.
      await field.fill(passQrText(deployment, passCodeOf(SECRET, pass.nonce!)));
      await field.press("Enter");
      await answer.filter({ hasText: `已签到 ${pass.name}` }).waitFor();
      each.push(performance.now() - before);
      // The next person only once this one's answer is up and the field is empty again.
      await page.waitForFunction(
        () => (document.activeElement as HTMLInputElement | null)?.value === "",
      );
    }
    const totalS = (performance.now() - started) / 1000;
    const stored = await db
      .selectFrom("checkin")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("event_id", "=", eventId)
      .where("method", "=", "pass_scan")
      .executeTakeFirstOrThrow();
    each.sort((a, b) => a - b);
    const at = (q: number) =>
      Math.round(each[Math.min(each.length - 1, Math.floor(q * each.length))]!);
    const figures = {
      queue: QUEUE,
      stored: Number(stored.n),
      total_s: Math.round(totalS * 10) / 10,
      per_person_ms_p50: at(0.5),
      per_person_ms_p95: at(0.95),
      target_minutes: TARGET_MINUTES,
    };
    console.log(
      `${QUEUE} passes scanned in ${figures.total_s} s (p50 ${figures.per_person_ms_p50} ms, p95 ${figures.per_person_ms_p95} ms a person); ${figures.stored} check-ins stored`,
    );
    console.log(JSON.stringify(figures));
    if (figures.stored !== QUEUE) process.exitCode = 1;
  } finally {
    await browser.close();
    await db.destroy();
    await server.stop();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  }
}

await main();

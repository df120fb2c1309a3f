// npm run bench:door-height: how tall the door's list is on a phone.
//
// Starts the production build on a fresh demo database, opens an event of 舟山村 in progress with
// 16 check-ins (self-scans and walk-ins), logs in as the organiser on a 360 px wide page in
// Chromium, and measures the attendance page's full height in CSS pixels, in Chinese and in
// English. The last line is one JSON object with the figures.
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { recordCheckIn } from "../../app/.server/checkin/record-checkin";
import { createEvent } from "../../app/.server/events/events";
import { CONSENT_VERSION } from "../../app/lib/checkin-window";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import { CHROMIUM_PATH } from "../support/chromium";
import { checkinPlace, demoActor, eventInput, unitId } from "../support/demo";
import { startServer } from "../support/server";

const CHECKINS = 16;
const WIDTH = 360;

async function main() {
  const file = join(tmpdir(), `pufa-bench-door-${process.pid}.db`);
  const server = await startServer({
    databaseUrl: file,
    waitMs: 300_000,
    env: { COOKIE_SECRET: "bench-door-cookie-secret-bench-door" },
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
      title: "门口名单高度",
      visibility: "public",
      invitees: [],
    });
    const { id: eventId } = await createEvent(db, {
      actor: organiser,
      publish: true,
      event: input,
    });
    const place = await checkinPlace(db, eventId);
    const zhoushan = await unitId(db, "舟山村");
    for (let i = 0; i < CHECKINS; i++) {
      const walkIn = i % 3 === 0;
      await recordCheckIn(db, {
        eventId,
        place,
        person: {
          name: `居民${String.fromCharCode(0x4e00 + i * 7)}${i}`,
          phone: `1390000${String(i).padStart(4, "0")}`,
          villageId: zhoushan,
          employer: null,
          group: "villager",
        },
        method: walkIn ? "walk_in" : "self_scan",
        recordedBy: walkIn ? organiser.id : null,
        consentVersion: CONSENT_VERSION,
      });
    }
    const figures: Record<string, number> = {};
    for (const locale of ["zh-CN", "en-US"]) {
      const page = await browser.newPage({ viewport: { width: WIDTH, height: 740 }, locale });
      await page.goto(`${base}/login`);
      await page.fill("#username", "organiser");
      await page.fill("#password", "pufa-demo-2026");
      await page.click("main button[type=submit]");
      await page.waitForURL(/dashboard/);
      await page.goto(`${base}/events/${eventId}/attendance`);
      figures[locale] = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.close();
    }
    console.log(
      `attendance page at ${WIDTH} px with ${CHECKINS} check-ins: ${figures["zh-CN"]} px (zh), ${figures["en-US"]} px (en)`,
    );
    console.log(JSON.stringify({ width: WIDTH, checkins: CHECKINS, height_px: figures }));
  } finally {
    await browser.close();
    await db.destroy();
    await server.stop();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  }
}

await main();

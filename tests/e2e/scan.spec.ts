import type { Page } from "@playwright/test";
import BetterSqlite from "better-sqlite3";
import type { Kysely } from "kysely";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEvent } from "../../app/.server/events/events";
import type { EventInput } from "../../app/lib/event-schema";
import { hashPassCode } from "../../app/.server/passes/code";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { demoActor, eventInput } from "../support/demo";
import { CHROMIUM_PATH } from "../support/chromium";
import { addLegalSavvy } from "../support/passes";
import { E2E_DATABASE, expect, test } from "./fixtures";
import { collectErrors, DEMO_PASSWORD, logIn, checkNarrowAndLarge } from "./helpers";
import { writeQrVideo } from "./y4m";

// Item 5 of issue 8 on a 390 px phone: an organiser scans personal passes into an event through
// the camera (Chromium's fake camera plays a video of pass QR codes; Chromium on Linux has no
// BarcodeDetector, so the ZXing polyfill decodes them), through a keyboard-wedge scanner (code
// and Enter), and without JavaScript; a new pass, the same pass again and a revoked pass each get
// their own answer. Also the pass card and the A4 sheet, as printed. Fails on any console error.

const PHONE = { width: 390, height: 844 };

// Codes of our own choosing, so that the camera's video can be written before the browser starts.
const CODES = { first: "5CAN0000000A", second: "5CAN0000000B", revoked: "5CAN0000000C" };
const NAMES = { first: "扫码甲", second: "扫码乙", revoked: "扫码丙" };
const VIDEO = join(tmpdir(), `pufa-scan-${process.env.E2E_PORT ?? "3210"}.y4m`);

/**
 * This deployment's id, read (or made, as the server would) synchronously while the spec loads:
 * the video must exist when the browser is launched. Only a worker does it; the runner that only
 * lists the tests may load this file before the server has made its database.
 */
function prepareVideo() {
  if (process.env.TEST_WORKER_INDEX === undefined) return;
  const file = new BetterSqlite(E2E_DATABASE);
  file
    .prepare("insert into app_meta (key, value) values ('deployment_id', ?) on conflict do nothing")
    .run("E2E0DEP10YMENT00");
  const { value } = file
    .prepare("select value from app_meta where key = 'deployment_id'")
    .get() as { value: string };
  file.close();
  const qr = (code: string) => `PUFA1:${value}:${code}`;
  writeQrVideo(VIDEO, [qr(CODES.first), qr(CODES.second), qr(CODES.revoked)]);
}
prepareVideo();

test.use({ viewport: PHONE });

// The whole file runs with the fake camera (launch options are per worker, not per group).
test.use({
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
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      `--use-file-for-fake-video-capture=${VIDEO}`,
    ],
  },
});

let db: Kysely<Database>;
const holders: Record<keyof typeof CODES, number> = { first: 0, second: 0, revoked: 0 };

test.beforeAll(async () => {
  db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
  const stamp = new Date().toISOString();
  for (const key of Object.keys(CODES) as (keyof typeof CODES)[]) {
    // A worker started again after a failed test finds the holders already there.
    const made = await db
      .selectFrom("pass")
      .select("person_id")
      .where("code_hash", "=", hashPassCode(CODES[key]))
      .executeTakeFirst();
    if (made) {
      holders[key] = made.person_id;
      continue;
    }
    holders[key] = await addLegalSavvy(db, NAMES[key], "舟山村");
    await db
      .insertInto("pass")
      .values({
        person_id: holders[key],
        // The fake camera's video shows these codes: stored as a card issued before codes had
        // nonces, by their hash alone.
        code_hash: hashPassCode(CODES[key]),
        nonce: null,
        issued_at: stamp,
        issued_by: null,
        revoked_at: key === "revoked" ? stamp : null,
        revoked_by: null,
      })
      .execute();
  }
});

test.afterAll(async () => {
  await db?.destroy();
});

/** An event of 香山街道 in 舟山村, in progress now. */
async function openEvent(title: string, overrides: Partial<EventInput> = {}) {
  const organiser = await demoActor(db, "organiser");
  const input = await eventInput(db, { title, visibility: "public", invitees: [], ...overrides });
  return (await createEvent(db, { actor: organiser, publish: true, event: input })).id;
}

/** The event's check-ins as "name method", sorted. */
async function checkins(eventId: number) {
  const rows = await db
    .selectFrom("checkin")
    .select(["name", "method"])
    .where("event_id", "=", eventId)
    .execute();
  return rows.map((row) => `${row.name} ${row.method}`).sort();
}

const SHOTS = process.env.SHOTS_DIR;
async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

const words = {
  zh: {
    field: "签到证号",
    camera: "打开摄像头扫码",
    recent: "最近扫码",
    new: (name: string) => `已签到 ${name}`,
    already: (name: string) => `${name} 已签到过`,
    revoked: "签到证已作废",
    unknown: "无法识别的证号",
  },
  en: {
    field: "Pass number",
    camera: "Scan with the camera",
    recent: "Recent scans",
    new: (name: string) => `Checked in: ${name}`,
    already: (name: string) => `${name} is already checked in`,
    revoked: "Revoked pass",
    unknown: "Unknown pass number",
  },
} as const;

test.describe("the camera", () => {
  test.describe.configure({ timeout: 90_000 });

  test("scans a pass, another, a revoked one and the first again", async ({ page }) => {
    const errors = collectErrors(page);
    const w = words.zh;
    const event = await openEvent("扫证签到：摄像头");
    await logIn(page, "village");
    await page.goto(`/events/${event}/scan`);
    await page.getByRole("button", { name: w.camera }).click();
    const recent = page.getByRole("list").filter({ has: page.getByText(w.new(NAMES.first)) });
    // The video loops: each card appears once per loop, the first one again after the others.
    await expect(recent).toContainText(w.new(NAMES.first), { timeout: 40_000 });
    await expect(recent).toContainText(w.new(NAMES.second), { timeout: 40_000 });
    await expect(recent).toContainText(w.revoked, { timeout: 40_000 });
    await expect(recent).toContainText(w.already(NAMES.first), { timeout: 40_000 });
    expect(await checkins(event)).toEqual(
      [`${NAMES.first} pass_scan`, `${NAMES.second} pass_scan`].sort(),
    );
    // The decoder came from our own origin: nothing else was asked for.
    expect(errors).toEqual([]);
  });
});

for (const lang of ["zh", "en"] as const) {
  test.describe(`a keyboard-wedge scanner, in ${lang}`, () => {
    test.use({ locale: lang === "zh" ? "zh-CN" : "en-US" });
    test.describe.configure({ timeout: 60_000 });
    const w = words[lang];

    test("types code and Enter: a new pass, the same again, a revoked one", async ({ page }) => {
      const errors = collectErrors(page);
      const event = await openEvent(`扫证签到：扫码枪 ${lang}`);
      await logIn(page, "village", DEMO_PASSWORD, lang);
      await page.goto(`/events/${event}/scan`);
      const field = page.getByLabel(w.field);
      await expect(field).toBeFocused();
      const answer = page.getByRole("status").first();
      const timings: number[] = [];
      const scan = async (typed: string, expected: string) => {
        const started = Date.now();
        await field.pressSequentially(typed, { delay: 5 });
        await field.press("Enter");
        await expect(answer).toContainText(expected);
        timings.push(Date.now() - started);
        // Ready for the next person at once: empty and focused.
        await expect(field).toHaveValue("");
        await expect(field).toBeFocused();
      };
      await scan("5CAN-0000-000A", w.new(NAMES.first));
      await shot(page, `scan-${lang}-green-390`);
      await scan("5can0000000a", w.already(NAMES.first));
      await scan(CODES.revoked, w.revoked);
      await shot(page, `scan-${lang}-red-390`);
      await scan("NOPE-NOPE-NOPE", w.unknown);
      test.info().annotations.push({
        type: "scan time (ms, typing included)",
        description: timings.join(", "),
      });
      for (const ms of timings) expect(ms, "one scan, end to end").toBeLessThan(2000);
      expect(await checkins(event)).toEqual([`${NAMES.first} pass_scan`]);
      await checkNarrowAndLarge(page, PHONE);
      await page.setViewportSize({ width: 1280, height: 800 });
      await shot(page, `scan-${lang}-desktop`);
      expect(errors).toEqual([]);
    });
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the field is a form that posts and the page answers", async ({ page }) => {
    const event = await openEvent("扫证签到：无脚本");
    await logIn(page, "village");
    await page.goto(`/events/${event}/scan`);
    const field = page.getByLabel(words.zh.field);
    await field.fill(CODES.second.toLowerCase());
    await field.press("Enter");
    await expect(page.getByRole("status").first()).toContainText(words.zh.new(NAMES.second));
    await page.getByLabel(words.zh.field).fill(CODES.second);
    await page.getByLabel(words.zh.field).press("Enter");
    await expect(page.getByRole("status").first()).toContainText(words.zh.already(NAMES.second));
    await page.getByLabel(words.zh.field).fill(" ");
    await page.getByLabel(words.zh.field).press("Enter");
    await expect(page.getByText("请扫码或输入证号。")).toBeVisible();
    expect(await checkins(event)).toEqual([`${NAMES.second} pass_scan`]);
  });
});

for (const lang of ["zh", "en"] as const) {
  test.describe(`the pass card and the A4 sheet, in ${lang}`, () => {
    test.use({ locale: lang === "zh" ? "zh-CN" : "en-US" });
    test.describe.configure({ timeout: 90_000 });

    test("show the card without a phone number, and print", async ({ page }) => {
      const errors = collectErrors(page);
      // A holder without a pass: the organiser issues one, and its card shows at once.
      const name = `印证${lang === "zh" ? "甲" : "乙"}${Date.now().toString(36).slice(-4)}`;
      const holder = await addLegalSavvy(db, name, "舟山村");
      await logIn(page, "village", DEMO_PASSWORD, lang);
      await page.goto(`/passes/${holder}`);
      await page
        .getByRole("button", { name: lang === "zh" ? "发放签到证" : "Issue a pass" })
        .click();
      const card = page.locator(".pass-card");
      await expect(card).toContainText(name);
      await expect(card.locator(".pass-code-value")).toHaveText(
        /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/,
      );
      await expect(card).not.toContainText(/1\d{10}/);
      // The database keeps only the code's hash.
      const code = (await card.locator(".pass-code-value").innerText()).replace(/-/g, "");
      const stored = await db
        .selectFrom("pass")
        .select("code_hash")
        .where("person_id", "=", holder)
        .executeTakeFirstOrThrow();
      expect(stored.code_hash).toBe(hashPassCode(code));
      await checkNarrowAndLarge(page, PHONE);
      await shot(page, `card-${lang}-390`);
      await page.emulateMedia({ media: "print" });
      await shot(page, `card-${lang}-print`);
      await page.emulateMedia({ media: "screen" });

      // A pass stored by its hash alone still scans, but cannot be printed again.
      await page.goto(`/passes/${holders.first}`);
      await expect(page.locator(".pass-card")).toHaveCount(0);
      await expect(
        page.getByText(lang === "zh" ? "无法再次打印" : "cannot be printed again"),
      ).toBeVisible();

      await page.goto(`/passes/sheet?village=3`);
      await expect(page.locator(".pass-card").filter({ hasText: name })).toHaveCount(1);
      await expect(page.locator(".pass-card").filter({ hasText: NAMES.second })).toHaveCount(0);
      await expect(page.locator(".pass-card").filter({ hasText: NAMES.revoked })).toHaveCount(0);
      await checkNarrowAndLarge(page, PHONE);
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.emulateMedia({ media: "print" });
      await shot(page, `sheet-${lang}-print`);
      await page.emulateMedia({ media: "screen" });
      await page.goto("/passes?unit=3");
      await expect(page.getByRole("link", { name: NAMES.first })).toBeVisible();
      await shot(page, `list-${lang}-desktop`);
      await page.setViewportSize(PHONE);
      await shot(page, `list-${lang}-390`);
      await checkNarrowAndLarge(page, PHONE);
      expect(errors).toEqual([]);
    });

    test("an official sees that a pass exists, never its code or a sheet", async ({ page }) => {
      const errors = collectErrors(page);
      await logIn(page, "official", DEMO_PASSWORD, lang);
      const holder = await db
        .selectFrom("pass")
        .innerJoin("legal_savvy", "legal_savvy.person_id", "pass.person_id")
        .select("pass.person_id")
        .where("pass.nonce", "is not", null)
        .where("pass.revoked_at", "is", null)
        .where("legal_savvy.status", "=", "active")
        .executeTakeFirstOrThrow();
      await page.goto(`/passes/${holder.person_id}`);
      await expect(
        page.getByText(lang === "zh" ? /日 发证$/ : /^Issued \w+ \d+, \d{4}$/),
      ).toBeVisible();
      await expect(page.locator(".pass-card")).toHaveCount(0);
      await expect(page.locator(".pass-code-value")).toHaveCount(0);
      await expect(page.locator("main")).not.toContainText(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/);
      await checkNarrowAndLarge(page, PHONE);
      await page.goto("/passes?unit=3");
      await expect(
        page.getByRole("link", {
          name: lang === "zh" ? "打印整页签到证" : "Print a sheet of passes",
        }),
      ).toHaveCount(0);
      const sheet = await page.request.get("/passes/sheet?village=3");
      expect(sheet.status()).toBe(403);
      expect(errors).toEqual([]);
    });
  });
}

/**
 * Every group of the pass codes in `scope` on one line: kept whole by its style, a single box,
 * less than two lines high.
 * Returns how many groups were measured, so that a test cannot pass by finding none.
 */
async function expectGroupsUnbroken(page: Page, scope: string) {
  const groups = await page.locator(`${scope} .pass-code-group`).evaluateAll((spans) =>
    spans.map((span) => {
      const boxes = span.getClientRects();
      return {
        text: span.textContent,
        // At 360 px and 200% a group of four fits its line anyway: the rule is what keeps it
        // whole where it would not (a narrower card, larger text).
        whiteSpace: getComputedStyle(span).whiteSpace,
        boxes: boxes.length,
        lines: span.getBoundingClientRect().height / parseFloat(getComputedStyle(span).fontSize),
      };
    }),
  );
  for (const group of groups) {
    expect(group.whiteSpace, `group ${group.text} kept whole`).toBe("nowrap");
    expect(group.boxes, `group ${group.text} in one box`).toBe(1);
    expect(group.lines, `group ${group.text} one line high`).toBeLessThan(2);
  }
  return groups.length;
}

// Issue 16, item 17: on a 360 × 740 phone the camera button is on the first screen; a code that
// fails stays listed with its own text, escaped; a pass code breaks only between its groups.
for (const lang of ["zh", "en"] as const) {
  test.describe(`the door at 360 px, in ${lang}`, () => {
    test.use({ locale: lang === "zh" ? "zh-CN" : "en-US", viewport: { width: 360, height: 740 } });
    test.describe.configure({ timeout: 60_000 });
    const w = words[lang];

    test("the camera button is on the first screen; a wrong code is listed as typed", async ({
      page,
    }) => {
      const errors = collectErrors(page);
      // A long title, the passes-only note and the closed note (the event is tomorrow): the most
      // the page puts above the camera.
      const tomorrow = Date.now() + 24 * 3_600_000;
      const later = await openEvent(
        `香山街道2026年度法律明白人骨干培训班（第二期）民法典婚姻家庭编专题 ${lang}`,
        {
          passesOnly: true,
          startsAt: new Date(tomorrow).toISOString(),
          endsAt: new Date(tomorrow + 2 * 3_600_000).toISOString(),
        },
      );
      await logIn(page, "village", DEMO_PASSWORD, lang);
      await page.goto(`/events/${later}/scan`);
      const camera = page.getByRole("button", { name: w.camera });
      await expect(camera).toBeVisible();
      const box = (await camera.boundingBox())!;
      test.info().annotations.push({
        type: "camera button's bottom edge (px of 740)",
        description: String(Math.round(box.y + box.height)),
      });
      expect(box.y + box.height, "camera button's bottom edge").toBeLessThanOrEqual(740);

      const event = await openEvent(`扫证签到：错码 ${lang}`);
      await page.goto(`/events/${event}/scan`);
      const field = page.getByLabel(w.field);
      const recent = page.getByRole("list").filter({ has: page.getByText(w.unknown) });
      await field.fill("XK7Q-2M9P-ZZZZ");
      await field.press("Enter");
      await expect(recent.getByRole("listitem").first()).toHaveText(`XK7Q-2M9P-ZZZZ ${w.unknown}`);
      // Markup typed into the field is shown as text, never read as markup.
      await field.fill("<b>NOPE</b>");
      await field.press("Enter");
      await expect(recent.getByRole("listitem").first()).toHaveText(`<b>NOPE</b> ${w.unknown}`);
      await expect(recent.locator("b")).toHaveCount(0);
      await expect(recent.getByRole("listitem")).toHaveCount(2);
      expect(await checkins(event)).toEqual([]);

      await page.evaluate(() => {
        document.documentElement.style.fontSize = "200%";
      });
      expect(await expectGroupsUnbroken(page, ".scan-recent")).toBeGreaterThanOrEqual(3);
      await page.evaluate(() => {
        document.documentElement.style.fontSize = "";
      });
      await checkNarrowAndLarge(page, { width: 360, height: 740 });
      expect(errors).toEqual([]);
    });

    test("the pass card's code breaks only between its groups", async ({ page }) => {
      const errors = collectErrors(page);
      const name = `分组${lang === "zh" ? "甲" : "乙"}${Date.now().toString(36).slice(-4)}`;
      const holder = await addLegalSavvy(db, name, "舟山村");
      await logIn(page, "village", DEMO_PASSWORD, lang);
      await page.goto(`/passes/${holder}`);
      await page
        .getByRole("button", { name: lang === "zh" ? "发放签到证" : "Issue a pass" })
        .click();
      const code = page.locator(".pass-card .pass-code-value");
      await expect(code).toHaveText(/^\w{4}-\w{4}-\w{4}$/);
      await page.evaluate(() => {
        document.documentElement.style.fontSize = "200%";
      });
      await expect(page.locator("html")).toHaveCSS("font-size", "32px");
      expect(await expectGroupsUnbroken(page, ".pass-card")).toBe(3);
      await page.goto(`/passes/sheet?village=3`);
      await expect(page.locator(".pass-card").filter({ hasText: name })).toHaveCount(1);
      await page.evaluate(() => {
        document.documentElement.style.fontSize = "200%";
      });
      expect(await expectGroupsUnbroken(page, ".pass-sheet")).toBeGreaterThanOrEqual(3);
      expect(errors).toEqual([]);
    });
  });
}

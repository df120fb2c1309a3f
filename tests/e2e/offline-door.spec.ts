import type { BrowserContext, Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { createEvent } from "../../app/.server/events/events";
import { hashPassCode, passCodeOf } from "../../app/.server/passes/code";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { demoActor, eventInput } from "../support/demo";
import { addLegalSavvy } from "../support/passes";
import { E2E_DATABASE, expect, test } from "./fixtures";
import { checkNarrowAndLarge, collectErrors, DEMO_PASSWORD, logIn, logOut } from "./helpers";

// Issue 20, the door without a signal, on a 360 px phone in Chromium with the context set
// offline: scans typed as a wedge scanner types and walk-ins are decided and queued on the
// device, survive a reload without a signal, and arrive once when the signal is back; two
// devices scanning one pass make one check-in and the second is told; a session that ended
// while offline keeps its queue for its own account. Fails on any console error.

const PHONE = { width: 360, height: 740 };
/** The e2e servers' secret (playwright.config.ts): cards print codes made with it. */
const SECRET = "end-to-end-test-cookie-secret";

test.use({ viewport: PHONE });
test.describe.configure({ timeout: 120_000 });

let db: Kysely<Database>;

test.beforeAll(() => {
  db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
});
test.afterAll(async () => {
  await db?.destroy();
});

/** Pass holders of 舟山村 with cards, as issued: their codes, made from nonces with the secret. */
async function holdersWithPasses(prefix: string, count: number) {
  const made: { name: string; code: string }[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `${prefix}${i}`;
    const personId = await addLegalSavvy(db, name, "舟山村");
    const nonce = randomBytes(16).toString("hex");
    const code = passCodeOf(SECRET, nonce);
    await db
      .insertInto("pass")
      .values({
        person_id: personId,
        code_hash: hashPassCode(code),
        nonce,
        issued_at: new Date().toISOString(),
        issued_by: null,
        revoked_at: null,
        revoked_by: null,
      })
      .execute();
    made.push({ name, code });
  }
  return made;
}

async function openEvent(title: string) {
  const organiser = await demoActor(db, "organiser");
  const input = await eventInput(db, { title, visibility: "public", invitees: [] });
  return (await createEvent(db, { actor: organiser, publish: true, event: input })).id;
}

async function checkins(eventId: number) {
  return db
    .selectFrom("checkin")
    .innerJoin("staff_user", "staff_user.id", "checkin.recorded_by")
    .select(["checkin.name", "checkin.method", "staff_user.username"])
    .where("event_id", "=", eventId)
    .orderBy("checkin.name")
    .execute();
}

const words = {
  zh: {
    field: "签到证号",
    ready: /离线名单更新于/,
    installed: "本页已保存在本机，断网也能打开。",
    waiting: (n: number) => `离线：${n} 条待发送`,
    allSent: "离线记录已全部发送",
    new: (name: string) => `已签到 ${name}`,
    walkIn: "现场登记（可离线）",
    name: "姓名",
    phone: "手机号（选填）",
    consent: "已向本人宣读个人信息说明，本人同意登记",
    add: "登记签到",
    queued: (name: string) => `已记录 ${name}，联网后发送。`,
    required: "请填写此项。",
    elsewhere: /已于 \d{2}:\d{2} 在另一台设备上签到/,
    dismiss: "知道了",
    login: (n: number) => `登录已过期：${n} 条离线记录仍保存在本机`,
    loginLink: "重新登录",
    people: ["离线登记甲", "离线登记乙", "离线登记丙"],
    closed: "不在签到时间内",
  },
  en: {
    field: "Pass number",
    ready: /Offline list updated at/,
    installed: "This page is kept on this device and opens without a signal.",
    waiting: (n: number) => `Offline: ${n} waiting`,
    allSent: "all offline records sent",
    new: (name: string) => `Checked in: ${name}`,
    walkIn: "Walk-in (works offline)",
    name: "Name",
    phone: "Mobile number (optional)",
    consent: "I read the privacy notice out to the person and they agreed",
    add: "Check in",
    queued: (name: string) => `${name} recorded; sent when online.`,
    required: "Please fill this in.",
    elsewhere: /Already checked in at \d{2}:\d{2} on another device/,
    dismiss: "Dismiss",
    login: (n: number) => `Session expired: ${n} offline records are kept on this device`,
    loginLink: "Log in again",
    people: ["Offline Walkin A", "Offline Walkin B", "Offline Walkin C"],
    closed: "Outside the check-in window",
  },
} as const;
type Words = (typeof words)[keyof typeof words];

/** The scan page, opened online and ready to work without a signal: list kept, page cached. */
async function openDoor(page: Page, eventId: number, w: Words) {
  await page.goto(`/events/${eventId}/scan`);
  await expect(page.getByTestId("door-state")).toContainText(w.ready);
  await expect(page.getByTestId("door-state")).toContainText(w.installed);
}

async function scan(page: Page, w: Words, code: string, expected: string) {
  const field = page.getByLabel(w.field);
  await field.pressSequentially(code, { delay: 2 });
  await field.press("Enter");
  await expect(page.locator(".scan-live").first()).toContainText(expected);
}

async function walkIn(page: Page, w: Words, name: string, phone: string) {
  const summary = page.locator("summary", { hasText: w.walkIn });
  if ((await page.locator("details.fold[open]").count()) === 0) await summary.click();
  const form = page.getByRole("region", { name: w.walkIn, exact: true });
  await form.getByLabel(w.name, { exact: true }).fill(name);
  await form.getByLabel(w.phone).fill(phone);
  await form.getByLabel(w.consent).check();
  await form.getByRole("button", { name: w.add }).click();
  await expect(page.getByText(w.queued(name))).toBeVisible();
}

const waiting = (page: Page) => page.getByTestId("door-state").getByRole("status");

/** What the door keeps in this browser: its IndexedDB stores and whether its page cache exists. */
function deviceData(page: Page) {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open("pufa-door");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = (store: string) =>
      new Promise<unknown[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    const [queue, doors] = [await all("queue"), await all("doors")];
    db.close();
    return {
      queue: queue as { account: number; eventId: number; state: string }[],
      doors: (doors as { account: number; eventId: number }[]).map((door) => [
        door.account,
        door.eventId,
      ]),
      pages: await caches.has("pufa-door-pages"),
    };
  });
}

for (const lang of ["zh", "en"] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ locale: lang === "zh" ? "zh-CN" : "en-US" });
    const w = words[lang];

    test("10 scans and 3 walk-ins offline survive a reload and arrive once", async ({
      page,
      context,
    }) => {
      const errors = collectErrors(page);
      const holders = await holdersWithPasses(`离线${lang}`, 10);
      const event = await openEvent(`离线签到 ${lang}`);
      await logIn(page, "organiser", DEMO_PASSWORD, lang);
      await openDoor(page, event, w);

      // The worker serves the staff pages under /events/ only: never a resident's /c/ page.
      const scopes = await page.evaluate(async () => [
        (await navigator.serviceWorker.getRegistration("/events/"))?.scope,
        (await navigator.serviceWorker.getRegistration("/c/ABCDEFGH"))?.scope ?? null,
      ]);
      expect(scopes).toEqual([`${new URL(page.url()).origin}/events/`, null]);
      // Installable from this page: its manifest, as Chromium reads it, with no error, and a
      // start page inside the worker's scope.
      const manifestHref = `/events/${event}/door.webmanifest${lang === "en" ? "?lang=en" : ""}`;
      await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", manifestHref);
      const cdp = await context.newCDPSession(page);
      const read = (await cdp.send("Page.getAppManifest")) as {
        url: string;
        errors: unknown[];
        data?: string;
      };
      expect(read.url).toBe(new URL(manifestHref, page.url()).href);
      expect(read.errors).toEqual([]);
      const manifest = JSON.parse(read.data ?? "{}") as { start_url: string; scope: string };
      expect(manifest.scope).toBe("/events/");
      expect(manifest.start_url).toBe(`/events/${event}/scan`);
      await cdp.detach();
      // Chromium on Linux has no BarcodeDetector of its own: the camera's decoder (ZXing's
      // WebAssembly) was kept too, so the camera works without a signal.
      const kept = await page.evaluate(async () =>
        (await (await caches.open("pufa-door-assets")).keys()).map((r) => new URL(r.url).pathname),
      );
      expect(kept.some((path) => /^\/assets\/zxing_reader-[\w-]+\.wasm$/.test(path))).toBe(true);

      await context.setOffline(true);
      await expect(waiting(page)).toContainText(w.waiting(0));
      for (const holder of holders) await scan(page, w, holder.code, w.new(holder.name));
      const people = w.people;
      await walkIn(page, w, people[0], "");
      // A walk-in without a name: the message beside the field, and nothing queued.
      const form = page.getByRole("region", { name: w.walkIn, exact: true });
      await form.getByLabel(w.consent).check();
      await form.getByRole("button", { name: w.add }).click();
      await expect(form.locator("#name-error")).toHaveText(w.required);
      await expect(form.getByLabel(w.name, { exact: true })).toHaveAttribute(
        "aria-invalid",
        "true",
      );
      await expect(waiting(page)).toContainText(w.waiting(11));
      await walkIn(page, w, people[1], "13912340001");
      await walkIn(page, w, people[2], "");
      await expect(waiting(page)).toContainText(w.waiting(13));
      // Scanning a pass a second time on this device answers "already", and queues nothing.
      await scan(page, w, holders[0]!.code, holders[0]!.name);
      await expect(waiting(page)).toContainText(w.waiting(13));
      expect(await checkins(event)).toEqual([]);

      await page.reload();
      await expect(waiting(page)).toContainText(w.waiting(13));
      await expect(page.getByLabel(w.field)).toBeVisible();
      await checkNarrowAndLarge(page, PHONE);

      await context.setOffline(false);
      await expect(waiting(page)).toContainText(w.allSent);
      const arrived = await checkins(event);
      expect(arrived).toHaveLength(13);
      expect(arrived.map((row) => row.name).sort()).toEqual(
        [...holders.map((holder) => holder.name), ...people].sort(),
      );
      expect(new Set(arrived.map((row) => row.username))).toEqual(new Set(["organiser"]));
      expect(arrived.filter((row) => row.method === "walk_in")).toHaveLength(3);
      expect(errors).toEqual([]);
    });

    test("two devices offline scan one pass: one check-in, the second is told", async ({
      browser,
    }) => {
      const [holder] = await holdersWithPasses(`双机${lang}`, 1);
      const event = await openEvent(`双机离线 ${lang}`);
      const devices: { context: BrowserContext; page: Page; errors: string[] }[] = [];
      for (const account of ["organiser", "village"] as const) {
        const context = await browser.newContext({
          viewport: PHONE,
          locale: lang === "zh" ? "zh-CN" : "en-US",
          timezoneId: "Asia/Shanghai",
        });
        const page = await context.newPage();
        const errors = collectErrors(page);
        await logIn(page, account, DEMO_PASSWORD, lang);
        await openDoor(page, event, w);
        await context.setOffline(true);
        devices.push({ context, page, errors });
      }
      for (const device of devices) await scan(device.page, w, holder!.code, w.new(holder!.name));
      const [first, second] = devices as [(typeof devices)[0], (typeof devices)[0]];
      await first.context.setOffline(false);
      await expect(waiting(first.page)).toContainText(w.allSent);
      await second.context.setOffline(false);
      await expect(second.page.getByText(w.elsewhere)).toBeVisible();
      expect(await checkins(event)).toEqual([
        { name: holder!.name, method: "pass_scan", username: "organiser" },
      ]);
      await second.page.getByRole("button", { name: w.dismiss }).click();
      await expect(second.page.getByText(w.elsewhere)).toHaveCount(0);
      for (const device of devices) {
        expect(device.errors).toEqual([]);
        await device.context.close();
      }
    });
  });
}

for (const lang of ["zh", "en"] as const) {
  test.describe(`log-out in ${lang}`, () => {
    test.use({ locale: lang === "zh" ? "zh-CN" : "en-US" });
    test("forgets the door's pages and lists but keeps what waits", async ({ page, context }) => {
      const errors = collectErrors(page);
      const w = words[lang];
      const [holder] = await holdersWithPasses(`退出${lang}`, 1);
      const event = await openEvent(`退出前离线 ${lang}`);
      await logIn(page, "organiser", DEMO_PASSWORD, lang);
      await openDoor(page, event, w);
      const account = (await db
        .selectFrom("staff_user")
        .select("id")
        .where("username", "=", "organiser")
        .executeTakeFirstOrThrow())!.id;

      // A walk-in with a phone, refused at sync: the device keeps its name and the phone masked.
      await page.route("**/door-sync", async (route) => {
        const { items } = route.request().postDataJSON() as { items: { id: string }[] };
        await route.fulfill({
          json: {
            results: items.map((item) => ({ id: item.id, outcome: "refused", reason: "closed" })),
          },
        });
      });
      await context.setOffline(true);
      await walkIn(page, w, w.people[0], "13912340002");
      await context.setOffline(false);
      await expect(page.getByText(w.closed)).toBeVisible();
      await expect(page.locator("#door-problems + p + ul")).toContainText("139****0002");
      await checkNarrowAndLarge(page, PHONE);
      const refused = await deviceData(page);
      expect(JSON.stringify(refused.queue)).not.toContain("13912340002");
      expect(refused.queue).toEqual([
        expect.objectContaining({ state: "problem", phone: "139****0002" }),
      ]);

      // A scan that cannot be sent yet (the signal drops again as it goes).
      await page.unroute("**/door-sync");
      await page.route("**/door-sync", (route) => route.abort("aborted"));
      await context.setOffline(true);
      await scan(page, w, holder!.code, w.new(holder!.name));
      await context.setOffline(false);
      await expect(waiting(page)).toHaveAttribute("data-waiting", "1");
      const before = await deviceData(page);
      expect(before.doors).toContainEqual([account, event]);
      expect(before.pages).toBe(true);

      await logOut(page, lang);
      const after = await deviceData(page);
      expect(after.pages).toBe(false);
      expect(after.doors.filter(([who]) => who === account)).toEqual([]);
      // The refusal is gone with the session; the scan still waiting stays for this account.
      expect(after.queue.filter((item) => item.account === account)).toEqual([
        expect.objectContaining({ eventId: event, state: "waiting", kind: "scan" }),
      ]);
      expect(await checkins(event)).toEqual([]);

      // The same account logs in again: what waited arrives.
      await page.unroute("**/door-sync");
      await logIn(page, "organiser", DEMO_PASSWORD, lang);
      await page.goto(`/events/${event}/scan`);
      await expect(waiting(page)).toContainText(w.allSent);
      expect(await checkins(event)).toEqual([
        { name: holder!.name, method: "pass_scan", username: "organiser" },
      ]);
      expect(errors).toEqual([]);
    });
  });
}

test("a session that ended offline keeps its queue, apart from another account's", async ({
  page,
  context,
}) => {
  const errors = collectErrors(page);
  const w = words.zh;
  const holders = await holdersWithPasses("过期", 2);
  const event = await openEvent("离线后登录过期");
  await logIn(page, "organiser");
  await openDoor(page, event, w);
  await context.setOffline(true);
  for (const holder of holders) await scan(page, w, holder.code, w.new(holder.name));
  // The session ends while the door has no signal.
  await context.clearCookies();
  await context.setOffline(false);
  await expect(waiting(page)).toContainText(w.login(2));
  expect(await checkins(event)).toEqual([]);

  // Another account on this device sees none of it and sends none of it.
  await logIn(page, "village");
  await openDoor(page, event, w);
  await expect(waiting(page)).not.toContainText(w.login(2));
  await expect(page.getByTestId("door-state").getByRole("status")).toHaveAttribute(
    "data-waiting",
    "0",
  );
  expect(await checkins(event)).toEqual([]);

  // The recording account logs in again: its queue goes, under its own name, and the log says so.
  await context.clearCookies();
  await page.goto(`/login?next=${encodeURIComponent(`/events/${event}/scan`)}`);
  await page.getByLabel("用户名", { exact: true }).fill("organiser");
  await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("main").getByRole("button", { name: "登录", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${event}/scan$`));
  await expect(waiting(page)).toContainText(w.allSent);
  expect((await checkins(event)).map((row) => row.username)).toEqual(["organiser", "organiser"]);
  const logged = await db
    .selectFrom("audit_log")
    .select(["actor_username", "detail"])
    .where("action", "=", "checkin.offline")
    .where("target", "like", `${event} %`)
    .execute();
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatchObject({ actor_username: "organiser" });
  expect(logged[0]!.detail).toMatch(/^recorded offline \S+ to \S+: items=2 new=2/);
  expect(errors).toEqual([]);
});

import { readFile } from "node:fs/promises";
import { networkInterfaces } from "node:os";
import type { Browser, Page } from "@playwright/test";
import { E2E_DATABASE, E2E_ORIGIN, expect, test } from "./fixtures";
import ExcelJS from "exceljs";
import { ROTATION_SECONDS, tokenForSlot } from "../../app/.server/checkin/qr-token";
import { chooseLinkBase } from "../../app/.server/events/link-base";
import { qrSvg } from "../../app/.server/events/qr";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import { logIn } from "./helpers";

// Issue 3's whole journey as one story, through the real pages only: the organiser publishes an
// event and puts up its poster and projector; residents check in from phones without JavaScript;
// the projector counts by itself; a rotating code refuses an old token; a walk-in is added at the
// door; the exports hold exactly the people who came; and the resident's page speaks English.

const PHONE = { width: 360, height: 740 };
const MINUTE = 60_000;
const SLOT_MS = ROTATION_SECONDS * 1000;

/** A datetime-local value in Shanghai `minutes` from now (the form's fields are Shanghai time). */
function shanghaiLocal(minutes: number) {
  return new Date(Date.now() + minutes * MINUTE + 8 * 60 * MINUTE).toISOString().slice(0, 16);
}

/** A resident's phone: a small screen and no JavaScript, in a context of its own. */
function residentPhone(browser: Browser, locale = "zh-CN") {
  return browser.newContext({ viewport: PHONE, javaScriptEnabled: false, locale });
}

/** Creates and publishes, through /events/new, a public event whose check-in is open now. */
async function publishEvent(page: Page, title: string) {
  await page.goto("/events/new");
  await page.getByLabel("活动名称", { exact: true }).fill(title);
  await page.getByLabel("活动形式", { exact: true }).selectOption({ label: "法治讲座" });
  await page.getByLabel("活动场景", { exact: true }).selectOption({ label: "进村" });
  await page.getByLabel("所在村（社区）", { exact: true }).selectOption({ label: "舟山村" });
  await page.getByLabel("活动地点", { exact: true }).fill("舟山村党群服务中心");
  await page.getByLabel("开始时间", { exact: true }).fill(shanghaiLocal(-5));
  await page.getByLabel("结束时间", { exact: true }).fill(shanghaiLocal(115));
  await page.getByRole("checkbox", { name: "村（居）民" }).check();
  await page.getByLabel("宣传法律", { exact: true }).fill("民法典");
  await expect(page.getByRole("checkbox", { name: /投屏二维码每 15 秒更换/ })).not.toBeChecked();
  await page.getByRole("button", { name: "发布", exact: true }).click();

  await expect(page).toHaveURL(/\/events\/\d+$/);
  await expect(page.getByRole("status")).toHaveText("活动已发布，居民现在可以看到并签到。");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  const link = page.getByRole("region", { name: "签到链接" }).locator("code");
  const code = /\/c\/([a-z2-7]{8})$/.exec((await link.textContent()) ?? "")?.[1];
  const id = Number(/\/events\/(\d+)$/.exec(page.url())?.[1]);
  expect(code).toBeDefined();
  expect(Number.isSafeInteger(id)).toBe(true);
  return { id, code: code! };
}

/** Fills and sends the resident's check-in form (the page is already open). */
async function checkIn(page: Page, person: { name: string; phone: string }, lang: "zh" | "en") {
  const words =
    lang === "zh"
      ? { name: "姓名", phone: "手机号", village: "所在村（社区）", group: "身份" }
      : { name: "Name", phone: "Mobile number", village: "Village or community", group: "You are" };
  await page.getByLabel(words.name, { exact: true }).fill(person.name);
  await page.getByLabel(words.phone, { exact: true }).fill(person.phone);
  await page.getByLabel(words.village, { exact: true }).selectOption({ label: "舟山村" });
  await page.getByLabel(words.group, { exact: true }).selectOption("villager");
  const consent = lang === "zh" ? /我已阅读上述说明/ : /I have read the above/;
  await page.getByRole("checkbox", { name: consent }).check();
  await page
    .getByRole("button", { name: lang === "zh" ? "签到" : "Check in", exact: true })
    .click();
}

/** The event's QR secret, read (never written) to tell which token the projector's code carries. */
async function qrSecret(id: number) {
  const db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
  try {
    const row = await db
      .selectFrom("event")
      .select("qr_secret")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    return row.qr_secret;
  } finally {
    await db.destroy();
  }
}

test.describe.serial("issue 3: publish, print, project, scan, count, export", () => {
  const stamp = Date.now().toString(36);
  const resident = { name: "周秀英", phone: "13912340001" };
  const walkIn = { name: "陆阿婆", phone: "13800001234" };

  let organiser: Page;
  let projector: Page;
  let event: { id: number; code: string };
  let firstTime: string;

  test.beforeAll(async ({ browser }) => {
    const context = await browser.newContext();
    organiser = await context.newPage();
    projector = await context.newPage();
    await logIn(organiser, "organiser");
  });

  test.afterAll(async () => {
    await organiser?.context().close();
  });

  test("1. the organiser publishes an event and opens its poster and projector", async () => {
    event = await publishEvent(organiser, `民法典进村讲座 ${stamp}`);

    await organiser.getByRole("link", { name: "打印二维码海报" }).click();
    await expect(organiser).toHaveURL(`/events/${event.id}/poster`);
    await expect(organiser.getByRole("img", { name: /^签到二维码/ })).toBeVisible();
    await expect(organiser.getByText(`/c/${event.code}`, { exact: false })).toBeVisible();

    await projector.goto(`/events/${event.id}/projector`);
    await expect(projector.getByRole("heading", { level: 1 })).toHaveText(
      `民法典进村讲座 ${stamp}`,
    );
    await expect(projector.getByRole("img", { name: /^签到二维码/ })).toBeVisible();
    await expect(projector.getByTestId("live-count")).toHaveText("0 人已签到");
    // A mark on this very document: if the page reloaded, the mark would be gone.
    await projector.evaluate(() => document.documentElement.setAttribute("data-journey", "open"));
  });

  test("2. a resident checks in from a phone without JavaScript, and only once", async ({
    browser,
  }) => {
    const phone = await residentPhone(browser);
    const page = await phone.newPage();
    await page.goto(`/c/${event.code}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`民法典进村讲座 ${stamp}`);
    await checkIn(page, resident, "zh");
    const answer = page.getByRole("status");
    await expect(answer.getByRole("heading")).toHaveText("签到成功");
    await expect(answer).toContainText(/签到时间：\S+/);
    firstTime = /签到时间：(\S+)/.exec((await answer.textContent()) ?? "")![1]!;
    await phone.close();

    // Another phone, the same number: the first time, and no second row.
    const again = await residentPhone(browser);
    const second = await again.newPage();
    await second.goto(`/c/${event.code}`);
    await checkIn(second, { name: "周秀英", phone: resident.phone }, "zh");
    const already = second.getByRole("status");
    await expect(already.getByRole("heading")).toHaveText("已签到");
    await expect(already).toContainText(`您已于 ${firstTime} 签到，无需重复签到。`);
    await again.close();
  });

  test("3. the projector's count goes to 1 by itself", async () => {
    await expect(projector.getByTestId("live-count")).toHaveText("1 人已签到", {
      timeout: 15_000,
    });
    await expect(projector.locator("html")).toHaveAttribute("data-journey", "open");
  });

  test("4. a rotating code refuses a missing or old token and accepts the projected one", async ({
    browser,
  }) => {
    const rotating = await publishEvent(organiser, `滚动二维码讲座 ${stamp}`);
    await organiser.getByRole("link", { name: "编辑活动" }).click();
    await expect(organiser).toHaveURL(`/events/${rotating.id}/edit`);
    await organiser.getByRole("checkbox", { name: /投屏二维码每 15 秒更换/ }).check();
    await organiser.getByRole("button", { name: "保存", exact: true }).click();
    await expect(organiser.getByRole("status")).toHaveText("活动已更新。");
    await expect(organiser.getByRole("main")).toContainText(/投屏二维码每 15 秒更换.*是/);

    const phone = await residentPhone(browser);
    const page = await phone.newPage();
    for (const path of [`/c/${rotating.code}`, `/c/${rotating.code}?t=oldtoken`]) {
      await page.goto(path);
      const refusal = page.getByRole("alert");
      await expect(refusal.getByRole("heading")).toHaveText("二维码已更新");
      await expect(refusal).toContainText("请扫描现场屏幕上当前显示的二维码。");
      await expect(page.getByRole("button", { name: "签到", exact: true })).toHaveCount(0);
    }

    // The projector polls /live for the current code; its image is the link with the current token.
    const screen = await organiser.context().newPage();
    const live = screen.waitForResponse(
      (response) => new URL(response.url()).pathname === `/events/${rotating.id}/live`,
      { timeout: 15_000 },
    );
    await screen.goto(`/events/${rotating.id}/projector`);
    await expect(screen.getByText("二维码每 15 秒更换，请扫描屏幕上当前的二维码。")).toBeVisible();
    // The rotating code's label names no link: the stable one would be refused.
    const label = await screen.getByRole("img", { name: /^签到二维码/ }).getAttribute("aria-label");
    expect(label).not.toContain("/c/");
    // The demo opened on 127.0.0.1 links to this machine's LAN address (compared, never requested).
    const { base } = chooseLinkBase({
      publicUrl: undefined,
      demo: true,
      requestUrl: E2E_ORIGIN,
      interfaces: networkInterfaces,
    });
    const stable = `${base}/c/${rotating.code}`;
    const shown = ((await (await live).json()) as { qrSvg?: string }).qrSvg;
    expect(shown).toBeDefined();
    const secret = await qrSecret(rotating.id);
    const slot = Math.floor(Date.now() / SLOT_MS);
    let scanned: string | undefined;
    for (const candidate of [slot, slot - 1, slot - 2]) {
      const url = `${stable}?t=${encodeURIComponent(tokenForSlot(secret, candidate))}`;
      if ((await qrSvg(url)) === shown) scanned = url;
    }
    expect(scanned, "the projected QR encodes the check-in link with a current ?t= token").toMatch(
      /\/c\/[a-z2-7]{8}\?t=/,
    );
    // Opened here by its path: the test server answers on 127.0.0.1 only.
    const { pathname, search } = new URL(scanned!);
    await page.goto(pathname + search);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`滚动二维码讲座 ${stamp}`);
    await expect(page.getByLabel("手机号", { exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "签到", exact: true })).toBeVisible();
    await phone.close();
    await screen.close();
  });

  test("5. the organiser adds a walk-in and the list shows two people, phones masked", async () => {
    await organiser.goto(`/events/${event.id}/attendance`);
    await organiser.locator("summary", { hasText: "现场登记" }).click();
    const form = organiser.getByRole("region", { name: "现场登记" });
    await form.getByLabel("姓名", { exact: true }).fill(walkIn.name);
    await form.getByLabel("手机号（选填）").fill(walkIn.phone);
    await form.getByLabel("身份").selectOption({ label: "老年人" });
    await form.getByLabel("已向本人宣读个人信息说明，本人同意登记").check();
    await form.getByRole("button", { name: "登记签到" }).click();
    await expect(organiser.getByRole("status")).toHaveText(`已登记 ${walkIn.name} 的签到。`);

    const list = organiser.getByRole("list", { name: "签到记录" });
    await expect(list.getByRole("listitem")).toHaveCount(2);
    await expect(list.getByRole("listitem").filter({ hasText: walkIn.name })).toContainText(
      "138****1234",
    );
    await expect(list.getByRole("listitem").filter({ hasText: resident.name })).toContainText(
      "139****0001",
    );
    await expect(organiser.getByRole("heading", { name: "已签到 2 人" })).toBeVisible();
    await expect(organiser.getByRole("main")).not.toContainText(walkIn.phone);
    await expect(organiser.getByRole("main")).not.toContainText(resident.phone);
  });

  test("6. the CSV and XLSX exports hold exactly the two people, phones masked", async () => {
    const [csv] = await Promise.all([
      organiser.waitForEvent("download"),
      organiser.getByRole("link", { name: "下载 CSV" }).click(),
    ]);
    const bytes = await readFile(await csv.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString("utf8").split("\r\n").slice(0, -1);
    expect(lines[0]).toBe(
      "签到时间,姓名,手机号,村（社区）或单位,身份,签到方式,登记人,同一设备签到多人",
    );
    const rows = lines.slice(1).map((line) => line.split(","));
    expect(rows.map((row) => row.slice(1))).toEqual([
      [resident.name, "139****0001", "舟山村", "村（居）民", "扫码自助签到", "", ""],
      // The walk-in form starts at the event's own village.
      [walkIn.name, "138****1234", "舟山村", "老年人", "现场登记", "司法所 王敏（演示）", ""],
    ]);
    for (const row of rows) expect(row[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const [xlsx] = await Promise.all([
      organiser.waitForEvent("download"),
      organiser.getByRole("link", { name: "下载 Excel（XLSX）" }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await readFile(await xlsx.path())).buffer);
    const about = workbook.getWorksheet("说明")!;
    expect(String(about.getCell("B2").value)).toContain(`民法典进村讲座 ${stamp}`);
    const sheet = workbook.getWorksheet("签到名单")!;
    expect(sheet.getCell("B1").value).toBe("姓名");
    expect(sheet.rowCount).toBe(3);
    const cells = (row: number) =>
      ["B", "C", "E"].map((col) => sheet.getCell(`${col}${row}`).value);
    expect([cells(2), cells(3)]).toEqual([
      [resident.name, "139****0001", "村（居）民"],
      [walkIn.name, "138****1234", "老年人"],
    ]);
  });

  test("7. the resident's page answers in English for an English phone", async ({ browser }) => {
    const phone = await residentPhone(browser, "en-US");
    const page = await phone.newPage();
    await page.goto(`/c/${event.code}`);
    await expect(page.getByRole("button", { name: "Check in", exact: true })).toBeVisible();
    await checkIn(page, { name: "Li Ming", phone: "13712345678" }, "en");
    const answer = page.getByRole("status");
    await expect(answer.getByRole("heading")).toHaveText("Checked in");
    await expect(answer).toContainText(/Time: \S+/);
    await phone.close();
  });
});

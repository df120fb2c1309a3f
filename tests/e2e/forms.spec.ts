import type { Page } from "@playwright/test";
import type { Kysely } from "kysely";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { E2E_DATABASE, expect, test } from "./fixtures";
import {
  UNIT,
  checkNarrowAndLarge,
  collectErrors,
  expectNoSeriousA11yViolations,
  logIn,
} from "./helpers";

// Issue 16: a refused form shows where the eyes are (the error summary takes the focus, with and
// without JavaScript); cancelling asks first and can be restored; officials get no door buttons.

const PHONE = { width: 360, height: 740 };

let db: Kysely<Database>;
test.beforeAll(() => {
  db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
});
test.afterAll(async () => {
  await db?.destroy();
});

const eventsTitled = async (title: string) =>
  (await db.selectFrom("event").select("id").where("title", "=", title).execute()).length;

/** A time `hours` from now as a datetime-local value (the browser is in Shanghai). */
function local(hours: number) {
  return new Date(Date.now() + hours * 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 16);
}

/** The summary has the focus and is on screen, so the user (and a screen reader) meets it. */
async function expectSummaryMet(page: Page, text: RegExp | string) {
  const summary = page.locator(".error-summary");
  await expect(summary).toBeFocused();
  await expect(summary).toBeInViewport();
  await expect(summary).toHaveAttribute("role", "alert");
  await expect(summary).toContainText(text);
}

test.describe("a refused form (phone)", () => {
  test.use({ viewport: PHONE });

  test("takes the focus to its error summary with JavaScript, and the links lead to the fields", async ({
    page,
  }) => {
    test.slow();
    const errors = collectErrors(page);
    const title = `焦点测试 ${Date.now().toString(36)}`;
    await logIn(page, "organiser");
    await page.goto("/events/new");
    await page.getByLabel("活动名称", { exact: true }).fill(title);
    const publish = page.getByRole("button", { name: "发布", exact: true });
    await publish.scrollIntoViewIfNeeded();
    await publish.click();
    await expectSummaryMet(page, "请修改以下");
    await expect(page.getByLabel("活动名称", { exact: true })).toHaveValue(title);
    expect(await eventsTitled(title)).toBe(0);

    // A second refused submit, from the bottom again, brings the summary back into view.
    await publish.scrollIntoViewIfNeeded();
    await expect(page.locator(".error-summary")).not.toBeInViewport();
    await publish.click();
    await expectSummaryMet(page, "活动地点");

    await page.locator(".error-summary").getByRole("link", { name: "活动地点" }).click();
    await expect(page.getByLabel("活动地点", { exact: true })).toBeFocused();
    await expect(page.getByLabel("活动地点", { exact: true })).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    expect(await eventsTitled(title)).toBe(0);
    await checkNarrowAndLarge(page, PHONE);
    // The refused submits are answered 400, which the browser logs; nothing else may go wrong.
    expect(errors.filter((text) => !text.includes("status of 400"))).toEqual([]);
  });

  test("lands on the error summary without JavaScript", async ({ browser }) => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: PHONE,
      locale: "zh-CN",
      timezoneId: "Asia/Shanghai",
    });
    const page = await context.newPage();
    const title = `无脚本测试 ${Date.now().toString(36)}`;
    await logIn(page, "organiser");
    await page.goto("/events/new");
    await page.getByLabel("活动名称", { exact: true }).fill(title);
    await page.getByRole("button", { name: "发布", exact: true }).click();
    await expectSummaryMet(page, "请修改以下");
    await expect(page.getByLabel("活动名称", { exact: true })).toHaveValue(title);
    expect(await eventsTitled(title)).toBe(0);
    await context.close();
  });
});

test.describe("a refused form in English", () => {
  test.use({ locale: "en-US", viewport: PHONE });

  test("the after-event report focuses its summary, which speaks English", async ({ page }) => {
    const errors = collectErrors(page);
    await logIn(page, "organiser", undefined, "en");
    const event = await db
      .selectFrom("event")
      .select("id")
      .where("status", "in", ["published", "held"])
      .where("host_unit_id", "=", UNIT.subdistrict)
      .where("starts_at", "<", new Date().toISOString())
      .orderBy("id")
      .executeTakeFirstOrThrow();
    await page.goto(`/events/${event.id}/report`);
    await page.getByLabel("Estimated crowd (attendances)", { exact: true }).fill("lots");
    await page.getByRole("button", { name: /^Save/ }).click();
    await expectSummaryMet(page, "Enter 0 or a positive whole number.");
    await expectNoSeriousA11yViolations(page);
    expect(errors.filter((text) => !text.includes("status of 400"))).toEqual([]);
  });
});

test.describe("cancelling and restoring an event", () => {
  test("asks first, cancels, restores; officials see figures, not the door", async ({
    page,
    browser,
  }) => {
    test.slow();
    const errors = collectErrors(page);
    const title = `取消恢复测试 ${Date.now().toString(36)}`;
    await logIn(page, "organiser");
    await page.goto("/events/new");
    await page.getByLabel("活动名称", { exact: true }).fill(title);
    await page.getByLabel("活动形式", { exact: true }).selectOption({ label: "法治讲座" });
    await page.getByLabel("活动地点", { exact: true }).fill("香山街道便民服务中心");
    await page.getByLabel("开始时间", { exact: true }).fill(local(-1));
    await page.getByLabel("结束时间", { exact: true }).fill(local(2));
    await page.getByRole("checkbox", { name: "村（居）民" }).check();
    await page.getByRole("button", { name: "发布", exact: true }).click();
    await expect(page).toHaveURL(/\/events\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split("/").pop());

    await page.getByLabel("取消原因（将告知居民）").fill("暴雨预警");
    await page.getByRole("button", { name: "取消活动", exact: true }).click();
    const question = page.locator(".question");
    await expect(question).toBeFocused();
    await expect(question).toContainText(`确定取消「${title}」吗？`);
    // Asking wrote nothing.
    const status = async () =>
      (await db.selectFrom("event").select("status").where("id", "=", id).executeTakeFirstOrThrow())
        .status;
    expect(await status()).toBe("published");
    await checkNarrowAndLarge(page, { width: 1280, height: 720 });

    await question.getByRole("button", { name: "确定取消" }).click();
    await expect(page.getByRole("status")).toContainText("活动已取消");
    expect(await status()).toBe("cancelled");
    await page.getByRole("button", { name: "恢复活动" }).click();
    await expect(page.getByRole("status")).toHaveText("活动已恢复。");
    expect(await status()).toBe("published");
    const logged = await db
      .selectFrom("audit_log")
      .select("action")
      .where("target", "like", `% ${title}`)
      .where("action", "in", ["event.cancel", "event.restore"])
      .orderBy("id")
      .execute();
    expect(logged.map((row) => row.action)).toEqual(["event.cancel", "event.restore"]);
    expect(errors).toEqual([]);

    // The official's 今日: the event with its figures and public page, no door buttons.
    const context = await browser.newContext({ viewport: PHONE, locale: "zh-CN" });
    const official = await context.newPage();
    const officialErrors = collectErrors(official);
    await logIn(official, "official");
    const card = official.locator(".today-event").filter({ hasText: title });
    await expect(card.getByRole("link", { name: "查看数字" })).toBeVisible();
    await expect(card.getByRole("link", { name: "公开活动页面" })).toBeVisible();
    await expect(card.getByRole("link", { name: "现场签到" })).toHaveCount(0);
    await expect(card.getByRole("link", { name: "投屏" })).toHaveCount(0);
    await expect(card.getByRole("link", { name: "海报" })).toHaveCount(0);
    await expectNoSeriousA11yViolations(official);
    await official.goto(`/events/${id}`);
    await expect(official.getByRole("link", { name: "打印二维码海报" })).toHaveCount(0);
    await expect(official.getByRole("link", { name: "投屏签到" })).toHaveCount(0);
    await expect(official.getByRole("button", { name: "恢复活动" })).toHaveCount(0);
    const refused = await official.goto(`/events/${id}/projector`);
    expect(refused?.status()).toBe(403);
    expect(officialErrors.filter((text) => !text.includes("403"))).toEqual([]);
    await context.close();
    // The restored event runs now: back to a draft, so it does not lead the public home page
    // that later specs of this worker read.
    await db.updateTable("event").set({ status: "draft" }).where("id", "=", id).execute();
  });
});

test.describe("the event form on a phone", () => {
  test.use({ viewport: PHONE });

  for (const javaScriptEnabled of [true, false]) {
    test(`shows internal fields only for an internal event (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async ({
      browser,
    }) => {
      test.slow();
      const context = await browser.newContext({
        javaScriptEnabled,
        viewport: PHONE,
        locale: "zh-CN",
        timezoneId: "Asia/Shanghai",
      });
      const page = await context.newPage();
      const errors = collectErrors(page);
      await logIn(page, "organiser");
      await page.goto("/events/new");
      const invitees = page.getByLabel("邀请名单（内部活动）", { exact: true });
      await expect(page.getByRole("radio", { name: /^公开/ })).toBeChecked();
      await expect(invitees).toBeHidden();
      await expect(page.getByLabel("主持人", { exact: true })).toBeHidden();
      await page.getByRole("radio", { name: /^内部/ }).check();
      await expect(invitees).toBeVisible();

      // An internal kind on a public event is refused next to the format; nothing is written.
      const title = `公开培训测试 ${Date.now().toString(36)} ${javaScriptEnabled}`;
      await page.getByRole("radio", { name: /^公开/ }).check();
      await page.getByLabel("活动名称", { exact: true }).fill(title);
      await page.getByLabel("活动形式", { exact: true }).selectOption("training");
      await page.getByRole("button", { name: "发布", exact: true }).click();
      await expect(page.locator("#format-error")).toContainText("培训、中心组学法");
      await expect(page.locator(".error-summary")).toBeFocused();
      expect(await eventsTitled(title)).toBe(0);
      if (javaScriptEnabled) {
        await expectNoSeriousA11yViolations(page);
        expect(errors.filter((text) => !text.includes("status of 400"))).toEqual([]);
      }
      await context.close();
    });
  }
});

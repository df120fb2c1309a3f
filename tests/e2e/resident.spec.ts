import type { Browser, Page } from "@playwright/test";
import { E2E_DATABASE, expect, test } from "./fixtures";
import { createEvent } from "../../app/.server/events/events";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { EventInput } from "../../app/lib/event-schema";
import { demoActor, eventInput } from "../support/demo";
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations, logIn } from "./helpers";

// The resident's minute on a cheap phone (360 × 640, no JavaScript, large text) and the poster the
// organiser prints for it: the submit button on the first screen, no silent village, a success
// page a volunteer checks at a glance, and a poster that says who, what law and when.

const PHONE = { width: 360, height: 640 };

/** A public event of 香山街道 open for check-in now, written into the test server's database. */
async function publicEvent(overrides: Partial<EventInput> = {}) {
  const db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
  try {
    const event = await eventInput(db, {
      title: "民法典进村普法讲座",
      villageId: null,
      venue: "香山街道综合文化站",
      visibility: "public",
      invitees: [],
      ...overrides,
    });
    return await createEvent(db, { actor: await demoActor(db, "organiser"), publish: true, event });
  } finally {
    await db.destroy();
  }
}

/** Fails the test on any console error, uncaught error or failed request of this page. */
function watchErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  // A request the browser itself abandons on navigating away is no failure of the page.
  page.on("requestfailed", (request) => {
    if (request.failure()?.errorText !== "net::ERR_ABORTED")
      errors.push(`failed: ${request.url()}`);
  });
  return errors;
}

const largeText = (page: Page) =>
  page.evaluate(() => {
    document.documentElement.style.fontSize = "200%";
  });

/**
 * Option texts wider than their select would be cut off: each option's text, in the select's
 * own font, must fit its content box less the arrow (a little over half the font size).
 */
async function optionsThatDoNotFit(page: Page) {
  return page.evaluate(() => {
    const canvas = document.createElement("canvas").getContext("2d")!;
    const tooWide: string[] = [];
    for (const select of document.querySelectorAll("select")) {
      const style = getComputedStyle(select);
      canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room =
        select.clientWidth -
        parseFloat(style.paddingLeft) -
        parseFloat(style.paddingRight) -
        parseFloat(style.fontSize) * 0.6;
      for (const option of select.options) {
        const width = canvas.measureText(option.text).width;
        if (width > room)
          tooWide.push(`${option.text} (${Math.round(width)} > ${Math.round(room)})`);
      }
    }
    return tooWide;
  });
}

const words = {
  zh: {
    locale: "zh-CN",
    name: "姓名",
    phone: "手机号",
    village: "所在村（社区）",
    employer: "或工作单位",
    group: "身份",
    consent: /我已阅读上述说明/,
    submit: "签到",
    choose: "请选择",
    needed: "请选择所在村（社区），不在本街道的请填写工作单位。",
    more: "查看完整说明",
    success: "签到成功",
    show: "凭此页领取资料",
    events: "查看近期普法活动",
    // The running demo event lasts two hours from about now: late in a Beijing evening it ends
    // the next day ("次日 01:00").
    dated: /^\d{4}年\d{1,2}月\d{1,2}日 周. \d{2}:\d{2}(–\d{2}:\d{2}| – 次日 \d{2}:\d{2})$/,
  },
  en: {
    locale: "en-GB",
    name: "Name",
    phone: "Mobile number",
    village: "Village or community",
    employer: "Or employer",
    group: "You are",
    consent: /I have read the above/,
    submit: "Check in",
    choose: "Choose…",
    needed: "Choose your village or community; if you live elsewhere, give your employer.",
    more: "Read the full notice",
    success: "Checked in",
    show: "Show this page to collect materials",
    events: "See upcoming legal-education events",
    dated: /^\w{3}, \w{3} \d{1,2}, \d{4}, \d{2}:\d{2}(–\d{2}:\d{2}| – \d{2}:\d{2} next day)$/,
  },
} as const;

function residentPhone(browser: Browser, locale: string, javaScriptEnabled: boolean) {
  return browser.newContext({
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    locale,
    javaScriptEnabled,
  });
}

let event: { id: number; code: string };
test.beforeAll(async () => {
  event = await publicEvent({ laws: "民法典、宪法", speaker: "周敏", speakerRole: "lawyer" });
});

for (const lang of ["zh", "en"] as const) {
  const w = words[lang];

  test(`${lang}: the submit button is on the first screen at 360 × 640, options fit at 200% text`, async ({
    browser,
  }) => {
    const phone = await residentPhone(browser, w.locale, true);
    const page = await phone.newPage();
    const errors = watchErrors(page);
    await page.goto(`/c/${event.code}`);
    expect(await page.locator("script").count()).toBe(0);
    const submit = page.getByRole("button", { name: w.submit, exact: true });
    const box = await submit.boundingBox();
    expect(box).not.toBeNull();
    const bottom = box!.y + box!.height;
    test.info().annotations.push({
      type: "first screen",
      description: `${lang}: the submit button's bottom at ${bottom} px of 640`,
    });
    expect(bottom).toBeLessThanOrEqual(PHONE.height);
    // The village starts at "choose", consent is an explicit tick, the full notice one tap away.
    await expect(page.getByLabel(w.village, { exact: true })).toHaveValue("");
    await expect(page.getByLabel(w.village, { exact: true }).locator("option:checked")).toHaveText(
      w.choose,
    );
    await expect(page.getByRole("checkbox", { name: w.consent })).not.toBeChecked();
    await page.getByText(w.more).click();
    await expect(page.getByText(/3 (年后删除|years)/).last()).toBeVisible();
    await expectNoHorizontalScroll(page);
    expect(await optionsThatDoNotFit(page)).toEqual([]);
    await expectNoSeriousA11yViolations(page);

    await largeText(page);
    await expectNoHorizontalScroll(page);
    expect(await optionsThatDoNotFit(page)).toEqual([]);
    await submit.scrollIntoViewIfNeeded();
    await expect(submit).toBeInViewport();
    await expectNoSeriousA11yViolations(page);
    expect(errors).toEqual([]);
    await phone.close();
  });

  test(`${lang}: a resident without JavaScript must give a village or employer, then sees the success page`, async ({
    browser,
  }) => {
    const phone = await residentPhone(browser, w.locale, false);
    const page = await phone.newPage();
    const errors = watchErrors(page);
    await page.goto(`/c/${event.code}`);
    const name = lang === "zh" ? "周桂兰" : "Zhou Guilan";
    await page.getByLabel(w.name, { exact: true }).fill(name);
    await page
      .getByLabel(w.phone, { exact: true })
      .fill(lang === "zh" ? "13911112222" : "13911113333");
    await page.getByLabel(w.group, { exact: true }).selectOption("villager");
    await page.getByRole("checkbox", { name: w.consent }).check();
    await page.getByRole("button", { name: w.submit, exact: true }).click();

    // Nothing picked, nothing typed: the message sits with the village field. The refusal is a
    // 400, which the browser reports in its console; that one line is expected, nothing else.
    await expect(page.locator("#villageId-error")).toBeVisible();
    expect(errors).toEqual([
      "Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]);
    errors.length = 0;
    const village = page.getByLabel(w.village, { exact: true });
    await expect(village).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator("#villageId-error")).toHaveText(w.needed);
    await expect(page.getByRole("status")).toHaveCount(0);
    await expect(page.getByLabel(w.name, { exact: true })).toHaveValue(name);

    await village.selectOption({ label: "舟山村" });
    await page.getByRole("checkbox", { name: w.consent }).check();
    await page.getByRole("button", { name: w.submit, exact: true }).click();

    const answer = page.getByRole("status");
    await expect(answer.getByRole("heading", { level: 1 })).toHaveText(w.success);
    await expect(answer.locator(".who")).toHaveText(name);
    await expect(answer.locator(".what")).toHaveText("民法典进村普法讲座");
    await expect(answer.locator(".when")).toHaveText(w.dated);
    await expect(answer.getByText(w.show, { exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: w.events })).toHaveAttribute("href", "/");
    // Layout and axe need scripts in the page; the tests with JavaScript on check those.
    await expect(answer).toBeInViewport();
    expect(errors).toEqual([]);
    await phone.close();
  });
}

test("the success page and the public page of an ended event at 360 px and 200% text", async ({
  browser,
}) => {
  const phone = await residentPhone(browser, "zh-CN", true);
  const page = await phone.newPage();
  const errors = watchErrors(page);
  await page.goto(`/c/${event.code}`);
  await page.getByLabel("姓名", { exact: true }).fill("钱师傅");
  await page.getByLabel("手机号", { exact: true }).fill("13911114444");
  await page.getByLabel("或工作单位", { exact: true }).fill("苏州精密机械厂");
  await page.getByRole("checkbox", { name: /我已阅读上述说明/ }).check();
  await page.getByRole("button", { name: "签到", exact: true }).click();
  const answer = page.getByRole("status");
  await expect(answer).toContainText("凭此页领取资料");
  // Large enough to check at a glance: the name is set well above the text around it.
  const sizes = await answer.evaluate((box) => ({
    who: parseFloat(getComputedStyle(box.querySelector(".who")!).fontSize),
    body: parseFloat(getComputedStyle(document.body).fontSize),
  }));
  expect(sizes.who).toBeGreaterThanOrEqual(sizes.body * 1.75);
  await largeText(page);
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);

  const ended = await publicEvent({
    title: "上月的宪法讲座",
    startsAt: new Date(Date.now() - 30 * 86_400_000).toISOString(),
    endsAt: new Date(Date.now() - 30 * 86_400_000 + 7_200_000).toISOString(),
  });
  await page.goto(`/e/${ended.code}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("上月的宪法讲座");
  await expect(page.getByText("加入手机日历")).toHaveCount(0);
  await page.goto(`/e/${event.code}`);
  await expect(page.getByRole("link", { name: "加入手机日历" })).toBeVisible();
  await largeText(page);
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);
  expect(errors).toEqual([]);
  await phone.close();
});

test("the poster shows host, speaker, laws and the dated line, and warns on screen only", async ({
  page,
}) => {
  const errors = watchErrors(page);
  await logIn(page, "organiser");
  await page.goto(`/events/${event.id}/poster`);
  const sheet = page.getByRole("article", { name: "签到海报" });
  await expect(sheet.locator("dt", { hasText: "主办单位" }).locator("+ dd")).toHaveText("香山街道");
  await expect(sheet.locator("dt", { hasText: "主讲人" }).locator("+ dd")).toHaveText(
    "周敏（律师）",
  );
  await expect(sheet.locator("dt", { hasText: "宣传法律" }).locator("+ dd")).toHaveText(
    "民法典、宪法",
  );
  await expect(sheet.locator("dt", { hasText: "时间" }).locator("+ dd")).toHaveText(words.zh.dated);
  // The demo is opened on 127.0.0.1: the printed link is this machine's address on its network
  // (or 127.0.0.1 on a machine without one). The text is read, the address never requested.
  const link = (await sheet.locator(".poster-url").textContent()) ?? "";
  const host = new URL(link).host;
  const warning = page.getByRole("note").filter({ hasText: "注意：海报上的链接" });
  await expect(warning).toContainText(
    host.startsWith("127.0.0.1")
      ? "只能在这台电脑上打开"
      : "只有连接同一网络（Wi-Fi）的手机才能打开",
  );
  await expect(warning).toContainText(host);
  await expectNoSeriousA11yViolations(page);

  await page.emulateMedia({ media: "print" });
  await expect(warning).toBeHidden();
  await expect(sheet.locator(".poster-url")).toBeVisible();
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString("latin1");
  expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
  await page.emulateMedia({ media: "screen" });

  await page.setViewportSize({ width: 360, height: 640 });
  await expect(warning).toBeVisible();
  await largeText(page);
  await expectNoHorizontalScroll(page);
  await expectNoSeriousA11yViolations(page);
  expect(errors).toEqual([]);
});

test.describe("in English, in a browser set to UTC", () => {
  test.use({ locale: "en-GB", timezoneId: "UTC" });

  test("the poster writes its dates the English way, on the server, without hydration errors", async ({
    page,
  }) => {
    const errors = watchErrors(page);
    await logIn(page, "organiser", undefined, "en");
    await page.goto(`/events/${event.id}/poster`);
    const sheet = page.getByRole("article", { name: "Check-in poster" });
    await expect(sheet.locator("dt", { hasText: "Time" }).locator("+ dd")).toHaveText(
      words.en.dated,
    );
    await expect(sheet.locator("dt", { hasText: "Speaker" }).locator("+ dd")).toHaveText(
      "周敏 (Lawyer)",
    );
    await expect(
      page.getByRole("note").filter({ hasText: "Note: the link on this poster" }),
    ).toBeVisible();
    // Once scripts have run, the print button is there: the page hydrated.
    await expect(page.getByRole("button", { name: "Print the poster" })).toBeVisible();
    expect(errors).toEqual([]);
  });
});

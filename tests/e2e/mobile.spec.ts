import type { Page } from "@playwright/test";
import { devices } from "@playwright/test";
import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, expectNoHorizontalScroll, logIn, logOut, openMainNav } from "./helpers";

// A cheap Android phone: Pixel 5's browser, 360 CSS pixels wide.
const phone = devices["Pixel 5"];
test.use({
  userAgent: phone.userAgent,
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: phone.deviceScaleFactor,
  isMobile: true,
  hasTouch: true,
});

// Several pages per test, each checked for overflow.
test.describe.configure({ timeout: 60_000 });

test("an admin logs in and gets around on a phone; no page scrolls sideways", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("普法工作平台");
  await expectNoHorizontalScroll(page);

  await page.getByRole("link", { name: "工作人员请登录" }).tap();
  await expect(page).toHaveURL(/\/login$/);
  await expectNoHorizontalScroll(page);

  await page.getByLabel("用户名", { exact: true }).fill("admin");
  await page.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole("main").getByRole("button", { name: "登录", exact: true }).tap();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作台");
  await expectNoHorizontalScroll(page);

  await (await openMainNav(page)).getByRole("link", { name: "账号管理" }).tap();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("账号管理");
  await expect(page.getByRole("link", { name: "village", exact: true })).toBeAttached();
  await expectNoHorizontalScroll(page);

  await (await openMainNav(page)).getByRole("link", { name: "行政区划" }).tap();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("行政区划");
  await expectNoHorizontalScroll(page);

  await page.getByRole("main").getByRole("link", { name: "香山街道" }).tap();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("香山街道");
  await expectNoHorizontalScroll(page);

  await (await openMainNav(page)).getByRole("link", { name: "审计日志" }).tap();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("审计日志");
  await expectNoHorizontalScroll(page);

  await page.goto("/admin/users/new");
  await expectNoHorizontalScroll(page);

  await logOut(page);
  await expectNoHorizontalScroll(page);
});

test("a village organiser uses the site on a phone in English", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "English" }).tap();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Staff log-in");
  await expectNoHorizontalScroll(page);
  await logIn(page, "village", DEMO_PASSWORD, "en");
  await expectNoHorizontalScroll(page);
  await page.goto("/units/3");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("舟山村");
  await expectNoHorizontalScroll(page);
  await page.goto("/account/password");
  await expectNoHorizontalScroll(page);
});

/** Every form control lies within the viewport's width. */
async function expectControlsFit(page: Page) {
  const overflowing = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll("main input:not([type=hidden]), main button")]
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.left < 0 || box.right > width)
      .map(({ element, box }) => `${element.outerHTML.slice(0, 80)} ${box.left}-${box.right}`);
  });
  expect(overflowing).toEqual([]);
}

test("at 200% text size the log-in form is still usable", async ({ page }) => {
  await page.goto("/login");
  // The user's text-size setting: the root font size (everything is sized in rem).
  await page.evaluate(() => {
    document.documentElement.style.fontSize = "200%";
  });
  await expect(page.locator("html")).toHaveCSS("font-size", "32px");
  await expectNoHorizontalScroll(page);
  await expectControlsFit(page);

  const username = page.getByLabel("用户名", { exact: true });
  const password = page.getByLabel("密码", { exact: true });
  const submit = page.getByRole("main").getByRole("button", { name: "登录", exact: true });
  for (const control of [username, password, submit]) {
    await control.scrollIntoViewIfNeeded();
    await expect(control).toBeInViewport();
  }

  // An error keeps it usable too.
  await submit.tap();
  await expect(page.getByRole("alert")).toBeVisible();
  await page.evaluate(() => {
    document.documentElement.style.fontSize = "200%";
  });
  await expectNoHorizontalScroll(page);
  await expectControlsFit(page);

  await username.fill("official");
  await password.fill(DEMO_PASSWORD);
  await submit.tap();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.evaluate(() => {
    document.documentElement.style.fontSize = "200%";
  });
  await expectNoHorizontalScroll(page);
});

test("at 200% text size the staff pages reflow instead of scrolling sideways", async ({ page }) => {
  await logIn(page, "admin");
  for (const path of [
    "/",
    "/dashboard",
    "/units",
    "/admin/users",
    "/admin/users/new",
    "/admin/audit",
    "/account/password",
  ]) {
    await page.goto(path);
    await page.evaluate(() => {
      document.documentElement.style.fontSize = "200%";
    });
    await expect(page.locator("html")).toHaveCSS("font-size", "32px");
    await expectNoHorizontalScroll(page);
    await expectControlsFit(page);
  }
});

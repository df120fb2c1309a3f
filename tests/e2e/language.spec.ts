import { expect, test } from "./fixtures";
import type { BrowserContext } from "@playwright/test";
import { logIn } from "./helpers";

/** The language remembered in the browser (Remix stores cookie values as base64 JSON). */
async function rememberedLang(context: BrowserContext) {
  const cookie = (await context.cookies()).find((c) => c.name === "pufa_lang");
  if (!cookie) return null;
  return JSON.parse(Buffer.from(decodeURIComponent(cookie.value), "base64").toString()) as string;
}

test.describe("a browser that asks for English", () => {
  test.use({ locale: "en-US" });

  test("gets English at first, and the header switch to Chinese is remembered", async ({
    page,
    context,
  }) => {
    await page.goto("/");
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Legal-education outreach");
    await expect(page.getByRole("navigation", { name: "Main navigation" })).toBeVisible();
    await expect(page).toHaveTitle("Legal-education outreach · Pufa");

    const toChinese = page.getByRole("button", { name: "中文" });
    await expect(toChinese).toHaveAccessibleName("Switch to Chinese 中文");
    await toChinese.click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("普法工作平台");
    await expect(page.getByRole("button", { name: "English" })).toBeVisible();

    expect(await rememberedLang(context)).toBe("zh-CN");

    // Another page, loaded afresh: still Chinese although the browser asks for English.
    await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作人员登录");
    await logIn(page, "organiser");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作台");
    await page
      .getByRole("navigation", { name: "主导航" })
      .getByRole("link", { name: "行政区划" })
      .click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("行政区划");
  });
});

test.describe("a browser that asks for Chinese", () => {
  test("gets Chinese, switches to English on any page, and stays in English", async ({
    page,
    context,
  }) => {
    await page.goto("/login");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作人员登录");

    const toEnglish = page.getByRole("button", { name: "English" });
    await expect(toEnglish).toHaveAccessibleName("切换为英文 English");
    await toEnglish.click();
    // The switch goes back to the page it was used on.
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Staff log-in");
    expect(await rememberedLang(context)).toBe("en");

    await logIn(page, "admin", undefined, "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dashboard");
    const nav = page.getByRole("navigation", { name: "Main navigation" });
    await nav.getByRole("link", { name: "Accounts" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accounts");
    await page.goto("/admin/audit");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Audit log");

    // And back to Chinese, on the page where the user is.
    await page.getByRole("button", { name: "中文" }).click();
    await expect(page).toHaveURL(/\/admin\/audit$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("审计日志");
    await page.goto("/dashboard");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作台");
  });

  test("the switch works before any script has run", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto("/");
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Legal-education outreach");
    await page.goto("/login");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Staff log-in");
    await context.close();
  });
});

import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import {
  DEMO_PASSWORD,
  expectNoSeriousA11yViolations,
  logIn,
  logInWithForm,
  seriousA11yViolations,
} from "./helpers";

type Lang = "zh" | "en";

const words = {
  zh: {
    login: "登录",
    newUser: "新建账号",
    changePassword: "修改密码",
    forbidden: "无权访问",
    notFound: "页面不存在",
  },
  en: {
    login: "Log in",
    newUser: "New account",
    changePassword: "Change password",
    forbidden: "Not allowed",
    notFound: "Page not found",
  },
} as const;

const h1 = (page: Page) => page.getByRole("heading", { level: 1 });

for (const lang of ["zh", "en"] as const satisfies Lang[]) {
  const w = words[lang];

  test.describe(`axe-core finds no serious problem (${lang})`, () => {
    test.use({ locale: lang === "zh" ? "zh-CN" : "en-US" });
    // Each test runs axe several times, a second or more each on a busy machine.
    test.describe.configure({ timeout: 90_000 });

    test("public pages: home, log-in (also with errors), 404", async ({ page }) => {
      await page.goto("/");
      await expect(h1(page)).toBeVisible();
      await expectNoSeriousA11yViolations(page);

      await page.goto("/login");
      await expect(h1(page)).toBeVisible();
      await expectNoSeriousA11yViolations(page);

      // Empty fields: messages beside the fields and a summary.
      const submit = page.getByRole("main").getByRole("button", { name: w.login, exact: true });
      await submit.click();
      await expect(page.getByRole("alert")).toBeVisible();
      await expect(page.locator("[aria-invalid=true]")).toHaveCount(2);
      await expectNoSeriousA11yViolations(page);

      // A refused log-in: the message at the top.
      await page.locator("#username").fill("organiser");
      await page.locator("#password").fill(`not-${DEMO_PASSWORD}`);
      await submit.click();
      await expect(page.locator("[aria-invalid=true]")).toHaveCount(0);
      await expect(page.getByRole("alert")).toBeVisible();
      await expectNoSeriousA11yViolations(page);

      const missing = await page.goto("/no-such-page");
      expect(missing?.status()).toBe(404);
      await expect(h1(page)).toHaveText(w.notFound);
      await expectNoSeriousA11yViolations(page);
    });

    test("dashboard and units", async ({ page }) => {
      await logInWithForm(page, "admin", DEMO_PASSWORD, lang);
      await expect(page.getByRole("status")).toBeVisible(); // the welcome flash is checked too
      await expectNoSeriousA11yViolations(page);
      for (const path of ["/units", "/units/2"]) {
        await page.goto(path);
        await expect(h1(page)).toBeVisible();
        await expectNoSeriousA11yViolations(page);
      }
    });

    test("accounts, an account, and a new account with errors", async ({ page }) => {
      await logIn(page, "admin", DEMO_PASSWORD, lang);
      for (const path of ["/admin/users", "/admin/users/2"]) {
        await page.goto(path);
        await expect(h1(page)).toBeVisible();
        await expectNoSeriousA11yViolations(page);
      }
      await page.goto("/admin/users/new");
      await expect(h1(page)).toHaveText(w.newUser);
      await expectNoSeriousA11yViolations(page);
      await page.getByRole("main").getByRole("button", { name: w.newUser, exact: true }).click();
      await expect(page.getByRole("alert")).toBeVisible();
      await expect(page.locator("[aria-invalid=true]").first()).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    });

    test("audit log (also with a filter error) and the password page (also with errors)", async ({
      page,
    }) => {
      await logIn(page, "admin", DEMO_PASSWORD, lang);
      await page.goto("/admin/audit");
      await expect(page.locator(".audit-entry").first()).toBeVisible();
      await expectNoSeriousA11yViolations(page);
      // A bad date in the filter shows an error beside the field.
      await page.goto("/admin/audit?from=yesterday");
      await expect(page.locator("#from")).toHaveAttribute("aria-invalid", "true");
      await expectNoSeriousA11yViolations(page);

      await page.goto("/account/password");
      await expect(h1(page)).toHaveText(w.changePassword);
      await expectNoSeriousA11yViolations(page);
      await page
        .getByRole("main")
        .getByRole("button", { name: w.changePassword, exact: true })
        .click();
      await expect(page.getByRole("alert")).toBeVisible();
      await expectNoSeriousA11yViolations(page);
    });

    test("the 403 page", async ({ page }) => {
      await logIn(page, "official", DEMO_PASSWORD, lang);
      const response = await page.goto("/admin/users");
      expect(response?.status()).toBe(403);
      await expect(h1(page)).toHaveText(w.forbidden);
      await expectNoSeriousA11yViolations(page);
    });
  });
}

test("the skip link is the first stop of the keyboard, readable, and leads to the content", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "跳到正文" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  const colours = await skip.evaluate((element) => {
    const style = getComputedStyle(element);
    return { color: style.color, background: style.backgroundColor };
  });
  expect(colours.color).not.toBe(colours.background);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
});

test("the check finds a serious problem where there is one, at both text sizes", async ({
  page,
}) => {
  // A page of the site with a nameless button, a field without a label and faint text put in.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  // Put in after hydration: React would otherwise drop what it did not render itself.
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true");
  await page.evaluate(() => {
    const main = document.querySelector("main")!;
    main.insertAdjacentHTML("beforeend", '<button type="button"></button><input type="text">');
    // Styled through the DOM: the site's CSP ignores a style attribute.
    const faint = main.appendChild(document.createElement("p"));
    faint.textContent = "faint text";
    faint.style.color = "#ddd";
    faint.style.background = "#fff";
  });
  const found = (violations: { id: string }[]) => violations.map(({ id }) => id).sort();
  expect(found(await seriousA11yViolations(page))).toEqual([
    "button-name",
    "color-contrast",
    "label",
  ]);
  // Enlarged, the same document is read again; only the contrast rule is left out.
  await page.evaluate(() => {
    document.documentElement.style.fontSize = "200%";
  });
  expect(found(await seriousA11yViolations(page))).toEqual(["button-name", "label"]);
});

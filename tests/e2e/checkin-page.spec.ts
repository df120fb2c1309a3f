import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectNoHorizontalScroll, expectNoSeriousA11yViolations } from "./helpers";

// The resident's page on a cheap phone: 360 px wide, large text, no script of its own.

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

/** The demo's event that is open for check-in now: the one whose check-in page shows the form. */
async function openCheckinPage(page: Page) {
  await page.goto("/");
  const codes = await page
    .locator("a[href^='/e/']")
    .evaluateAll((links) => links.map((link) => link.getAttribute("href")!.split("/")[2]));
  for (const code of codes) {
    await page.goto(`/c/${code}`);
    if ((await page.locator("form input[name=phone]").count()) > 0) return code;
  }
  throw new Error("the demo has no event open for check-in");
}

for (const [lang, locale, heading] of [
  ["zh", "zh-CN", "姓名"],
  ["en", "en-US", "Name"],
] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ locale });

    test("fits a 360 px screen at 200% text, with no script and no serious accessibility problem", async ({
      page,
    }) => {
      await openCheckinPage(page);
      await expect(page.getByLabel(heading, { exact: true })).toBeVisible();
      expect(await page.locator("script").count()).toBe(0);
      await expectNoHorizontalScroll(page);
      await expectNoSeriousA11yViolations(page);

      await page.evaluate(() => {
        document.documentElement.style.fontSize = "200%";
      });
      await expectNoHorizontalScroll(page);
      const submit = page.getByRole("button", { name: lang === "zh" ? "签到" : "Check in" });
      await submit.scrollIntoViewIfNeeded();
      await expect(submit).toBeInViewport();

      // Errors stay readable too: an empty form marks its fields.
      await submit.click();
      await expect(page.locator("[aria-invalid=true]").first()).toBeVisible();
      await expectNoHorizontalScroll(page);
      await expectNoSeriousA11yViolations(page);
    });
  });
}

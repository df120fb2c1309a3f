import { expect, test } from "./fixtures";
import { DEMO_PASSWORD, checkNarrowAndLarge, collectErrors, logIn } from "./helpers";

// An error page names its request (X-Request-Id), so a user can quote it to the office, which
// finds the request's line in the log. The page keeps the id once its scripts take over.

const words = {
  zh: { notFound: "页面不存在", requestId: "请求编号", back: "返回工作台" },
  en: { notFound: "Page not found", requestId: "Request ID", back: "Back to the dashboard" },
} as const;

for (const lang of ["zh", "en"] as const) {
  const w = words[lang];

  test.describe(`the error page's request id (${lang})`, () => {
    test.use({ locale: lang === "zh" ? "zh-CN" : "en-US" });

    test("shows the id the server answered with, and keeps it in the browser", async ({ page }) => {
      const errors = collectErrors(page);
      await logIn(page, "organiser", DEMO_PASSWORD, lang);
      const missing = await page.goto("/events/no-such-event/page");
      expect(missing?.status()).toBe(404);
      const id = missing?.headers()["x-request-id"];
      expect(id).toMatch(/^[0-9a-f]{16}$/);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(w.notFound);
      const line = page.getByText(`${w.requestId} ${id}`, { exact: true });
      await expect(line).toBeVisible();
      // Once the page is hydrated (the scripts run the links), the id is still the same.
      await page.waitForLoadState("networkidle");
      await expect(line).toBeVisible();
      await checkNarrowAndLarge(page, { width: 1280, height: 800 });
      // Hydrated: the way back is a client-side navigation, and no page error shows an old id.
      await page.getByRole("link", { name: w.back }).click();
      await expect(page).toHaveURL(/\/dashboard$/);
      await expect(page.getByText(w.requestId)).toHaveCount(0);
      // The browser logs the page's own 404 answer; anything else is an error.
      expect(errors.filter((error) => !error.includes("404"))).toEqual([]);
    });
  });
}

import { expect, test } from "./fixtures";
import { collectErrors, logIn } from "./helpers";

// Issue 16: the official of 香山街道 prints the reach dashboard of 2024 (the period form picks the
// year) as the A4 report. It takes at most four pages; no card, table row or the report paragraph
// is cut by a page break; links print as plain text. Headless Chromium's PDF is what prints.

/** Pages of a PDF: its page objects, `/Type /Page` (not the `/Type /Pages` tree nodes). */
const pageCount = (pdf: Buffer) =>
  pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;

for (const [lang, locale] of [
  ["zh", "zh-CN"],
  ["en", "en-US"],
] as const) {
  test.describe(`in ${locale}`, () => {
    test.use({ locale });

    test("the 2024 reach report prints on at most four A4 pages, nothing cut, links as text", async ({
      page,
    }) => {
      const errors = collectErrors(page);
      await logIn(page, "official", undefined, lang);
      // What the period form sends for the year 2024.
      await page.goto("/reach?period=year&year=2024");
      await expect(page).toHaveURL(/year=2024/);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();

      const pdf = await page.pdf({ format: "A4" });
      const pages = pageCount(pdf);
      console.log(`reach 2024 as A4 (${locale}): ${pages} pages`);
      expect(pages).toBeGreaterThan(0);
      expect(pages).toBeLessThanOrEqual(4);

      await page.emulateMedia({ media: "print" });
      const unbroken = await page.evaluate(() =>
        [...document.querySelectorAll("main .figure, main .chart, main tr, .report-paragraph")].map(
          (element) => getComputedStyle(element).breakInside,
        ),
      );
      expect(unbroken.length).toBeGreaterThan(10);
      expect(unbroken.filter((value) => value !== "avoid")).toEqual([]);
      const links = await page.evaluate(() => {
        const text = getComputedStyle(document.querySelector("main p") ?? document.body).color;
        return [...document.querySelectorAll("main a")]
          .filter((link) => (link as HTMLElement).offsetParent !== null)
          .map((link) => {
            const style = getComputedStyle(link);
            return { color: style.color === text, underline: style.textDecorationLine };
          });
      });
      for (const link of links) expect(link).toEqual({ color: true, underline: "none" });
      expect(errors).toEqual([]);
    });
  });
}

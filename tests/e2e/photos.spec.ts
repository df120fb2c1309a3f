import sharp from "sharp";
import { expect, test } from "./fixtures";
import {
  checkNarrowAndLarge,
  collectErrors,
  expectNoSeriousA11yViolations,
  logIn,
} from "./helpers";

// Photos on a phone (issue 19 item 1): an organiser adds two photos at once to a 2024 event's
// report on a 360 px screen, sees them in the gallery, deletes one, and a file that is not a
// photo is refused beside the field; a draft event's report says why it takes no photos instead of
// offering the form; Chinese and English; axe, 360 px and 200 % text; no console error.

const PHONE = { width: 360, height: 740 };
test.use({ viewport: PHONE });

const words = {
  zh: {
    locale: "zh-CN",
    event: 3,
    field: "添加照片",
    upload: "上传照片",
    added: "已添加 2 张照片",
    deleted: "照片已删除。",
    notImage: "有文件不是照片（只收 JPEG、PNG 或 WebP）。都没有保存。",
    remove: (n: number) => `删除照片 ${n}`,
    draft: "活动还是草稿：发布并开始后才能添加照片。",
  },
  en: {
    locale: "en",
    event: 4,
    field: "Add photos",
    upload: "Upload photos",
    added: "2 photos added",
    deleted: "Photo deleted.",
    notImage: "A file is not a photo (JPEG, PNG or WebP only). None was saved.",
    remove: (n: number) => `Delete photo ${n}`,
    draft: "This event is a draft: photos can be added once it is published and has started.",
  },
} as const;

const photo = async (shade: number) => ({
  name: `IMG_${shade}.jpg`,
  mimeType: "image/jpeg",
  buffer: await sharp({
    create: { width: 1200, height: 900, channels: 3, background: { r: shade, g: 120, b: 60 } },
  })
    .jpeg()
    .toBuffer(),
});

for (const lang of ["zh", "en"] as const) {
  test.describe(`in ${lang}`, () => {
    const w = words[lang];
    test.use({ locale: w.locale });
    test.describe.configure({ timeout: 120_000 });

    test("an organiser adds photos on a phone, sees them and deletes one", async ({ page }) => {
      const errors = collectErrors(page);
      await logIn(page, "organiser", undefined, lang);
      await page.goto(`/events/${w.event}/report`);
      const gallery = page.locator(".photo-gallery img");
      const before = await gallery.count();

      await page
        .getByLabel(w.field)
        .setInputFiles([
          await photo(lang === "zh" ? 10 : 20),
          await photo(lang === "zh" ? 30 : 40),
        ]);
      await page.getByRole("button", { name: w.upload }).click();
      await expect(page.getByText(w.added)).toBeVisible();
      await expect(gallery).toHaveCount(before + 2);
      const last = gallery.last();
      await expect(last).toHaveAttribute("alt", new RegExp(`${before + 2}$`));
      // The thumbnail loads (lazily, once in view): the browser decoded the JPEG the server sent.
      await last.scrollIntoViewIfNeeded();
      await expect
        .poll(() => last.evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : 0)))
        .toBeGreaterThan(0);
      await expectNoSeriousA11yViolations(page);
      await checkNarrowAndLarge(page, PHONE);

      await page.getByRole("button", { name: w.remove(before + 2) }).click();
      await expect(page.getByText(w.deleted)).toBeVisible();
      await expect(gallery).toHaveCount(before + 1);

      await page.getByLabel(w.field).setInputFiles({
        name: "photo.jpg",
        mimeType: "image/jpeg",
        buffer: Buffer.from("not a photo"),
      });
      await page.getByRole("button", { name: w.upload }).click();
      await expect(page.locator("#photos-error")).toHaveText(w.notImage);
      await expect(gallery).toHaveCount(before + 1);
      await expectNoSeriousA11yViolations(page);
      // The refused upload's answer is a 400, which the browser reports as such: nothing else.
      expect(errors).toEqual([
        "Failed to load resource: the server responded with a status of 400 (Bad Request)",
      ]);
    });

    test("a draft event's report says why it takes no photos instead of the form", async ({
      page,
    }) => {
      const errors = collectErrors(page);
      await logIn(page, "organiser", undefined, lang);
      await page.goto("/events");
      const link = page.getByRole("link", { name: "法律明白人年度履职培训" }).first();
      await page.goto(`${await link.getAttribute("href")}/report`);
      await expect(page.getByText(w.draft)).toBeVisible();
      await expect(page.getByLabel(w.field)).toHaveCount(0);
      await expectNoSeriousA11yViolations(page);
      await checkNarrowAndLarge(page, PHONE);
      expect(errors).toEqual([]);
    });
  });
}

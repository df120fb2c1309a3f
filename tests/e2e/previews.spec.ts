import { E2E_DATABASE, expect, test } from "./fixtures";
import type { Page } from "@playwright/test";
import { createEvent } from "../../app/.server/events/events";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import { UNIT, collectErrors } from "./helpers";
import { demoActor } from "../support/demo";

// What a chat app reads from a shared link: the home and event pages carry their preview tags
// once in the page and after navigating to it, with no console error, and the icons a home screen
// uses are PNGs. The card's address is asserted as text: it points at the demo's LAN address.

const DAY = 24 * 60 * 60_000;

/**
 * A published public event next week, from 10:00 to 12:00 Beijing time (an event that crossed
 * midnight would be described over two dates), written straight into the database the test
 * server uses.
 */
async function upcomingEvent(title: string) {
  const db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
  try {
    const startsAt = new Date(Date.now() + 7 * DAY);
    startsAt.setUTCHours(2, 0, 0, 0);
    return await createEvent(db, {
      actor: await demoActor(db, "organiser"),
      publish: true,
      event: {
        title,
        format: "lecture",
        setting: "village",
        campaignId: null,
        hostUnitId: UNIT.zhoushan,
        villageId: UNIT.zhoushan,
        venue: "舟山村文化礼堂",
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 60 * 60_000).toISOString(),
        audience: ["villager"],
        laws: null,
        speaker: null,
        speakerRole: null,
        capacity: null,
        visibility: "public",
        description: null,
        rotatingQr: false,
        invitees: [],
      },
    });
  } finally {
    await db.destroy();
  }
}

const tag = (page: Page, property: string) =>
  page.locator(`head meta[property="${property}"]`).getAttribute("content");

test("the home and event pages carry their link previews in Chinese", async ({ page }) => {
  const errors = collectErrors(page);
  const title = `以案释法预览讲座 ${Date.now()}`;
  const { code } = await upcomingEvent(title);

  await page.goto("/");
  await expect(page.locator('head meta[property="og:title"]')).toHaveAttribute(
    "content",
    "普法工作平台",
  );
  expect(await tag(page, "og:description")).toContain("普法讲座");
  expect(await tag(page, "og:image")).toMatch(/^https?:\/\/[^/]+\/card\.png\?lang=zh-CN&v=/);
  await expect(page.locator('head link[rel="apple-touch-icon"]')).toHaveAttribute(
    "href",
    "/apple-touch-icon.png",
  );

  // Navigating in the page (scripts running) gives the event page its own tags.
  await page.getByRole("link", { name: title }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.locator('head meta[property="og:title"]')).toHaveAttribute("content", title);
  expect(await tag(page, "og:description")).toMatch(
    /^\d{4}年\d{1,2}月\d{1,2}日 周. \d\d:\d\d–\d\d:\d\d，舟山村文化礼堂/,
  );
  const image = await tag(page, "og:image");
  expect(image).toMatch(new RegExp(`/e/${code}/card\\.png\\?lang=zh-CN&v=`));
  await expect(page.locator('head meta[name="description"]')).toHaveCount(1);

  // The card itself, asked of this server (not of the LAN address the tag names).
  const card = await page.request.get(new URL(image ?? "").pathname + new URL(image ?? "").search);
  expect(card.status()).toBe(200);
  expect(card.headers()["content-type"]).toBe("image/png");
  for (const icon of ["/favicon.png", "/apple-touch-icon.png"]) {
    const response = await page.request.get(icon);
    expect(response.headers()["content-type"]).toBe("image/png");
  }
  expect(errors).toEqual([]);
});

test.describe("in English, on a phone set to UTC", () => {
  test.use({ locale: "en", timezoneId: "UTC", viewport: { width: 360, height: 740 } });

  test("an event page's preview reads in English", async ({ page }) => {
    const errors = collectErrors(page);
    const title = `Preview talk ${Date.now()}`;
    const { code } = await upcomingEvent(title);
    await page.goto(`/e/${code}`);
    await expect(page.locator('head meta[property="og:title"]')).toHaveAttribute("content", title);
    expect(await tag(page, "og:description")).toMatch(
      /^[A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, \d{4}, \d\d:\d\d–\d\d:\d\d, 舟山村文化礼堂/,
    );
    expect(await tag(page, "og:image")).toContain(`/e/${code}/card.png?lang=en&v=`);
    // Hydrated: the page's scripts ran over the same tags without complaint.
    await page.waitForLoadState("networkidle");
    expect(errors).toEqual([]);
  });
});

import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { DEMO_SECOND_VILLAGES, DEMO_VILLAGES } from "../../db/seed";
import {
  collectErrors,
  DEMO_PASSWORD,
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  logIn,
  openMainNav,
} from "./helpers";

// Issue 7 items 3, 4, 6 and 13: the organiser's day on a phone and on a desktop. The demo seed
// has one event running now, in 舟山村: 今日 leads to its door in one tap, the events list is
// cards with filters and pages, the header leaves the first screen to the page, and the public
// home page shows the running event first, with its check-in link.

// Several pages per test, each checked by axe on a machine shared with other work.
test.describe.configure({ timeout: 120_000 });

const RUNNING = "法治赶集：民法典与你同行现场咨询";
const PHONE = { width: 390, height: 844 };
const SMALL_PHONE = { width: 360, height: 640 };
const DESKTOP = { width: 1280, height: 800 };

const words = {
  zh: {
    today: "今日活动",
    running: "进行中",
    door: "现场签到",
    events: "普法活动",
    filter: "筛选",
    status: "状态",
    next: "下一页",
    previous: "上一页",
    range: /^第 1–20 条，共 (\d+) 条$/,
    rangeAny: /^第 1–\d+ 条，共 (\d+) 条$/,
    second: /^第 21–\d+ 条，共 (\d+) 条$/,
  },
  en: {
    today: "Today",
    running: "In progress",
    door: "Door",
    events: "Events",
    filter: "Filter",
    status: "Status",
    next: "Next",
    previous: "Previous",
    range: /^1–20 of (\d+)$/,
    rangeAny: /^1–\d+ of (\d+)$/,
    second: /^21–\d+ of (\d+)$/,
  },
} as const;

async function logInAs(page: Page, lang: "zh" | "en") {
  if (lang === "en") {
    await page.goto("/login");
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Staff log-in");
  }
  await logIn(page, "organiser", DEMO_PASSWORD, lang);
}

/** The 今日 section and the running event's entry in it. */
function todayEntry(page: Page, lang: "zh" | "en") {
  const today = page.getByRole("region", { name: words[lang].today, exact: true });
  return today.getByRole("listitem").filter({ hasText: RUNNING });
}

/** Measures an element against the viewport, for the closing note. */
async function box(page: Page, selector: string) {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not rendered`);
  return found;
}

function note(type: string, description: string) {
  test.info().annotations.push({ type, description });
  console.log(`${type}: ${description}`);
}

for (const [device, viewport] of [
  ["phone", PHONE],
  ["desktop", DESKTOP],
] as const) {
  for (const lang of ["zh", "en"] as const) {
    test(`${device}, ${lang}: the running event is in 今日, one tap from its door`, async ({
      page,
    }) => {
      const errors = collectErrors(page);
      const w = words[lang];
      await page.setViewportSize(viewport);
      await logInAs(page, lang);

      // The 工作台 opens on the day: the running event, marked running, its three links.
      const entry = todayEntry(page, lang);
      await expect(entry).toHaveCount(1);
      await expect(entry.getByText(w.running, { exact: true })).toBeVisible();
      // The day's first event is one tap from its door on the first screen. Other specs of this
      // worker may have put running events of their own before the demo's (late in the evening
      // their "half an hour ago" starts before the demo's): the first one is the one to reach.
      const today = page.getByRole("region", { name: w.today, exact: true });
      const first = today.getByRole("listitem").first();
      await expect(first.getByRole("link", { name: w.door })).toBeInViewport();
      await expect(entry.getByRole("link", { name: w.door })).toBeVisible();
      await expectNoHorizontalScroll(page);

      await entry.getByRole("link", { name: w.door }).click();
      await expect(page).toHaveURL(/\/events\/\d+\/attendance$/);
      await expect(page.getByRole("heading", { level: 1 })).toContainText(RUNNING);
      await expect(page.getByRole("main").getByText(w.running, { exact: true })).toBeVisible();

      // The events list has the same view at its top.
      await (await openMainNav(page, lang)).getByRole("link", { name: w.events }).click();
      await expect(page).toHaveURL(/\/events$/);
      await expect(todayEntry(page, lang)).toHaveCount(1);
      await expectNoHorizontalScroll(page);
      expect(errors).toEqual([]);
    });
  }
}

test.describe("the events list on a phone", () => {
  test.use({ viewport: PHONE });

  for (const lang of ["zh", "en"] as const) {
    test(`${lang}: cards, filters by status, pages`, async ({ page }) => {
      const errors = collectErrors(page);
      const w = words[lang];
      await logInAs(page, lang);
      await page.goto("/events");
      await expectNoHorizontalScroll(page);
      await expect(page.getByRole("table")).toHaveCount(0);

      const range = page.getByText(w.range);
      await expect(range).toBeVisible();
      const total = Number(((await range.textContent()) ?? "").match(w.range)?.[1]);
      expect(total).toBeGreaterThan(20);
      const cards = page.locator(".event-card");
      await expect(cards).toHaveCount(20);
      // A card fits the phone: no part of it lies outside the viewport's width.
      const first = await cards.first().boundingBox();
      expect(first && first.x >= 0 && first.x + first.width <= PHONE.width).toBe(true);

      // Next page, and back; the links are plain links (GET parameters).
      await page.getByRole("link", { name: w.next }).click();
      await expect(page).toHaveURL(/[?&]page=2/);
      await expect(page.getByText(w.second)).toBeVisible();
      await page.getByRole("link", { name: w.previous }).click();
      await expect(page.getByText(w.range)).toBeVisible();

      // Filters are folded; by status 进行中 only running events are left: fewer than all, and
      // every card says so (other tests of this run add running events of their own).
      await page.getByText(w.filter, { exact: true }).first().click();
      await page.getByLabel(w.status, { exact: true }).selectOption("running");
      await page.getByRole("main").getByRole("button", { name: w.filter }).click();
      await expect(page).toHaveURL(/status=running/);
      const listed = page.locator(".event-card");
      const filtered = page.getByText(w.rangeAny);
      // The count of the filtered list replaces the count of all once its data has arrived.
      const countNow = async () =>
        Number(((await filtered.textContent()) ?? "").match(w.rangeAny)?.[1]);
      await expect.poll(countNow).toBeLessThan(total);
      const running = await countNow();
      expect(running).toBeGreaterThan(0);
      const shown = Math.min(running, 20);
      await expect(listed).toHaveCount(shown);
      await expect(listed.filter({ hasText: w.running })).toHaveCount(shown);
      await expectNoHorizontalScroll(page);
      expect(errors).toEqual([]);
    });
  }

  test("bad filter values get a message beside their field and the whole list", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await logIn(page, "organiser");
    await page.goto("/events");
    const all = (await page.getByText(words.zh.range).textContent()) ?? "";

    await page.goto("/events?status=bogus&from=2026-02-30&village=999999");
    await expect(page.locator("#status-error")).toHaveText("没有这个状态，已显示全部状态。");
    await expect(page.locator("#from-error")).toContainText("请按 年-月-日 填写日期");
    await expect(page.locator("#village-error")).toHaveText(
      "这个村（社区）不在您的范围内，已显示全部。",
    );
    await expect(page.getByLabel("状态", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText(words.zh.range)).toHaveText(all);

    await page.goto("/events?from=2026-12-10&to=2026-12-01");
    await expect(page.locator("#to-error")).toHaveText("“到”早于“从”，这一项暂未使用。");
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);

    // Villages of the scope in the office's own order (the unit tree's), not by pinyin.
    const options = await page
      .getByLabel("所在村（社区）", { exact: true })
      .locator("option")
      .all();
    const names = await Promise.all(options.slice(1).map((option) => option.textContent()));
    expect(names).toEqual([...DEMO_VILLAGES]);
    expect(errors).toEqual([]);
  });
});

test.describe("the header on a phone", () => {
  for (const viewport of [PHONE, SMALL_PHONE]) {
    test(`takes at most a fifth of a ${viewport.width}×${viewport.height} screen`, async ({
      page,
    }) => {
      const errors = collectErrors(page);
      await page.setViewportSize(viewport);
      for (const [who, path] of [
        ["visitor", "/"],
        ["organiser", "/events"],
      ] as const) {
        if (who === "organiser") await logIn(page, "organiser");
        await page.goto(path);
        const header = await box(page, "header.site-header");
        note(
          `header ${viewport.width}×${viewport.height} ${who}`,
          `${Math.round(header.height)} px of ${viewport.height} (${((100 * header.height) / viewport.height).toFixed(1)}%)`,
        );
        expect(header.height).toBeLessThanOrEqual(viewport.height / 5);
      }

      // The menu opens the navigation (a <details>: no script needed) and leads on.
      const nav = await openMainNav(page);
      await expect(nav.getByRole("link", { name: "工作台" })).toBeVisible();
      await expectNoSeriousA11yViolations(page);
      await nav.getByRole("link", { name: "工作台" }).click();
      await expect(page).toHaveURL(/\/dashboard$/);
      // Navigating closes the menu again.
      await expect(page.getByRole("navigation", { name: "主导航" })).toBeHidden();

      // At 200% text the page's own title is still on the first screen.
      for (const path of ["/dashboard", "/events", "/"]) {
        await page.goto(path);
        await page.evaluate(() => {
          document.documentElement.style.fontSize = "200%";
        });
        const title = await box(page, "main h1");
        note(
          `h1 at 200% ${viewport.width}×${viewport.height} ${path}`,
          `top ${Math.round(title.y)}, bottom ${Math.round(title.y + title.height)} of ${viewport.height}`,
        );
        expect(title.y + title.height).toBeLessThanOrEqual(viewport.height);
        await expectNoHorizontalScroll(page);
        await expectNoSeriousA11yViolations(page);
      }
      expect(errors).toEqual([]);
    });
  }
});

test.describe("the menu without JavaScript", () => {
  test.use({ viewport: SMALL_PHONE, javaScriptEnabled: false });

  test("opens the navigation and leads on", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("navigation", { name: "主导航" })).toBeHidden();
    const nav = await openMainNav(page);
    await nav.getByRole("link", { name: "登录" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("heading", { level: 1 })).toBeInViewport();
  });
});

test.describe("the public pages at 360 px", () => {
  test.use({ viewport: SMALL_PHONE });

  test("the first event is on the first screen, running, with its check-in link", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await page.goto("/");
    const first = page.locator("main .plain-list > li").first();
    await expect(first).toContainText(RUNNING);
    await expect(first.getByText("进行中", { exact: true })).toBeVisible();
    const card = await first.boundingBox();
    const link = await first.getByRole("link", { name: RUNNING }).boundingBox();
    if (!card || !link) throw new Error("the first event is not rendered");
    note(
      "first public event at 360×640",
      `card top ${Math.round(card.y)}, title bottom ${Math.round(link.y + link.height)}, card bottom ${Math.round(card.y + card.height)}`,
    );
    expect(card.y + card.height).toBeLessThanOrEqual(SMALL_PHONE.height);
    const checkIn = first.getByRole("link", { name: "现在签到" });
    await expect(checkIn).toHaveAttribute("href", /^\/c\/[a-z0-9]+$/);

    // The filters are folded; villages in the unit tree's order, the district's two 舟山村
    // told apart; choosing 香山街道 narrows them to its own at once.
    await expect(page.getByLabel("所在村（社区）", { exact: true })).toBeHidden();
    await page.getByText("筛选", { exact: true }).first().click();
    const villages = page.getByLabel("所在村（社区）", { exact: true }).locator("option");
    const named = (area: string) => (name: string) =>
      name === "舟山村" ? `${area} · ${name}` : name;
    // Other specs of this worker may have set up offices of their own, whose villages follow in
    // the tree's order: the demo's come first, in order.
    const demo = [
      "全部",
      ...DEMO_VILLAGES.map(named("香山街道")),
      ...DEMO_SECOND_VILLAGES.map(named("横泾街道")),
    ];
    await expect
      .poll(async () => (await villages.allTextContents()).slice(0, demo.length))
      .toEqual(demo);
    await page.getByLabel("街道（镇）", { exact: true }).selectOption({ label: "香山街道" });
    await expect(villages).toHaveText(["全部", ...DEMO_VILLAGES.map(named("香山街道"))]);
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("link", { name: RUNNING }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(RUNNING);
    await expect(page.getByRole("main").getByText("进行中", { exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "现在签到" })).toHaveAttribute(
      "href",
      /^\/c\/[a-z0-9]+$/,
    );
    await expectNoHorizontalScroll(page);
    await expectNoSeriousA11yViolations(page);

    for (const path of ["/", page.url()]) {
      await page.goto(path);
      await page.evaluate(() => {
        document.documentElement.style.fontSize = "200%";
      });
      await expectNoHorizontalScroll(page);
      await expectNoSeriousA11yViolations(page);
    }
    expect(errors).toEqual([]);
  });

  test("organiser pages at 360 px and 200% text", async ({ page }) => {
    const errors = collectErrors(page);
    await logIn(page, "organiser");
    for (const path of ["/dashboard", "/events", "/events?status=running"]) {
      await page.goto(path);
      await expectNoHorizontalScroll(page);
      await expectNoSeriousA11yViolations(page);
      await page.evaluate(() => {
        document.documentElement.style.fontSize = "200%";
      });
      await expectNoHorizontalScroll(page);
      await expectNoSeriousA11yViolations(page);
    }
    expect(errors).toEqual([]);
  });
});

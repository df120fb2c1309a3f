import { devices } from "@playwright/test";
import type { Kysely } from "kysely";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { unitUnder } from "../support/demo";
import { E2E_DATABASE, expect, test } from "./fixtures";
import {
  checkNarrowAndLarge,
  collectErrors,
  expectNoSeriousA11yViolations,
  logIn,
} from "./helpers";

// Issue 15: the district's official (demo account `district`, 吴中区) compares its two
// sub-districts for this year, sorts them by a column and back, tells the two 舟山村 apart in the
// village table, and drills into 横泾街道, set up today: its year is not compared with the zeros of
// a year before it existed, nor are the quarters before it flagged. On a desktop and a phone, in
// Chinese and English.

let db: Kysely<Database>;
test.beforeAll(() => {
  db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
});
test.afterAll(async () => {
  await db?.destroy();
});

const year = new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(
  new Date(),
);

const words = {
  zh: {
    locale: "zh-CN",
    intro: `吴中区 · ${year}年`,
    table: "各街道（镇）",
    events: "场次",
    total: "合计",
    open: "查看 横泾街道 的普法成效",
    openVillage: (label: string) => `查看 ${label} 的活动`,
    subtotal: "横泾街道 小计",
    hengjing: `横泾街道 · ${year}年`,
    notYet: "尚未设立",
    quarters: "推进会",
  },
  en: {
    locale: "en-US",
    intro: `吴中区 · ${year}`,
    table: "Sub-districts side by side",
    events: "Events",
    total: "Total",
    open: "Reach of 横泾街道",
    openVillage: (label: string) => `Events of ${label}`,
    subtotal: "横泾街道 subtotal",
    hengjing: `横泾街道 · ${year}`,
    notYet: "not yet set up",
    quarters: "progress meeting",
  },
} as const;

const devicesUsed = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: {
    viewport: { width: 360, height: 740 },
    userAgent: devices["Pixel 5"].userAgent,
    isMobile: true,
    hasTouch: true,
  },
} as const;

for (const lang of ["zh", "en"] as const) {
  for (const device of ["desktop", "phone"] as const) {
    const w = words[lang];
    test.describe(`in ${lang} on a ${device}`, () => {
      test.use({ locale: w.locale, ...devicesUsed[device] });

      test("the district's official compares its sub-districts, sorts and drills into one", async ({
        page,
      }) => {
        test.setTimeout(60_000);
        const errors = collectErrors(page);
        await logIn(page, "district", undefined, lang);
        await page.goto("/reach");
        await expect(page.getByText(w.intro, { exact: true })).toBeVisible();

        const table = page.getByRole("region", { name: w.table }).getByRole("table");
        // Other specs may have set up sub-districts of their own in the shared database: the table
        // holds every sub-district the database has under 吴中区, and the demo's two keep their order.
        const demo = ["香山街道", "横泾街道"];
        const names = async () =>
          (await table.locator("tbody th").allInnerTexts()).filter((name) => demo.includes(name));
        const district = await db
          .selectFrom("admin_unit")
          .select("id")
          .where("level", "=", "district")
          .executeTakeFirstOrThrow();
        const subDistricts = await db
          .selectFrom("admin_unit")
          .select(["name", "retired_at"])
          .where("parent_id", "=", district.id)
          .where("level", "=", "subdistrict")
          .execute();
        const open = subDistricts
          .filter((unit) => unit.retired_at === null)
          .map((unit) => unit.name);
        // Every open sub-district has its row; a retired one may keep its row for the year it served.
        await expect
          .poll(() => table.locator("tbody th").allInnerTexts())
          .toEqual(expect.arrayContaining(open));
        for (const name of await table.locator("tbody th").allInnerTexts()) {
          expect(subDistricts.map((unit) => unit.name)).toContain(name);
        }
        expect(await names()).toEqual(demo);
        await expect(table.locator("tfoot th")).toHaveText(w.total);

        // Sorted on the server by a header link: most events first, then the other way.
        const events = table.getByRole("columnheader", { name: w.events });
        await events.getByRole("link").click();
        await expect(page).toHaveURL(/sort=events&dir=desc/);
        await expect(events).toHaveAttribute("aria-sort", "descending");
        expect(await names()).toEqual(["香山街道", "横泾街道"]);
        await events.getByRole("link").click();
        await expect(page).toHaveURL(/sort=events&dir=asc/);
        await expect(events).toHaveAttribute("aria-sort", "ascending");
        await expect.poll(names).toEqual(["横泾街道", "香山街道"]);

        // The two 舟山村 are told apart in the villages' table, subtotals per sub-district.
        // Beside the sub-district's own column, the village reads its name alone.
        for (const area of ["香山街道", "横泾街道"]) {
          const link = page.getByRole("link", {
            name: w.openVillage(`${area} · 舟山村`),
            exact: true,
          });
          await expect(link).toHaveText("舟山村");
          await expect(
            page.getByRole("row").filter({ has: link }).locator("td").first(),
          ).toHaveText(area);
        }
        await expect(page.getByRole("rowheader", { name: w.subtotal, exact: true })).toBeVisible();
        if (device === "desktop") await checkNarrowAndLarge(page, devicesUsed.desktop.viewport);
        else await expectNoSeriousA11yViolations(page);

        // 横泾街道, set up today: no "previous: 0", and no quarter of before flagged.
        await page.getByRole("link", { name: w.open, exact: true }).click();
        const hengjing = await unitUnder(db, "吴中区", "横泾街道");
        await expect(page).toHaveURL(new RegExp(`unit=${hengjing.id}`));
        await expect(page.getByText(w.hengjing, { exact: true })).toBeVisible();
        await expect(page.getByRole("region", { name: w.table })).toHaveCount(0);
        await expect(page.locator("#figure-events .hint")).toContainText(w.notYet);
        await expect(page.locator("#figure-legal-savvy .hint")).toContainText(w.notYet);
        // The gaps' section (its heading's parent) names no quarter without a 推进会.
        await expect(page.locator("#gaps").locator("..")).not.toContainText(w.quarters);
        await expectNoSeriousA11yViolations(page);
        expect(errors).toEqual([]);
      });
    });
  }
}

test("a sub-district's official is refused the district's reach", async ({ page }) => {
  const errors = collectErrors(page);
  await logIn(page, "official");
  const district = await db
    .selectFrom("admin_unit")
    .select("id")
    .where("level", "=", "district")
    .executeTakeFirstOrThrow();
  const refused = await page.goto(`/reach?unit=${district.id}&sort=events`);
  expect(refused?.status()).toBe(403);
  expect((await page.request.get(`/reach/export.csv?unit=${district.id}`)).status()).toBe(403);
  expect(errors.filter((error) => !error.includes("403"))).toEqual([]);
});

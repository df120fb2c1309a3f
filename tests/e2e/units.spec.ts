import type { Page } from "@playwright/test";
import type { Kysely } from "kysely";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { randomBytes } from "node:crypto";
import { E2E_DATABASE, expect, test } from "./fixtures";
import {
  checkNarrowAndLarge,
  collectErrors,
  expectNoSeriousA11yViolations,
  logIn,
} from "./helpers";

// Issue 15: the district's administrator sets up a new sub-district with 12 villages by pasting
// their names, and moves a village filed under the wrong sub-district (with an event and a
// check-in) to where it belongs, the figures of both sub-districts following on /reach. On a
// desktop and a phone, in Chinese and English; the paste also without JavaScript.

let db: Kysely<Database>;
test.beforeAll(() => {
  db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
});
test.afterAll(async () => {
  await db?.destroy();
});

const words = {
  zh: {
    locale: "zh-CN",
    name: "名称",
    parent: "上级单位",
    add: "新增下级单位",
    pasteLabel: "村/社区名称（每行一个）",
    preview: "预览",
    summary: "新增 12 个，已存在 0 个，重复 1 个，有问题 0 个。",
    create: (parent: string) => `确认新增这 12 个村/社区到${parent}`,
    created: "已新增 12 个村/社区。",
    addVillage: (parent: string) => `在${parent}下新增村/社区`,
    save: "保存",
    saved: (name: string) => `已保存：${name}。`,
    path: (sub: string, village: string) => `位置：吴中区 / ${sub} / ${village}`,
  },
  en: {
    locale: "en-US",
    name: "Name",
    parent: "Parent unit",
    add: "Add a unit below",
    pasteLabel: "Village and community names (one a line)",
    preview: "Preview",
    summary: "12 new, 0 already there, 1 repeated, 0 with a problem.",
    create: (parent: string) => `Add these 12 villages to ${parent}`,
    created: "12 villages added.",
    addVillage: (parent: string) => `Add a village or community to ${parent}`,
    save: "Save",
    saved: (name: string) => `Saved: ${name}.`,
    path: (sub: string, village: string) => `Place: 吴中区 / ${sub} / ${village}`,
  },
} as const;

const devices = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;

const unitIdOf = async (name: string) =>
  (
    await db
      .selectFrom("admin_unit")
      .select("id")
      .where("name", "=", name)
      .orderBy("id")
      .executeTakeFirstOrThrow()
  ).id;

/** The reach figures of a sub-district for 2023, as its page shows them. */
async function reachOf(page: Page, unitId: number) {
  await page.goto(`/reach?period=year&year=2023&unit=${unitId}`);
  const value = async (id: string) =>
    Number((await page.locator(`#${id} .figure-value`).innerText()).replace(/[,\s]/g, ""));
  return { events: await value("figure-events"), checkins: await value("figure-checkins") };
}

/** An event the village hosts in itself in 2023, with one check-in of someone of the village. */
async function eventWithCheckin(villageId: number, tag: string) {
  const starts = "2023-06-10T02:00:00.000Z";
  const { id } = await db
    .insertInto("event")
    .values({
      code: randomBytes(6).toString("hex"),
      title: `村民法治讲座 ${tag}`,
      format: "lecture",
      setting: "village",
      campaign_id: null,
      host_unit_id: villageId,
      village_id: villageId,
      venue: "村委会",
      starts_at: starts,
      ends_at: "2023-06-10T04:00:00.000Z",
      laws: null,
      speaker: null,
      speaker_role: null,
      capacity: null,
      visibility: "public",
      description: null,
      status: "held",
      cancel_reason: null,
      qr_secret: "secret",
      created_by: null,
      created_at: starts,
      updated_at: starts,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const person = await db
    .insertInto("person")
    .values({
      unit_id: villageId,
      phone: null,
      name: "王村民",
      village_id: villageId,
      employer: null,
      audience_group: "villager",
      consent_version: "v1",
      consented_at: starts,
      created_at: starts,
      updated_at: starts,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("checkin")
    .values({
      event_id: id,
      person_id: person.id,
      method: "walk_in",
      checked_in_at: starts,
      recorded_by: null,
      consent_version: "v1",
      name: "王村民",
      audience_group: "villager",
      village_id: villageId,
      employer: null,
      ticket: null,
      device: null,
    })
    .execute();
}

for (const lang of ["zh", "en"] as const) {
  for (const device of ["desktop", "phone"] as const) {
    const w = words[lang];
    const tag = `${lang}-${device}`;
    test.describe(`${lang} on a ${device}`, () => {
      test.use({ locale: w.locale, ...devices[device] });

      test("sets up a sub-district with 12 villages by pasting their names", async ({ page }) => {
        test.setTimeout(90_000);
        const errors = collectErrors(page);
        await logIn(page, "admin", undefined, lang);
        const town = `临湖镇${tag}`;
        await page.goto("/units");
        const add = page.locator("section", { has: page.getByRole("heading", { name: w.add }) });
        await add
          .getByLabel(w.parent, { exact: true })
          .selectOption(String(await unitIdOf("吴中区")));
        await add.getByLabel(w.name, { exact: true }).fill(town);
        await add.getByRole("button", { name: w.add, exact: true }).click();
        await expect(page).toHaveURL(/\/units\?parent=\d+$/);
        // The form comes back with the parent it had.
        await expect(add.getByLabel(w.parent, { exact: true })).toHaveValue(
          String(await unitIdOf("吴中区")),
        );
        await page.getByRole("link", { name: town, exact: true }).click();
        await expect(page).toHaveURL(/\/units\/\d+$/);

        const names = Array.from({ length: 12 }, (_, i) => `湖${i + 1}村`);
        await page
          .getByLabel(w.pasteLabel, { exact: true })
          .fill([...names, names[0]].join("\n") + "\n");
        await page.getByRole("button", { name: w.preview, exact: true }).click();
        await expect(page.getByText(w.summary, { exact: true })).toBeVisible();
        await expectNoSeriousA11yViolations(page);
        await page.getByRole("button", { name: w.create(town), exact: true }).click();
        await expect(page.getByText(w.created, { exact: true })).toBeVisible();
        const children = page.locator("section", {
          has: page.locator("#children"),
        });
        for (const name of names) {
          await expect(children.getByRole("link", { name, exact: true })).toBeVisible();
        }
        const rows = await db
          .selectFrom("admin_unit")
          .select("name")
          .where("parent_id", "=", await unitIdOf(town))
          .execute();
        expect(rows.map((row) => row.name).sort()).toEqual([...names].sort());
        await checkNarrowAndLarge(page, devices[device].viewport);
        expect(errors).toEqual([]);
      });

      test("moves a village filed under the wrong sub-district, its figures following", async ({
        page,
      }) => {
        test.setTimeout(90_000);
        const errors = collectErrors(page);
        await logIn(page, "admin", undefined, lang);
        const xiangshan = await unitIdOf("香山街道");
        const hengjing = await unitIdOf("横泾街道");
        const village = `上林村${tag}`;
        await page.goto(`/units/${xiangshan}`);
        const add = page.locator("section", {
          has: page.getByRole("heading", { name: w.addVillage("香山街道") }),
        });
        await add.getByLabel(w.name, { exact: true }).fill(village);
        await add.getByRole("button", { name: w.addVillage("香山街道"), exact: true }).click();
        await expect(page.getByRole("link", { name: village, exact: true })).toBeVisible();
        const villageId = await unitIdOf(village);
        await eventWithCheckin(villageId, tag);

        const before = {
          xiangshan: await reachOf(page, xiangshan),
          hengjing: await reachOf(page, hengjing),
        };
        await page.goto(`/units/${villageId}`);
        await expect(page.getByText(w.path("香山街道", village), { exact: true })).toBeVisible();
        await page.getByLabel(w.parent, { exact: true }).selectOption(String(hengjing));
        await page.getByRole("button", { name: w.save, exact: true }).click();
        await expect(page.getByText(w.saved(village), { exact: true })).toBeVisible();
        await expect(page.getByText(w.path("横泾街道", village), { exact: true })).toBeVisible();
        await expectNoSeriousA11yViolations(page);

        expect(await reachOf(page, xiangshan)).toEqual({
          events: before.xiangshan.events - 1,
          checkins: before.xiangshan.checkins - 1,
        });
        expect(await reachOf(page, hengjing)).toEqual({
          events: before.hengjing.events + 1,
          checkins: before.hengjing.checkins + 1,
        });
        expect(errors).toEqual([]);
      });
    });
  }
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });

  test("previews and pastes a list of villages", async ({ page }) => {
    await logIn(page, "admin");
    const hengjing = await unitIdOf("横泾街道");
    await page.goto(`/units/${hengjing}`);
    await page
      .getByLabel(words.zh.pasteLabel, { exact: true })
      .fill("无脚本一村\n无脚本二村\n舟山村");
    await page.getByRole("button", { name: "预览", exact: true }).click();
    await expect(
      page.getByText("新增 2 个，已存在 1 个，重复 0 个，有问题 0 个。", { exact: true }),
    ).toBeVisible();
    await page
      .getByRole("button", { name: "确认新增这 2 个村/社区到横泾街道", exact: true })
      .click();
    await expect(page.getByText("已新增 2 个村/社区。", { exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "无脚本二村", exact: true })).toBeVisible();
  });
});

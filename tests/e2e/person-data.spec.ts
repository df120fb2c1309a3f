import type { Page } from "@playwright/test";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import { unitUnder } from "../support/demo";
import { E2E_DATABASE, expect, test } from "./fixtures";
import {
  DEMO_PASSWORD,
  checkNarrowAndLarge,
  collectErrors,
  expectNoSeriousA11yViolations,
  logIn,
  openMainNav,
} from "./helpers";

// Issue 18 items 2 and 6: an organiser finds a resident by full phone with a reason, sees what
// the office holds, exports it and erases it; another sub-district finds nothing; an admin reads
// the sensitive-read log. On a 360 px phone, in Chinese and English.

const words = {
  zh: {
    locale: "zh-CN",
    nav: "个人信息查询",
    phone: "完整手机号",
    reason: "查询事由",
    find: "查找",
    required: "请填写此项。",
    short: "请写明事由，至少 4 个字。",
    notFound: "在您管辖的单位内没有找到这个手机号的人员。",
    person: "人员信息",
    exportReason: "导出事由",
    exportButton: "导出",
    confirm: "我已核实本人身份，确认删除",
    erase: "删除",
    mustConfirm: "请勾选确认后再删除。",
    erased: "已删除该人员的个人信息",
    reads: "敏感信息查阅记录",
    actor: "账号",
    filter: "筛选",
    lookup: "按完整手机号查找人员",
    from: "起始日期",
    to: "截止日期",
    fromAfterTo: "截止日期不能早于起始日期。",
  },
  en: {
    locale: "en-US",
    nav: "A person's data",
    phone: "Full phone number",
    reason: "Reason for the lookup",
    find: "Find",
    required: "Please fill this in.",
    short: "Give the reason, at least 4 characters.",
    notFound: "No one with this phone number in your units.",
    person: "Person",
    exportReason: "Reason for the export",
    exportButton: "Export",
    confirm: "I have checked who they are and confirm the erasure",
    erase: "Erase",
    mustConfirm: "Tick the box to confirm before erasing.",
    erased: "The person's data was erased",
    reads: "Sensitive reads",
    actor: "Account",
    filter: "Filter",
    lookup: "Person lookup by full phone",
    from: "From",
    to: "To",
    fromAfterTo: "The end date cannot be before the start date.",
  },
} as const;

const randomMobile = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

/** A resident of 香山's 舟山村 and one of 横泾's 舟山村 with the same phone and name. */
async function residents(name: string) {
  const phone = randomMobile();
  const db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
  try {
    const at = new Date().toISOString();
    const ids: number[] = [];
    for (const office of ["香山街道", "横泾街道"]) {
      const village = await unitUnder(db, office, "舟山村");
      const row = await db
        .insertInto("person")
        .values({
          unit_id: village.id,
          phone,
          name,
          village_id: village.id,
          employer: null,
          audience_group: "villager",
          consent_version: "2026-11-28",
          consented_at: at,
          created_at: at,
          updated_at: at,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    return { phone, xiangshan: ids[0]!, hengjing: ids[1]! };
  } finally {
    await db.destroy();
  }
}

async function lookUp(page: Page, w: (typeof words)["zh" | "en"], phone: string, reason: string) {
  await page.getByLabel(w.phone).fill(phone);
  await page.getByLabel(w.reason).fill(reason);
  await page.getByRole("button", { name: w.find, exact: true }).click();
}

for (const lang of ["zh", "en"] as const) {
  const w = words[lang];
  test.describe(`a person's data, ${lang}, 360 px`, () => {
    test.use({ locale: w.locale, viewport: { width: 360, height: 740 } });

    test("an organiser finds, exports and erases a resident", async ({ page }) => {
      const errors = collectErrors(page);
      const name = `查询${lang}${Date.now().toString(36).slice(-4)}`;
      const held = await residents(name);
      await logIn(page, "organiser", DEMO_PASSWORD, lang);
      const nav = await openMainNav(page, lang);
      await nav.getByRole("link", { name: w.nav }).click();
      await expect(page.getByRole("heading", { level: 1, name: w.nav })).toBeVisible();

      // Bad input: messages beside the fields, nothing found.
      await lookUp(page, w, "", "");
      await expect(page.locator("#phone-error")).toHaveText(w.required);
      await expect(page.locator("#reason-error")).toHaveText(w.required);
      await lookUp(page, w, held.phone, "查");
      await expect(page.locator("#reason-error")).toHaveText(w.short);
      await expect(page.getByLabel(w.phone)).toHaveValue(held.phone);
      await lookUp(page, w, randomMobile(), "本人申请查阅");
      await expect(page.locator("#phone-error")).toHaveText(w.notFound);
      await checkNarrowAndLarge(page, { width: 360, height: 740 });

      await lookUp(page, w, held.phone, "本人申请查阅");
      await expect(page).toHaveURL(new RegExp(`/people/${held.xiangshan}$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(new RegExp(name));
      // The page shows the number masked only.
      await expect(
        page.getByText(`${held.phone.slice(0, 3)}****${held.phone.slice(7)}`),
      ).toBeVisible();
      await expect(page.getByText(held.phone)).toHaveCount(0);
      await checkNarrowAndLarge(page, { width: 360, height: 740 });

      // An export without a reason comes back with the message beside the field.
      await page.getByRole("button", { name: w.exportButton, exact: true }).click();
      await expect(page.locator("#reason-error")).toHaveText(w.required);
      await page.getByLabel(w.exportReason).fill("本人申请复制");
      const download = page.waitForEvent("download");
      await page.getByRole("button", { name: w.exportButton, exact: true }).click();
      expect((await download).suggestedFilename()).toBe(`person-${held.xiangshan}.xlsx`);

      // Erasing asks for the tick first.
      await page.getByRole("button", { name: w.erase, exact: true }).click();
      await expect(page.locator("#confirm-error")).toHaveText(w.mustConfirm);
      await page.getByLabel(w.confirm).check();
      await page.getByRole("button", { name: w.erase, exact: true }).click();
      await expect(page).toHaveURL(/\/people$/);
      await expect(page.getByText(w.erased)).toBeVisible();
      await lookUp(page, w, held.phone, "本人申请查阅");
      await expect(page.locator("#phone-error")).toHaveText(w.notFound);
      await expectNoSeriousA11yViolations(page);
      // Refused forms answer 400 or 422, which the browser reports; nothing else may fail.
      expect(errors.filter((text) => !/status of 4(00|22)/.test(text))).toEqual([]);
    });

    test("another sub-district learns nothing; an official may not look people up", async ({
      page,
    }) => {
      const name = `横泾${lang}${Date.now().toString(36).slice(-4)}`;
      const held = await residents(name);
      const db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
      const other = randomMobile();
      try {
        // A phone only 香山 holds.
        await db
          .updateTable("person")
          .set({ phone: other })
          .where("id", "=", held.xiangshan)
          .execute();
      } finally {
        await db.destroy();
      }
      await logIn(page, "hengjing", DEMO_PASSWORD, lang);
      await page.goto("/people");
      await lookUp(page, w, other, "本人申请查阅");
      await expect(page.locator("#phone-error")).toHaveText(w.notFound);
      // 横泾's own resident with the first phone is theirs to find.
      await lookUp(page, w, held.phone, "本人申请查阅");
      await expect(page).toHaveURL(new RegExp(`/people/${held.hengjing}$`));
      // 香山's person page is not found for them.
      const response = await page.goto(`/people/${held.xiangshan}`);
      expect(response?.status()).toBe(404);

      await page.context().clearCookies();
      await logIn(page, "official", DEMO_PASSWORD, lang);
      expect((await page.goto("/people"))?.status()).toBe(403);
    });

    test("an admin lists the sensitive reads, filtered, with errors beside the fields", async ({
      page,
    }) => {
      const errors = collectErrors(page);
      await logIn(page, "admin", DEMO_PASSWORD, lang);
      await page.goto("/admin/audit");
      await page.getByRole("link", { name: w.reads }).click();
      await expect(page.getByRole("heading", { level: 1, name: w.reads })).toBeVisible();
      await page.getByLabel(w.actor).fill("organiser");
      await page.getByRole("button", { name: w.filter, exact: true }).click();
      await expect(
        page.getByRole("list", { name: w.reads }).getByText(w.lookup).first(),
      ).toBeVisible();
      await expect(page.getByText("本人申请查阅").first()).toBeVisible();
      await page.getByLabel(w.from).fill("2026-12-05");
      await page.getByLabel(w.to).fill("2026-12-01");
      await page.getByRole("button", { name: w.filter, exact: true }).click();
      await expect(page.locator("#to-error")).toHaveText(w.fromAfterTo);
      await checkNarrowAndLarge(page, { width: 360, height: 740 });
      expect(errors).toEqual([]);
    });
  });
}

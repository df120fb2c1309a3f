import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { E2E_DATABASE, expect, test } from "./fixtures";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import {
  DEMO_PASSWORD,
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  logIn,
} from "./helpers";

// Item 15 of issue 7: the audit log in the reader's words, paged, filtered by days, exported as
// shown (and the export logged); on a 390 px phone and a desktop, in Chinese and English.

/** 60 attendance exports by one made-up account on 3 and 4 November 2026, Beijing time. */
async function seedEntries(actor: string) {
  const db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
  try {
    await db
      .insertInto("audit_log")
      .values(
        Array.from({ length: 60 }, (_, i) => ({
          // 3 November 08:00 Beijing onwards, one an hour: 16 on the 3rd, 44 on the 4th and after.
          at: new Date(Date.UTC(2026, 10, 3, 0, 0, 0) + i * 3_600_000).toISOString(),
          action: "event.export",
          outcome: "success" as const,
          actor_id: null,
          actor_username: actor,
          target: `EV${String(i).padStart(2, "0")} 舟山村法治讲座`,
          ip: "127.0.0.1",
          unit_path: "/1/2/",
          detail: "format=csv rows=12",
        })),
      )
      .execute();
  } finally {
    await db.destroy();
  }
}

const words = {
  zh: {
    locale: "zh-CN",
    title: "审计日志",
    action: "导出签到名单",
    format: "文件格式：",
    firstPage: "共 60 条 · 第 1 页，共 2 页",
    secondPage: "共 60 条 · 第 2 页，共 2 页",
    oneDay: "共 16 条 · 第 1 页，共 1 页",
    next: "下一页",
    previous: "上一页",
    from: "开始日期",
    to: "结束日期",
    filter: "筛选",
    fromAfterTo: "开始日期不能晚于结束日期。",
    badDate: "请按 年-月-日 格式填写日期。",
    csv: "下载 CSV",
    header: "时间,操作人,操作,对象,单位,结果,IP 地址,说明",
    exported: "导出审计日志",
    exportDetail: "行数：16",
  },
  en: {
    locale: "en-US",
    title: "Audit log",
    action: "Attendance exported",
    format: "File format:",
    firstPage: "60 entries · Page 1 of 2",
    secondPage: "60 entries · Page 2 of 2",
    oneDay: "16 entries · Page 1 of 1",
    next: "Next page",
    previous: "Previous page",
    from: "From",
    to: "To",
    filter: "Filter",
    fromAfterTo: "The start date cannot be after the end date.",
    badDate: "Enter the date as year-month-day.",
    csv: "Download CSV",
    header: "Time,User,Action,Target,Unit,Outcome,IP address,Detail",
    exported: "Audit log exported",
    exportDetail: "Rows: 16",
  },
} as const;

const entries = (page: Page, title: string) =>
  page.getByRole("list", { name: title }).getByRole("listitem");

for (const lang of ["zh", "en"] as const) {
  const w = words[lang];
  for (const viewport of [
    { name: "390 px phone", width: 390, height: 844 },
    { name: "desktop", width: 1280, height: 800 },
  ]) {
    test.describe(`audit log, ${lang}, ${viewport.name}`, () => {
      test.use({
        locale: w.locale,
        viewport: { width: viewport.width, height: viewport.height },
      });

      test("pages, filters by days with errors beside the fields, exports what it shows", async ({
        page,
      }) => {
        test.setTimeout(60_000);
        const actor = `audit-${lang}-${viewport.width}-${Date.now().toString(36)}`;
        await seedEntries(actor);
        await logIn(page, "admin", DEMO_PASSWORD, lang);

        await page.goto(`/admin/audit?actor=${actor}`);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(w.title);
        await expect(page.getByText(w.firstPage, { exact: true })).toBeVisible();
        await expect(entries(page, w.title)).toHaveCount(50);
        const newest = entries(page, w.title).first();
        await expect(newest).toContainText(w.action);
        await expect(newest).toContainText("EV59 舟山村法治讲座");
        await expect(
          newest.getByRole("term").filter({ hasText: w.format.slice(0, -1) }),
        ).toBeVisible();
        await expect(newest).not.toContainText("event.export");
        await expect(newest).not.toContainText("format=csv");
        await expectNoHorizontalScroll(page);

        await page.getByRole("link", { name: w.next }).click();
        await expect(page).toHaveURL(/[?&]page=2$/);
        await expect(page.getByText(w.secondPage, { exact: true })).toBeVisible();
        await expect(entries(page, w.title)).toHaveCount(10);
        await expect(entries(page, w.title).last()).toContainText("EV00");
        await page.getByRole("link", { name: w.previous }).click();
        await expect(page.getByText(w.firstPage, { exact: true })).toBeVisible();

        // A start after the end: the message sits beside the end date, and no entry is listed.
        await page.getByLabel(w.from, { exact: true }).fill("2026-11-04");
        await page.getByLabel(w.to, { exact: true }).fill("2026-11-03");
        await page.getByRole("button", { name: w.filter, exact: true }).click();
        await expect(page.getByLabel(w.to, { exact: true })).toHaveAccessibleDescription(
          w.fromAfterTo,
        );
        await expect(page.getByLabel(w.to, { exact: true })).toHaveAttribute(
          "aria-invalid",
          "true",
        );
        await expect(page.getByRole("list", { name: w.title })).toHaveCount(0);
        // A day that does not exist, typed into the address.
        await page.goto(`/admin/audit?actor=${actor}&from=2026-02-30`);
        await expect(page.getByLabel(w.from, { exact: true })).toHaveAccessibleDescription(
          w.badDate,
        );

        // One day, 3 November in Beijing: 16 entries.
        await page.goto(`/admin/audit?actor=${actor}`);
        await page.getByLabel(w.from, { exact: true }).fill("2026-11-03");
        await page.getByLabel(w.to, { exact: true }).fill("2026-11-03");
        await page.getByRole("button", { name: w.filter, exact: true }).click();
        await expect(page.getByText(w.oneDay, { exact: true })).toBeVisible();

        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.getByRole("link", { name: w.csv }).click(),
        ]);
        const bytes = await readFile(await download.path());
        const lines = bytes.subarray(3).toString("utf8").split("\r\n").slice(0, -1);
        expect(lines[0]).toBe(w.header);
        expect(lines).toHaveLength(1 + 16);
        expect(lines.slice(1).every((line) => line.includes(`,${actor},${w.action},`))).toBe(true);

        // The export is itself in the log, newest, with what it held.
        await page.goto("/admin/audit?action=audit.export&actor=admin");
        const exported = entries(page, w.title).first();
        await expect(exported).toContainText(w.exported);
        await expect(exported).toContainText(w.exportDetail.split(/[：:]/)[0]!);
        await expect(exported).toContainText("16");
      });
    });
  }

  test.describe(`audit log, ${lang}, 360 px and 200% text`, () => {
    test.use({ locale: w.locale, viewport: { width: 360, height: 740 } });

    test("has no serious accessibility problem and does not scroll sideways", async ({ page }) => {
      // axe reads every entry on the page, four times over, on a machine shared by five.
      test.setTimeout(150_000);
      await logIn(page, "admin", DEMO_PASSWORD, lang);
      await page.goto("/admin/audit?from=2026-11-05&to=2026-11-01");
      await expect(page.getByLabel(w.to, { exact: true })).toHaveAttribute("aria-invalid", "true");
      await expectNoSeriousA11yViolations(page);
      await page.goto("/admin/audit");
      await expect(entries(page, w.title).first()).toBeVisible();
      for (const size of ["100%", "200%"]) {
        await page.evaluate((value) => {
          document.documentElement.style.fontSize = value;
        }, size);
        await expectNoHorizontalScroll(page);
        await expectNoSeriousA11yViolations(page);
      }
    });
  });
}

test("without JavaScript the filter and the page links still work", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "zh-CN" });
  const page = await context.newPage();
  const actor = `audit-nojs-${Date.now().toString(36)}`;
  await seedEntries(actor);
  await logIn(page, "admin");
  await page.goto("/admin/audit");
  await page.getByLabel("操作人", { exact: true }).fill(actor);
  await page.getByRole("button", { name: "筛选", exact: true }).click();
  await expect(page.getByText(words.zh.firstPage, { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "下一页" }).click();
  await expect(page.getByText(words.zh.secondPage, { exact: true })).toBeVisible();
  await context.close();
});

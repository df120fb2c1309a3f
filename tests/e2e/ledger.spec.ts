import { spawnSync } from "node:child_process";
import { expect, test } from "./fixtures";
import { checkNarrowAndLarge, collectErrors, logIn, UNIT } from "./helpers";

// Issue 19 items 5 and 6: an organiser of 香山街道 downloads the report section of 2024 from the
// reach dashboard, opens the year's 台账 from there, sees what it holds, is told beside the year
// that an empty year has nothing to file, and downloads the zip; a village account and another
// sub-district are refused. In Chinese and in English. The files are read back with Python's
// zipfile and python-docx (the integration test reads every file; this one checks what came).

const PYTHON = "/usr/bin/python3";

/** What Python finds in a downloaded file: the zip's names, or the Word file's paragraphs. */
function readBack(path: string, kind: "zip" | "docx") {
  const script =
    kind === "zip"
      ? "import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps([[i.filename, bool(i.flag_bits & 0x800)] for i in z.infolist()], ensure_ascii=False))"
      : "import json,sys,docx; d=docx.Document(sys.argv[1]); print(json.dumps([p.text for p in d.paragraphs], ensure_ascii=False))";
  const run = spawnSync(PYTHON, ["-c", script, path], { encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as unknown;
}

const words = {
  zh: {
    locale: "zh-CN",
    section: "导出报告段落（Word）",
    sectionTitle: "香山街道2024年普法工作情况",
    ledgerLink: "年度台账",
    title: "年度台账",
    year: "年份",
    show: "查看内容",
    download: "下载台账（zip）",
    events: "已举办的普法活动 15 场",
    empty: "这一年没有已举办的普法活动、学法或履职记录，没有可以归档的台账。",
    badYear: "年份应在 2000 到 2100 之间。",
    index: "00-目录.xlsx",
    folders: ["普法活动", "法律明白人", "学法用法", "年度统计"],
    villageOnly: "台账由街道（镇）司法所整理下载",
  },
  en: {
    locale: "en-GB",
    section: "Report section (Word)",
    sectionTitle: "Legal education in 香山街道, 2024",
    ledgerLink: "Year's evidence file",
    title: "Year's evidence file",
    year: "Year",
    show: "Show contents",
    download: "Download the evidence file (zip)",
    events: "15 outreach events held",
    empty:
      "This year holds no held outreach event, study session or duty log entry: there is nothing to file.",
    badYear: "The year must be between 2000 and 2100.",
    index: "00-index.xlsx",
    folders: ["Outreach events", "Legal-savvy persons", "Cadre study", "Year figures"],
    villageOnly: "The sub-district's justice office downloads the evidence file",
  },
} as const;

for (const lang of ["zh", "en"] as const) {
  const w = words[lang];
  test.describe(`in ${lang}`, () => {
    test.use({ locale: w.locale, viewport: { width: 1280, height: 900 } });

    test("an organiser downloads the report section and the year's 台账", async ({ page }) => {
      test.setTimeout(240_000);
      const errors = collectErrors(page);
      await logIn(page, "organiser", undefined, lang);
      await page.goto("/reach?period=year&year=2024");

      const [section] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("link", { name: w.section, exact: true }).click(),
      ]);
      expect(section.suggestedFilename()).toMatch(/\.docx$/);
      const paragraphs = readBack(await section.path(), "docx") as string[];
      expect(paragraphs[0]).toBe(w.sectionTitle);

      await page.getByRole("link", { name: w.ledgerLink, exact: true }).click();
      await expect(page).toHaveURL(
        new RegExp(`/reach/ledger\\?unit=${UNIT.subdistrict}&year=2024`),
      );
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(w.title);
      await expect(page.getByText(w.events, { exact: true })).toBeVisible();
      await checkNarrowAndLarge(page, { width: 1280, height: 900 });

      // An empty year and a year that is not one: said beside the year, and nothing to download.
      const year = page.getByLabel(w.year, { exact: true });
      for (const [typed, message] of [
        ["2019", w.empty],
        ["20x4", w.badYear],
      ] as const) {
        await year.fill(typed);
        await page.getByRole("button", { name: w.show, exact: true }).click();
        await expect(page.locator("#year-error")).toHaveText(message);
        await expect(year).toHaveAttribute("aria-invalid", "true");
        await expect(page.getByRole("link", { name: w.download })).toHaveCount(0);
      }
      await checkNarrowAndLarge(page, { width: 1280, height: 900 });

      await year.fill("2024");
      await page.getByRole("button", { name: w.show, exact: true }).click();
      const [zip] = await Promise.all([
        page.waitForEvent("download", { timeout: 200_000 }),
        page.getByRole("link", { name: w.download, exact: true }).click(),
      ]);
      expect(zip.suggestedFilename()).toMatch(/^香山街道-2024-.+\.zip$/);
      const entries = readBack(await zip.path(), "zip") as [string, boolean][];
      // The index is written last, from what the zip holds, and named to be listed first.
      expect(entries.at(-1)![0]).toBe(w.index);
      expect(entries.map(([name]) => name).sort()[0]).toBe(w.index);
      expect(entries.every(([, utf8]) => utf8)).toBe(true);
      const tops = new Set(entries.map(([name]) => name.split("/")[0]));
      for (const folder of w.folders) expect(tops).toContain(folder);
      expect(errors).toEqual([]);
    });
  });
}

test.describe("who may not", () => {
  test("a village account is told where the file comes from and refused the zip", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    await logIn(page, "village");
    await page.goto("/reach/ledger");
    await expect(page.getByText(words.zh.villageOnly)).toBeVisible();
    await expect(page.getByRole("link", { name: words.zh.download })).toHaveCount(0);
    const refused = await page.request.get(`/reach/ledger.zip?year=2024`, { maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    expect(refused.headers()["content-type"]).not.toContain("zip");
    // A unit above its own is outside it: answered as a unit that does not exist.
    const above = await page.request.get(`/reach/ledger.zip?unit=${UNIT.subdistrict}&year=2024`, {
      maxRedirects: 0,
    });
    expect(above.status()).toBe(404);
    expect(errors).toEqual([]);
  });

  test("another sub-district's organiser gets nothing of Xiangshan's, as for no unit at all", async ({
    page,
  }) => {
    await logIn(page, "hengjing");
    for (const unit of [UNIT.subdistrict, 9_999_999]) {
      const refused = await page.request.get(`/reach/ledger.zip?unit=${unit}&year=2024`, {
        maxRedirects: 0,
      });
      expect(refused.status()).toBe(404);
      const section = await page.request.get(
        `/reach/section.docx?period=year&year=2024&unit=${unit}`,
        { maxRedirects: 0 },
      );
      expect(section.status()).toBe(404);
    }
  });
});

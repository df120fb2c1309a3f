import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "@playwright/test";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import { E2E_PORT, expect, test } from "./fixtures";
import {
  UNIT,
  collectErrors,
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  logIn,
  uniqueUsername,
} from "./helpers";

// Issue 15: a district's admin imports four accounts from a file, sees a bad row's reason, and
// prints their handover sheet to an A4 PDF whose QR codes read back as the log-in address; a
// new account's unit starts at 请选择; disabling an account asks first. Desktop and phone, in
// Chinese and English.

// The QR codes are read back by ZXing (WebAssembly, the reader the scan page's polyfill uses),
// given its binary from the installed package rather than fetched from the network.
const wasm = createRequire(import.meta.url).resolve("zxing-wasm/reader/zxing_reader.wasm");
prepareZXingModule({ overrides: { wasmBinary: readFileSync(wasm).buffer as ArrayBuffer } });

async function readQr(png: Buffer) {
  const found = await readBarcodes(new Blob([new Uint8Array(png)], { type: "image/png" }), {
    formats: ["QRCode"],
  });
  return found.map((barcode) => barcode.text);
}

const words = {
  zh: {
    import: "导入账号",
    file: "账号文件",
    preview: "上传并预览",
    confirm: "确认创建",
    sheet: "账号交接单",
    print: "打印交接单",
    qr: /^登录网址的二维码/,
    ambiguous: "舟山村 有 2 个",
    hasBad: "有错误的行，未创建任何账号",
    header: "用户名,姓名,角色,所属单位",
    organiser: "活动组织者",
    official: "领导（只读）",
  },
  en: {
    import: "Import accounts",
    file: "Accounts file",
    preview: "Upload and preview",
    confirm: "Create the accounts",
    sheet: "Account handover",
    print: "Print the handover sheet",
    qr: /^QR code of the log-in address/,
    ambiguous: "There are 2 called 舟山村",
    hasBad: "Some rows have errors and no account was created",
    header: "Username,Name,Role,Unit",
    organiser: "organiser",
    official: "official",
  },
} as const;

type Lang = keyof typeof words;
const devices = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 360, height: 740 },
} as const;

const csv = (lang: Lang, lines: string[]) =>
  Buffer.from(`\ufeff${[words[lang].header, ...lines].join("\n")}\n`, "utf8");

async function upload(page: Page, lang: Lang, name: string, body: Buffer) {
  await page.getByLabel(words[lang].file, { exact: true }).setInputFiles({
    name,
    mimeType: "text/csv",
    buffer: body,
  });
  await page.getByRole("button", { name: words[lang].preview, exact: true }).click();
}

/** Each page's size in PDF points, from its MediaBox. */
function pdfPages(pdf: Buffer) {
  const text = pdf.toString("latin1");
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map(
    ([, width, height]) => [Number(width), Number(height)],
  );
  return boxes;
}

for (const lang of ["zh", "en"] as const) {
  for (const [device, viewport] of Object.entries(devices)) {
    test.describe(`${device}, ${lang}`, () => {
      test.use({ viewport, locale: lang === "zh" ? "zh-CN" : "en-GB" });

      test("four accounts imported, their handover sheet printed to A4 with readable QR codes", async ({
        page,
      }) => {
        test.setTimeout(150_000);
        const w = words[lang];
        const errors = collectErrors(page);
        await logIn(page, "admin", undefined, lang);
        await page.goto("/admin/users");
        await page.getByRole("link", { name: w.import, exact: true }).click();
        await expect(page).toHaveURL(/\/admin\/users\/import$/);
        await expectNoSeriousA11yViolations(page);

        const names = [1, 2, 3, 4].map((n) => uniqueUsername(`${lang}${device}${n}`).toLowerCase());
        const good = [
          `${names[0]},横泾 组织者,${w.organiser},横泾街道`,
          `${names[1]},横泾 舟山村,${w.organiser},横泾街道/舟山村`,
          `${names[2]},横泾 领导,${w.official},横泾街道`,
          `${names[3]},香山 渔帆村,${w.organiser},渔帆村`,
        ];
        // First a file whose village name fits two villages: refused with both named.
        await upload(
          page,
          lang,
          "accounts.csv",
          csv(lang, [...good.slice(0, 3), `${names[3]},歧义,${w.organiser},舟山村`]),
        );
        const bad = page.locator(".import-row-bad");
        await expect(bad).toHaveCount(1);
        await expect(bad).toContainText(w.ambiguous);
        await expect(bad).toContainText("香山街道/舟山村");
        await expect(bad).toContainText("横泾街道/舟山村");
        await expect(page.getByRole("alert")).toContainText(w.hasBad);
        await expect(page.getByRole("button", { name: w.confirm })).toHaveCount(0);
        await expectNoSeriousA11yViolations(page);
        await expectNoHorizontalScroll(page);

        // The corrected file: four good rows, confirmed at once.
        await upload(page, lang, "accounts.csv", csv(lang, good));
        await expect(page.locator(".import-row")).toHaveCount(4);
        await expect(page.locator(".import-row-bad")).toHaveCount(0);
        await page.getByRole("button", { name: w.confirm, exact: true }).click();

        await expect(page.getByRole("heading", { level: 1 })).toHaveText(w.sheet);
        const slips = page.getByRole("list", { name: w.sheet }).getByRole("listitem");
        await expect(slips).toHaveCount(4);
        for (const [index, username] of names.entries()) {
          await expect(slips.nth(index)).toContainText(username);
          await expect(slips.nth(index).getByTestId("first-password")).toHaveText(
            /^[A-Za-z2-9]{16}$/,
          );
        }
        await expect(slips.nth(1)).toContainText("横泾街道 · 舟山村");
        await expect(page.getByRole("button", { name: w.print })).toBeVisible();
        await expectNoSeriousA11yViolations(page);
        await expectNoHorizontalScroll(page);

        // The log-in address the slips print: this demo server's, on its own port.
        const address = (await slips.first().locator("dd.handover-code").first().textContent())!;
        expect(address).toMatch(new RegExp(`^http://[^/]+:${E2E_PORT}/login$`));
        const qrs = page.getByRole("img", { name: w.qr });
        await expect(qrs).toHaveCount(4);

        await page.emulateMedia({ media: "print" });
        await expect(page.getByRole("button", { name: w.print })).toBeHidden();
        for (let i = 0; i < 4; i++) {
          // Each code as it prints (38 mm, about 144 CSS pixels), read back from its pixels.
          const box = await qrs.nth(i).boundingBox();
          expect(box!.width).toBeGreaterThan(130);
          expect(await readQr(await qrs.nth(i).screenshot())).toEqual([address]);
        }
        const pdf = await page.pdf({ preferCSSPageSize: true });
        expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
        const pages = pdfPages(pdf);
        expect(pages.length).toBeGreaterThanOrEqual(1);
        for (const [width, height] of pages) {
          // A4 is 210 × 297 mm: 595.28 × 841.89 points.
          expect(width).toBeCloseTo(595.28, 0);
          expect(height).toBeCloseTo(841.89, 0);
        }
        await page.emulateMedia({ media: "screen" });

        // Nothing of the sheet stays: the accounts list shows them, their passwords nowhere.
        const password = await slips.first().getByTestId("first-password").textContent();
        await page.goto(`/admin/users?q=${names[0]}`);
        await expect(page.getByRole("row").filter({ hasText: names[0]! })).toBeVisible();
        await expect(page.getByRole("main")).not.toContainText(password!);
        expect(errors).toEqual([]);
      });

      test("a new account's unit starts empty, and disabling an account asks first", async ({
        page,
      }) => {
        test.setTimeout(90_000);
        const zh = lang === "zh";
        const errors = collectErrors(page);
        await logIn(page, "admin", undefined, lang);
        await page.goto("/admin/users/new");
        const unit = page.getByLabel(zh ? "所属单位" : "Unit", { exact: true });
        await expect(unit).toHaveValue("");
        await expect(unit.locator("option:checked")).toHaveText(zh ? "请选择" : "Choose…");
        const username = uniqueUsername(`dis${lang}${device}`).toLowerCase();
        await page.getByLabel(zh ? "用户名" : "Username", { exact: true }).fill(username);
        await page.getByLabel(zh ? "姓名" : "Name", { exact: true }).fill("停用 测试");
        const create = page
          .getByRole("main")
          .getByRole("button", { name: zh ? "新建账号" : "New account", exact: true });
        await create.click();
        await expect(unit).toHaveAccessibleDescription(
          zh ? "请选择所属单位。" : "Choose the unit.",
        );
        // The refusal is a 400, which the browser reports; nothing else may go wrong.
        expect(errors).toEqual([
          "Failed to load resource: the server responded with a status of 400 (Bad Request)",
        ]);
        errors.length = 0;
        await expectNoSeriousA11yViolations(page);
        await unit.selectOption(String(UNIT.yufan));
        await create.click();
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(
          zh ? "账号交接单" : "Account handover",
        );
        await page
          .getByRole("link", { name: zh ? `查看账号 ${username}` : `Open account ${username}` })
          .click();
        await expect(page).toHaveURL(/\/admin\/users\/\d+$/);

        await page.getByRole("button", { name: zh ? "停用账号" : "Disable account" }).click();
        const question = page.getByRole("region", {
          name: zh
            ? `停用账号 ${username}（停用 测试）？`
            : `Disable account ${username} (停用 测试)?`,
        });
        await expect(question).toBeVisible();
        // Asked, not done: the account is still active.
        await expect(page.getByRole("heading", { level: 1 })).toContainText(zh ? "正常" : "Active");
        await expectNoSeriousA11yViolations(page);
        await question.getByRole("button", { name: zh ? "确认停用" : "Disable it" }).click();
        await expect(page.getByRole("status")).toContainText(
          zh ? `已停用 ${username}` : `${username} is disabled`,
        );
        await expect(page.getByRole("heading", { level: 1 })).toContainText(
          zh ? "已停用" : "Disabled",
        );
        expect(errors).toEqual([]);
      });
    });
  }
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("disabling still asks first, and going back changes nothing", async ({ page }) => {
    await logIn(page, "admin");
    await page.goto("/admin/users/new");
    const username = uniqueUsername("nojsdis").toLowerCase();
    await page.getByLabel("用户名", { exact: true }).fill(username);
    await page.getByLabel("姓名", { exact: true }).fill("无脚本 停用");
    await page.getByLabel("所属单位", { exact: true }).selectOption(String(UNIT.yufan));
    await page.getByRole("main").getByRole("button", { name: "新建账号", exact: true }).click();
    await page.getByRole("link", { name: `查看账号 ${username}` }).click();
    await page.getByRole("button", { name: "停用账号" }).click();
    await expect(page.getByRole("button", { name: "确认停用" })).toBeVisible();
    await page.getByRole("link", { name: "不停用，返回" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText("正常");
    await expect(page.getByRole("button", { name: "确认停用" })).toHaveCount(0);
  });
});

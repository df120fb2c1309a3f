import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Browser } from "@playwright/test";
import type { Kysely } from "kysely";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import { issuePersonalLink, revokePersonalLink } from "../../app/.server/records/personal-link";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { demoActor, openEvent } from "../support/demo";
import { addLearner } from "../support/records";
import { E2E_DATABASE, E2E_ORIGIN, expect, test } from "./fixtures";
import {
  checkNarrowAndLarge,
  collectErrors,
  expectNoSeriousA11yViolations,
  logIn,
} from "./helpers";

// Item 7 of issue 16: a 法律明白人 opens their personal link and shows the pass QR on the phone
// instead of the paper card. The QR is read back from the page as a camera would (ZXing, the
// reader the scan page's polyfill uses) and the organiser's scan page takes its text: a check-in.
// Once the pass is revoked the page says so and shows no code; once the link is revoked the
// page shows nothing. Phone (360 px, 200 % text) and desktop, Chinese and English.

const wasm = createRequire(import.meta.url).resolve("zxing-wasm/reader/zxing_reader.wasm");
prepareZXingModule({ overrides: { wasmBinary: readFileSync(wasm).buffer as ArrayBuffer } });

async function readQr(png: Buffer) {
  const found = await readBarcodes(new Blob([new Uint8Array(png)], { type: "image/png" }), {
    formats: ["QRCode"],
  });
  return found.map((barcode) => barcode.text);
}

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

const words = {
  zh: {
    locale: "zh-CN",
    title: "我的签到证",
    show: "出示此码给工作人员扫码签到",
    qr: "签到证二维码",
    none: "你还没有签到证",
    issue: "发放签到证",
    field: "签到证号",
    checkedIn: (name: string) => `已签到 ${name}`,
  },
  en: {
    locale: "en-US",
    title: "My pass",
    show: "Show this code to the staff to be scanned in",
    qr: "QR code of the pass",
    none: "You have no pass yet",
    issue: "Issue a pass",
    field: "Pass number",
    checkedIn: (name: string) => `Checked in: ${name}`,
  },
} as const;

let db: Kysely<Database>;
test.beforeAll(() => {
  db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
});
test.afterAll(async () => {
  await db?.destroy();
});

async function staffPage(browser: Browser, lang: keyof typeof words) {
  const context = await browser.newContext({
    baseURL: E2E_ORIGIN,
    viewport: DESKTOP,
    locale: words[lang].locale,
  });
  return context.newPage();
}

for (const lang of ["zh", "en"] as const) {
  const w = words[lang];
  test.describe(`the pass on the personal page, in ${lang}`, () => {
    test.use({ locale: w.locale, viewport: PHONE });
    test.describe.configure({ timeout: 120_000 });

    test("shows the card's QR, which the scan page checks in; revoked, it shows none", async ({
      page,
      browser,
    }) => {
      const name = `亮码${lang}${Date.now().toString(36).slice(-5)}`;
      const learner = await addLearner(db, { name, village: "舟山村" });
      const organiser = await demoActor(db, "organiser");
      const token = await issuePersonalLink(db, { actor: organiser, legalSavvyId: learner.id });
      const errors = collectErrors(page);

      // No pass yet: a sentence, no code.
      await page.goto(`/m/${token}`);
      await expect(page.getByRole("heading", { level: 2, name: w.title })).toBeVisible();
      await expect(page.getByText(w.none)).toBeVisible();
      await expect(page.getByRole("img", { name: w.qr })).toHaveCount(0);

      // The sub-district's organiser issues the pass on the person's pass page.
      const staff = await staffPage(browser, lang);
      const staffErrors = collectErrors(staff);
      await logIn(staff, "organiser", undefined, lang);
      await staff.goto(`/passes/${learner.personId}`);
      await staff.getByRole("button", { name: w.issue }).click();
      const code = await staff.locator(".pass-card .pass-code-value").innerText();
      expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

      // The holder's phone: the QR, the name and the code, and nothing cached on the way.
      const response = await page.goto(`/m/${token}`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()["cache-control"]).toBe("no-store");
      await expect(page.getByText(w.show)).toBeVisible();
      const qr = page.getByRole("img", { name: w.qr });
      await expect(qr).toBeVisible();
      await expect(page.locator(".pass-name")).toHaveText(name);
      await expect(page.locator(".pass-code-value")).toHaveText(code);
      // Large enough to scan off a phone held up to a scanner: most of a 360 px screen.
      const box = (await qr.boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(280);
      await checkNarrowAndLarge(page, PHONE);
      const onPhone = await readQr(await qr.screenshot());
      expect(onPhone).toHaveLength(1);
      await page.setViewportSize(DESKTOP);
      await expectNoSeriousA11yViolations(page);
      expect(await readQr(await qr.screenshot())).toEqual(onPhone);
      expect(onPhone[0]).toMatch(new RegExp(`^PUFA1:[0-9A-Z]+:${code.replace(/-/g, "")}$`));

      // The organiser's scan page takes what the camera read: a check-in.
      const { id: eventId } = await openEvent(db, `亮码签到 ${name}`);
      await staff.goto(`/events/${eventId}/scan`);
      await staff.getByLabel(w.field).fill(onPhone[0]!);
      await staff.getByLabel(w.field).press("Enter");
      await expect(staff.getByRole("status").first()).toContainText(w.checkedIn(name));
      const checkins = await db
        .selectFrom("checkin")
        .select(["person_id", "method"])
        .where("event_id", "=", eventId)
        .execute();
      expect(checkins).toEqual([{ person_id: learner.personId, method: "pass_scan" }]);

      // The pass revoked: the page says there is none, and shows no code.
      await db
        .updateTable("pass")
        .set({ revoked_at: new Date().toISOString() })
        .where("person_id", "=", learner.personId)
        .where("revoked_at", "is", null)
        .execute();
      await page.setViewportSize(PHONE);
      await page.reload();
      await expect(page.getByText(w.none)).toBeVisible();
      await expect(page.getByRole("img", { name: w.qr })).toHaveCount(0);
      await expect(page.getByText(code)).toHaveCount(0);

      // The link revoked: nothing of the holder at all.
      await revokePersonalLink(db, { actor: organiser, legalSavvyId: learner.id });
      const gone = await page.reload();
      expect(gone?.status()).toBe(404);
      expect(gone?.headers()["cache-control"]).toBe("no-store");
      await expect(page.getByText(name)).toHaveCount(0);
      // The browser logs the revoked link's 404 answer itself; anything else is an error.
      expect(errors.filter((error) => !error.includes("404"))).toEqual([]);
      expect(staffErrors).toEqual([]);
      await staff.context().close();
    });
  });
}

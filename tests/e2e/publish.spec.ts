import type { Browser, Page } from "@playwright/test";
import type { Kysely } from "kysely";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { E2E_DATABASE, expect, test } from "./fixtures";
import {
  UNIT,
  checkNarrowAndLarge,
  collectErrors,
  expectNoSeriousA11yViolations,
  logIn,
} from "./helpers";

// 名单公示 (issue 18 item 7): an organiser records that a 法律明白人 agreed to be listed with their
// phone (a form without a choice is refused beside the field), the village's public page shows
// them to a visitor with no session and no JavaScript, the withdrawal takes them off at once,
// and the overview prints the village's poster. Chinese on a 360 px phone and English on a
// desktop; axe, 360 px and 200 % text. Fails on any console error or failed request.

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 900 };
/** A refused form answers 400, which the browser logs: the one console line a refusal brings. */
const REFUSED = "Failed to load resource: the server responded with a status of 400 (Bad Request)";

test.describe.configure({ timeout: 120_000 });

let db: Kysely<Database>;
test.beforeAll(() => {
  db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
});
test.afterAll(async () => {
  await db?.destroy();
});

let serial = 0;
const freshPhone = () =>
  `136${String((Date.now() * 10 + serial++) % 100_000_000).padStart(8, "0")}`;
const freshName = (stem: string) =>
  `${stem}${"零一二三四五六七八九"[serial++ % 10]}${"甲乙丙丁戊己庚辛壬癸"[Date.now() % 10]}`;

/** A serving 法律明白人 of 香山街道's 舟山村, written straight into the demo database. */
async function addToRoster(stem: string) {
  const stamp = new Date().toISOString();
  const name = freshName(stem);
  const phone = freshPhone();
  const person = await db
    .insertInto("person")
    .values({
      phone,
      name,
      village_id: UNIT.zhoushan,
      employer: null,
      audience_group: "legal_savvy",
      consent_version: null,
      consented_at: null,
      created_at: stamp,
      updated_at: stamp,
      unit_id: UNIT.zhoushan,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const entry = await db
    .insertInto("legal_savvy")
    .values({
      person_id: person.id,
      village_id: UNIT.zhoushan,
      category: "mediator",
      recognised_on: null,
      certificate_no: null,
      adviser: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: entry.id, name, phone };
}

const listing = (id: number) =>
  db
    .selectFrom("legal_savvy")
    .select(["publish", "publish_consented_on"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();

const spaced = (phone: string) => `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;

/**
 * The public page as a villager's phone opens it: no session. The page ships no script; axe
 * needs the browser's JavaScript to run, so `javaScriptEnabled: false` is a separate look.
 */
async function openAsVisitor(browser: Browser, locale: string, javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled, locale, viewport: PHONE });
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`/v/${UNIT.zhoushan}`);
  return { page, context, errors };
}

async function recordConsent(page: Page, words: { scope: string; submit: string }) {
  await page.getByLabel(words.scope).check();
  await page.getByRole("button", { name: words.submit }).click();
}

test.describe("on a phone, in Chinese", () => {
  test.use({ viewport: PHONE, locale: "zh-CN" });

  test("records a consent with the phone, lists it publicly, and withdraws it", async ({
    page,
    browser,
  }) => {
    const errors = collectErrors(page);
    const person = await addToRoster("公示");
    const silent = await addToRoster("不公示");
    await logIn(page, "organiser");
    await page.goto(`/learners/${person.id}`);
    await page.getByRole("link", { name: "名单公示", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${person.name} · 名单公示`);
    await expect(page.getByText("未公示：本人尚未同意。")).toBeVisible();

    // Nothing chosen: refused beside the field, nothing written.
    await page.getByRole("button", { name: "记录同意" }).click();
    await expect(page.locator("#scope-error")).toHaveText("请选择本人同意公示的内容");
    expect((await listing(person.id)).publish).toBeNull();
    await expectNoSeriousA11yViolations(page);

    await recordConsent(page, { scope: "姓名、身份和手机号", submit: "记录同意" });
    await expect(page.getByRole("status")).toHaveText(`已记录${person.name}的公示同意。`);
    await expect(page.getByText(/已公示姓名、身份和电话/)).toBeVisible();
    expect((await listing(person.id)).publish).toBe("name_phone");
    await checkNarrowAndLarge(page, PHONE);

    // A villager's phone: the name and the number to call, nobody who did not agree.
    const visitor = await openAsVisitor(browser, "zh-CN");
    await expect(visitor.page.getByRole("heading", { level: 1 })).toHaveText(
      "香山街道 · 舟山村法律明白人名单",
    );
    await expect(visitor.page.getByRole("heading", { name: person.name })).toBeVisible();
    const call = visitor.page.getByRole("link", { name: `打电话给${person.name}` });
    await expect(call).toHaveAttribute("href", `tel:${person.phone}`);
    await expect(call).toHaveText(`电话 ${spaced(person.phone)}`);
    await expect(visitor.page.getByText(silent.name)).toHaveCount(0);
    await expect(visitor.page.locator("script")).toHaveCount(0);
    await checkNarrowAndLarge(visitor.page, PHONE);
    const noScript = await openAsVisitor(browser, "zh-CN", false);
    await expect(noScript.page.getByRole("link", { name: `打电话给${person.name}` })).toBeVisible();
    await noScript.context.close();

    // Withdrawn: off the public page at the next request.
    await page.getByRole("button", { name: "记录撤回" }).click();
    await expect(page.getByRole("status")).toContainText("撤回公示同意");
    await expect(page.getByText("未公示：本人已撤回同意。")).toBeVisible();
    expect((await listing(person.id)).publish).toBeNull();
    await visitor.page.reload();
    await expect(visitor.page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(visitor.page.getByText(person.name)).toHaveCount(0);
    await expect(visitor.page.getByText(person.phone)).toHaveCount(0);

    // An id that is no village: a page that says so.
    await visitor.page.goto(`/v/${UNIT.subdistrict}`);
    await expect(visitor.page.getByRole("heading", { level: 1 })).toHaveText("找不到这个名单");
    await expectNoSeriousA11yViolations(visitor.page);
    expect(visitor.errors.filter((e) => !e.includes("404"))).toEqual([]);
    await visitor.context.close();

    expect(errors.filter((error) => error !== REFUSED)).toEqual([]);
  });

  test("prints the village's poster from the overview", async ({ page }) => {
    const errors = collectErrors(page);
    await logIn(page, "organiser");
    await page.goto("/learners");
    await page.getByRole("link", { name: "名单公示", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("名单公示");
    await checkNarrowAndLarge(page, PHONE);
    await page.getByRole("link", { name: "舟山村海报" }).click();
    await expect(page.getByRole("img", { name: /二维码，打开 .*\/v\/3$/ })).toBeVisible();
    await expect(page.locator(".poster-url")).toHaveText(new RegExp(`/v/${UNIT.zhoushan}$`));
    await expectNoSeriousA11yViolations(page);
    expect(errors).toEqual([]);
  });
});

test.describe("on a desktop, in English", () => {
  test.use({ viewport: DESKTOP, locale: "en-US" });

  test("records a name-only consent; the public page shows no phone at all", async ({
    page,
    browser,
  }) => {
    const errors = collectErrors(page);
    const person = await addToRoster("名单");
    await logIn(page, "organiser", undefined, "en");
    await page.goto(`/learners/${person.id}/publish`);
    await expect(page.getByText("Not listed: the person has not agreed.")).toBeVisible();
    await page.getByLabel("Day the person agreed").fill("2099-01-01");
    await recordConsent(page, { scope: "Name and role", submit: "Record consent" });
    await expect(page.locator("#consentedOn-error")).toHaveText(
      "The day they agreed cannot be after today",
    );
    expect((await listing(person.id)).publish).toBeNull();
    await page.getByLabel("Day the person agreed").fill("2026-11-30");
    await recordConsent(page, { scope: "Name and role", submit: "Record consent" });
    await expect(page.getByRole("status")).toHaveText(
      `${person.name}'s consent to be listed is recorded.`,
    );
    await expect(page.getByText("Listed with name and role (agreed on 2026-11-30).")).toBeVisible();
    expect(await listing(person.id)).toEqual({
      publish: "name",
      publish_consented_on: "2026-11-30",
    });
    await expectNoSeriousA11yViolations(page);

    const visitor = await openAsVisitor(browser, "en-US");
    await expect(visitor.page.getByRole("heading", { level: 1 })).toHaveText(
      "Legal-savvy persons of 香山街道 · 舟山村",
    );
    const card = visitor.page.locator(".listed-person", { hasText: person.name });
    await expect(card).toContainText("Role: Mediator");
    await expect(card.getByRole("link")).toHaveCount(0);
    await expect(visitor.page.getByText(person.phone.slice(-4))).toHaveCount(0);
    await checkNarrowAndLarge(visitor.page, PHONE);
    expect(visitor.errors).toEqual([]);
    await visitor.context.close();

    await page.getByRole("button", { name: "Record withdrawal" }).click();
    await expect(page.getByText("Not listed: the person withdrew their consent.")).toBeVisible();
    expect(errors.filter((error) => error !== REFUSED)).toEqual([]);
  });
});

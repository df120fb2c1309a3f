import type { Browser } from "@playwright/test";
import type { Kysely } from "kysely";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { formatDate, shanghaiDay, shanghaiDayStart } from "../../app/lib/time";
import { addLearner, addTraining } from "../support/records";
import { E2E_DATABASE, E2E_ORIGIN, expect, test } from "./fixtures";
import {
  collectErrors,
  expectNoSeriousA11yViolations,
  logIn,
  checkNarrowAndLarge,
} from "./helpers";

// The study records' journey on a 390 px phone: an organiser issues a 法律明白人's personal link
// on the person's page (hours against target shown), the person opens it on their own phone,
// sends a bad duty entry (messages beside the fields, nothing written) and a good one, the
// organiser confirms it in the queue and it shows as confirmed on the personal page; then the
// yearly record as it prints; then the link runs out and the organiser renews it (the date it
// works until shown to both). Chinese and English; axe, 360 px and 200 % text; no console error.
// The English run keeps the phone in UTC, so a date drawn differently in the browser would fail.

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });

let db: Kysely<Database>;

test.beforeAll(() => {
  db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
});

test.afterAll(async () => {
  await db?.destroy();
});

const countEntries = async (legalSavvyId: number) =>
  Number(
    (
      await db
        .selectFrom("duty_entry")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("legal_savvy_id", "=", legalSavvyId)
        .executeTakeFirstOrThrow()
    ).n,
  );

const words = {
  zh: {
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    name: "履职测试甲",
    hours: "共 3.5 小时，目标 12.0 小时",
    short: "还差 8.5 小时",
    issue: "生成个人链接",
    once: "链接和二维码只显示这一次",
    kind: "类别",
    dispute: "矛盾纠纷排查化解",
    date: "日期",
    served: "服务对象",
    content: "做了什么",
    send: "提交",
    required: "请填写此项。",
    resolvedRequired: "矛盾纠纷请选择已化解或未化解",
    resolved: "已化解",
    sent: "已提交，等待组织者确认。",
    pending: "待确认",
    confirmed: "已确认",
    panel: /\d+ 条履职记录待确认/,
    confirm: "确认",
    confirmedFlash: "已确认，计入统计",
    recordLink: /年度记录（可打印）/,
    recordHeading: (year: number) => `履职测试甲 ${year} 年度学法履职记录`,
    disputes: "矛盾纠纷 1 件，已化解 1 件",
    validUntil: (date: string) => `有效期至 ${date}。`,
    expired: "已过期",
    renew: "续期（链接不变）",
    renewed: (date: string) => `个人链接已续期，有效期至 ${date}`,
    worksUntil: (date: string) => `此链接有效期至 ${date}`,
  },
  en: {
    locale: "en-US",
    timezoneId: "UTC",
    name: "Duty Test One",
    hours: "3.5 h in all, target 12.0 h",
    short: "short by 8.5 h",
    issue: "Issue a personal link",
    once: "shown this once only",
    kind: "Kind",
    dispute: "Dispute screening and mediation",
    date: "Date",
    served: "Who was served",
    content: "What was done",
    send: "Send",
    required: "Please fill this in.",
    resolvedRequired: "For a dispute, choose resolved or not resolved",
    resolved: "Resolved",
    sent: "Sent; waiting for an organiser to confirm it.",
    pending: "Waiting for confirmation",
    confirmed: "Confirmed",
    panel: /\d+ duty (entry waits|entries wait) for confirmation/,
    confirm: "Confirm",
    confirmedFlash: "Confirmed; it counts in the figures",
    recordLink: /Record of \d{4} \(printable\)/,
    recordHeading: (year: number) => `Duty Test One: study and duty record ${year}`,
    disputes: "Disputes: 1, resolved: 1",
    validUntil: (date: string) => `is valid until ${date}.`,
    expired: "has expired",
    renew: "Renew the link (it stays the same)",
    renewed: (date: string) => `Personal link renewed; valid until ${date}`,
    worksUntil: (date: string) => `This link works until ${date}`,
  },
} as const;

/** The person's own phone: no staff session, nothing shared with the organiser's browser. */
async function ownPhone(browser: Browser, lang: keyof typeof words) {
  const context = await browser.newContext({
    baseURL: E2E_ORIGIN,
    viewport: PHONE,
    locale: words[lang].locale,
    timezoneId: words[lang].timezoneId,
  });
  return context.newPage();
}

for (const lang of ["zh", "en"] as const) {
  test.describe(`in ${lang}`, () => {
    const w = words[lang];
    test.use({ locale: w.locale, timezoneId: w.timezoneId });
    test.describe.configure({ timeout: 120_000 });

    test("a 法律明白人 sends a duty entry from their personal link, an organiser confirms it and renews the link when it runs out", async ({
      page,
      browser,
    }) => {
      const year = Number(shanghaiDay(new Date().toISOString()).slice(0, 4));
      const learner = await addLearner(db, { name: w.name, village: "舟山村" });
      const start = Date.now() - 86_400_000;
      await addTraining(db, {
        title: lang === "zh" ? "法律明白人调解实务培训" : "Mediation practice training",
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 210 * 60_000).toISOString(),
        attendees: [{ personId: learner.personId, name: w.name }],
      });
      const errors = collectErrors(page);

      // The organiser on the person's page: hours against target, and the link issued once.
      await logIn(page, "village", undefined, lang);
      await page.goto(`/learners/${learner.id}`);
      await expect(page.getByRole("heading", { level: 1, name: w.name })).toBeVisible();
      await expect(page.getByText(w.hours)).toBeVisible();
      await expect(page.getByText(w.short)).toBeVisible();
      await checkNarrowAndLarge(page, PHONE);
      await page.getByRole("button", { name: w.issue }).click();
      await expect(page.getByText(w.once)).toBeVisible();
      const shown = await page.locator(".link-url a").textContent();
      const path = new URL(shown!).pathname;
      expect(path).toMatch(/^\/m\/[A-Za-z0-9_-]{22}$/);
      // A link works through the Beijing day PERSONAL_LINK_DAYS (365 by default) after today.
      const until = formatDate(
        lang === "zh" ? "zh-CN" : "en",
        shanghaiDayStart(shanghaiDay(new Date().toISOString()), 365),
      );
      await expect(page.getByText(w.validUntil(until))).toBeVisible();

      // The person's phone: a bad entry first.
      const phone = await ownPhone(browser, lang);
      const phoneErrors = collectErrors(phone);
      await phone.goto(path);
      await expect(phone.getByRole("heading", { level: 1, name: w.name })).toBeVisible();
      await expect(phone.getByText(w.hours)).toBeVisible();
      await expect(phone.getByText(w.worksUntil(until))).toBeVisible();
      await checkNarrowAndLarge(phone, PHONE);
      await phone.getByLabel(w.date, { exact: true }).fill(shanghaiDay(new Date().toISOString()));
      await phone.getByLabel(w.kind, { exact: true }).selectOption({ label: w.dispute });
      await phone
        .getByLabel(w.content, { exact: true })
        .fill(lang === "zh" ? "调解邻里纠纷" : "Mediated between neighbours");
      await phone.getByRole("button", { name: w.send, exact: true }).click();
      await expect(phone.locator("#served-error")).toHaveText(w.required);
      await expect(phone.locator("#disputeResolved-error")).toHaveText(w.resolvedRequired);
      await expect(phone.getByLabel(w.served, { exact: true })).toHaveAttribute(
        "aria-invalid",
        "true",
      );
      await expect(phone.getByLabel(w.content, { exact: true })).toHaveValue(
        lang === "zh" ? "调解邻里纠纷" : "Mediated between neighbours",
      );
      expect(await countEntries(learner.id)).toBe(0);
      await expectNoSeriousA11yViolations(phone);

      await phone.getByLabel(w.served, { exact: true }).fill(lang === "zh" ? "村民张某" : "Zhang");
      await phone.getByLabel(w.resolved, { exact: true }).check();
      await phone.getByRole("button", { name: w.send, exact: true }).click();
      await expect(phone.getByRole("status")).toHaveText(w.sent);
      await expect(phone.getByText(w.pending, { exact: true })).toBeVisible();
      expect(await countEntries(learner.id)).toBe(1);

      // The organiser: the dashboard says entries wait; the queue confirms this one.
      await page.goto("/dashboard");
      await expect(page.getByRole("link", { name: w.panel })).toBeVisible();
      await page.getByRole("link", { name: w.panel }).click();
      const item = page.locator(".duty-entry", { hasText: w.name });
      await expect(item).toBeVisible();
      await checkNarrowAndLarge(page, PHONE);
      await item.getByRole("button", { name: w.confirm, exact: true }).click();
      await expect(page.getByRole("status")).toHaveText(w.confirmedFlash);
      await expect(page.locator(".duty-entry", { hasText: w.name })).toHaveCount(0);

      await phone.goto(path);
      await expect(phone.getByText(w.confirmed, { exact: true })).toBeVisible();

      // The yearly record, as it prints: the sheet alone, headed with the person and the year.
      await page.goto(`/learners/${learner.id}`);
      await page.getByRole("link", { name: w.recordLink }).click();
      await expect(
        page.getByRole("heading", { level: 1, name: w.recordHeading(year) }),
      ).toBeVisible();
      await expect(page.getByText(w.disputes)).toBeVisible();
      await checkNarrowAndLarge(page, PHONE);
      await page.emulateMedia({ media: "print" });
      await expect(page.locator(".site-header")).toBeHidden();
      await expect(page.locator(".record-tools")).toBeHidden();
      await expect(
        page.getByRole("heading", { level: 1, name: w.recordHeading(year) }),
      ).toBeVisible();
      await page.emulateMedia({ media: "screen" });

      // The link runs out (its last day was yesterday): the phone gets the page an unknown link
      // gets; the organiser sees it expired and renews it, and the same link works again.
      await db
        .updateTable("personal_link")
        .set({ expires_at: shanghaiDayStart(shanghaiDay(new Date().toISOString())) })
        .where("legal_savvy_id", "=", learner.id)
        .where("revoked_at", "is", null)
        .execute();
      await phone.goto(path);
      await expect(phone.getByRole("heading", { level: 1, name: "页面不存在" })).toBeVisible();
      await page.goto(`/learners/${learner.id}`);
      await expect(page.getByText(w.expired)).toBeVisible();
      await page.getByRole("button", { name: w.renew }).click();
      await expect(page.getByRole("status")).toHaveText(w.renewed(until));
      await expect(page.getByText(w.validUntil(until))).toBeVisible();
      await expect(page.getByText(w.expired)).toHaveCount(0);
      await checkNarrowAndLarge(page, PHONE);
      await phone.goto(path);
      await expect(phone.getByRole("heading", { level: 1, name: w.name })).toBeVisible();
      await expect(phone.getByText(w.worksUntil(until))).toBeVisible();

      expect(errors).toEqual([]);
      // The refused entry came back as a 400 page and the expired link as a 404, which the
      // browser reports in its console; those two lines are expected, nothing else.
      expect(phoneErrors).toEqual([
        "Failed to load resource: the server responded with a status of 400 (Bad Request)",
        "Failed to load resource: the server responded with a status of 404 (Not Found)",
      ]);
      await phone.context().close();
    });
  });
}

import type { Kysely } from "kysely";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { E2E_DATABASE, expect, test } from "./fixtures";
import { checkNarrowAndLarge, collectErrors, expectNoSeriousA11yViolations } from "./helpers";

// Issue 18 items 3 and 4 on a phone, with JavaScript on and off, in Chinese and English: a
// guardian checks in a child (refused without the guardian's tick, beside it), then opens "my
// check-ins" from the success page, deletes the check-in and withdraws consent; another phone
// sees nothing there. Events of both sub-districts are made here, so no count of the shared
// database matters.

const PHONE = { width: 360, height: 740 };
test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

let db: Kysely<Database>;
test.beforeAll(() => {
  db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
});
test.afterAll(async () => {
  await db?.destroy();
});

let serial = 0;
const stamp = () => `${Date.now().toString(36)}${++serial}`;

/** An open, public event of the named sub-district, with a code of its own. */
async function makeEvent(unit: "香山街道" | "横泾街道", title: string) {
  const host = await db
    .selectFrom("admin_unit")
    .select("id")
    .where("name", "=", unit)
    .executeTakeFirstOrThrow();
  const alphabet = "abcdefghijklmnopqrstuvwxyz234567";
  const code = Array.from({ length: 8 }, () => alphabet[Math.floor(Math.random() * 32)]).join("");
  const now = new Date().toISOString();
  const { id } = await db
    .insertInto("event")
    .values({
      code,
      title,
      format: "lecture",
      setting: "school",
      campaign_id: null,
      host_unit_id: host.id,
      village_id: null,
      venue: "中心小学报告厅",
      starts_at: new Date(Date.now() - 600_000).toISOString(),
      ends_at: new Date(Date.now() + 3_600_000).toISOString(),
      laws: null,
      speaker: null,
      speaker_role: null,
      capacity: null,
      visibility: "public",
      description: null,
      status: "published",
      cancel_reason: null,
      qr_secret: `secret-${stamp()}`,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id, code, title };
}

const checkinsAt = (eventId: number) =>
  db
    .selectFrom("checkin")
    .select(["consent_version", "name"])
    .where("event_id", "=", eventId)
    .execute();

const words = {
  zh: {
    locale: "zh-CN",
    name: "姓名",
    phone: "手机号",
    employer: "或工作单位",
    group: "身份",
    youth: "青少年",
    age: "年龄",
    child: "未满14周岁",
    guardian: "我是监护人，代未满14周岁的孩子填写",
    guardianNeeded: "未满14周岁的孩子须由监护人代填，请监护人勾选此项。",
    consent: "我已阅读上述说明，同意提供以上信息用于签到",
    submit: "签到",
    success: "签到成功",
    myLink: "查看或删除本机的签到记录",
    title: "我的签到",
    delete: "删除这些签到记录",
    deleted: "已删除 2 条签到记录。",
    withdraw: "撤回同意并让本机忘记我",
    withdrawn: "已撤回同意，本机已不再记住您。",
    none: "这部手机没有可查看的签到记录。",
    child1: "小明",
  },
  en: {
    locale: "en-US",
    name: "Name",
    phone: "Mobile number",
    employer: "Or employer",
    group: "You are",
    youth: "Youth",
    age: "Age",
    child: "Under 14",
    guardian: "Guardian of a child under 14",
    guardianNeeded:
      "A child under 14 must be checked in by a guardian: the guardian ticks this box.",
    consent: "I have read the above and agree to give this information to check in",
    submit: "Check in",
    success: "Checked in",
    myLink: "See or delete the check-ins made on this phone",
    title: "My check-ins",
    delete: "Delete these check-ins",
    deleted: "2 check-ins deleted.",
    withdraw: "Withdraw consent and make this phone forget me",
    withdrawn: "Consent withdrawn; this phone no longer remembers you.",
    none: "This phone has no check-ins to show.",
    child1: "Xiao Ming",
  },
} as const;

for (const lang of ["zh", "en"] as const) {
  for (const javaScriptEnabled of [true, false]) {
    test.describe(`${lang}, JavaScript ${javaScriptEnabled ? "on" : "off"}`, () => {
      const w = words[lang];
      test.use({ locale: w.locale, javaScriptEnabled });

      test("a guardian checks a child in, then deletes the check-in and withdraws consent from the same phone", async ({
        page,
        browser,
      }) => {
        const errors = collectErrors(page);
        const unit = javaScriptEnabled ? "香山街道" : "横泾街道";
        const event = await makeEvent(unit, `青少年普法课 ${stamp()}`);
        const phone = `135${String(Date.now()).slice(-8)}`;

        await page.goto(`/c/${event.code}`);
        await page.getByLabel(w.name, { exact: true }).fill(w.child1);
        await page.getByLabel(w.phone, { exact: true }).fill(phone);
        await page.getByLabel(w.employer, { exact: true }).fill("中心小学");
        await page.getByLabel(w.group, { exact: true }).selectOption({ label: w.youth });
        await page.getByLabel(w.age, { exact: true }).selectOption({ label: w.child });
        await page.getByLabel(w.consent).check();
        await page.getByRole("button", { name: w.submit, exact: true }).click();

        // Refused beside the guardian's tick; what was typed stays; nothing written.
        const guardian = page.getByLabel(w.guardian);
        await expect(page.locator("#guardian-error")).toHaveText(w.guardianNeeded);
        await expect(guardian).toHaveAttribute("aria-invalid", "true");
        await expect(page.getByLabel(w.name, { exact: true })).toHaveValue(w.child1);
        expect(await checkinsAt(event.id)).toEqual([]);
        // The refusal is a 400 page, which the console reports; nothing else may.
        expect(errors.splice(0).every((e) => e.includes("400"))).toBe(true);
        // axe and the layout checks run scripts in the page: with JavaScript on only.
        if (javaScriptEnabled) await expectNoSeriousA11yViolations(page);

        await guardian.check();
        await page.getByRole("button", { name: w.submit, exact: true }).click();
        await expect(page.getByRole("heading", { name: w.success })).toBeVisible();
        expect(await checkinsAt(event.id)).toEqual([
          { consent_version: "guardian-2026-12-09", name: w.child1 },
        ]);

        await page.getByRole("link", { name: w.myLink }).click();
        await expect(page).toHaveURL(/\/c\/mine$/);
        await expect(page.getByRole("heading", { name: w.title, level: 1 })).toBeVisible();
        await expect(page.getByText(event.title)).toBeVisible();
        if (javaScriptEnabled) await checkNarrowAndLarge(page, PHONE);

        // Another phone sees nothing of it.
        const other = await browser.newContext({ locale: w.locale, javaScriptEnabled });
        const otherPage = await other.newPage();
        await otherPage.goto(`http://127.0.0.1:${new URL(page.url()).port}/c/mine`);
        await expect(otherPage.getByText(w.none)).toBeVisible();
        await expect(otherPage.getByText(event.title)).toHaveCount(0);
        await other.close();

        // Withdrawing consent: the phone forgets the child, the check-in stays.
        await page.getByRole("button", { name: w.withdraw }).click();
        await expect(page.getByRole("status")).toHaveText(w.withdrawn);
        expect((await page.context().cookies()).map((c) => c.name)).not.toContain("pufa_me");
        await expect(page.getByText(w.none)).toBeVisible();
        expect(await checkinsAt(event.id)).toHaveLength(1);

        // Checked in again at another event, the phone deletes both of its check-ins.
        const next = await makeEvent(unit, `青少年普法课 ${stamp()}`);
        await page.goto(`/c/${next.code}`);
        await page.getByLabel(w.name, { exact: true }).fill(w.child1);
        await page.getByLabel(w.phone, { exact: true }).fill(phone);
        await page.getByLabel(w.employer, { exact: true }).fill("中心小学");
        await page.getByLabel(w.guardian).check();
        await page.getByLabel(w.consent).check();
        await page.getByRole("button", { name: w.submit, exact: true }).click();
        await page.getByRole("link", { name: w.myLink }).click();
        await expect(page.getByText(next.title)).toBeVisible();
        await page.getByRole("button", { name: w.delete }).click();
        await expect(page.getByRole("status")).toHaveText(w.deleted);
        await expect(page.getByText(next.title)).toHaveCount(0);
        // Anonymised: still counted, no longer named.
        for (const held of [event, next]) {
          expect(await checkinsAt(held.id)).toEqual([
            { consent_version: "guardian-2026-12-09", name: "" },
          ]);
        }
        if (javaScriptEnabled) await expectNoSeriousA11yViolations(page);
        expect(errors).toEqual([]);
      });
    });
  }
}

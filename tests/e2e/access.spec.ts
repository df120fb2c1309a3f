import type { Browser, Page } from "@playwright/test";
import { E2E_DATABASE, expect, test } from "./fixtures";
import type { Kysely } from "kysely";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { createEvent } from "../../app/.server/events/events";
import { demoActor, eventInput } from "../support/demo";
import {
  collectErrors,
  DEMO_PASSWORD,
  UNIT,
  expectNoHorizontalScroll,
  logIn,
  submitLogin,
  uniqueUsername,
  checkNarrowAndLarge,
} from "./helpers";

// Issue 7, items 1, 2 and 16: the 舟山村 organiser runs the door of the event the sub-district
// holds in their village; officials read and are offered no forms; a 403 leads back to the
// dashboard; an admin lands on a new account, sees who must change their password, and has a
// strong password generated in the browser.

const LIVE_EVENT = "法治赶集：民法典与你同行现场咨询";
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

let db: Kysely<Database>;
let liveEventId: number;

test.beforeAll(async () => {
  db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
  const live = await db
    .selectFrom("event")
    .select("id")
    .where("title", "=", LIVE_EVENT)
    .executeTakeFirstOrThrow();
  liveEventId = live.id;
});

test.afterAll(async () => {
  await db?.destroy();
});

const words = {
  zh: {
    locale: "zh-CN",
    villageCan:
      "您可以发布和管理舟山村主办的活动；在舟山村举办的所有活动（不论由谁主办），您都可以负责现场签到、补录、签到名单和活动总结。编辑、取消和复制活动由主办单位负责。",
    officialCan:
      "您可以查看香山街道及下级单位的活动、签到名单和活动总结，并导出名单；本账号只读，不能登记、修改或取消。",
    heldHere: "本活动由香山街道主办、在您的辖区举行",
    readOnlyEvent: "您的账号只能查看本活动，不能修改。",
    readOnlyDoor: "您的账号只能查看，不能登记或撤销签到。",
    attendance: "签到名单",
    report: "活动总结",
    edit: "编辑活动",
    copy: "复制为新活动",
    cancel: "取消活动",
    newEvent: "发布新活动",
    walkIn: "现场登记",
    assisted: "代为登记（没有手机的居民）",
    name: "姓名",
    consent: "已向本人宣读个人信息说明，本人同意登记",
    add: "登记签到",
    added: (name: string) => `已登记 ${name} 的签到。`,
    save: "保存并标记为已举办",
    forbidden: "无权访问",
    back: "返回工作台",
    dashboard: "工作台",
    person: "舟山 来客",
  },
  en: {
    locale: "en-US",
    villageCan:
      "You publish and manage the events 舟山村 hosts, and run every event held in 舟山村, whoever hosts it: door, walk-ins, attendance, report. Editing, cancelling and copying an event stay with its host unit.",
    officialCan:
      "You read the events, attendance lists and reports of 香山街道 and the units below, and export the lists. This account only reads: it cannot record, change or cancel anything.",
    heldHere: "香山街道 hosts this event, held in your area",
    readOnlyEvent: "Your account can read this event but not change it.",
    readOnlyDoor: "Your account can read this list but not add or undo check-ins.",
    attendance: "Attendance list",
    report: "After the event",
    edit: "Edit event",
    copy: "Copy as a new event",
    cancel: "Cancel event",
    newEvent: "Publish a new event",
    walkIn: "Walk-in entry",
    assisted: "Assisted entry (residents without a phone)",
    name: "Name",
    consent: "I read the privacy notice out to the person and they agreed",
    add: "Check in",
    added: (name: string) => `${name} is checked in.`,
    save: "Save and mark as held",
    forbidden: "Not allowed",
    back: "Back to the dashboard",
    dashboard: "Dashboard",
    person: "Visitor Zhoushan",
  },
} as const;

for (const lang of ["zh", "en"] as const) {
  const w = words[lang];
  for (const [device, viewport] of [
    ["phone", PHONE],
    ["desktop", DESKTOP],
  ] as const) {
    test.describe(`${lang} on a ${device}`, () => {
      test.use({ locale: w.locale, viewport });

      test("the 舟山村 organiser reads what they may do and runs the door of the event held in their village", async ({
        page,
      }) => {
        const errors = collectErrors(page);
        await logIn(page, "village", DEMO_PASSWORD, lang);
        await expect(page.getByRole("main")).toContainText(w.villageCan);
        await expectNoHorizontalScroll(page);

        await page.goto("/events");
        await page.getByRole("link", { name: LIVE_EVENT }).first().click();
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(LIVE_EVENT);
        await expect(page.getByRole("note").filter({ hasText: w.heldHere })).toBeVisible();
        // Managing stays with the host: nothing on the page offers it.
        const main = page.getByRole("main");
        await expect(main.getByRole("link", { name: w.edit })).toHaveCount(0);
        await expect(main.getByRole("button", { name: w.copy })).toHaveCount(0);
        await expect(main.getByRole("button", { name: w.cancel })).toHaveCount(0);

        await main.getByRole("link", { name: w.attendance, exact: true }).click();
        await expect(page).toHaveURL(new RegExp(`/events/${liveEventId}/attendance$`));
        await page.locator("summary", { hasText: w.walkIn }).click();
        const form = page.getByRole("region", { name: w.walkIn, exact: true });
        const person = `${w.person} ${device}`;
        await form.getByLabel(w.name, { exact: true }).fill(person);
        await form.getByLabel(w.consent).check();
        await form.getByRole("button", { name: w.add }).click();
        await expect(page.getByRole("status")).toHaveText(w.added(person));
        await expect(page.getByRole("main")).toContainText(person);
        await expectNoHorizontalScroll(page);

        // Its edit page is refused, and the refusal leads back to the dashboard.
        const edit = await page.goto(`/events/${liveEventId}/edit`);
        expect(edit?.status()).toBe(403);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(w.forbidden);
        await page.getByRole("main").getByRole("link", { name: w.back }).click();
        await expect(page).toHaveURL(/\/dashboard$/);
        expect(errors.filter((error) => !error.includes("403"))).toEqual([]);
      });

      test("an official reads an event, its attendance and its report with no form to fill", async ({
        page,
      }) => {
        const errors = collectErrors(page);
        await logIn(page, "official", DEMO_PASSWORD, lang);
        await expect(page.getByRole("main")).toContainText(w.officialCan);
        await page.goto("/events");
        await expect(page.getByRole("main").getByRole("link", { name: w.newEvent })).toHaveCount(0);

        await page.goto(`/events/${liveEventId}`);
        const main = page.getByRole("main");
        await expect(main.getByRole("note").filter({ hasText: w.readOnlyEvent })).toBeVisible();
        await expect(main.locator('form[method="post"]')).toHaveCount(0);
        await expect(main.getByRole("link", { name: w.edit })).toHaveCount(0);

        await main.getByRole("link", { name: w.attendance, exact: true }).click();
        await expect(page).toHaveURL(new RegExp(`/events/${liveEventId}/attendance$`));
        await expect(main).toContainText(w.readOnlyDoor);
        await expect(main.locator('form[method="post"]')).toHaveCount(0);
        await expect(main.getByRole("region", { name: w.walkIn, exact: true })).toHaveCount(0);
        await expect(main.getByRole("region", { name: w.assisted, exact: true })).toHaveCount(0);

        await page.goto(`/events/${liveEventId}/report`);
        await expect(main.locator('form[method="post"]')).toHaveCount(0);
        await expect(main.getByRole("button", { name: w.save })).toHaveCount(0);
        await expectNoHorizontalScroll(page);
        expect(errors).toEqual([]);
      });
    });
  }
}

test.describe("another village's event", () => {
  test("is refused to 舟山村, and the 403 page leads to the dashboard", async ({ page }) => {
    test.setTimeout(60_000);
    const errors = collectErrors(page);
    const organiser = await demoActor(db, "organiser");
    const { id } = await createEvent(db, {
      actor: organiser,
      publish: true,
      event: await eventInput(db, { title: "渔帆村的讲座", villageId: UNIT.yufan }),
    });
    await logIn(page, "village");
    await page.goto("/events");
    await expect(page.getByRole("main")).not.toContainText("渔帆村的讲座");
    for (const path of [`/events/${id}`, `/events/${id}/attendance`]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      const back = page.getByRole("main").getByRole("link", { name: "返回工作台" });
      await expect(back).toHaveAttribute("href", "/dashboard");
    }
    await checkNarrowAndLarge(page, page.viewportSize()!);
    // 403 is the expected answer here, logged by the browser as a failed resource.
    expect(errors.filter((error) => !error.includes("403"))).toEqual([]);
  });
});

/** The password field after pressing the generate button: filled, shown, within the policy. */
async function expectGenerated(page: Page, label: string) {
  const field = page.getByLabel(label, { exact: true });
  await page.getByRole("button", { name: "生成强密码" }).click();
  await expect(field).toHaveAttribute("type", "text");
  const password = await field.inputValue();
  expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
  expect(password).toMatch(/[A-Za-z]/);
  expect(password).toMatch(/[0-9]/);
  await expect(page.getByRole("main")).toContainText("已生成强密码并显示在上面的输入框中");
  return password;
}

async function newPage(browser: Browser) {
  const context = await browser.newContext({ locale: "zh-CN" });
  return context.newPage();
}

test.describe("accounts", () => {
  test("an admin creates an account with a generated password, opens it from its slip, and the list says it must change its password", async ({
    page,
    browser,
  }) => {
    // axe at two sizes on three pages: slow on a busy machine.
    test.setTimeout(120_000);
    const errors = collectErrors(page);
    await logIn(page, "admin");
    await page.goto("/admin/users/new");
    const username = uniqueUsername("gen").toLowerCase();
    await page.getByLabel("用户名", { exact: true }).fill(username);
    await page.getByLabel("姓名", { exact: true }).fill("生成 密码");
    await page.getByLabel("所属单位", { exact: true }).selectOption(String(UNIT.zhoushan));
    const password = await expectGenerated(page, "初始密码");
    await checkNarrowAndLarge(page, page.viewportSize()!);
    await page.getByRole("main").getByRole("button", { name: "新建账号", exact: true }).click();

    // The handover slip carries the password the admin generated.
    await expect(page.getByRole("status")).toContainText(`已创建账号 ${username}`);
    await expect(page.getByTestId("first-password")).toHaveText(password);
    await page.getByRole("link", { name: `查看账号 ${username}` }).click();
    await expect(page).toHaveURL(/\/admin\/users\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(username);
    await expect(page.getByRole("main")).toContainText("本人下次登录时须先修改密码。");
    // The reset form offers the same button.
    await expectGenerated(page, "新密码");
    await checkNarrowAndLarge(page, page.viewportSize()!);

    await page.goto("/admin/users");
    const row = page.getByRole("row").filter({ hasText: username });
    await expect(row).toContainText("须修改密码");
    const adminRow = page
      .getByRole("row")
      .filter({ has: page.getByRole("link", { name: "admin", exact: true }) });
    await expect(adminRow).toContainText("正常");
    await expect(adminRow).not.toContainText("须修改密码");
    await checkNarrowAndLarge(page, page.viewportSize()!);

    // The generated password is the one the server accepted: its owner logs in with it.
    const owner = await newPage(browser);
    await submitLogin(owner, username, password);
    await expect(owner).toHaveURL(/\/account\/password$/);
    await owner.context().close();
    expect(errors).toEqual([]);
  });

  test.describe("without JavaScript", () => {
    test.use({ javaScriptEnabled: false });

    test("the forms offer no generate button, and an account is still created", async ({
      page,
    }) => {
      await logIn(page, "admin");
      await page.goto("/admin/users/new");
      await expect(page.getByLabel("初始密码", { exact: true })).toHaveAttribute(
        "type",
        "password",
      );
      await expect(page.getByRole("button", { name: "生成强密码" })).toHaveCount(0);
      const username = uniqueUsername("nojs").toLowerCase();
      await page.getByLabel("用户名", { exact: true }).fill(username);
      await page.getByLabel("姓名", { exact: true }).fill("无脚本 职员");
      await page.getByLabel("所属单位", { exact: true }).selectOption(String(UNIT.zhoushan));
      await page.getByLabel("初始密码", { exact: true }).fill("typed-password-7");
      await page.getByRole("main").getByRole("button", { name: "新建账号", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("账号交接单");
      await expect(page.getByTestId("first-password")).toHaveText("typed-password-7");
      await page.getByRole("link", { name: `查看账号 ${username}` }).click();
      await expect(page).toHaveURL(/\/admin\/users\/\d+$/);
      await expect(page.getByRole("button", { name: "生成强密码" })).toHaveCount(0);
    });
  });
});

test.describe("the pages touched, at 360 px and 200% text", () => {
  const pages = (id: number) => ({
    dashboard: "/dashboard",
    event: `/events/${id}`,
    attendance: `/events/${id}/attendance`,
    report: `/events/${id}/report`,
  });
  for (const account of ["village", "official"] as const) {
    for (const name of ["dashboard", "event", "attendance", "report"] as const) {
      test(`${account}: ${name}`, async ({ page }) => {
        // axe runs twice on a full page: slow on a busy machine.
        test.setTimeout(90_000);
        const errors = collectErrors(page);
        await logIn(page, account);
        await page.goto(pages(liveEventId)[name]);
        await checkNarrowAndLarge(page, page.viewportSize()!);
        expect(errors).toEqual([]);
      });
    }
  }
});

import type { Kysely } from "kysely";
import type { Page } from "@playwright/test";
import { E2E_DATABASE, expect, test } from "./fixtures";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { staffCheckIn } from "../../app/.server/attendance/staff-checkin";
import { createEvent } from "../../app/.server/events/events";
import { addLearner } from "../../app/.server/learners/roster-write";
import { setTargets } from "../../app/.server/learners/roster-targets";
import { createStaff } from "../../app/.server/staff/staff";
import { createUnit } from "../../app/.server/units/units";
import { demoActor } from "../support/demo";
import {
  DEMO_PASSWORD,
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  logIn,
  openMainNav,
} from "./helpers";

// Issue 15, items 7 to 9: the admin's home and the settings page; a new office's getting-started
// list ticking as its first steps are done (横泾街道 by its organiser `hengjing`, in Chinese on a
// desktop, through the pages; a new sub-district made here for each other language and screen);
// the audit log filtered by a unit, naming units by their paths. Desktop and phone, zh and en.

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
    dashboard: "工作台",
    accounts: "需要留意的账号",
    units: "需要补齐的街道（镇）",
    withoutRoster: "没有法律明白人名册",
    settingsLink: "系统设置",
    settings: "系统设置",
    idle: "120 分钟",
    fromDefault: "未设置，使用默认值",
    firstSteps: (unit: string) => `${unit}：起步清单`,
    progress: (done: number) => `已完成 ${done}/6 项`,
    done: "已完成：",
    todo: "未完成：",
    steps: {
      roster: "录入法律明白人名册",
      targets: "设定工作目标",
      event: "发布第一场活动",
      checkin: "完成第一次签到",
    },
    audit: "审计日志",
    unit: "单位",
    filter: "筛选",
  },
  en: {
    locale: "en-US",
    dashboard: "Dashboard",
    accounts: "Accounts to look at",
    units: "Sub-districts with something missing",
    withoutRoster: "No roster of legal-savvy persons",
    settingsLink: "Settings",
    settings: "Settings",
    idle: "120 minutes",
    fromDefault: "not set, the default",
    firstSteps: (unit: string) => `${unit}: first steps`,
    progress: (done: number) => `${done} of 6 done`,
    done: "Done:",
    todo: "To do:",
    steps: {
      roster: "Enter the roster of legal-savvy persons",
      targets: "Set the targets",
      event: "Publish the first event",
      checkin: "Record the first check-in",
    },
    audit: "Audit log",
    unit: "Unit",
    filter: "Filter",
  },
} as const;

type Lang = keyof typeof words;

const viewports = [
  { name: "desktop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** The getting-started list of a sub-district, by its heading. */
const stepsOf = (page: Page, unit: string, lang: Lang) =>
  page.getByRole("region", { name: words[lang].firstSteps(unit) });

/** A step of the list is ticked (its hidden word says so, for screen readers too). */
async function expectStep(page: Page, unit: string, lang: Lang, step: string, done: boolean) {
  const item = stepsOf(page, unit, lang).getByRole("listitem").filter({ hasText: step });
  await expect(item).toContainText(done ? words[lang].done : words[lang].todo);
}

for (const lang of ["zh", "en"] as const) {
  const w = words[lang];
  for (const viewport of viewports) {
    test.describe(`admin's home and settings, ${lang}, ${viewport.name}`, () => {
      test.use({ locale: w.locale, viewport: { width: viewport.width, height: viewport.height } });

      test("the admin's home lists what needs a look; settings show values and defaults", async ({
        page,
      }) => {
        test.slow();
        await logIn(page, "admin", DEMO_PASSWORD, lang);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(w.dashboard);
        await expect(page.getByRole("heading", { name: w.accounts })).toBeVisible();
        const units = page.getByRole("region", { name: w.units });
        await expect(
          units.getByRole("listitem").filter({ hasText: w.withoutRoster }),
        ).toContainText("横泾街道");
        // 横泾街道 has recorded nothing: its first steps are on the admin's home; Xiangshan's not.
        await expect(stepsOf(page, "横泾街道", lang)).toBeVisible();
        await expect(stepsOf(page, "横泾街道", lang)).toContainText(w.progress(2));
        await expect(stepsOf(page, "香山街道", lang)).toHaveCount(0);
        await expectNoHorizontalScroll(page);
        await expectNoSeriousA11yViolations(page);

        const nav = await openMainNav(page, lang);
        await nav.getByRole("link", { name: w.settingsLink, exact: true }).click();
        await expect(page).toHaveURL(/\/admin\/settings$/);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(w.settings);
        const idle = page.getByRole("listitem").filter({ hasText: "SESSION_IDLE_MINUTES" });
        await expect(idle).toContainText(w.idle);
        await expect(idle).toContainText(w.fromDefault);
        await expect(page.getByRole("main")).toContainText("SQLite");
        await expect(page.getByRole("main")).not.toContainText("end-to-end-test-cookie-secret");
        await expectNoHorizontalScroll(page);
        await expectNoSeriousA11yViolations(page);
      });
    });
  }
}

/** Shanghai's wall clock `minutes` from now, as a datetime-local field takes it. */
function shanghaiLocal(minutes: number) {
  return new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000).toISOString().slice(0, 16);
}

test.describe("横泾街道's first steps, by its organiser, zh, desktop", () => {
  test.use({ locale: "zh-CN", viewport: { width: 1280, height: 800 } });

  test("the list ticks as hengjing adds a 法律明白人, sets targets, publishes and checks in", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const unit = "横泾街道";
    await logIn(page, "hengjing");
    const list = stepsOf(page, unit, "zh");
    await expect(list).toContainText(words.zh.progress(2));
    await expectStep(page, unit, "zh", words.zh.steps.roster, false);
    await expectNoSeriousA11yViolations(page);

    // A 法律明白人 for its 舟山村.
    await page.goto("/learners/new");
    await page.getByLabel("姓名").fill("横泾 周明");
    await page.getByLabel("手机号").fill("13955550001");
    await page.getByLabel("村（社区）").selectOption({ label: "舟山村" });
    await page.getByLabel("类别").selectOption({ label: "调解员" });
    await page.getByRole("button", { name: "添加到名册" }).click();
    await expect(page.getByRole("status")).toHaveText("已将 横泾 周明 添加到名册。");
    await page.goto("/dashboard");
    await expectStep(page, unit, "zh", words.zh.steps.roster, true);
    await expect(list).toContainText(words.zh.progress(3));

    // Its own targets, from the step's link.
    await list.getByRole("link", { name: words.zh.steps.targets }).click();
    await page.getByLabel("每村法律明白人（人）").fill("4");
    await page.getByRole("button", { name: "保存目标" }).click();
    await expect(page.getByRole("status")).toContainText("横泾街道");
    await page.goto("/dashboard");
    await expectStep(page, unit, "zh", words.zh.steps.targets, true);
    await expect(list).toContainText("本单位自设");

    // The first event, open for check-in now.
    await list.getByRole("link", { name: words.zh.steps.event }).click();
    await expect(page).toHaveURL(/\/events\/new$/);
    await page.getByLabel("活动名称", { exact: true }).fill("横泾第一场法治讲座");
    await page.getByLabel("活动形式", { exact: true }).selectOption({ label: "法治讲座" });
    await page.getByLabel("所在村（社区）", { exact: true }).selectOption({ label: "舟山村" });
    await page.getByLabel("活动地点", { exact: true }).fill("舟山村文化礼堂");
    await page.getByLabel("开始时间", { exact: true }).fill(shanghaiLocal(-10));
    await page.getByLabel("结束时间", { exact: true }).fill(shanghaiLocal(110));
    await page.getByRole("checkbox", { name: "村（居）民" }).check();
    await page.getByRole("button", { name: "发布", exact: true }).click();
    await expect(page).toHaveURL(/\/events\/\d+$/);
    await page.goto("/dashboard");
    await expectStep(page, unit, "zh", words.zh.steps.event, true);
    await expect(list).toContainText(words.zh.progress(5));

    // A resident checked in at the door, from the last step's link.
    await list.getByRole("link", { name: words.zh.steps.checkin }).click();
    await expect(page).toHaveURL(/\/events\/\d+\/attendance$/);
    await page.locator("summary", { hasText: "现场登记" }).click();
    const walkIn = page.getByRole("region", { name: "现场登记" });
    await walkIn.getByLabel("姓名", { exact: true }).fill("横泾村民");
    await walkIn.getByLabel("所在村（社区）").selectOption({ label: "舟山村" });
    await walkIn.getByLabel("身份").selectOption({ label: "村（居）民" });
    await walkIn.getByLabel("已向本人宣读个人信息说明，本人同意登记").check();
    await walkIn.getByRole("button", { name: "登记签到" }).click();
    await expect(page.getByRole("status")).toHaveText("已登记 横泾村民 的签到。");

    // All done: the list is gone, and this year's figures are back.
    await page.goto("/dashboard");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("工作台");
    await expect(list).toHaveCount(0);

    // The admin reads what happened in 横泾街道 in the audit log, units by their paths.
    await page.context().clearCookies();
    await logIn(page, "admin");
    await page.goto("/admin/audit");
    await page.getByLabel("单位", { exact: true }).selectOption({ label: "横泾街道" });
    await page.getByRole("button", { name: "筛选", exact: true }).click();
    await expect(page).toHaveURL(/unit=\d+/);
    const entries = page.getByRole("list", { name: "审计日志" }).getByRole("listitem");
    const added = entries.filter({ hasText: "添加法律明白人" });
    await expect(added).toContainText("横泾街道 / 舟山村");
    await expect(entries.filter({ hasText: "香山街道" })).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);
  });
});

/**
 * A new sub-district of the demo district with one village and an organiser who has already
 * chosen a password: what 横泾街道 was on the first day, for the other languages and screens.
 */
async function newOffice(tag: string) {
  const admin = await demoActor(db, "admin");
  const district = admin.unitPath.split("/")[1]!;
  const name = `起步街道${tag}`;
  const office = await createUnit(db, {
    actor: admin,
    parentId: Number(district),
    name,
    level: "subdistrict",
  });
  const village = await createUnit(db, {
    actor: admin,
    parentId: office.id,
    name: `起步村${tag}`,
    level: "village",
  });
  const username = `start-${tag}`;
  const id = await createStaff(db, {
    actor: admin,
    username,
    displayName: `${name} 组织者`,
    role: "organiser",
    unitId: office.id,
    password: DEMO_PASSWORD,
  });
  await db
    .updateTable("staff_user")
    .set({ must_change_password: 0 })
    .where("id", "=", id)
    .execute();
  return { name, id: office.id, villageId: village.id, username };
}

for (const lang of ["zh", "en"] as const) {
  const w = words[lang];
  for (const viewport of viewports) {
    if (lang === "zh" && viewport.name === "desktop") continue;
    test.describe(`a new office's first steps, ${lang}, ${viewport.name}`, () => {
      test.use({ locale: w.locale, viewport: { width: viewport.width, height: viewport.height } });

      test("the list ticks step by step and is gone once all are done", async ({ page }) => {
        test.slow();
        const office = await newOffice(`${lang}${viewport.width}${Date.now().toString(36)}`);
        const organiser = await demoActor(db, office.username);
        await logIn(page, office.username, DEMO_PASSWORD, lang);
        const list = stepsOf(page, office.name, lang);
        await expect(list).toContainText(w.progress(2));
        await expectNoHorizontalScroll(page);
        await expectNoSeriousA11yViolations(page);

        await addLearner(db, {
          actor: organiser,
          learner: {
            name: "起步 明白人",
            phone: `139${String(Date.now()).slice(-8)}`,
            villageId: office.villageId,
            category: "mediator",
            recognisedOn: null,
            certificateNo: null,
            adviser: null,
          },
        });
        await page.reload();
        await expectStep(page, office.name, lang, w.steps.roster, true);
        await expectStep(page, office.name, lang, w.steps.targets, false);

        await setTargets(db, {
          actor: organiser,
          targets: {
            unitId: office.id,
            rosterPerVillage: 4,
            trainingHours: 8,
            attendancePercent: 80,
          },
        });
        await page.reload();
        await expectStep(page, office.name, lang, w.steps.targets, true);

        const start = Date.now() - 10 * 60_000;
        const event = await createEvent(db, {
          actor: organiser,
          publish: true,
          event: {
            title: "起步第一场讲座",
            format: "lecture",
            setting: "village",
            campaignId: null,
            hostUnitId: office.id,
            villageId: office.villageId,
            venue: "村文化礼堂",
            startsAt: new Date(start).toISOString(),
            endsAt: new Date(start + 2 * 3_600_000).toISOString(),
            audience: ["villager"],
            laws: null,
            speaker: null,
            speakerRole: null,
            capacity: null,
            visibility: "public",
            description: null,
            rotatingQr: false,
            invitees: [],
          },
        });
        await page.reload();
        await expectStep(page, office.name, lang, w.steps.event, true);
        await expect(list.getByRole("link", { name: w.steps.checkin })).toHaveAttribute(
          "href",
          `/events/${event.id}/attendance`,
        );

        await staffCheckIn(db, {
          actor: organiser,
          eventId: event.id,
          method: "walk_in",
          person: {
            name: "起步村民",
            phone: null,
            villageId: office.villageId,
            employer: null,
            group: "villager",
          },
        });
        await page.reload();
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(w.dashboard);
        await expect(list).toHaveCount(0);

        // The audit log, filtered by the new sub-district, names its village by its path.
        await page.context().clearCookies();
        await logIn(page, "admin", DEMO_PASSWORD, lang);
        await page.goto("/admin/audit");
        await page.getByLabel(w.unit, { exact: true }).selectOption({ label: office.name });
        await page.getByRole("button", { name: w.filter, exact: true }).click();
        const entries = page.getByRole("list", { name: w.audit }).getByRole("listitem");
        await expect(entries.first()).toBeVisible();
        await expect(page.getByRole("main")).toContainText(`${office.name} / 起步村`);
        await expect(page.getByRole("main")).not.toContainText("unit:");
        await expectNoHorizontalScroll(page);
        await expectNoSeriousA11yViolations(page);
      });
    });
  }
}

import { readFile } from "node:fs/promises";
import type { Kysely } from "kysely";
import type { Download, Page } from "@playwright/test";
import { E2E_DATABASE, expect, test } from "./fixtures";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { createStudySession } from "../../app/.server/study/sessions";
import { demoActor, openEvent, unitId } from "../support/demo";
import {
  checkNarrowAndLarge,
  collectErrors,
  expectNoHorizontalScroll,
  expectNoSeriousA11yViolations,
  logIn,
} from "./helpers";

// Issue 19 items 2 to 4: staff download an event's 活动记录表 and 签到表, a study session's 学法记录
// and the cadres' hours as Word files from the pages where they work, in Chinese and in English;
// the 签到表 prints from an A4 page that also reads on a 360 px phone. An event not over yet says
// why it has no papers; another sub-district's staff get nothing. No console error.

const DESKTOP = { width: 1280, height: 900 };

let db: Kysely<Database>;

test.beforeAll(() => {
  db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
});
test.afterAll(async () => {
  await db?.destroy();
});

/** The demo's held outreach event of 香山街道 with the most check-ins. */
async function busiestHeldEvent() {
  const host = await unitId(db, "香山街道");
  const row = await db
    .selectFrom("event")
    .select((eb) => [
      "event.id",
      "event.title",
      eb
        .selectFrom("checkin")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .whereRef("checkin.event_id", "=", "event.id")
        .as("checkins"),
    ])
    .where("event.host_unit_id", "=", host)
    .where("event.status", "in", ["published", "held"])
    .where("event.ends_at", "<", new Date().toISOString())
    .where("event.study_kind", "is", null)
    .orderBy("checkins", "desc")
    .orderBy("event.id")
    .limit(1)
    .executeTakeFirstOrThrow();
  return { id: row.id, title: row.title, checkins: Number(row.checkins) };
}

/** A 中心组学法 of 香山街道 that ended an hour ago, inviting the unit's first cadre. */
async function heldSession(tag: string) {
  const organiser = await demoActor(db, "organiser");
  const unit = await unitId(db, "香山街道");
  const cadre = await db
    .selectFrom("cadre")
    .select("id")
    .where("unit_id", "=", unit)
    .orderBy("id")
    .executeTakeFirstOrThrow();
  const start = Date.now() - 3 * 3_600_000;
  return createStudySession(db, {
    actor: organiser,
    session: {
      title: `中心组学法 ${tag} ${Date.now().toString(36)}`,
      studyKind: "central_group",
      hostUnitId: unit,
      venue: "街道三楼会议室",
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * 3_600_000).toISOString(),
      speaker: "王敏",
      chair: "顾建新",
      training: true,
      creditMinutes: 90,
      cadreIds: [cadre.id],
    },
  });
}

/** Clicks a download link; the file must be a Word file (a zip) under the expected name. */
async function download(page: Page, link: string | RegExp, name: RegExp) {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: link, exact: typeof link === "string" }).click(),
  ]);
  expect(file.suggestedFilename()).toMatch(name);
  expect((await bytesOf(file)).subarray(0, 2).toString()).toBe("PK");
}

async function bytesOf(file: Download) {
  return readFile((await file.path())!);
}

const words = {
  zh: {
    heading: "台账材料",
    record: "下载活动记录表（Word）",
    recordFile: /-普法活动记录表\.docx$/,
    signin: "下载签到表（Word）",
    signinFile: /-签到表\.docx$/,
    study: "下载学法记录（Word）",
    studyFile: /-学法记录\.docx$/,
    hours: /^下载 \d{4} 年学时表（Word）$/,
    hoursFile: /^\d{4} 年干部学法学时统计\.docx$/,
    notHeld: "活动结束后才能生成台账材料",
  },
  en: {
    heading: "Evidence papers",
    record: "Download the event record (Word)",
    recordFile: /-Legal outreach event record\.docx$/,
    signin: "Download the sign-in sheet (Word)",
    signinFile: /-Sign-in sheet\.docx$/,
    study: "Download the study record (Word)",
    studyFile: /-Law study record\.docx$/,
    hours: /^Download the \d{4} hours \(Word\)$/,
    hoursFile: /^Cadre law-study hours, \d{4}\.docx$/,
    notHeld: "can be made once the event is over",
  },
} as const;

for (const lang of ["zh", "en"] as const) {
  test.describe(`evidence papers (${lang})`, () => {
    test.use({ locale: lang === "zh" ? "zh-CN" : "en-US", viewport: DESKTOP });

    test("staff download the event record, the sign-in sheet, the study record and the hours", async ({
      page,
    }) => {
      const w = words[lang];
      const errors = collectErrors(page);
      const event = await busiestHeldEvent();
      const session = await heldSession(lang);
      await logIn(page, "organiser", undefined, lang);

      await page.goto(`/events/${event.id}`);
      const papers = page.getByRole("region", { name: w.heading });
      await expect(papers).toBeVisible();
      await download(page, w.record, w.recordFile);
      await download(page, w.signin, w.signinFile);

      await page.goto(`/events/${event.id}/report`);
      await download(page, w.record, w.recordFile);

      await page.goto(`/study/sessions/${session.id}`);
      await download(page, w.study, w.studyFile);

      await page.goto("/study/cadres");
      await download(page, w.hours, w.hoursFile);
      expect(errors).toEqual([]);
    });

    test("an event not over yet says why it has no papers", async ({ page }) => {
      const w = words[lang];
      const errors = collectErrors(page);
      const event = await openEvent(db, `进行中的讲座 ${lang} ${Date.now().toString(36)}`);
      await logIn(page, "organiser", undefined, lang);
      await page.goto(`/events/${event.id}`);
      const papers = page.getByRole("region", { name: w.heading });
      await expect(papers.getByRole("note")).toContainText(w.notHeld);
      await expect(papers.getByRole("link")).toHaveCount(0);
      const refused = await page.request.get(`/events/${event.id}/record.docx`);
      expect(refused.status()).toBe(409);
      expect(errors).toEqual([]);
    });
  });
}

test("another sub-district's staff get nothing, not even whether the event exists", async ({
  page,
}) => {
  const event = await busiestHeldEvent();
  await logIn(page, "hengjing");
  for (const path of ["record.docx", "signin.docx", "signin"]) {
    const answer = await page.request.get(`/events/${event.id}/${path}`);
    expect(answer.status(), path).toBe(404);
    expect(answer.headers()["content-disposition"]).toBeUndefined();
  }
});

test("the A4 sign-in sheet lists every check-in with masked phones, at 360 px and 200 % text", async ({
  page,
}) => {
  const errors = collectErrors(page);
  const event = await busiestHeldEvent();
  await logIn(page, "official");
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`/events/${event.id}`);
  await page.getByRole("link", { name: "打印签到表（A4）" }).click();
  await expect(page).toHaveURL(new RegExp(`/events/${event.id}/signin$`));
  await expect(page.getByRole("heading", { name: "签到表", exact: true })).toBeVisible();
  const table = page.getByRole("table");
  await expect(table.getByRole("columnheader")).toHaveText([
    "序号",
    "姓名",
    "手机号",
    "村（社区）或单位",
    "对象类别",
    "签到时间",
    "签到方式",
  ]);
  await expect(table.locator("tbody tr")).toHaveCount(event.checkins);
  const phones = await table.locator("tbody tr td:nth-child(3)").allTextContents();
  expect(phones.every((phone) => /^(\d{3}\*{4}\d{4}|\*{4}|)$/.test(phone))).toBe(true);
  expect(await page.locator("body").innerText()).not.toMatch(/(?<!\d)1\d{10}(?!\d)/);
  await expectNoHorizontalScroll(page);
  await checkNarrowAndLarge(page, { width: 360, height: 740 });

  // On paper: the tools are gone and the header row repeats on each page.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("heading", { name: /^签到表 · / })).toBeHidden();
  await expect(table.locator("thead")).toHaveCSS("display", "table-header-group");
  await expect(table.locator("tbody tr").first()).toHaveCSS("break-inside", "avoid");
  await page.emulateMedia({ media: "screen" });
  await expectNoSeriousA11yViolations(page);
  expect(errors).toEqual([]);
});

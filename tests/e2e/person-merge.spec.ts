import type { Kysely } from "kysely";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { createEvent } from "../../app/.server/events/events";
import { demoActor } from "../support/demo";
import { E2E_DATABASE, expect, test } from "./fixtures";
import {
  checkNarrowAndLarge,
  collectErrors,
  DEMO_PASSWORD,
  expectNoSeriousA11yViolations,
  logIn,
  UNIT,
} from "./helpers";

// One person, not three (issue 18 item 5): the organiser finds a resident recorded twice (the
// name once in traditional characters) among the possible duplicates from the roster, reviews
// what the merge moves, swaps which record stays, and merges; another sub-district, an official
// and a stranger reach none of it. At the door, an assisted entry with a phone finds the person
// already recorded. In Chinese and English, on a desktop and at 360 px.

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
    roster: "法律明白人",
    duplicates: "疑似重复人员",
    pair: (a: string, b: string) => `香山街道：${a} 与 ${b}`,
    reasons: ["手机号相同、姓名相近", "姓名繁简体不同"],
    review: (a: string, b: string) => `核对并合并 ${a} 与 ${b}`,
    title: "合并人员记录",
    keep: "保留的记录",
    drop: "并入后删除的记录",
    swap: "改为保留另一条记录",
    checkins: "签到 1 条转到保留的记录",
    confirm: "确认合并",
    done: (name: string) => `已合并：${name} 现在只有一条记录。`,
    forbidden: "无权访问",
    distinct: (a: string, b: string) => `${a} 与 ${b} 不是同一人`,
    distinctDone: (a: string, b: string) => `已标记 ${a} 与 ${b} 为不同的人，不再提示。`,
    assistedButton: "代为登记",
    assisted: "代为登记（没有手机的居民）",
    name: "姓名",
    phone: "手机号（选填）",
    consent: "已向本人宣读个人信息说明，本人同意登记",
    add: "登记签到",
    added: (name: string) => `已登记 ${name} 的签到。`,
  },
  en: {
    locale: "en-US",
    roster: "Legal-savvy persons",
    duplicates: "Possible duplicates",
    pair: (a: string, b: string) => `香山街道: ${a} and ${b}`,
    reasons: ["Same phone, similar name", "Name in traditional and simplified characters"],
    review: (a: string, b: string) => `Review and merge ${a} and ${b}`,
    title: "Merge two records",
    keep: "Record kept",
    drop: "Record merged into it, then removed",
    swap: "Keep the other record instead",
    checkins: "1 check-in moves to the record kept",
    confirm: "Merge",
    done: (name: string) => `Merged: ${name} is now one record.`,
    forbidden: "Not allowed",
    distinct: (a: string, b: string) => `${a} and ${b} are not the same person`,
    distinctDone: (a: string, b: string) =>
      `${a} and ${b} are marked as two people and will not be suggested again.`,
    assistedButton: "Assisted entry",
    assisted: "Assisted entry (residents without a phone)",
    name: "Name",
    phone: "Mobile number (optional)",
    consent: "I read the privacy notice out to the person and they agreed",
    add: "Check in",
    added: (name: string) => `${name} is checked in.`,
  },
} as const;

const suffix = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const freshPhone = () => `136${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

/** A running event of 香山街道 in its 舟山村, as the demo organiser would create it. */
async function runningEvent(title: string) {
  const start = Date.now() - 20 * 60_000;
  const created = await createEvent(db, {
    actor: await demoActor(db, "organiser"),
    publish: true,
    event: {
      title,
      format: "consultation",
      setting: "village",
      campaignId: null,
      hostUnitId: UNIT.subdistrict,
      villageId: UNIT.zhoushan,
      venue: "舟山村广场",
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3 * 3_600_000).toISOString(),
      audience: ["villager", "elderly"],
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
  return created.id;
}

async function addPerson(name: string, phone: string | null, unitId: number, villageId: number) {
  const at = new Date().toISOString();
  const row = await db
    .insertInto("person")
    .values({
      unit_id: unitId,
      phone,
      name,
      village_id: villageId,
      employer: null,
      audience_group: "villager",
      consent_version: null,
      consented_at: null,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The same resident twice: once in simplified, once in traditional characters, one phone. */
async function twoRecords(tag: string) {
  const phone = freshPhone();
  const simplified = `陈丽华${tag}`;
  const traditional = `陳麗華${tag}`;
  const first = await addPerson(simplified, phone, UNIT.zhoushan, UNIT.zhoushan);
  const second = await addPerson(traditional, phone, UNIT.zhoushan, UNIT.zhoushan);
  // The traditional record checked in once: it moves with the merge.
  const eventId = await runningEvent(`合并演练 ${tag}`);
  await db
    .insertInto("checkin")
    .values({
      event_id: eventId,
      person_id: second,
      method: "walk_in",
      checked_in_at: new Date().toISOString(),
      recorded_by: null,
      consent_version: "2026-11-28",
      name: traditional,
      audience_group: "villager",
      village_id: UNIT.zhoushan,
      employer: null,
      ticket: null,
      device: null,
    })
    .execute();
  return { simplified, traditional, first, second, phone };
}

const desktop = { width: 1280, height: 900 };

for (const lang of ["zh", "en"] as const) {
  const w = words[lang];
  test.describe(`in ${lang}`, () => {
    test.use({ locale: w.locale, viewport: desktop });

    test("the organiser merges a resident recorded twice, from the roster", async ({ page }) => {
      test.setTimeout(60_000);
      const errors = collectErrors(page);
      const tag = suffix();
      const records = await twoRecords(tag);
      await logIn(page, "organiser", DEMO_PASSWORD, lang);
      await page.goto("/learners");
      await page.getByRole("link", { name: w.duplicates, exact: true }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(w.duplicates);

      const card = page.getByRole("region", {
        name: w.pair(records.simplified, records.traditional),
      });
      for (const reason of w.reasons) await expect(card.getByText(reason)).toBeVisible();
      // Phones are masked in the list.
      await expect(card).toContainText(`${records.phone.slice(0, 3)}****${records.phone.slice(7)}`);
      await expect(card).not.toContainText(records.phone);
      await checkNarrowAndLarge(page, desktop);

      await card
        .getByRole("link", { name: w.review(records.simplified, records.traditional) })
        .click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(w.title);
      // The record that checked in is offered as the one to keep; swap to keep the other.
      await expect(page.getByRole("region", { name: w.keep })).toContainText(records.traditional);
      await page.getByRole("link", { name: w.swap }).click();
      await expect(page).toHaveURL(new RegExp(`keep=${records.first}&drop=${records.second}`));
      await expect(page.getByRole("region", { name: w.keep })).toContainText(records.simplified);
      await expect(page.getByRole("region", { name: w.drop })).toContainText(records.traditional);
      await expect(page.getByText(w.checkins)).toBeVisible();
      await expectNoSeriousA11yViolations(page);
      await checkNarrowAndLarge(page, desktop);

      await page.getByRole("button", { name: w.confirm }).click();
      await expect(page).toHaveURL(/\/people\/duplicates$/);
      await expect(page.getByRole("status")).toHaveText(w.done(records.simplified));
      await expect(
        page.getByRole("region", { name: w.pair(records.simplified, records.traditional) }),
      ).toHaveCount(0);

      const left = await db
        .selectFrom("person")
        .select("id")
        .where("id", "in", [records.first, records.second])
        .execute();
      expect(left).toEqual([{ id: records.first }]);
      const moved = await db
        .selectFrom("checkin")
        .select("person_id")
        .where("name", "=", records.traditional)
        .execute();
      expect(moved).toEqual([{ person_id: records.first }]);
      expect(errors).toEqual([]);
    });

    test("two namesakes of one village without a phone are marked as two people", async ({
      page,
    }) => {
      const errors = collectErrors(page);
      const name = `王芳${suffix()}`;
      const first = await addPerson(name, null, UNIT.zhoushan, UNIT.zhoushan);
      const second = await addPerson(name, null, UNIT.zhoushan, UNIT.zhoushan);
      await logIn(page, "organiser", DEMO_PASSWORD, lang);
      await page.goto("/people/duplicates");
      const card = page.getByRole("region", { name: w.pair(name, name) });
      await card.getByRole("button", { name: w.distinct(name, name) }).click();
      await expect(page.getByRole("status")).toHaveText(w.distinctDone(name, name));
      await expect(page.getByRole("region", { name: w.pair(name, name) })).toHaveCount(0);
      const marks = await db
        .selectFrom("person_distinct")
        .select(["person_a", "person_b"])
        .where("person_a", "=", first)
        .execute();
      expect(marks).toEqual([{ person_a: first, person_b: second }]);
      expect(errors).toEqual([]);
    });

    test("another sub-district, an official and a stranger reach none of it", async ({
      page,
      browser,
    }) => {
      const records = await twoRecords(suffix());
      const merge = `/people/merge?keep=${records.first}&drop=${records.second}`;
      await logIn(page, "hengjing", DEMO_PASSWORD, lang);
      await page.goto("/people/duplicates");
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(w.duplicates);
      await expect(page.getByText(records.simplified)).toHaveCount(0);
      const refused = await page.goto(merge);
      expect(refused?.status()).toBe(403);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(w.forbidden);

      const official = await browser.newPage({ locale: w.locale });
      await logIn(official, "official", DEMO_PASSWORD, lang);
      expect((await official.goto("/people/duplicates"))?.status()).toBe(403);
      expect((await official.goto(merge))?.status()).toBe(403);
      await official.close();

      const stranger = await browser.newPage({ locale: w.locale });
      await stranger.goto(merge);
      await expect(stranger).toHaveURL(/\/login/);
      await stranger.close();

      const still = await db
        .selectFrom("person")
        .select("id")
        .where("id", "in", [records.first, records.second])
        .execute();
      expect(still).toHaveLength(2);
    });

    test("an assisted entry with a phone finds the person already recorded", async ({ page }) => {
      const errors = collectErrors(page);
      const tag = suffix();
      const name = `赵奶奶${tag}`;
      const phone = freshPhone();
      const known = await addPerson(name, phone, UNIT.zhoushan, UNIT.zhoushan);
      const eventId = await runningEvent(`代为登记 ${tag}`);
      await logIn(page, "organiser", DEMO_PASSWORD, lang);
      await page.goto(`/events/${eventId}/attendance`);
      await page.locator("summary", { hasText: w.assistedButton }).click();
      const form = page.getByRole("region", { name: w.assisted, exact: true });
      await form.getByLabel(w.name, { exact: true }).fill(name);
      await form.getByLabel(w.phone).fill(phone);
      await form.getByLabel(w.consent).check();
      await form.getByRole("button", { name: w.add }).click();
      await expect(page.getByRole("status")).toHaveText(w.added(name));
      const rows = await db
        .selectFrom("checkin")
        .select(["person_id", "method"])
        .where("event_id", "=", eventId)
        .execute();
      expect(rows).toEqual([{ person_id: known, method: "assisted" }]);
      expect(errors).toEqual([]);
    });
  });
}

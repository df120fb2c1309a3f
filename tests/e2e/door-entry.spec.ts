import { E2E_DATABASE, expect, test } from "./fixtures";
import type { Kysely } from "kysely";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { createEvent } from "../../app/.server/events/events";
import { collectErrors, DEMO_PASSWORD, logIn, UNIT } from "./helpers";
import { demoActor } from "../support/demo";

// The door on a phone: after each entry the next person starts from an empty form with consent
// unticked, and an assisted entry under a name already in says so.

test.use({ viewport: { width: 390, height: 844 } });

let db: Kysely<Database>;

test.beforeAll(() => {
  db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
});

test.afterAll(async () => {
  await db?.destroy();
});

/** A running event in 舟山村, as the demo organiser would create it; one per test. */
async function runningEvent() {
  const organiser = await demoActor(db, "organiser");
  const start = Date.now() - 20 * 60_000;
  const created = await createEvent(db, {
    actor: organiser,
    publish: true,
    event: {
      title: `门口连续登记 ${start.toString(36)}${Math.floor(Math.random() * 1e4)}`,
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

const words = {
  zh: {
    walkIn: "现场登记",
    assisted: "代为登记（没有手机的居民）",
    assistedButton: "代为登记",
    name: "姓名",
    phone: "手机号（选填）",
    consent: "已向本人宣读个人信息说明，本人同意登记",
    add: "登记签到",
    added: (name: string) => `已登记 ${name} 的签到。`,
    sameName: (name: string) =>
      new RegExp(
        `^已登记 ${name} 的签到。请注意：本场活动已有同名签到：${name}（\\d{2}:\\d{2}）。如果是同一人，请撤销本条。$`,
      ),
    list: "签到记录",
    people: ["张伟", "刘洋", "王芳"],
    village: "所在村（社区）",
    choose: "请选择",
    villageOrEmployer: "请选择所在村（社区），不在本街道的请填写工作单位。",
  },
  en: {
    walkIn: "Walk-in entry",
    assisted: "Assisted entry (residents without a phone)",
    assistedButton: "Assisted entry",
    name: "Name",
    phone: "Mobile number (optional)",
    consent: "I read the privacy notice out to the person and they agreed",
    add: "Check in",
    added: (name: string) => `${name} is checked in.`,
    sameName: (name: string) =>
      new RegExp(
        `^${name} is checked in. Note: someone named ${name} is already checked in at this event \\(\\d{2}:\\d{2}\\). If it is the same person, undo this entry.$`,
      ),
    list: "Check-ins",
    people: ["Zhang Wei", "Liu Yang", "Wang Fang"],
    village: "Village or community",
    choose: "Choose…",
    villageOrEmployer:
      "Choose their village or community; if they live elsewhere, give their employer.",
  },
} as const;

for (const lang of ["zh", "en"] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ locale: lang === "zh" ? "zh-CN" : "en-US" });
    const w = words[lang];

    test("a second walk-in finds the form empty and consent unticked", async ({ page }) => {
      const errors = collectErrors(page);
      const eventId = await runningEvent();
      await logIn(page, "organiser", DEMO_PASSWORD, lang);
      await page.goto(`/events/${eventId}/attendance`);
      await page.locator("summary", { hasText: w.walkIn }).click();
      const form = page.getByRole("region", { name: w.walkIn, exact: true });
      const name = form.getByLabel(w.name, { exact: true });
      const phone = form.getByLabel(w.phone);
      const consent = form.getByLabel(w.consent);
      const phones = ["13711112222", "13733334444"];
      for (const [index, person] of w.people.slice(0, 2).entries()) {
        await expect(name).toHaveValue("");
        await expect(phone).toHaveValue("");
        await expect(consent).not.toBeChecked();
        await name.fill(person);
        await phone.fill(phones[index]!);
        await consent.check();
        await form.getByRole("button", { name: w.add }).click();
        await expect(page.getByRole("status")).toHaveText(w.added(person));
        await expect(
          page
            .getByRole("list", { name: w.list })
            .getByRole("listitem")
            .filter({ hasText: person }),
        ).toHaveCount(1);
      }
      await expect(name).toHaveValue("");
      await expect(phone).toHaveValue("");
      await expect(consent).not.toBeChecked();
      expect(errors).toEqual([]);
    });

    test("both entry forms start at the event's village and refuse neither village nor employer", async ({
      page,
    }) => {
      const errors = collectErrors(page);
      const eventId = await runningEvent();
      await logIn(page, "organiser", DEMO_PASSWORD, lang);
      await page.goto(`/events/${eventId}/attendance`);
      for (const [button, region] of [
        [w.walkIn, w.walkIn],
        [w.assistedButton, w.assisted],
      ] as const) {
        await page.locator("summary", { hasText: button }).click();
        const form = page.getByRole("region", { name: region, exact: true });
        const village = form.getByLabel(w.village);
        await expect(village).toHaveValue(String(UNIT.zhoushan));
        await form.getByLabel(w.name, { exact: true }).fill("周敏");
        await village.selectOption({ label: w.choose });
        await form.getByLabel(w.consent).check();
        await form.getByRole("button", { name: w.add }).click();
        const again = page.getByRole("region", { name: region, exact: true });
        await expect(again.getByLabel(w.village)).toHaveAccessibleDescription(w.villageOrEmployer);
        await expect(again.getByLabel(w.name, { exact: true })).toHaveValue("周敏");
      }
      const written = await db
        .selectFrom("checkin")
        .select("id")
        .where("event_id", "=", eventId)
        .execute();
      expect(written).toEqual([]);
      // Each refusal is a 400, which the browser logs; nothing else may go wrong.
      const refused =
        "Failed to load resource: the server responded with a status of 400 (Bad Request)";
      expect(errors).toEqual([refused, refused]);
    });

    test("an assisted entry under a name already in is recorded and warns", async ({ page }) => {
      const errors = collectErrors(page);
      const eventId = await runningEvent();
      await logIn(page, "organiser", DEMO_PASSWORD, lang);
      await page.goto(`/events/${eventId}/attendance`);
      await page.locator("summary", { hasText: w.assistedButton }).click();
      const form = page.getByRole("region", { name: w.assisted });
      const person = w.people[2];
      for (const answer of [w.added(person), w.sameName(person)]) {
        await form.getByLabel(w.name, { exact: true }).fill(person);
        await form.getByLabel(w.consent).check();
        await form.getByRole("button", { name: w.add }).click();
        await expect(page.getByRole("status")).toHaveText(answer);
        await expect(form.getByLabel(w.name, { exact: true })).toHaveValue("");
        await expect(form.getByLabel(w.consent)).not.toBeChecked();
      }
      await expect(
        page.getByRole("list", { name: w.list }).getByRole("listitem").filter({ hasText: person }),
      ).toHaveCount(2);
      expect(errors).toEqual([]);
    });
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("after a walk-in the page comes back with an empty form, consent unticked", async ({
    page,
  }) => {
    const eventId = await runningEvent();
    await logIn(page, "organiser");
    await page.goto(`/events/${eventId}/attendance`);
    await page.locator("summary", { hasText: "现场登记" }).click();
    const form = page.getByRole("region", { name: "现场登记", exact: true });
    await form.getByLabel("姓名", { exact: true }).fill("陈静");
    await form.getByLabel("已向本人宣读个人信息说明，本人同意登记").check();
    await form.getByRole("button", { name: "登记签到" }).click();
    await expect(page.getByRole("status")).toHaveText("已登记 陈静 的签到。");
    await expect(form.getByLabel("姓名", { exact: true })).toHaveValue("");
    await expect(form.getByLabel("已向本人宣读个人信息说明，本人同意登记")).not.toBeChecked();
  });
});

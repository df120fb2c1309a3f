import { E2E_DATABASE, expect, test } from "./fixtures";
import type { Kysely } from "kysely";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { copyEvent, createEvent } from "../../app/.server/events/events";
import { demoActor, eventInput } from "../support/demo";
import { collectErrors, DEMO_PASSWORD, logIn, checkNarrowAndLarge } from "./helpers";

// The door of the running demo event on a 390 px phone: the count and the list on the first
// screen, a search by the last four digits of a phone, walk-ins from a folded form that starts
// empty each time, undo that asks first; also without JavaScript. The projector of a future
// event says 未开始 with the opening time. Fails on any console error or failed request.

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });

const LIVE_TITLE = "法治赶集：民法典与你同行现场咨询";

let db: Kysely<Database>;

test.beforeAll(() => {
  db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
});

test.afterAll(async () => {
  await db?.destroy();
});

/** The running demo event, and one person who scanned at it with a phone. */
async function liveEvent() {
  const event = await db
    .selectFrom("event")
    .select(["id"])
    .where("title", "=", LIVE_TITLE)
    .executeTakeFirstOrThrow();
  const scanned = await db
    .selectFrom("checkin")
    .innerJoin("person", "person.id", "checkin.person_id")
    .select(["checkin.name", "person.phone"])
    .where("checkin.event_id", "=", event.id)
    .where("person.phone", "is not", null)
    .orderBy("checkin.id")
    .executeTakeFirstOrThrow();
  return { id: event.id, name: scanned.name, phone: scanned.phone! };
}

/** A mobile number nobody has used at this event yet. */
const freshPhone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;

const words = {
  zh: {
    total: /^已签到 \d+ 人$/,
    found: (n: number, total: number) => `找到 ${n} 人，共签到 ${total} 人`,
    foundAny: /^找到 \d+ 人，共签到 \d+ 人$/,
    search: "查找姓名或手机号后四位",
    find: "查找",
    list: "签到记录",
    walkIn: "现场登记",
    name: "姓名",
    phone: "手机号（选填）",
    consent: "已向本人宣读个人信息说明，本人同意登记",
    add: "登记签到",
    added: (name: string) => `已登记 ${name} 的签到。`,
    undo: (name: string) => `撤销 ${name} 的签到`,
    confirm: (name: string) => `确认撤销 ${name} 的签到？`,
    yes: "确认撤销",
    keep: "保留",
    undone: (name: string) => `已撤销 ${name} 的签到（已记入操作日志）。`,
    people: ["门口甲", "门口乙"],
  },
  en: {
    total: /^\d+ checked in$/,
    found: (n: number, total: number) => `${n} of ${total} checked in`,
    foundAny: /^\d+ of \d+ checked in$/,
    search: "Find a name or the last four digits of a mobile number",
    find: "Find",
    list: "Check-ins",
    walkIn: "Walk-in entry",
    name: "Name",
    phone: "Mobile number (optional)",
    consent: "I read the privacy notice out to the person and they agreed",
    add: "Check in",
    added: (name: string) => `${name} is checked in.`,
    undo: (name: string) => `Undo the check-in of ${name}`,
    confirm: (name: string) => `Undo the check-in of ${name}?`,
    yes: "Yes, undo",
    keep: "Keep it",
    undone: (name: string) => `The check-in of ${name} was undone (written to the audit log).`,
    people: ["Door One", "Door Two"],
  },
} as const;

for (const lang of ["zh", "en"] as const) {
  test.describe(`in ${lang}`, () => {
    test.use({ locale: lang === "zh" ? "zh-CN" : "en-US" });
    test.describe.configure({ timeout: 90_000 });
    const w = words[lang];

    test("the organiser runs the door of the running demo event on a phone", async ({ page }) => {
      const errors = collectErrors(page);
      const live = await liveEvent();
      await logIn(page, "organiser", DEMO_PASSWORD, lang);
      await page.goto(`/events/${live.id}/attendance`);

      // The count and the list come first: both start on the first screen of the phone.
      const count = page.getByRole("heading", { name: w.total });
      await expect(count).toBeVisible();
      const total = Number((await count.textContent())!.match(/\d+/)![0]);
      const list = page.getByRole("list", { name: w.list });
      const firstRow = list.getByRole("listitem").first();
      await expect(firstRow).toBeVisible();
      for (const shown of [count, firstRow]) {
        const box = (await shown.boundingBox())!;
        expect(box.y, "starts on the first screen").toBeLessThan(PHONE.height);
      }

      // The last four digits of a phone find the person who scanned with it.
      await page.getByLabel(w.search).fill(live.phone.slice(-4));
      await page.getByRole("button", { name: w.find, exact: true }).click();
      await expect(page).toHaveURL(new RegExp(`\\?q=${live.phone.slice(-4)}$`));
      // The heading changes once the filtered list has arrived; the list then holds what it says.
      const found = page.getByRole("heading", { name: w.foundAny });
      await expect(found).toBeVisible();
      const shown = Number((await found.textContent())!.match(/\d+/)![0]);
      await expect(found).toHaveText(w.found(shown, total));
      await expect(list.getByRole("listitem")).toHaveCount(shown);
      await expect(list.getByRole("listitem").filter({ hasText: live.name })).toHaveCount(1);
      await expect(page.getByRole("main")).not.toContainText(live.phone);

      // Walk-in is folded behind a button; two entries, each from an empty, unticked form.
      await page.locator("summary", { hasText: w.walkIn }).click();
      const form = page.getByRole("region", { name: w.walkIn, exact: true });
      const name = form.getByLabel(w.name, { exact: true });
      const consent = form.getByLabel(w.consent);
      const suffix = Math.floor(Math.random() * 1e4);
      const people = w.people.map((person) => `${person}${suffix}`);
      for (const person of people) {
        await expect(name).toHaveValue("");
        await expect(form.getByLabel(w.phone)).toHaveValue("");
        await expect(consent).not.toBeChecked();
        await name.fill(person);
        await form.getByLabel(w.phone).fill(freshPhone());
        await consent.check();
        await form.getByRole("button", { name: w.add }).click();
        await expect(page.getByRole("status")).toHaveText(w.added(person));
        await expect(list.getByRole("listitem").filter({ hasText: person })).toHaveCount(1);
      }
      await expect(name).toHaveValue("");
      await expect(consent).not.toBeChecked();
      await expect(page.getByRole("heading", { name: w.total })).toBeVisible();
      await checkNarrowAndLarge(page, PHONE);

      // Undo asks first; "keep" keeps; the confirmation removes.
      const second = people[1]!;
      const row = list.getByRole("listitem").filter({ hasText: second });
      // One line a person: the details and the undo open under the name.
      await expect(row.getByRole("link", { name: w.undo(second) })).toBeHidden();
      await row.locator("summary").click();
      await row.getByRole("link", { name: w.undo(second) }).click();
      await expect(row.getByText(w.confirm(second))).toBeVisible();
      await checkNarrowAndLarge(page, PHONE);
      await row.getByRole("link", { name: w.keep }).click();
      await expect(row.getByText(w.confirm(second))).toHaveCount(0);
      await expect(row).toHaveCount(1);
      await row.locator("summary").click();
      await row.getByRole("link", { name: w.undo(second) }).click();
      await row.getByRole("button", { name: w.yes }).click();
      await expect(page.getByRole("status")).toHaveText(w.undone(second));
      await expect(list.getByRole("listitem").filter({ hasText: second })).toHaveCount(0);
      await expect(list.getByRole("listitem").filter({ hasText: people[0]! })).toHaveCount(1);
      expect(errors).toEqual([]);
    });
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("search and undo work as plain pages", async ({ page }) => {
    const live = await liveEvent();
    await logIn(page, "organiser");
    await page.goto(`/events/${live.id}/attendance`);
    const list = page.getByRole("list", { name: "签到记录" });

    await page.getByLabel("查找姓名或手机号后四位").fill("12");
    await page.getByRole("button", { name: "查找", exact: true }).click();
    await expect(page.getByText("按手机号查找，请输入后四位数字。")).toBeVisible();
    await expect(page.getByLabel("查找姓名或手机号后四位")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("查找姓名或手机号后四位").fill(live.name);
    await page.getByRole("button", { name: "查找", exact: true }).click();
    const row = list.getByRole("listitem").filter({ hasText: live.name }).first();
    await expect(row).toBeVisible();
    await expect(page.getByRole("heading", { name: /^找到 \d+ 人，共签到 \d+ 人$/ })).toBeVisible();

    await row.locator("summary").click();
    await row.getByRole("link", { name: `撤销 ${live.name} 的签到` }).click();
    await expect(page.getByText(`确认撤销 ${live.name} 的签到？`)).toBeVisible();
    await page.getByRole("button", { name: "确认撤销" }).click();
    await expect(page.getByRole("status")).toHaveText(
      `已撤销 ${live.name} 的签到（已记入操作日志）。`,
    );
  });
});

test.describe("the pages around the door", () => {
  test.describe.configure({ timeout: 90_000 });

  test("a future event's projector says 未开始 with the time; report, edit and projector pass axe", async ({
    page,
  }) => {
    const errors = collectErrors(page);
    const organiser = await demoActor(db, "organiser");
    const start = Date.now() + 2 * 86_400_000;
    const future = await createEvent(db, {
      actor: organiser,
      publish: true,
      event: await eventInput(db, {
        title: "下周的普法讲座",
        visibility: "public",
        invitees: [],
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 2 * 3_600_000).toISOString(),
      }),
    });
    await logIn(page, "organiser");

    await page.goto(`/events/${future.id}/projector`);
    await expect(page.getByText("未开始", { exact: true })).toBeVisible();
    await expect(page.getByText(/^签到于 \d+月\d+日 \d{2}:\d{2} 开放/)).toBeVisible();
    await expect(page.locator(".projector svg")).toHaveCount(0);
    await checkNarrowAndLarge(page, PHONE);

    await page.goto(`/events/${future.id}/report`);
    await expect(page.getByText(/^活动总结在活动开始后（.+ 起）填写。$/)).toBeVisible();
    await expect(page.getByLabel("估计受众（人次）")).toHaveCount(0);
    await checkNarrowAndLarge(page, PHONE);

    const copy = await copyEvent(db, { actor: organiser, id: future.id });
    await page.goto(`/events/${copy.id}/edit`);
    await expect(page.getByLabel("开始前（分钟）")).toHaveValue("30");
    await expect(page.getByLabel("结束后（分钟）")).toHaveValue("120");
    await checkNarrowAndLarge(page, PHONE);
    await page.getByLabel("开始前（分钟）").fill("721");
    await page.getByRole("button", { name: "发布", exact: true }).click();
    await expect(page.getByRole("alert")).toContainText("请填写 0 到 720 之间的整数（分钟）。");
    // The refused form's answer is a 400, which the browser logs; it is the one error expected.
    expect(errors).toEqual([
      "Failed to load resource: the server responded with a status of 400 (Bad Request)",
    ]);
    errors.length = 0;
    await checkNarrowAndLarge(page, PHONE);
    await page.getByLabel("开始前（分钟）").fill("60");
    await page.getByRole("button", { name: "发布", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/events/${copy.id}$`));
    await expect(page.getByRole("status")).toHaveText("活动已发布，居民现在可以看到并签到。");
    expect(errors).toEqual([]);
  });
});

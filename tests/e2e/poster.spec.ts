import { E2E_DATABASE, expect, test } from "./fixtures";
import { createEvent } from "../../app/.server/events/events";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import { UNIT, expectNoSeriousA11yViolations, logIn } from "./helpers";
import { demoActor } from "../support/demo";

// The organiser prints the poster and puts the projector page on the screen; a resident checks in
// from their phone (no JavaScript) and the projector's count goes up by itself.

const MINUTE = 60_000;

/** A published event in progress, written straight into the database the test server uses. */
async function eventInProgress(title: string) {
  const db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
  try {
    const organiser = await demoActor(db, "organiser");
    const now = Date.now();
    return await createEvent(db, {
      actor: organiser,
      publish: true,
      event: {
        title,
        format: "lecture",
        setting: "village",
        campaignId: null,
        hostUnitId: UNIT.zhoushan,
        villageId: UNIT.zhoushan,
        venue: "舟山村文化礼堂",
        startsAt: new Date(now - 10 * MINUTE).toISOString(),
        endsAt: new Date(now + 90 * MINUTE).toISOString(),
        audience: ["villager"],
        laws: "民法典",
        speaker: null,
        speakerRole: null,
        capacity: null,
        visibility: "public",
        description: null,
        rotatingQr: false,
        invitees: [],
      },
    });
  } finally {
    await db.destroy();
  }
}

test("the poster prints on A4 with its QR code, link and privacy line", async ({ page }) => {
  const event = await eventInProgress(`海报测试 ${Date.now()}`);
  await logIn(page, "organiser");
  await page.goto(`/events/${event.id}/poster`);
  const qr = page.getByRole("img", { name: /^签到二维码/ });
  await expect(qr).toBeVisible();
  await expect(page.getByRole("button", { name: "打印海报" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.emulateMedia({ media: "print" });
  await expect(qr).toBeVisible();
  const box = await qr.boundingBox();
  // 115 mm wide on paper: about 435 CSS pixels.
  expect(box?.width).toBeGreaterThan(400);
  await expect(page.getByRole("button", { name: "打印海报" })).toBeHidden();
  await expect(page.getByText(`/c/${event.code}`, { exact: false })).toBeVisible();
  await expect(page.getByText(/舟山村收集您的姓名、手机号/)).toBeVisible();
  const pdf = await page.pdf({ preferCSSPageSize: true });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
});

test("the projector's count goes up by itself when a resident checks in", async ({
  page,
  browser,
}) => {
  const event = await eventInProgress(`投屏测试 ${Date.now()}`);
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await logIn(page, "organiser");
  await page.goto(`/events/${event.id}/projector`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^投屏测试/);
  await expect(page.getByRole("img", { name: /^签到二维码/ })).toBeVisible();
  const count = page.getByTestId("live-count");
  await expect(count).toHaveText("0 人已签到");
  await expectNoSeriousA11yViolations(page);

  // A resident on a phone without JavaScript, in a context of their own.
  const phone = await browser.newContext({
    javaScriptEnabled: false,
    locale: "zh-CN",
    viewport: { width: 360, height: 740 },
  });
  const resident = await phone.newPage();
  await resident.goto(`/c/${event.code}`);
  await resident.getByLabel("姓名").fill("周阿姨");
  await resident.getByLabel("手机号").fill("13700001111");
  await resident.getByLabel("身份").selectOption("villager");
  await resident.getByLabel(/我已阅读上述说明/).check();
  await resident.getByRole("button", { name: "签到", exact: true }).click();
  await expect(resident.getByRole("status")).toContainText("签到成功");
  await phone.close();

  // Nobody touches the projector: it asks for the count every few seconds.
  await expect(count).toHaveText("1 人已签到", { timeout: 15_000 });
  expect(errors).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the projector reloads itself and shows the new count", async ({ page, request }) => {
    const event = await eventInProgress(`无脚本投屏 ${Date.now()}`);
    await logIn(page, "organiser");
    await page.goto(`/events/${event.id}/projector`);
    const count = page.getByTestId("live-count");
    await expect(count).toHaveText("0 人已签到");

    const answer = await request.post(`/c/${event.code}`, {
      headers: { Origin: new URL(page.url()).origin },
      form: {
        name: "钱师傅",
        phone: "13700002222",
        villageId: "",
        employer: "香山建筑公司",
        group: "migrant_worker",
        consent: "on",
      },
    });
    expect(await answer.text()).toContain("签到成功");
    await expect(count).toHaveText("1 人已签到", { timeout: 15_000 });
  });
});

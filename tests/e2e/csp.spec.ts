import type { Page } from "@playwright/test";
import { E2E_DATABASE, expect, test } from "./fixtures";
import { createEvent } from "../../app/.server/events/events";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import { UNIT, logIn } from "./helpers";
import { demoActor } from "../support/demo";

// Every page runs under a Content-Security-Policy that allows no inline script but Remix's own
// (by a per-request nonce) and no inline style: a page the policy breaks logs an error here.

const MINUTE = 60_000;

/** A published event in progress, written straight into the database the test server uses. */
async function eventInProgress(title: string, rotatingQr: boolean) {
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
        laws: null,
        speaker: null,
        speakerRole: null,
        capacity: null,
        visibility: "public",
        description: "第一行\n第二行",
        rotatingQr,
        invitees: [],
      },
    });
  } finally {
    await db.destroy();
  }
}

/** Console errors and uncaught exceptions of a page, CSP violations among them. */
function collectErrors(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    // The check-in page names no icon, so Chromium asks for /favicon.ico, which does not exist.
    if (message.location().url.endsWith("/favicon.ico")) return;
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

test("no page breaks the Content-Security-Policy, and scripts still run", async ({ page }) => {
  const event = await eventInProgress(`安全策略测试 ${Date.now()}`, false);
  const errors = collectErrors(page);
  const home = await page.goto("/");
  expect(home?.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
  await logIn(page, "organiser");
  for (const path of [
    "/",
    "/dashboard",
    "/events",
    `/events/${event.id}`,
    `/events/${event.id}/attendance`,
    `/events/${event.id}/poster`,
    `/events/${event.id}/projector`,
    `/e/${event.code}`,
    "/units",
    "/account/password",
    `/c/${event.code}`,
  ]) {
    await page.goto(path);
    await expect(page.locator("h1").first()).toBeVisible();
  }
  // Hydrated: a link is followed by the client-side router, without a new document.
  await page.goto("/dashboard");
  const documents: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "document") documents.push(request.url());
  });
  await page.getByRole("navigation").getByRole("link", { name: "普法活动", exact: true }).click();
  await expect(page).toHaveURL(/\/events$/);
  expect(documents).toEqual([]);
  expect(errors).toEqual([]);
});

test("the projector of a rotating event redraws its QR code by script", async ({ page }) => {
  const event = await eventInProgress(`轮换投屏 ${Date.now()}`, true);
  const errors = collectErrors(page);
  await logIn(page, "organiser");
  await page.goto(`/events/${event.id}/projector`);
  const qr = page.getByRole("img", { name: /^签到二维码/ });
  await expect(qr).toBeVisible();
  const first = await qr.innerHTML();
  // The code changes every 15 s; the page fetches the new one without reloading.
  await expect.poll(() => qr.innerHTML(), { timeout: 25_000 }).not.toBe(first);
  expect(errors).toEqual([]);
});

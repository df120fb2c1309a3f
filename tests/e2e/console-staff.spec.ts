import type { Page } from "@playwright/test";
import { E2E_DATABASE, expect, test } from "./fixtures";
import { createEvent } from "../../app/.server/events/events";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import { demoActor } from "../support/demo";
import type { DemoAccount } from "./helpers";
import { DEMO_PASSWORD, UNIT, logIn } from "./helpers";

// Item 14 of issue 7: every staff page each demo account can reach from its own pages, in both
// languages, draws without a console error, a failed request or an error status. The browser's
// clock is not Beijing's here: a page drawn differently by the server (Asia/Shanghai) and by a
// phone set to another zone would be thrown away and redrawn (React #418/#423/#425) and fail.

const MINUTE = 60_000;

/** A published event of 舟山村 in progress, so every account has one in its own area. */
async function villageEventInProgress(title: string) {
  const db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
  try {
    const village = await demoActor(db, "village");
    const now = Date.now();
    return await createEvent(db, {
      actor: village,
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
        audience: ["villager", "elderly"],
        laws: "民法典",
        speaker: "李律师",
        speakerRole: "lawyer",
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

/** The staff pages this test visits, by the path a link names (ids as :id). */
const STAFF_PAGE =
  /^\/(dashboard|events|events\/new|events\/\d+(\/(edit|attendance|report|poster|projector))?|units|units\/\d+|admin\/users|admin\/users\/new|admin\/users\/import|admin\/users\/\d+|admin\/audit|admin\/settings|account\/password)$/;

const template = (path: string) => path.replace(/\/\d+/g, "/:id");

/** What each account must have reached (more is fine; less means a page went missing). */
const mustReach: Record<DemoAccount, string[]> = {
  admin: [
    "/dashboard",
    "/events",
    "/events/new",
    "/events/:id",
    "/events/:id/edit",
    "/events/:id/attendance",
    "/events/:id/report",
    "/events/:id/poster",
    "/events/:id/projector",
    "/units",
    "/units/:id",
    "/admin/users",
    "/admin/users/new",
    "/admin/users/:id",
    "/admin/audit",
    "/admin/settings",
    "/account/password",
  ],
  organiser: [
    "/dashboard",
    "/events",
    "/events/new",
    "/events/:id",
    "/events/:id/edit",
    "/events/:id/attendance",
    "/events/:id/report",
    "/events/:id/poster",
    "/events/:id/projector",
    "/account/password",
  ],
  village: [
    "/dashboard",
    "/events",
    "/events/:id",
    "/events/:id/attendance",
    "/events/:id/report",
    "/events/:id/poster",
    "/events/:id/projector",
    "/account/password",
  ],
  official: [
    "/dashboard",
    "/events",
    "/events/:id",
    "/events/:id/attendance",
    "/events/:id/report",
    "/account/password",
  ],
  // 横泾 has no event yet (its first steps belong to another test): its own pages and the form.
  hengjing: ["/dashboard", "/events", "/events/new", "/account/password"],
  district: [
    "/dashboard",
    "/events",
    "/events/:id",
    "/events/:id/attendance",
    "/events/:id/report",
    "/account/password",
  ],
};

/** Everything that goes wrong on the page, each with the page it happened on. */
function watch(page: Page) {
  const problems: string[] = [];
  let at = "";
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`${at}: console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${at}: page error: ${error.message}`));
  // A request the page itself cancels (a poll or a prefetch overtaken by the next page) is
  // aborted, not failed; anything else that fails counts.
  page.on("requestfailed", (request) => {
    if (request.failure()?.errorText !== "net::ERR_ABORTED") {
      problems.push(`${at}: failed: ${request.url()} ${request.failure()?.errorText}`);
    }
  });
  page.on("response", (response) => {
    if (response.status() >= 400) problems.push(`${at}: ${response.status()} ${response.url()}`);
  });
  return {
    problems,
    setPage(path: string) {
      at = path;
    },
  };
}

async function staffLinks(page: Page) {
  const hrefs = await page
    .locator("a[href]")
    .evaluateAll((links) => links.map((link) => (link as HTMLAnchorElement).href));
  return hrefs
    .map((href) => new URL(href))
    .filter((url) => url.origin === new URL(page.url()).origin)
    .map((url) => url.pathname)
    .filter((path) => STAFF_PAGE.test(path));
}

const accounts: DemoAccount[] = [
  "admin",
  "organiser",
  "village",
  "official",
  "hengjing",
  "district",
];
const settings = [
  { lang: "zh", locale: "zh-CN", timezoneId: "UTC" },
  { lang: "en", locale: "en-US", timezoneId: "America/New_York" },
] as const;

for (const { lang, locale, timezoneId } of settings) {
  test.describe(`every staff page, ${lang}, browser clock in ${timezoneId}`, () => {
    test.use({ locale, timezoneId });

    for (const account of accounts) {
      test(`${account}: no console error, failed request or error status`, async ({ page }) => {
        test.setTimeout(240_000);
        const title = `控制台检查 ${account} ${lang} ${Date.now()}`;
        const own = await villageEventInProgress(title);
        const watcher = watch(page);
        await logIn(page, account, DEMO_PASSWORD, lang);

        // Event pages: the event made above and the first other one the list shows.
        const eventIds = new Set<string>([String(own.id)]);
        const perTemplate = new Map<string, number>();
        const queue = ["/dashboard"];
        const seen = new Set<string>(queue);
        const reached = new Set<string>();
        while (queue.length > 0) {
          const path = queue.shift()!;
          watcher.setPage(path);
          const response = await page.goto(path);
          expect(response?.status(), path).toBeLessThan(400);
          await expect(page.locator("html"), path).toHaveAttribute("data-hydrated", "true");
          await expect(page.locator("h1").first(), path).toBeVisible();
          reached.add(template(path));
          const links = await staffLinks(page);
          if (path === "/events") {
            const listed = links.map((link) => /^\/events\/(\d+)$/.exec(link)?.[1]).filter(Boolean);
            if (account !== "hengjing") {
              expect(listed, "the list shows the event of 舟山村").toContain(String(own.id));
            }
            const other = listed.find((id) => id !== String(own.id));
            if (other) eventIds.add(other);
          }
          for (const link of links) {
            const eventId = /^\/events\/(\d+)/.exec(link)?.[1];
            if (eventId && !eventIds.has(eventId)) continue;
            const count = perTemplate.get(template(link)) ?? 0;
            if (seen.has(link) || (!eventId && count >= 2)) continue;
            seen.add(link);
            perTemplate.set(template(link), count + 1);
            queue.push(link);
          }
        }
        expect([...reached].sort()).toEqual(expect.arrayContaining(mustReach[account]));
        expect(watcher.problems).toEqual([]);
      });
    }
  });
}

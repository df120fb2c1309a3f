import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ensureCampaigns } from "~/.server/events/campaigns";
import { createTestDatabase } from "../support/database";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Campaigns after 2026 (issue 6 item 18): the production build runs with its clock moved to 2027
// and to 2031 (a preloaded module shifts Date in the server process only).

vi.setConfig({ testTimeout: 60_000, hookTimeout: 90_000 });

const CONSTITUTION_WEEK = "宪法宣传周";
const OTHER_YEAR = {
  zh: "该专项活动属于其他年份，请选择活动开始当年的专项活动。",
  en: "That campaign belongs to another year: choose one of the year the event starts in.",
};

/** The clocks of the test: a minute into 2027 in Beijing (still 2026 in UTC), and mid-2031. */
const clocks = [
  { year: 2027, clock: "2026-12-31T16:01:00.000Z" },
  { year: 2031, clock: "2031-06-15T02:00:00.000Z" },
];

describe.each(clocks)("with the clock in $year", ({ year, clock }) => {
  let t: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: RunningServer;

  beforeAll(async () => {
    t = await createTestDatabase();
    // A database in use since 2026 holds that year's campaigns.
    await ensureCampaigns(t.db, [2026]);
    server = await startServer({
      databaseUrl: t.url,
      env: {
        NODE_OPTIONS: `--import=${resolve("tests/support/shifted-clock.js")}`,
        PUFA_TEST_CLOCK: clock,
      },
    });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.destroy();
  });

  async function campaignId(name: string, campaignYear: number) {
    const row = await t.db
      .selectFrom("campaign")
      .select("id")
      .where("name", "=", name)
      .where("year", "=", campaignYear)
      .executeTakeFirst();
    return row?.id;
  }

  /** A page's HTML without the comments React puts between adjacent text pieces. */
  const pageText = async (res: Response) => (await res.text()).replaceAll("<!-- -->", "");

  async function countEvents() {
    const row = await t.db
      .selectFrom("event")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async function organiser(lang?: string) {
    const b = new Browser(server.baseUrl, lang);
    await b.logIn("organiser");
    return b;
  }

  function eventForm(fields: { startsAt: string; endsAt: string; campaignId: string }) {
    return [
      ["title", `${year} 宪法宣传周进社区`],
      ["format", "lecture"],
      ["hostUnitId", "2"],
      ["venue", "香山社区新时代文明实践站"],
      ["audience", "villager"],
      ["visibility", "public"],
      ["intent", "publish"],
      ...Object.entries(fields),
    ] as [string, string][];
  }

  it("has this year's and next year's campaigns from start-up, offered by the event form", async () => {
    for (const campaignYear of [year, year + 1]) {
      const names = await t.db
        .selectFrom("campaign")
        .select("name")
        .where("year", "=", campaignYear)
        .execute();
      expect(names.map((row) => row.name)).toContain(CONSTITUTION_WEEK);
      expect(names).toHaveLength(5);
    }
    const html = await pageText(await (await organiser()).get("/events/new"));
    const id = await campaignId(CONSTITUTION_WEEK, year);
    expect(html).toContain(`<option value="${id}">${year} ${CONSTITUTION_WEEK}</option>`);
  });

  it(`files an event of ${year}-12-03 under ${year}'s 宪法宣传周`, async () => {
    const id = await campaignId(CONSTITUTION_WEEK, year);
    const b = await organiser();
    const res = await b.post(
      "/events/new",
      eventForm({
        startsAt: `${year}-12-03T19:00`,
        endsAt: `${year}-12-03T20:30`,
        campaignId: String(id),
      }),
    );
    expect(res.status, await res.clone().text()).toBe(302);
    const eventId = Number(res.headers.get("location")?.split("/").pop());
    const row = await t.db
      .selectFrom("event")
      .select("campaign_id")
      .where("id", "=", eventId)
      .executeTakeFirstOrThrow();
    expect(row.campaign_id).toBe(id);
  });

  for (const lang of ["zh", "en"] as const) {
    it(`refuses 2026's 宪法宣传周 for an event of ${year}, next to the field (${lang})`, async () => {
      const old = await campaignId(CONSTITUTION_WEEK, 2026);
      const b = await organiser(lang === "en" ? "en" : undefined);
      const before = await countEvents();
      const res = await b.post(
        "/events/new",
        eventForm({
          startsAt: `${year}-12-03T19:00`,
          endsAt: `${year}-12-03T20:30`,
          campaignId: String(old),
        }),
      );
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(`<p class="error" id="campaignId-error">${OTHER_YEAR[lang]}</p>`);
      expect(html).toMatch(/<select[^>]*name="campaignId"[^>]*aria-invalid="true"/);
      expect(await countEvents()).toBe(before);
    });
  }

  it("gives an event dated three years ahead its year's campaigns, offered when it is edited", async () => {
    const later = year + 3;
    expect(await campaignId(CONSTITUTION_WEEK, later)).toBeUndefined();
    const b = await organiser();
    const res = await b.post(
      "/events/new",
      eventForm({
        startsAt: `${later}-12-04T09:00`,
        endsAt: `${later}-12-04T11:00`,
        campaignId: "",
      }),
    );
    expect(res.status).toBe(302);
    const id = await campaignId(CONSTITUTION_WEEK, later);
    expect(id).toBeDefined();
    const edit = await b.get(`${res.headers.get("location")}/edit`);
    expect(await pageText(edit)).toContain(
      `<option value="${id}">${later} ${CONSTITUTION_WEEK}</option>`,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/.server/audit/audit-log";
import {
  EVENTS_PER_PAGE,
  listVillagesInScope,
  parseEventListQuery,
} from "../../app/.server/events/event-list-query";
import { cancelEvent, createEvent } from "../../app/.server/events/events";
import { listEventsPage } from "../../app/.server/events/events-page";
import { listPublicEvents, publicHome } from "../../app/.server/events/public-events";
import { listTodayEvents } from "../../app/.server/events/today";
import { displayedStatuses, displayedStatus } from "../../app/lib/event-status";
import { shanghaiDay } from "../../app/lib/time";
import { DEMO_SECOND_VILLAGES, DEMO_VILLAGES } from "../../db/seed";
import { createTestDatabase } from "../support/database";
import { demoActor, eventInput, unitId } from "../support/demo";

// Issue 7 items 3, 4 and 13: the 今日 query, the events list's filters and pages, the public
// list and its filter choices, all at fixed times in 2031 (far from the demo's own events), on
// SQLite and (npm run test:pg) PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let organiser: Actor;
let village: Actor;
const ids: Record<string, number> = {};

/** 10:00 in Beijing on 2031-06-15; the Beijing day runs from 06-14T16:00Z to 06-15T16:00Z. */
const NOW = "2031-06-15T02:00:00.000Z";

/** Events of 2031-06-14/15/16 (UTC instants), all public, hosted by 香山街道. */
const day = {
  overnight: ["2031-06-14T14:00:00.000Z", "2031-06-15T03:00:00.000Z"],
  ended: ["2031-06-14T23:00:00.000Z", "2031-06-15T01:00:00.000Z"],
  running: ["2031-06-15T01:00:00.000Z", "2031-06-15T03:00:00.000Z"],
  reportedEarly: ["2031-06-15T01:30:00.000Z", "2031-06-15T04:00:00.000Z"],
  later: ["2031-06-15T06:00:00.000Z", "2031-06-15T08:00:00.000Z"],
  lateTonight: ["2031-06-15T15:30:00.000Z", "2031-06-15T15:59:00.000Z"],
  tomorrow: ["2031-06-15T16:00:00.000Z", "2031-06-15T18:00:00.000Z"],
  draft: ["2031-06-15T06:00:00.000Z", "2031-06-15T08:00:00.000Z"],
  cancelled: ["2031-06-15T06:00:00.000Z", "2031-06-15T08:00:00.000Z"],
  otherVillage: ["2031-06-15T07:00:00.000Z", "2031-06-15T09:00:00.000Z"],
} as const;

async function addEvent(
  title: string,
  [startsAt, endsAt]: readonly [string, string],
  options: { publish?: boolean; villageName?: string } = {},
) {
  const input = await eventInput(t.db, {
    title,
    startsAt,
    endsAt,
    visibility: "public",
    invitees: [],
    villageId: await unitId(t.db, options.villageName ?? "舟山村"),
  });
  const { id } = await createEvent(t.db, {
    actor: organiser,
    publish: options.publish ?? true,
    event: input,
  });
  return id;
}

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  organiser = await demoActor(t.db, "organiser");
  village = await demoActor(t.db, "village");
  for (const [name, times] of Object.entries(day)) {
    ids[name] = await addEvent(name, times, {
      publish: name !== "draft",
      villageName: name === "otherVillage" ? "渔帆村" : "舟山村",
    });
  }
  await cancelEvent(t.db, { actor: organiser, id: ids.cancelled!, reason: "下雨" });
  // A report written before the end: stored as held, shown as running until it ends.
  await t.db
    .updateTable("event")
    .set({ status: "held" })
    .where("id", "=", ids.reportedEarly!)
    .execute();
  // Enough events in August 2031 for two pages, in 渔帆村.
  for (let i = 0; i < EVENTS_PER_PAGE + 5; i++) {
    const start = Date.parse("2031-08-01T01:00:00.000Z") + i * 86_400_000;
    ids[`august${i}`] = await addEvent(
      `august${String(i).padStart(2, "0")}`,
      [new Date(start).toISOString(), new Date(start + 7_200_000).toISOString()],
      { villageName: "渔帆村" },
    );
  }
}, 120_000);
afterAll(async () => {
  await t?.destroy();
});

const titles = (rows: { title: string }[]) => rows.map((row) => row.title);

describe("今日", () => {
  it("lists what runs now and what starts later today (Beijing), soonest first", async () => {
    const today = await listTodayEvents(t.db, { scopePath: organiser.unitPath, now: NOW });
    expect(titles(today)).toEqual([
      "overnight",
      "running",
      "reportedEarly",
      "later",
      "otherVillage",
      "lateTonight",
    ]);
    expect(today.map((row) => row.status)).toEqual([
      "running",
      "running",
      "running",
      "published",
      "published",
      "published",
    ]);
  });

  it("drops an event at its end and counts one as running from its start", async () => {
    const atEnd = await listTodayEvents(t.db, {
      scopePath: organiser.unitPath,
      now: "2031-06-15T03:00:00.000Z",
    });
    expect(titles(atEnd)).not.toContain("running");
    expect(titles(atEnd)).not.toContain("overnight");
    const atStart = await listTodayEvents(t.db, {
      scopePath: organiser.unitPath,
      now: "2031-06-15T06:00:00.000Z",
    });
    expect(atStart.find((row) => row.title === "later")?.status).toBe("running");
  });

  it("keeps to the caller's scope: a village organiser never sees another village's event", async () => {
    const today = await listTodayEvents(t.db, { scopePath: village.unitPath, now: NOW });
    expect(titles(today)).not.toContain("otherVillage");
  });
});

describe("the events list", () => {
  const august = { from: "2031-08-01", to: "2031-08-31" };

  it("pages 20 at a time, newest first, and shows the last page for a page past the end", async () => {
    const base = { scopePath: organiser.unitPath, now: NOW, filters: august };
    const first = await listEventsPage(t.db, { ...base, page: 1 });
    expect(first).toMatchObject({ page: 1, total: 25, first: 1, last: 20, hasNext: true });
    expect(first.events[0]?.title).toBe("august24");
    const second = await listEventsPage(t.db, { ...base, page: 2 });
    expect(second).toMatchObject({ page: 2, total: 25, first: 21, last: 25, hasNext: false });
    expect(titles(second.events)).toEqual([
      "august04",
      "august03",
      "august02",
      "august01",
      "august00",
    ]);
    const beyond = await listEventsPage(t.db, { ...base, page: 99 });
    expect(beyond).toMatchObject({ page: 2, first: 21, last: 25 });
    const none = await listEventsPage(t.db, {
      ...base,
      filters: { from: "2035-01-01" },
      page: 3,
    });
    expect(none).toMatchObject({ page: 1, total: 0, first: 0, last: 0, events: [] });
  });

  it("filters by the Beijing day of the start and by village", async () => {
    const list = (filters: Parameters<typeof listEventsPage>[1]["filters"]) =>
      listEventsPage(t.db, { scopePath: organiser.unitPath, now: NOW, filters, page: 1 });
    const fifteenth = await list({ from: "2031-06-15", to: "2031-06-15" });
    // "overnight" starts on the 14th in Beijing; "tomorrow" starts at 00:00 on the 16th.
    expect(titles(fifteenth.events).sort()).toEqual(
      [
        "cancelled",
        "draft",
        "ended",
        "later",
        "lateTonight",
        "otherVillage",
        "reportedEarly",
        "running",
      ].sort(),
    );
    const yufan = await unitId(t.db, "渔帆村");
    expect((await list({ ...august, villageId: yufan })).total).toBe(25);
    expect((await list({ ...august, villageId: await unitId(t.db, "舟山村") })).total).toBe(0);
  });

  it("filters by displayed status exactly as displayedStatus says, at the edges too", async () => {
    for (const now of [NOW, "2031-06-15T03:00:00.000Z", "2031-06-15T06:00:00.000Z"]) {
      const range = { from: "2031-06-14", to: "2031-06-16" };
      const all = await listEventsPage(t.db, {
        scopePath: organiser.unitPath,
        now,
        filters: range,
        page: 1,
      });
      expect(all.total).toBe(Object.keys(day).length);
      for (const status of displayedStatuses) {
        const filtered = await listEventsPage(t.db, {
          scopePath: organiser.unitPath,
          now,
          filters: { ...range, status },
          page: 1,
        });
        const expected = all.events.filter((event) => event.status === status);
        expect(titles(filtered.events).sort(), `${status} at ${now}`).toEqual(
          titles(expected).sort(),
        );
      }
    }
  });

  it("reads bad filter values as not given, and names each beside its field", async () => {
    const villages = await listVillagesInScope(t.db, { scopePath: village.unitPath });
    const parse = (query: string) => parseEventListQuery(new URLSearchParams(query), villages);
    expect(parse("status=running&from=2031-06-01&to=2031-06-30&page=2")).toMatchObject({
      filters: { status: "running", from: "2031-06-01", to: "2031-06-30" },
      page: 2,
      errors: {},
    });
    const bad = parse(
      `status=ended&from=2031-02-30&to=tomorrow&village=${await unitId(t.db, "渔帆村")}&page=-1`,
    );
    expect(bad.filters).toEqual({});
    expect(bad.page).toBe(1);
    expect(bad.errors).toEqual({
      status: "events.filterUnknownStatus",
      from: "events.filterBadDate",
      to: "events.filterBadDate",
      village: "events.filterVillageOutOfScope",
    });
    const reversed = parse("from=2031-06-30&to=2031-06-01");
    expect(reversed.filters).toEqual({ from: "2031-06-30" });
    expect(reversed.errors).toEqual({ to: "events.filterToBeforeFrom" });
    expect(parse("page=1e9&village=%00").page).toBe(1);
  });

  it("offers the villages of the scope in the unit tree's order", async () => {
    const all = await listVillagesInScope(t.db, { scopePath: organiser.unitPath });
    expect(all.map((unit) => unit.name)).toEqual([...DEMO_VILLAGES]);
    const own = await listVillagesInScope(t.db, { scopePath: village.unitPath });
    expect(own.map((unit) => unit.name)).toEqual(["舟山村"]);
  });
});

describe("the public list", () => {
  const publicTitles = async (now: string) =>
    titles(
      (await listPublicEvents(t.db, { now, filters: {} })).filter((event) =>
        Object.keys(day).includes(event.title),
      ),
    );

  it("keeps a running event until its end, a report written early included", async () => {
    const events = await listPublicEvents(t.db, { now: NOW, filters: {} });
    const shown = new Map(events.map((event) => [event.title, event.status]));
    expect(shown.get("running")).toBe("running");
    expect(shown.get("reportedEarly")).toBe("running");
    expect(shown.get("later")).toBe("published");
    expect(shown.get("cancelled")).toBe("cancelled");
    expect(shown.has("ended")).toBe(false);
    expect(shown.has("draft")).toBe(false);

    expect(await publicTitles("2031-06-15T02:59:59.999Z")).toContain("running");
    expect(await publicTitles("2031-06-15T03:00:00.000Z")).not.toContain("running");
    expect(await publicTitles("2031-06-15T03:59:59.999Z")).toContain("reportedEarly");
    expect(await publicTitles("2031-06-15T04:00:00.000Z")).not.toContain("reportedEarly");
  });

  it("agrees with displayedStatus for every event it lists", async () => {
    const events = await listPublicEvents(t.db, { now: NOW, filters: {} });
    const stored = await t.db.selectFrom("event").select(["code", "status"]).execute();
    const statusOf = new Map(stored.map((row) => [row.code, row.status]));
    for (const event of events) {
      expect(event.status).toBe(
        displayedStatus({ ...event, status: statusOf.get(event.code)! }, NOW),
      );
    }
  });

  it("offers this year's campaigns, the sub-districts, and the villages in the unit tree's order, the two 舟山村 told apart", async () => {
    const now = new Date().toISOString();
    const { options } = await publicHome(t.db, { now, params: new URLSearchParams() });
    expect(options.areas.map((unit) => unit.name)).toEqual(["香山街道", "横泾街道"]);
    const named = (area: string) => (name: string) =>
      name === "舟山村" ? `${area} · ${name}` : name;
    expect(options.villages.map((unit) => unit.label)).toEqual([
      ...DEMO_VILLAGES.map(named("香山街道")),
      ...DEMO_SECOND_VILLAGES.map(named("横泾街道")),
    ]);
    const year = Number(shanghaiDay(now).slice(0, 4));
    const thisYear = await t.db
      .selectFrom("campaign")
      .select("id")
      .where("year", "=", year)
      .execute();
    expect(thisYear.length).toBeGreaterThan(0);
    expect(options.campaigns.map((campaign) => campaign.id).sort()).toEqual(
      thisYear.map((campaign) => campaign.id).sort(),
    );
  });
});

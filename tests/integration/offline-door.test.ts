import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/.server/audit/audit-log";
import { offlineDoor, sealName } from "~/.server/attendance/offline-door";
import { createEvent } from "~/.server/events/events";
import { hashPassCode } from "~/.server/passes/code";
import { issuePass, revokePass } from "~/.server/passes/issue";
import { loadCookieSecret } from "~/.server/secret";
import { DOOR_SCOPE } from "~/lib/door";
import { formatClock } from "~/lib/time";
import { createTestDatabase } from "../support/database";
import { demoActor, eventInput, rowCounts, unitId } from "../support/demo";
import { Browser } from "../support/http";
import { activeCode, addLegalSavvy } from "../support/passes";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Issue 20: the offline door's list and its sync endpoint, over real HTTP against the production
// build, on SQLite and PostgreSQL: a replay changes nothing, times are kept and bounded, two
// devices make one check-in, and everyone who may not send is refused with nothing written.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let organiser: Actor;
let holders: number[];
let codes: string[];

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startServer({
    databaseUrl: t.url,
    env: { COOKIE_SECRET: await loadCookieSecret(t.db) },
  });
  organiser = await demoActor(t.db, "organiser");
  holders = [];
  for (const name of ["王一", "王二", "王三", "王四"]) {
    const id = await addLegalSavvy(t.db, name, "舟山村");
    await issuePass(t.db, { actor: organiser, personId: id });
    holders.push(id);
  }
  codes = await Promise.all(holders.map(async (id) => (await activeCode(t.db, id))!));
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

/** An event of 香山街道 in progress, in 舟山村; public (no list) unless told. */
async function openEvent(overrides: Parameters<typeof eventInput>[1] = {}) {
  const input = await eventInput(t.db, { visibility: "public", invitees: [], ...overrides });
  return (await createEvent(t.db, { actor: organiser, publish: true, event: input })).id;
}

async function loggedIn(username: string) {
  const browser = new Browser(server.baseUrl);
  await browser.logIn(username);
  return browser;
}

async function accountId(username: string) {
  const row = await t.db
    .selectFrom("staff_user")
    .select("id")
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
  return row.id;
}

function sync(browser: Browser | null, eventId: number, body: unknown) {
  const session = browser?.cookie("pufa_session");
  return fetch(`${server.baseUrl}/events/${eventId}/door-sync`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Origin: server.baseUrl,
      ...(session ? { Cookie: `pufa_session=${session}` } : {}),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
    redirect: "manual",
  });
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const scanItem = (account: number, code: string, at = minutesAgo(5)) => ({
  id: randomUUID(),
  account,
  at,
  kind: "scan" as const,
  code,
});

const walkIn = (account: number, name: string, villageId: number, at = minutesAgo(4)) => ({
  id: randomUUID(),
  account,
  at,
  kind: "walk_in" as const,
  fields: {
    name,
    phone: "",
    villageId: String(villageId),
    employer: "",
    group: "elderly",
    consent: "on",
  },
});

async function checkins(eventId: number) {
  return t.db
    .selectFrom("checkin")
    .select(["person_id", "name", "method", "checked_in_at", "recorded_by"])
    .where("event_id", "=", eventId)
    .orderBy("id")
    .execute();
}

describe("the offline door's sync", () => {
  it("checks in at the time it happened, and a replay changes nothing", async () => {
    const event = await openEvent();
    const browser = await loggedIn("organiser");
    const village = await unitId(t.db, "舟山村");
    const at = minutesAgo(7);
    const body = {
      items: [
        scanItem(organiser.id, codes[0]!, at),
        scanItem(organiser.id, codes[1]!.toLowerCase()),
        walkIn(organiser.id, "赵老伯", village, at),
      ],
    };
    const first = await sync(browser, event, body);
    expect(first.status).toBe(200);
    const answer = (await first.json()) as { results: { outcome: string; at?: string }[] };
    expect(answer.results.map((result) => result.outcome)).toEqual(["new", "new", "new"]);
    const rows = await checkins(event);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ checked_in_at: at, method: "pass_scan", name: "王一" });
    expect(rows[2]).toMatchObject({ checked_in_at: at, method: "walk_in", name: "赵老伯" });
    expect(rows.every((row) => row.recorded_by === organiser.id)).toBe(true);

    const before = await rowCounts(t.db);
    const audits = await t.db.selectFrom("audit_log").select("id").execute();
    const replay = await sync(browser, event, body);
    expect(replay.status).toBe(200);
    expect(((await replay.json()) as { results: unknown[] }).results).toEqual(answer.results);
    // The phone-less walk-in is not added twice, and the log has nothing new either.
    expect(await rowCounts(t.db)).toEqual(before);
    expect(await t.db.selectFrom("audit_log").select("id").execute()).toHaveLength(audits.length);

    const logged = await t.db
      .selectFrom("audit_log")
      .select(["action", "actor_username", "detail"])
      .where("action", "=", "checkin.offline")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(logged.actor_username).toBe("organiser");
    expect(logged.detail).toContain(`recorded offline ${at}`);
    expect(logged.detail).toContain("items=3 new=3");
  });

  it("makes one check-in of one person scanned on two devices, and tells the second when", async () => {
    const event = await openEvent();
    const browser = await loggedIn("organiser");
    const early = minutesAgo(9);
    const one = await sync(browser, event, { items: [scanItem(organiser.id, codes[2]!, early)] });
    expect(((await one.json()) as { results: unknown[] }).results).toEqual([
      expect.objectContaining({ outcome: "new", at: early }),
    ]);
    const two = await sync(browser, event, { items: [scanItem(organiser.id, codes[2]!)] });
    const second = ((await two.json()) as { results: { outcome: string; at: string }[] })
      .results[0]!;
    expect(second).toMatchObject({ outcome: "already", at: early });
    expect(await checkins(event)).toHaveLength(1);
  });

  it("keeps the earliest time of one person seen on two devices, whichever synced first", async () => {
    const event = await openEvent();
    const deviceA = await loggedIn("organiser");
    const deviceB = await loggedIn("village");
    const village = await accountId("village");
    const late = minutesAgo(3);
    const early = minutesAgo(10);
    const bodyA = { items: [scanItem(organiser.id, codes[1]!, late)] };
    const bodyB = { items: [scanItem(village, codes[1]!, early)] };
    const resultsOf = async (response: Response) =>
      ((await response.json()) as { results: Record<string, unknown>[] }).results;

    expect(await resultsOf(await sync(deviceA, event, bodyA))).toEqual([
      expect.objectContaining({ outcome: "new", at: late }),
    ]);
    // B saw the person first, and syncs second: the check-in's time moves back to B's scan.
    const answerB = await resultsOf(await sync(deviceB, event, bodyB));
    expect(answerB).toEqual([expect.objectContaining({ outcome: "new", at: early })]);
    const rows = await checkins(event);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ checked_in_at: early, recorded_by: organiser.id });

    // A replay of either changes nothing; A's now says when, and that it was another device.
    const before = await rowCounts(t.db);
    expect(await resultsOf(await sync(deviceA, event, bodyA))).toEqual([
      { id: bodyA.items[0]!.id, outcome: "already", at: early, clock: formatClock(early) },
    ]);
    expect(await resultsOf(await sync(deviceB, event, bodyB))).toEqual(answerB);
    expect(await rowCounts(t.db)).toEqual(before);
    expect(await checkins(event)).toEqual(rows);

    // A third device between the two, and one before the window opened, move nothing.
    const between = scanItem(organiser.id, codes[1]!, minutesAgo(6));
    const beforeWindow = scanItem(organiser.id, codes[1]!, minutesAgo(60 * 24));
    expect(await resultsOf(await sync(deviceA, event, { items: [between, beforeWindow] }))).toEqual(
      [
        { id: between.id, outcome: "already", at: early, clock: formatClock(early) },
        { id: beforeWindow.id, outcome: "refused", reason: "closed" },
      ],
    );
    expect(await checkins(event)).toEqual(rows);
    const logged = await t.db
      .selectFrom("audit_log")
      .select("detail")
      .where("action", "=", "checkin.offline")
      .where("actor_username", "=", "village")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(logged.detail).toContain("new=1 already=0 refused=0 moved=1");
  });

  it("answers an event out of reach as one that does not exist, and writes nothing", async () => {
    const event = await openEvent();
    const hengjing = await loggedIn("hengjing");
    const missing = 987_654;
    const before = await rowCounts(t.db);
    const listOf = (id: number) => hengjing.get(`/events/${id}/door.json`);
    const [theirs, none] = [await listOf(event), await listOf(missing)];
    expect([theirs.status, none.status]).toEqual([404, 404]);
    expect(await theirs.text()).toBe(await none.text());
    const mine = { items: [scanItem(await accountId("hengjing"), codes[0]!)] };
    const [sent, nowhere] = [
      await sync(hengjing, event, mine),
      await sync(hengjing, missing, mine),
    ];
    expect([sent.status, nowhere.status]).toEqual([404, 404]);
    expect(await sent.text()).toBe(await nowhere.text());
    expect(await rowCounts(t.db)).toEqual(before);
    const rows = await t.db
      .selectFrom("door_sync_item")
      .select("item_id")
      .where("item_id", "=", mine.items[0]!.id)
      .execute();
    expect(rows).toEqual([]);
  });

  it("refuses items outside the window, unknown and revoked, and keeps the reason", async () => {
    const event = await openEvent();
    const browser = await loggedIn("organiser");
    await revokePass(t.db, { actor: organiser, personId: holders[3]! });
    const outside = scanItem(organiser.id, codes[0]!, minutesAgo(60 * 24));
    const body = {
      items: [outside, scanItem(organiser.id, "K7QM-2XPD-9HTR"), scanItem(organiser.id, codes[3]!)],
    };
    const response = await sync(browser, event, body);
    const { results } = (await response.json()) as { results: { reason?: string }[] };
    expect(results.map((result) => result.reason)).toEqual(["closed", "unknown", "revoked"]);
    expect(await checkins(event)).toHaveLength(0);
    const kept = await t.db
      .selectFrom("door_sync_item")
      .select(["reason", "happened_at"])
      .where("item_id", "=", outside.id)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ reason: "closed", happened_at: outside.at });
  });

  it("takes a full batch of 200 walk-ins of long names past the edge, in one request", async () => {
    const event = await openEvent();
    const browser = await loggedIn("organiser");
    const zhoushan = await unitId(t.db, "舟山村");
    const items = Array.from({ length: 200 }, (_, n) => {
      const item = walkIn(organiser.id, `长名字的居民第${n}号`, zhoushan);
      return {
        ...item,
        fields: { ...item.fields, employer: "苏州市吴中区香山街道某某有限公司".repeat(3) },
      };
    });
    const body = JSON.stringify({ items });
    expect(Buffer.byteLength(body)).toBeGreaterThan(64 * 1024);
    const response = await sync(browser, event, body);
    expect(response.status).toBe(200);
    expect(await checkins(event)).toHaveLength(200);
  });

  it("refuses a queue that arrives more than three days after the window closed", async () => {
    const event = await openEvent();
    const browser = await loggedIn("organiser");
    const start = Date.now() - 5 * 86_400_000;
    await t.db
      .updateTable("event")
      .set({
        starts_at: new Date(start).toISOString(),
        ends_at: new Date(start + 2 * 3_600_000).toISOString(),
      })
      .where("id", "=", event)
      .execute();
    const during = scanItem(organiser.id, codes[2]!, new Date(start + 30 * 60_000).toISOString());
    const response = await sync(browser, event, { items: [during] });
    const { results } = (await response.json()) as { results: { reason?: string }[] };
    expect(results.map((result) => result.reason)).toEqual(["closed"]);
    expect(await checkins(event)).toHaveLength(0);
  });

  it("refuses those who may not send, garbage and oversized batches, and writes nothing", async () => {
    const event = await openEvent({ villageId: await unitId(t.db, "渔帆村") });
    const item = () => ({ items: [scanItem(organiser.id, codes[1]!)] });
    const syncRows = () => t.db.selectFrom("door_sync_item").select("item_id").execute();
    const hengjing = await loggedIn("hengjing");
    const official = await loggedIn("official");
    const village = await loggedIn("village");
    const organiserBrowser = await loggedIn("organiser");
    const before = await rowCounts(t.db);
    const syncedBefore = (await syncRows()).length;
    const forHengjing = { items: [scanItem(await accountId("hengjing"), codes[1]!)] };
    expect((await sync(hengjing, event, forHengjing)).status).toBe(404);
    expect((await sync(official, event, item())).status).toBe(403);
    const forVillage = { items: [scanItem(await accountId("village"), codes[1]!)] };
    expect((await sync(village, event, forVillage)).status).toBe(404);
    const none = await sync(null, event, item());
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ error: "login" });
    // Items recorded by another account on this device: that account sends them.
    const others = { items: [scanItem(await accountId("admin"), codes[1]!)] };
    expect((await sync(organiserBrowser, event, others)).status).toBe(403);
    expect((await sync(organiserBrowser, event, "{not json")).status).toBe(400);
    expect((await sync(organiserBrowser, event, { items: [{ kind: "scan" }] })).status).toBe(400);
    // A time no clock shows (01:70) is refused, not stored as the check-in's time.
    const impossible = {
      items: [{ ...scanItem(organiser.id, codes[1]!), at: "2025-03-05T01:70:00.000Z" }],
    };
    expect((await sync(organiserBrowser, event, impossible)).status).toBe(400);
    const many = { items: Array.from({ length: 201 }, () => scanItem(organiser.id, codes[1]!)) };
    expect((await sync(organiserBrowser, event, many)).status).toBe(413);
    const huge = JSON.stringify({ items: [], pad: "x".repeat(300 * 1024) });
    expect((await sync(organiserBrowser, event, huge)).status).toBe(413);
    expect(await rowCounts(t.db)).toEqual(before);
    expect(await syncRows()).toHaveLength(syncedBefore);
  });
});

/** A PNG's width and height, from its header. */
function pngSize(bytes: Buffer) {
  expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

describe("the offline door's manifest", () => {
  it("installs the event's door inside the service worker's scope, with its icons", async () => {
    const event = await openEvent();
    // Fetched as a browser fetches a manifest: without the session's cookie.
    const response = await fetch(`${server.baseUrl}/events/${event}/door.webmanifest`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/manifest\+json/);
    const manifest = (await response.json()) as Record<string, unknown> & {
      icons: { src: string; sizes: string; type: string; purpose: string }[];
    };
    expect(manifest).toMatchObject({
      name: "普法签到",
      lang: "zh-CN",
      display: "standalone",
      scope: DOOR_SCOPE,
      start_url: `/events/${event}/scan`,
      theme_color: "#a3141d",
    });
    const start = new URL(manifest.start_url as string, server.baseUrl);
    expect(start.pathname.startsWith(new URL(DOOR_SCOPE, server.baseUrl).pathname)).toBe(true);
    // The worker the build wrote (the e2e test checks the scope it is registered with).
    expect((await fetch(`${server.baseUrl}/door-sw.js`)).status).toBe(200);
    expect(manifest.icons.map((icon) => [icon.sizes, icon.purpose])).toEqual([
      ["192x192", "any"],
      ["512x512", "any"],
      ["512x512", "maskable"],
    ]);
    for (const icon of manifest.icons) {
      const file = await fetch(new URL(icon.src, server.baseUrl));
      expect(file.headers.get("content-type")).toBe(icon.type);
      expect(pngSize(Buffer.from(await file.arrayBuffer()))).toBe(icon.sizes);
    }
    const english = await fetch(`${server.baseUrl}/events/${event}/door.webmanifest?lang=en`);
    expect(await english.json()).toMatchObject({ name: "Pufa door", lang: "en" });
  });

  it("is linked from the scan page and not from the resident's check-in page", async () => {
    const event = await openEvent();
    const browser = await loggedIn("organiser");
    const scan = await (await browser.get(`/events/${event}/scan`)).text();
    expect(scan).toContain(`<link rel="manifest" href="/events/${event}/door.webmanifest"/>`);
    const { code } = await t.db
      .selectFrom("event")
      .select("code")
      .where("id", "=", event)
      .executeTakeFirstOrThrow();
    const resident = await fetch(`${server.baseUrl}/c/${code}`);
    expect(resident.status).toBe(200);
    expect(await resident.text()).not.toContain("manifest");
  });
});

describe("the offline door's list", () => {
  it("holds hashes and sealed names, no phone, and says who is not invited", async () => {
    const event = await openEvent({ invitees: [] });
    const door = await offlineDoor(t.db, { actor: organiser, eventId: event });
    const mine = door.passes.find((pass) => pass.h === hashPassCode(codes[0]!));
    expect(mine).toMatchObject({ s: "ok" });
    expect(mine?.n).toBeTypeOf("string");
    expect(door.passes.find((pass) => pass.h === hashPassCode(codes[3]!))).toEqual({
      h: hashPassCode(codes[3]!),
      s: "revoked",
    });
    const text = JSON.stringify(door);
    expect(text.match(/王一|"1[3-9]\d{9}"/)).toBeNull();
    // A seal is fresh each time: the same name twice does not read the same.
    expect(sealName(codes[0]!, "王一")).not.toBe(sealName(codes[0]!, "王一"));
  });

  it("is refused to another sub-district's organiser and to an official", async () => {
    const event = await openEvent();
    const hengjing = await loggedIn("hengjing");
    expect((await hengjing.get(`/events/${event}/door.json`)).status).toBe(404);
    const official = await loggedIn("official");
    expect((await official.get(`/events/${event}/door.json`)).status).toBe(403);
  });
});

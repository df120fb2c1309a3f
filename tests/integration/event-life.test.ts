import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/.server/audit/audit-log";
import { cancelEvent, copyEvent, createEvent } from "~/.server/events/events";
import { getProjectorState } from "~/.server/events/projector";
import { isoToShanghaiLocal } from "~/lib/time";
import { createTestDatabase } from "../support/database";
import { demoActor, eventInput, rowCounts } from "../support/demo";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// An event's life around the door: the check-in window on the event form, publishing a copy from
// its edit page, what the projector shows before, during and after the window, and a cancelled
// event's poster, projector and QR codes. Real HTTP against the production build, both databases.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let organiser: Actor;
let b: Browser;

const MINUTE = 60_000;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  organiser = await demoActor(t.db, "organiser");
  b = new Browser(server.baseUrl);
  await b.logIn("organiser");
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

/** The event form as a browser sends it, for 香山街道 three days from now. */
function eventForm(fields: Record<string, string>): Record<string, string> {
  const day = isoToShanghaiLocal(new Date(Date.now() + 3 * 86_400_000).toISOString()).slice(0, 10);
  return {
    title: "窗口测试讲座",
    format: "lecture",
    setting: "village",
    campaignId: "",
    hostUnitId: "2",
    villageId: "3",
    venue: "舟山村文化礼堂",
    startsAt: `${day}T09:00`,
    endsAt: `${day}T11:00`,
    audience: "villager",
    laws: "",
    speaker: "",
    speakerRole: "",
    capacity: "",
    visibility: "public",
    description: "",
    invitees: "",
    intent: "draft",
    ...fields,
  };
}

async function stored(id: number) {
  return t.db
    .selectFrom("event")
    .select(["title", "status", "opens_minutes_before", "closes_minutes_after"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

async function audits(action: string) {
  return t.db
    .selectFrom("audit_log")
    .select(["target"])
    .where("action", "=", action)
    .orderBy("id")
    .execute();
}

const idOf = (response: Response) => Number(response.headers.get("location")!.split("/").pop());

describe("the check-in window on the event form", () => {
  it("offers today's defaults and stores the minutes given, on create and on edit", async () => {
    const page = await (await b.get("/events/new")).text();
    expect(page).toContain("签到开放时间");
    expect(page).toMatch(
      /id="opensMinutesBefore"[^>]*value="30"|value="30"[^>]*id="opensMinutesBefore"/,
    );
    expect(page).toMatch(
      /id="closesMinutesAfter"[^>]*value="120"|value="120"[^>]*id="closesMinutesAfter"/,
    );

    const created = await b.post(
      "/events/new",
      eventForm({ opensMinutesBefore: "45", closesMinutesAfter: "0" }),
    );
    expect(created.status).toBe(302);
    const id = idOf(created);
    expect(await stored(id)).toMatchObject({ opens_minutes_before: 45, closes_minutes_after: 0 });

    const edit = await (await b.get(`/events/${id}/edit`)).text();
    expect(edit).toMatch(/value="45"/);
    const saved = await b.post(
      `/events/${id}/edit`,
      eventForm({ opensMinutesBefore: "720", closesMinutesAfter: "60", intent: "save" }),
    );
    expect(saved.status).toBe(302);
    expect(await stored(id)).toMatchObject({ opens_minutes_before: 720, closes_minutes_after: 60 });
  });

  it("keeps the defaults when a form leaves the window out", async () => {
    const created = await b.post("/events/new", eventForm({}));
    expect(await stored(idOf(created))).toMatchObject({
      opens_minutes_before: 30,
      closes_minutes_after: 120,
    });
  });

  it.each([
    ["more than 12 hours", "721", "60"],
    ["a negative number", "-1", "60"],
    ["text", "30", "abc"],
    ["a fraction", "30", "1.5"],
  ])("refuses %s beside the field and writes nothing", async (_, before, after) => {
    const counts = await rowCounts(t.db);
    const res = await b.post(
      "/events/new",
      eventForm({ title: "不该保存", opensMinutesBefore: before, closesMinutesAfter: after }),
    );
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("请填写 0 到 720 之间的整数（分钟）。");
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain(`value="${before}"`);
    expect(await rowCounts(t.db)).toEqual(counts);
  });

  it("says so in English", async () => {
    const en = new Browser(server.baseUrl, "en-GB,en;q=0.9");
    await en.logIn("organiser");
    const res = await en.post("/events/new", eventForm({ opensMinutesBefore: "9999" }));
    expect(await res.text()).toContain("Enter a whole number of minutes from 0 to 720.");
  });
});

describe("publishing a copy from its edit page", () => {
  it("saves and publishes a draft in one step, both logged; a published event has no such button", async () => {
    const { id: sourceId } = await createEvent(t.db, {
      actor: organiser,
      publish: true,
      event: await eventInput(t.db, { title: "每周普法课" }),
    });
    const { id } = await copyEvent(t.db, { actor: organiser, id: sourceId });
    const edit = await (await b.get(`/events/${id}/edit`)).text();
    expect(edit).toMatch(/<button[^>]*value="publish"[^>]*>发布<\/button>/);

    const res = await b.post(
      `/events/${id}/edit`,
      eventForm({ title: "每周普法课（下周）", intent: "publish" }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/events/${id}`);
    expect(await (await b.follow(res)).text()).toContain("活动已发布，居民现在可以看到并签到。");
    expect(await stored(id)).toMatchObject({ title: "每周普法课（下周）", status: "published" });
    expect((await audits("event.publish")).at(-1)?.target).toContain("每周普法课（下周）");
    expect((await audits("event.update")).at(-1)?.target).toContain("每周普法课（下周）");

    const after = await (await b.get(`/events/${id}/edit`)).text();
    expect(after).not.toContain('value="publish"');
    // A second publish (an old tab) changes nothing.
    const counts = await rowCounts(t.db);
    const again = await b.post(
      `/events/${id}/edit`,
      eventForm({ title: "改了标题", intent: "publish" }),
    );
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("当前状态下不能进行此操作。");
    expect(await stored(id)).toMatchObject({ title: "每周普法课（下周）" });
    expect(await rowCounts(t.db)).toEqual(counts);
  });

  it("a draft with a bad field is neither saved nor published", async () => {
    const { id } = await createEvent(t.db, {
      actor: organiser,
      publish: false,
      event: await eventInput(t.db, { title: "草稿" }),
    });
    const res = await b.post(
      `/events/${id}/edit`,
      eventForm({ title: "", intent: "publish", opensMinutesBefore: "800" }),
    );
    expect(res.status).toBe(400);
    expect(await stored(id)).toMatchObject({ title: "草稿", status: "draft" });
  });
});

describe("the projector outside the check-in window", () => {
  let eventId: number;
  let code: string;
  // Starts at 10:00 UTC, ends at 12:00; the window is 30 minutes before to 120 minutes after.
  const START = Date.parse("2030-03-05T10:00:00.000Z");
  beforeAll(async () => {
    const created = await createEvent(t.db, {
      actor: organiser,
      publish: true,
      event: await eventInput(t.db, {
        title: "将来的讲座",
        visibility: "public",
        invitees: [],
        startsAt: new Date(START).toISOString(),
        endsAt: new Date(START + 120 * MINUTE).toISOString(),
      }),
    });
    eventId = created.id;
    code = created.code;
  });
  const at = (minutesFromStart: number) =>
    getProjectorState(t.db, {
      id: eventId,
      scopePath: organiser.unitPath,
      base: "http://pufa.test",
      nowMs: START + minutesFromStart * MINUTE,
    });

  it.each([
    [-31, "early"],
    [-30, "open"],
    [60, "open"],
    [240, "open"],
    [241, "closed"],
  ])("at %i minutes from the start is %s, with a code only while open", async (minutes, phase) => {
    const state = await at(minutes);
    expect(state.phase).toBe(phase);
    if (phase === "open") {
      expect(state.qrSvg).toContain("<svg");
      expect(state.link).toBe(`http://pufa.test/c/${code}`);
    } else {
      expect(state.qrSvg).toBeNull();
      expect(state.link).toBeNull();
    }
    expect(state.opensAt).toBe("2030-03-05T09:30:00.000Z");
  });

  it("shows 未开始 with the opening time, and sends no code, on the page and in the live answer", async () => {
    const page = await b.get(`/events/${eventId}/projector`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("未开始");
    // 09:30 UTC is 17:30 in Beijing.
    expect(html).toMatch(/签到于 3月5日 17:30 开放/);
    expect(html).not.toContain("<svg");
    expect(html).not.toContain(`/c/${code}`);
    expect(html).toContain('http-equiv="refresh"');
    for (const query of ["", "?qr=1"]) {
      const live = await (await b.get(`/events/${eventId}/live${query}`)).json();
      expect(live).toEqual({ count: 0, phase: "early", refreshInSeconds: 5 });
    }
    const en = new Browser(server.baseUrl, "en-GB,en;q=0.9");
    await en.logIn("organiser");
    const english = await (await en.get(`/events/${eventId}/projector`)).text();
    expect(english).toContain("Not started");
    expect(english).toContain("Check-in opens at March 5 at 17:30");
  });

  it("shows 已结束 after the window, without a code", async () => {
    const { id } = await createEvent(t.db, {
      actor: organiser,
      publish: true,
      event: await eventInput(t.db, {
        title: "昨天的讲座",
        startsAt: new Date(Date.now() - 26 * 3_600_000).toISOString(),
        endsAt: new Date(Date.now() - 24 * 3_600_000).toISOString(),
      }),
    });
    const html = await (await b.get(`/events/${id}/projector`)).text();
    expect(html).toContain("已结束");
    expect(html).not.toContain("<svg");
    expect(await (await b.get(`/events/${id}/live?qr=1`)).json()).toMatchObject({
      phase: "closed",
    });
  });

  it("gives an open window's code when a page that had none asks for it", async () => {
    const { id } = await createEvent(t.db, {
      actor: organiser,
      publish: true,
      event: await eventInput(t.db, { title: "正在进行" }),
    });
    const plain = await (await b.get(`/events/${id}/live`)).json();
    expect(plain).toEqual({ count: 0, phase: "open", refreshInSeconds: 5 });
    const asked = await (await b.get(`/events/${id}/live?qr=1`)).json();
    expect(asked.qrSvg).toContain("<svg");
    expect(asked.link).toMatch(/\/c\/[a-z2-7]{8}$/);
  });
});

describe("a cancelled event", () => {
  let eventId: number;
  beforeAll(async () => {
    const created = await createEvent(t.db, {
      actor: organiser,
      publish: true,
      event: await eventInput(t.db, { title: "取消的讲座" }),
    });
    eventId = created.id;
    await cancelEvent(t.db, { actor: organiser, id: eventId, reason: "暴雨" });
  });

  it("offers no poster or projector on its page", async () => {
    const html = await (await b.get(`/events/${eventId}`)).text();
    expect(html).toContain("本活动已取消");
    expect(html).not.toContain(`/events/${eventId}/poster`);
    expect(html).not.toContain(`/events/${eventId}/projector`);
  });

  it.each(["poster", "projector", "qr.png", "qr.svg"])(
    "answers /%s with 409 and why",
    async (path) => {
      const res = await b.get(`/events/${eventId}/${path}`);
      expect(res.status).toBe(409);
      const body = await res.text();
      if (!path.startsWith("qr.")) {
        expect(body).toContain("本活动已取消，不再提供签到海报、投屏和签到二维码。");
        expect(body).not.toContain("<svg");
      }
    },
  );

  it("tells a projector left open that it is cancelled, without a code", async () => {
    const live = await (await b.get(`/events/${eventId}/live?qr=1`)).json();
    expect(live).toEqual({ count: 0, phase: "cancelled", refreshInSeconds: 5 });
  });
});

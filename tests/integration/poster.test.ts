import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenForSlot, ROTATION_SECONDS } from "../../app/.server/checkin/qr-token";
import { createEvent } from "../../app/.server/events/events";
import type { EventInput } from "../../app/lib/event-schema";
import { createTestDatabase } from "../support/database";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";
import { PNG_SIGNATURE, firstSvg, pngSize, readQrSvg } from "./poster-qr";

// The poster, the QR downloads, the projector and its live JSON, over real HTTP against the
// production build, on SQLite or (npm run test:pg) PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

const ZHOUSHAN = 3;
const YUFAN = 4;
const MINUTE = 60_000;

async function actor(username: string) {
  const row = await t.db
    .selectFrom("staff_user")
    .innerJoin("admin_unit", "admin_unit.id", "staff_user.unit_id")
    .select(["staff_user.id", "staff_user.username", "staff_user.role", "admin_unit.path"])
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
  return { id: row.id, username: row.username, role: row.role, unitPath: row.path, ip: null };
}

/** A published event in progress (check-in open), hosted by a village, made by the organiser. */
async function makeEvent(input: { hostUnitId: number; rotating?: boolean; title?: string }) {
  const now = Date.now();
  const event: EventInput = {
    title: input.title ?? "民法典进村讲座",
    format: "lecture",
    setting: "village",
    campaignId: null,
    hostUnitId: input.hostUnitId,
    villageId: input.hostUnitId,
    venue: "村委会二楼会议室",
    startsAt: new Date(now - 10 * MINUTE).toISOString(),
    endsAt: new Date(now + 60 * MINUTE).toISOString(),
    audience: ["villager"],
    laws: null,
    speaker: null,
    speakerRole: null,
    capacity: null,
    visibility: "public",
    description: null,
    rotatingQr: input.rotating ?? false,
    invitees: [],
  };
  const { id, code } = await createEvent(t.db, {
    actor: await actor("organiser"),
    event,
    publish: true,
  });
  const { qr_secret } = await t.db
    .selectFrom("event")
    .select("qr_secret")
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return { id, code, secret: qr_secret };
}

async function loggedIn(username: string) {
  const b = new Browser(server.baseUrl);
  await b.logIn(username);
  return b;
}

const resident = (phone: string) => ({
  name: "李桂英",
  phone,
  villageId: String(ZHOUSHAN),
  employer: "",
  group: "villager",
  consent: "on",
});

describe("the poster", () => {
  it("prints the title, time, venue, host, the absolute link as text and its QR code", async () => {
    const event = await makeEvent({ hostUnitId: ZHOUSHAN, title: "宪法宣传周进村" });
    const res = await (await loggedIn("organiser")).get(`/events/${event.id}/poster`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const link = `${server.linkBase}/c/${event.code}`;
    expect(html).toContain("宪法宣传周进村");
    expect(html).toContain("村委会二楼会议室（舟山村）");
    expect(html).toContain("舟山村");
    expect(html).toContain(`<span class="poster-url">${link}</span>`);
    expect(html).toContain("扫码签到");
    expect(html).toContain(
      "舟山村收集您的姓名、手机号，仅用于本次活动签到和普法统计，保存 3 年后删除",
    );
    expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/poster-[\w-]+\.css"/);
    const svg = firstSvg(html);
    expect(svg).not.toBeNull();
    expect(readQrSvg(svg!, link)).toEqual({ margin: 4, encodes: true });
  });

  it("is refused to an official in scope, who reads figures and does not run the door", async () => {
    const event = await makeEvent({ hostUnitId: YUFAN });
    const res = await (await loggedIn("official")).get(`/events/${event.id}/poster`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(`/c/${event.code}`);
  });

  it("prints no code for a rotating event and sends residents to the screen", async () => {
    const event = await makeEvent({ hostUnitId: ZHOUSHAN, rotating: true });
    const res = await (await loggedIn("organiser")).get(`/events/${event.id}/poster`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(firstSvg(html)).toBeNull();
    expect(html).toContain("签到请扫描活动现场屏幕上的二维码。");
    expect(html).toContain("固定二维码在轮换开启时会被拒绝");
  });
});

describe("QR downloads", () => {
  it("give the stable link as an SVG attachment named after the event code", async () => {
    const event = await makeEvent({ hostUnitId: ZHOUSHAN, rotating: true });
    const res = await (await loggedIn("organiser")).get(`/events/${event.id}/qr.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="pufa-checkin-${event.code}.svg"`,
    );
    const svg = await res.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toMatch(/<path stroke="#000000" d="M[\d .hmM]+"\/>/);
    expect(readQrSvg(svg, `${server.linkBase}/c/${event.code}`).encodes).toBe(true);
  });

  it("give a square PNG large enough to print", async () => {
    const event = await makeEvent({ hostUnitId: ZHOUSHAN });
    const res = await (await loggedIn("village")).get(`/events/${event.id}/qr.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="pufa-checkin-${event.code}.png"`,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(bytes)).toEqual({ width: 1200, height: 1200 });
  });
});

describe("scope", () => {
  const pages = ["poster", "qr.svg", "qr.png", "projector", "live"];

  it("refuses a village organiser another village's event with 403, on every page", async () => {
    const other = await makeEvent({ hostUnitId: YUFAN });
    const own = await makeEvent({ hostUnitId: ZHOUSHAN });
    const village = await loggedIn("village");
    for (const page of pages) {
      expect((await village.get(`/events/${other.id}/${page}`)).status, page).toBe(403);
      expect((await village.get(`/events/${own.id}/${page}`)).status, page).toBe(200);
    }
    const refused = await village.get(`/events/${other.id}/poster`);
    expect(await refused.text()).toContain("无权访问");
  });

  it("sends an anonymous visitor to the log-in page and back", async () => {
    const event = await makeEvent({ hostUnitId: ZHOUSHAN });
    for (const page of pages) {
      const res = await new Browser(server.baseUrl).get(`/events/${event.id}/${page}`);
      expect(res.status, page).toBe(302);
      expect(res.headers.get("location")).toBe(
        `/login?next=${encodeURIComponent(`/events/${event.id}/${page}`)}`,
      );
    }
  });

  it("answers 404 for an event that does not exist or an id that is not one", async () => {
    const organiser = await loggedIn("organiser");
    expect((await organiser.get("/events/999999/poster")).status).toBe(404);
    expect((await organiser.get("/events/abc/qr.svg")).status).toBe(404);
    expect((await organiser.get("/events/999999/live")).status).toBe(404);
  });
});

describe("the projector", () => {
  it("shows the title, the code, the link, the count, and reloads itself without JavaScript", async () => {
    const event = await makeEvent({ hostUnitId: ZHOUSHAN, title: "农民工学法活动周" });
    const res = await (await loggedIn("organiser")).get(`/events/${event.id}/projector`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const link = `${server.linkBase}/c/${event.code}`;
    expect(html).toContain("农民工学法活动周");
    expect(html).toContain(`<p class="projector-link">${link}</p>`);
    expect(html).toMatch(/<span class="projector-number">0<\/span>/);
    expect(html).toContain('<noscript><meta http-equiv="refresh" content="5"/>');
    expect(readQrSvg(firstSvg(html)!, link).encodes).toBe(true);
  });

  it("live JSON counts a resident's check-in and never carries the secret", async () => {
    const event = await makeEvent({ hostUnitId: ZHOUSHAN });
    const organiser = await loggedIn("organiser");
    const before = await organiser.get(`/events/${event.id}/live`);
    expect(before.headers.get("content-type")).toMatch(/^application\/json/);
    expect(before.headers.get("cache-control")).toBe("no-store");
    expect(await before.json()).toEqual({ count: 0, phase: "open", refreshInSeconds: 5 });

    const checkin = await new Browser(server.baseUrl).post(
      `/c/${event.code}`,
      resident("13912340001"),
    );
    expect(checkin.status).toBe(200);
    expect(await checkin.text()).toContain("签到成功");

    const after = await organiser.get(`/events/${event.id}/live`);
    const body = await after.text();
    expect(JSON.parse(body)).toEqual({ count: 1, phase: "open", refreshInSeconds: 5 });
    expect(body).not.toContain(event.secret);
  });
});

describe("a rotating code", () => {
  const slotNow = () => Math.floor(Date.now() / (ROTATION_SECONDS * 1000));

  /** Runs a request, again if a new 15-second slot began meanwhile; gives the slot it ran in. */
  async function inOneSlot<T>(request: () => Promise<T>) {
    for (;;) {
      const slot = slotNow();
      const result = await request();
      if (slotNow() === slot) return { slot, result };
    }
  }

  it("live JSON carries the current token, changes with the slot and hides the secret", async () => {
    const event = await makeEvent({ hostUnitId: ZHOUSHAN, rotating: true });
    const organiser = await loggedIn("organiser");
    const link = `${server.linkBase}/c/${event.code}`;
    const read = async () => {
      const res = await organiser.get(`/events/${event.id}/live`);
      return { text: await res.text() };
    };
    const first = await inOneSlot(read);
    const live = JSON.parse(first.result.text) as {
      count: number;
      qrSvg: string;
      refreshInSeconds: number;
    };
    expect(Object.keys(live).sort()).toEqual(["count", "phase", "qrSvg", "refreshInSeconds"]);
    expect(live.refreshInSeconds).toBeGreaterThanOrEqual(1);
    expect(live.refreshInSeconds).toBeLessThanOrEqual(5);
    expect(first.result.text).not.toContain(event.secret);
    const token = tokenForSlot(event.secret, first.slot);
    expect(readQrSvg(live.qrSvg, `${link}?t=${token}`).encodes).toBe(true);

    // The code on the screen changes once the slot is over (at most 15 s).
    await expect
      .poll(
        async () => {
          const next = JSON.parse((await read()).text) as { qrSvg: string };
          return next.qrSvg !== live.qrSvg;
        },
        { timeout: (ROTATION_SECONDS + 5) * 1000, interval: 1000 },
      )
      .toBe(true);
  }, 30_000);

  it("the resident's page takes the current and previous tokens, and refuses an older one", async () => {
    const event = await makeEvent({ hostUnitId: ZHOUSHAN, rotating: true });
    const open = (back: number) =>
      inOneSlot(async () => {
        const token = tokenForSlot(event.secret, slotNow() - back);
        const res = await new Browser(server.baseUrl).get(`/c/${event.code}?t=${token}`);
        return { status: res.status, html: await res.text() };
      });
    const current = (await open(0)).result;
    expect(current.status).toBe(200);
    expect(current.html).toContain('name="ticket"');
    expect((await open(1)).result.status).toBe(200);
    const old = (await open(2)).result;
    expect(old.status).toBe(403);
    expect(old.html).toContain("二维码已更新");
    const none = await new Browser(server.baseUrl).get(`/c/${event.code}`);
    expect(none.status).toBe(403);
  });

  it("the projector shows the tokened code and no typed link", async () => {
    const event = await makeEvent({ hostUnitId: ZHOUSHAN, rotating: true });
    const organiser = await loggedIn("organiser");
    const { slot, result: html } = await inOneSlot(async () =>
      (await organiser.get(`/events/${event.id}/projector`)).text(),
    );
    const link = `${server.linkBase}/c/${event.code}`;
    expect(html).not.toContain('class="projector-link"');
    expect(html).toContain("二维码每 15 秒更换");
    const token = tokenForSlot(event.secret, slot);
    expect(readQrSvg(firstSvg(html)!, `${link}?t=${token}`).encodes).toBe(true);
    expect(html).not.toContain(event.secret);
  });
});

describe("PUBLIC_URL", () => {
  // An address on the office's network, as an operator may choose one (and with a slash at the
  // end): the printed link and the code follow it, and the poster does not warn about it.
  const PUBLIC_URL = "http://192.168.1.5:8080";
  let publicServer: RunningServer;
  beforeAll(async () => {
    publicServer = await startServer({ databaseUrl: t.url, env: { PUBLIC_URL: `${PUBLIC_URL}/` } });
  });
  afterAll(async () => {
    await publicServer?.stop();
  });

  it("is the base of the printed link and of the code, whatever address served the page", async () => {
    const event = await makeEvent({ hostUnitId: ZHOUSHAN });
    const b = new Browser(publicServer.baseUrl);
    await b.logIn("organiser");
    const html = await (await b.get(`/events/${event.id}/poster`)).text();
    const link = `${PUBLIC_URL}/c/${event.code}`;
    expect(html).toContain(`<span class="poster-url">${link}</span>`);
    expect(html).not.toContain(publicServer.baseUrl);
    // The operator chose it: no warning that it reaches only this network.
    expect(html).not.toContain("poster-warning");
    expect(readQrSvg(firstSvg(html)!, link).encodes).toBe(true);
    const svg = await (await b.get(`/events/${event.id}/qr.svg`)).text();
    expect(readQrSvg(svg, link).encodes).toBe(true);
  });
});

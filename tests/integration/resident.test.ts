import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewEvent } from "../../db/schema";
import { newEventCode } from "~/.server/events/events";
import { createTestDatabase } from "../support/database";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// The resident's minute and the organiser's poster, over real HTTP against the production build,
// on SQLite or (npm run test:pg) PostgreSQL: the village-or-employer rule, the success page, the
// closed message's year, no calendar for past events, and what the poster prints and warns.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let hostUnitId: number;

const ZHOUSHAN = 3;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  const host = await t.db
    .selectFrom("admin_unit")
    .select("id")
    .where("name", "=", "香山街道")
    .executeTakeFirstOrThrow();
  hostUnitId = host.id;
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
let phoneCounter = 0;
const newPhone = () =>
  `135${String(process.pid % 1000).padStart(3, "0")}${String(++phoneCounter).padStart(5, "0")}`;

/** A public, published event of the demo's sub-district, open for check-in now by default. */
async function makeEvent(overrides: Partial<NewEvent> = {}) {
  const stamp = new Date().toISOString();
  const row = {
    code: newEventCode(),
    title: "民法典进村讲座",
    format: "lecture" as const,
    setting: "village" as const,
    campaign_id: null,
    host_unit_id: hostUnitId,
    village_id: null,
    venue: "村委会二楼会议室",
    starts_at: minutesFromNow(-10),
    ends_at: minutesFromNow(60),
    laws: null,
    speaker: null,
    speaker_role: null,
    capacity: null,
    visibility: "public" as const,
    description: null,
    status: "published" as const,
    cancel_reason: null,
    qr_secret: `secret-${Math.random().toString(36).slice(2)}`,
    created_by: null,
    created_at: stamp,
    updated_at: stamp,
    ...overrides,
  };
  const { id } = await t.db
    .insertInto("event")
    .values(row)
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id, code: row.code };
}

const zh = () => new Browser(server.baseUrl);
const en = () => new Browser(server.baseUrl, "en-GB,en;q=0.9");

const form = (phone: string, extra: Record<string, string> = {}) => ({
  intent: "checkin",
  name: "李桂英",
  phone,
  villageId: "",
  employer: "",
  group: "villager",
  consent: "on",
  ...extra,
});

async function checkinsAt(eventId: number) {
  return t.db
    .selectFrom("checkin")
    .select(["name", "village_id", "employer"])
    .where("event_id", "=", eventId)
    .execute();
}

const personCount = async () =>
  (
    await t.db
      .selectFrom("person")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow()
  ).n;

/** The <select> of villages: its options and which one is selected. */
function villageSelect(html: string) {
  const select = /<select id="villageId"[^>]*>(.*?)<\/select>/s.exec(html)?.[1] ?? "";
  const options = [...select.matchAll(/<option value="([^"]*)"( selected)?>([^<]*)<\/option>/g)];
  return {
    first: options[0]?.[3],
    selected: options.filter((o) => o[2]).map((o) => o[1]),
  };
}

describe("the check-in form", () => {
  it("starts the village at 请选择, or at the event's own village, and consent unticked", async () => {
    const plain = await makeEvent();
    const html = await (await zh().get(`/c/${plain.code}`)).text();
    expect(villageSelect(html)).toEqual({ first: "请选择", selected: [""] });
    expect(html).toMatch(/<input type="checkbox" id="consent" name="consent">/);
    // The notice is short on the first screen; the full text is one tap away.
    expect(html).toContain("收集以上信息，仅用于本次签到和普法统计，不会公开，3 年后删除。");
    expect(html).toMatch(/<details><summary>查看完整说明<\/summary><p>[^<]*查询、更正或删除/);

    const own = await makeEvent({ village_id: ZHOUSHAN });
    expect(villageSelect(await (await zh().get(`/c/${own.code}`)).text()).selected).toEqual([
      String(ZHOUSHAN),
    ]);
    const english = await (await en().get(`/c/${plain.code}`)).text();
    expect(villageSelect(english).first).toBe("Choose…");
  });

  it("refuses neither village nor employer with a message beside the field and writes nothing", async () => {
    const event = await makeEvent();
    const before = await personCount();
    const res = await zh().post(`/c/${event.code}`, form(newPhone()));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(
      '<p class="error" id="villageId-error">请选择所在村（社区），不在本街道的请填写工作单位。</p>',
    );
    expect(html).toMatch(/<select id="villageId" name="villageId" aria-invalid="true"/);
    expect(html).toContain('value="李桂英"');
    const english = await (await en().post(`/c/${event.code}`, form(newPhone()))).text();
    expect(english).toContain("Choose your village or community; if you live elsewhere");
    expect(await checkinsAt(event.id)).toEqual([]);
    expect(await personCount()).toBe(before);
  });

  it("refuses a village of another sub-district and writes nothing", async () => {
    const event = await makeEvent();
    const outside = await t.db
      .selectFrom("admin_unit")
      .select("id")
      .where("name", "=", "香山街道")
      .executeTakeFirstOrThrow();
    const before = await personCount();
    const res = await zh().post(
      `/c/${event.code}`,
      form(newPhone(), { villageId: String(outside.id) }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('id="villageId-error"');
    expect(await checkinsAt(event.id)).toEqual([]);
    expect(await personCount()).toBe(before);
  });

  it("takes a village, or an employer alone, and stores what was given", async () => {
    const event = await makeEvent();
    const byVillage = await zh().post(
      `/c/${event.code}`,
      form(newPhone(), { villageId: String(ZHOUSHAN) }),
    );
    expect(byVillage.status).toBe(200);
    const byEmployer = await zh().post(
      `/c/${event.code}`,
      form(newPhone(), { name: "王芳", employer: "苏州精密机械厂" }),
    );
    expect(byEmployer.status).toBe(200);
    const rows = await checkinsAt(event.id);
    expect(rows).toEqual(
      expect.arrayContaining([
        { name: "李桂英", village_id: ZHOUSHAN, employer: null },
        { name: "王芳", village_id: null, employer: "苏州精密机械厂" },
      ]),
    );
    expect(rows).toHaveLength(2);
  });
});

describe("the success page", () => {
  it("shows the name, the event, its day and time, 凭此页领取资料 and the way to more events", async () => {
    const event = await makeEvent({
      title: "宪法宣传周进村",
      starts_at: "2026-12-04T06:00:00.000Z",
      ends_at: "2026-12-04T08:00:00.000Z",
      opens_minutes_before: 60 * 24 * 365 * 10,
      closes_minutes_after: 60 * 24 * 365 * 10,
    });
    const phone = newPhone();
    const html = await (
      await zh().post(`/c/${event.code}`, form(phone, { name: " 李  桂英 ", employer: "香山工坊" }))
    ).text();
    expect(html).toContain("<h1>签到成功</h1>");
    expect(html).toContain('<p class="who">李 桂英</p>');
    expect(html).toContain('<p class="what">宪法宣传周进村</p>');
    expect(html).toContain('<p class="when">2026年12月4日 周五 14:00–16:00</p>');
    expect(html).toContain('<p class="show">凭此页领取资料</p>');
    expect(html).toContain('<a href="/">查看近期普法活动</a>');

    const again = await (
      await en().post(`/c/${event.code}`, form(phone, { name: "李 桂英", employer: "香山工坊" }))
    ).text();
    expect(again).toContain("<h1>Already checked in</h1>");
    expect(again).toContain('<p class="who">李 桂英</p>');
    expect(again).toContain('<p class="when">Fri, Dec 4, 2026, 14:00–16:00</p>');
    expect(again).toContain('<p class="show">Show this page to collect materials</p>');
  });
});

describe("no dead ends", () => {
  const home = '<a href="/">查看近期普法活动</a>';

  it("points a page that cannot check in on to the event and to the upcoming events", async () => {
    const early = await makeEvent({
      starts_at: minutesFromNow(24 * 60),
      ends_at: minutesFromNow(25 * 60),
    });
    const closed = await makeEvent({
      starts_at: minutesFromNow(-300),
      ends_at: minutesFromNow(-180),
    });
    for (const [event, status, heading] of [
      [early, 409, "签到尚未开始"],
      [closed, 410, "签到已结束"],
    ] as const) {
      const res = await zh().get(`/c/${event.code}`);
      expect(res.status).toBe(status);
      const html = await res.text();
      expect(html).toContain(heading);
      expect(html).toContain(`<a href="/e/${event.code}">查看活动详情</a>`);
      expect(html).toContain(home);
    }
    const english = await (await en().get(`/c/${early.code}`)).text();
    expect(english).toContain(`<a href="/e/${early.code}">See the event</a>`);
    expect(english).toContain('<a href="/">See upcoming legal-education events</a>');
  });

  it("answers an unknown code with the way to the upcoming events", async () => {
    const res = await zh().get("/c/zzzzzzzz");
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("找不到该活动");
    expect(html).toContain(home);
    expect(html).not.toContain('href="/e/');
  });

  it("links an internal session's closed page to no public event page", async () => {
    const event = await makeEvent({
      visibility: "internal",
      starts_at: minutesFromNow(-300),
      ends_at: minutesFromNow(-180),
    });
    const html = await (await zh().get(`/c/${event.code}`)).text();
    expect(html).toContain("签到已结束");
    expect(html).not.toContain(`/e/${event.code}`);
    expect(html).toContain(home);
  });

  it("reads a code typed in capitals as the same event", async () => {
    const event = await makeEvent({ title: "大写签到码" });
    const page = await zh().get(`/c/${event.code.toUpperCase()}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("大写签到码");
    const phone = newPhone();
    const res = await zh().post(
      `/c/${event.code.toUpperCase()}`,
      form(phone, { villageId: String(ZHOUSHAN) }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<h1>签到成功</h1>");
    expect(await checkinsAt(event.id)).toHaveLength(1);
  });

  it("tells a phone back at an event it checked in to 已签到 first, then offers the next person", async () => {
    const event = await makeEvent({ title: "回访签到" });
    const phone = zh();
    const first = await phone.post(
      `/c/${event.code}`,
      form(newPhone(), { villageId: String(ZHOUSHAN) }),
    );
    expect(await first.text()).toContain("用这部手机为其他人签到");
    const back = await (await phone.get(`/c/${event.code}`)).text();
    expect(back).toContain("<h1>已签到</h1>");
    expect(back).toContain('<p class="who">李桂英</p>');
    expect(back.indexOf("已签到")).toBeLessThan(back.indexOf("用这部手机为其他人签到"));
    expect(back).toContain('<input type="hidden" name="intent" value="forget">');
    expect(back).not.toContain("以 李桂英 身份签到");
    // The next person gets the empty form, and the phone forgets the first.
    const next = await (await phone.post(`/c/${event.code}`, { intent: "forget" })).text();
    expect(next).toContain('<input type="hidden" name="intent" value="checkin">');
    expect(next).not.toContain("李桂英");
    expect(await checkinsAt(event.id)).toHaveLength(1);
    // At another event the same phone is still offered the one-tap check-in.
    const other = await makeEvent({ title: "另一场活动" });
    const again = zh();
    await again.post(`/c/${event.code}`, form(newPhone(), { villageId: String(ZHOUSHAN) }));
    expect(await (await again.get(`/c/${other.code}`)).text()).toContain("以 李桂英 身份签到");
  });
});

describe("the closed message", () => {
  const lastYear = new Date().getUTCFullYear() - 1;

  it("names the year when check-in closed in another year", async () => {
    const event = await makeEvent({
      starts_at: `${lastYear}-06-10T06:00:00.000Z`,
      ends_at: `${lastYear}-06-10T08:00:00.000Z`,
      status: "held",
    });
    const res = await zh().get(`/c/${event.code}`);
    expect(res.status).toBe(410);
    expect(await res.text()).toMatch(new RegExp(`签到已于 ${lastYear}年6月10日`));
    expect(await (await en().get(`/c/${event.code}`)).text()).toMatch(
      new RegExp(`closed at [^<]*${lastYear}`),
    );
  });

  it("leaves the year out when it closed this year", async () => {
    const event = await makeEvent({
      starts_at: minutesFromNow(-300),
      ends_at: minutesFromNow(-180),
    });
    const html = await (await zh().get(`/c/${event.code}`)).text();
    expect(html).toContain("签到已结束");
    expect(html).not.toMatch(/签到已于 \d{4}年/);
  });
});

describe("the public event page", () => {
  it("offers 加入手机日历 for an event ahead, none once it has ended", async () => {
    const ahead = await makeEvent({
      starts_at: minutesFromNow(60 * 24),
      ends_at: minutesFromNow(60 * 26),
    });
    expect(await (await zh().get(`/e/${ahead.code}`)).text()).toContain("加入手机日历");
    const ended = await makeEvent({
      starts_at: minutesFromNow(-300),
      ends_at: minutesFromNow(-180),
      status: "held",
    });
    const html = await (await zh().get(`/e/${ended.code}`)).text();
    expect(html).toContain("民法典进村讲座");
    expect(html).not.toContain("加入手机日历");
    expect(html).not.toContain(`/e/${ended.code}/calendar.ics`);
    const running = await makeEvent({
      starts_at: minutesFromNow(-30),
      ends_at: minutesFromNow(30),
    });
    expect(await (await en().get(`/e/${running.code}`)).text()).toContain("Add to phone calendar");
  });
});

describe("the poster", () => {
  it("prints the host, the speaker with role, the laws and the dated line", async () => {
    const event = await makeEvent({
      title: "宪法宣传周进村",
      village_id: ZHOUSHAN,
      starts_at: "2026-12-04T06:00:00.000Z",
      ends_at: "2026-12-04T08:00:00.000Z",
      laws: "宪法、民法典",
      speaker: "周敏",
      speaker_role: "lawyer",
    });
    const b = new Browser(server.baseUrl);
    await b.logIn("organiser");
    const html = await (await b.get(`/events/${event.id}/poster`)).text();
    expect(html).toContain("<dt>主办单位</dt><dd>香山街道</dd>");
    expect(html).toContain("<dt>主讲人</dt><dd>周敏<!-- -->（律师）</dd>");
    expect(html).toContain("<dt>宣传法律</dt><dd>宪法、民法典</dd>");
    expect(html).toContain("<dd>2026年12月4日 周五 14:00–16:00</dd>");
    expect(html).toContain("签到开放时间：2026年12月4日 13:30 起");

    const english = new Browser(server.baseUrl, "en-GB,en;q=0.9");
    await english.logIn("organiser");
    const page = await (await english.get(`/events/${event.id}/poster`)).text();
    expect(page).toContain("<dd>Fri, Dec 4, 2026, 14:00–16:00</dd>");
    expect(page).toContain("<dt>Speaker</dt><dd>周敏<!-- --> (Lawyer)</dd>");
  });

  it("warns on screen that the demo's printed link reaches only this network or this machine", async () => {
    const event = await makeEvent();
    const b = new Browser(server.baseUrl);
    await b.logIn("organiser");
    const html = await (await b.get(`/events/${event.id}/poster`)).text();
    const host = new URL(server.linkBase).host;
    expect(html).toContain(`<span class="poster-url">${server.linkBase}/c/${event.code}</span>`);
    const expected = host.startsWith("127.0.0.1")
      ? `注意：海报上的链接 ${host} 只能在这台电脑上打开`
      : `注意：海报上的链接 ${host} 是局域网地址，只有连接同一网络（Wi-Fi）的手机才能打开`;
    expect(html).toMatch(/<p class="poster-note poster-warning" role="note">注意：/);
    expect(html).toContain(expected);
  });
});

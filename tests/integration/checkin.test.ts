import http from "node:http";
import { gunzipSync } from "node:zlib";
import { createCookie } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewEvent } from "../../db/schema";
import { currentToken } from "~/.server/checkin/qr-token";
import { newEventCode } from "~/.server/events/events";
import { isoToShanghaiLocal } from "~/lib/time";
import { createTestDatabase } from "../support/database";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// The resident's check-in at /c/<code>, over real HTTP against the production build, on SQLite
// or (npm run test:pg) PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let hostUnitId: number;

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
/** A phone no other test (nor the demo, whose numbers start 139) uses. */
const newPhone = () =>
  `137${String(process.pid % 1000).padStart(3, "0")}${String(++phoneCounter).padStart(5, "0")}`;

type TestEvent = { id: number; code: string; qrSecret: string; startsAt: string; endsAt: string };

/** An event of the demo's sub-district; by default public, published and open for check-in now. */
async function makeEvent(overrides: Partial<NewEvent> = {}): Promise<TestEvent> {
  const stamp = new Date().toISOString();
  const row = {
    code: newEventCode(),
    title: "测试活动：民法典讲座",
    format: "lecture" as const,
    setting: "community" as const,
    campaign_id: null,
    host_unit_id: hostUnitId,
    village_id: null,
    venue: "香山社区多功能厅",
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
  return {
    id,
    code: row.code,
    qrSecret: row.qr_secret,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
  };
}

const resident = (phone: string, extra: Record<string, string> = {}) => ({
  intent: "checkin",
  name: "张三",
  phone,
  villageId: "",
  employer: "香山电子厂",
  group: "villager",
  consent: "on",
  ...extra,
});

async function counts(eventId?: number) {
  const checkins = await t.db
    .selectFrom("checkin")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .$if(eventId !== undefined, (q) => q.where("event_id", "=", eventId!))
    .executeTakeFirstOrThrow();
  const persons = await t.db
    .selectFrom("person")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return { checkins: checkins.n, persons: persons.n };
}

const zh = () => new Browser(server.baseUrl);
const en = () => new Browser(server.baseUrl, "en-GB,en;q=0.9");
const shanghaiClock = (iso: string) => isoToShanghaiLocal(iso).slice(11, 16);

describe("checking in", () => {
  it("says 签到成功 with the time, then 已签到 with the first time and stores one row", async () => {
    const event = await makeEvent();
    const phone = newPhone();
    const first = await zh().post(`/c/${event.code}`, resident(phone));
    expect(first.status).toBe(200);
    const html = await first.text();
    expect(html).toContain("签到成功");
    const time = /签到时间：(\d{2}:\d{2}:\d{2})/.exec(html)?.[1];
    expect(time).toBeDefined();

    const again = await zh().post(`/c/${event.code}`, resident(phone, { name: " 张三 " }));
    expect(again.status).toBe(200);
    const againHtml = await again.text();
    expect(againHtml).toContain("已签到");
    expect(againHtml).toContain(`您已于 ${time} 签到`);
    expect((await counts(event.id)).checkins).toBe(1);

    const row = await t.db
      .selectFrom("checkin")
      .innerJoin("person", "person.id", "checkin.person_id")
      .select(["person.phone", "checkin.method", "checkin.consent_version"])
      .where("checkin.event_id", "=", event.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ phone, method: "self_scan" });
    expect(row.consent_version).toBeTruthy();
  });

  it("answers in English to an English browser", async () => {
    const event = await makeEvent();
    const phone = newPhone();
    const first = await en().post(`/c/${event.code}`, resident(phone));
    const html = await first.text();
    expect(html).toContain('<html lang="en"');
    expect(html).toMatch(/Checked in.*Time: \d{2}:\d{2}:\d{2}/s);
    const again = await en().post(`/c/${event.code}`, resident(phone));
    expect(await again.text()).toContain("Already checked in");
  });

  it("before the window opens: says when it opens and writes nothing", async () => {
    const event = await makeEvent({ starts_at: minutesFromNow(120), ends_at: minutesFromNow(180) });
    const opensAt = new Date(Date.parse(event.startsAt) - 30 * 60_000).toISOString();
    const before = await counts();
    const res = await zh().post(`/c/${event.code}`, resident(newPhone()));
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("签到尚未开始");
    expect(html).toContain(shanghaiClock(opensAt));
    const page = await zh().get(`/c/${event.code}`);
    expect(await page.text()).toContain("签到尚未开始");
    const english = await en().post(`/c/${event.code}`, resident(newPhone()));
    expect(await english.text()).toContain("Check-in has not opened yet");
    expect(await counts()).toEqual(before);
  });

  it("after the window closes (2 h after the end): closed, nothing written", async () => {
    const event = await makeEvent({
      starts_at: minutesFromNow(-300),
      ends_at: minutesFromNow(-180),
    });
    const before = await counts();
    const res = await zh().post(`/c/${event.code}`, resident(newPhone()));
    expect(res.status).toBe(410);
    const html = await res.text();
    expect(html).toContain("签到已结束");
    const closesAt = new Date(Date.parse(event.endsAt) + 120 * 60_000).toISOString();
    expect(html).toContain(shanghaiClock(closesAt));
    const english = await en().post(`/c/${event.code}`, resident(newPhone()));
    expect(await english.text()).toContain("Check-in is closed");
    expect(await counts()).toEqual(before);
  });

  it("a cancelled event: gives the reason, nothing written", async () => {
    const event = await makeEvent({ status: "cancelled", cancel_reason: "暴雨预警，活动改期" });
    const before = await counts();
    const res = await zh().post(`/c/${event.code}`, resident(newPhone()));
    expect(res.status).toBe(410);
    const html = await res.text();
    expect(html).toContain("活动已取消");
    expect(html).toContain("原因：暴雨预警，活动改期");
    const english = await en().get(`/c/${event.code}`);
    expect(await english.text()).toContain("Event cancelled");
    expect(await counts()).toEqual(before);
  });
});

describe("a rotating QR", () => {
  it("refuses a stale token, and the current one leads to a check-in", async () => {
    const event = await makeEvent({ rotating_qr: 1 });
    const stale = currentToken(event.qrSecret, Date.now() - 2 * 60_000);
    const old = await zh().get(`/c/${event.code}?t=${stale}`);
    expect(old.status).toBe(403);
    expect(await old.text()).toContain("请扫描现场屏幕上当前显示的二维码");
    const oldEn = await en().get(`/c/${event.code}?t=${stale}`);
    expect(await oldEn.text()).toContain("Please scan the code shown on the screen");

    const before = await counts();
    const noTicket = await zh().post(`/c/${event.code}`, resident(newPhone()));
    expect(noTicket.status).toBe(403);
    expect(await counts()).toEqual(before);

    const page = await zh().get(`/c/${event.code}?t=${currentToken(event.qrSecret)}`);
    expect(page.status).toBe(200);
    const ticket = /name="ticket" value="([^"]+)"/.exec(await page.text())?.[1];
    expect(ticket).toBeDefined();
    const res = await zh().post(`/c/${event.code}`, resident(newPhone(), { ticket: ticket! }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("签到成功");
    expect((await counts(event.id)).checkins).toBe(1);
  });

  async function freshTicket(event: TestEvent) {
    const page = await zh().get(`/c/${event.code}?t=${currentToken(event.qrSecret)}`);
    return /name="ticket" value="([^"]+)"/.exec(await page.text())![1]!;
  }

  it("one ticket for three phones: the first checks in, the others must scan the current code", async () => {
    const event = await makeEvent({ rotating_qr: 1 });
    const ticket = await freshTicket(event);
    const [first, second, third] = [newPhone(), newPhone(), newPhone()];
    const before = await counts();

    const firstRes = await zh().post(`/c/${event.code}`, resident(first, { ticket }));
    expect(firstRes.status).toBe(200);
    expect(await firstRes.text()).toContain("签到成功");
    for (const [phone, browser, text] of [
      [second, zh(), "请扫描现场屏幕上当前显示的二维码"],
      [third, en(), "Please scan the code shown on the screen"],
    ] as const) {
      const res = await browser.post(`/c/${event.code}`, resident(phone, { name: "李四", ticket }));
      expect(res.status).toBe(403);
      const html = await res.text();
      expect(html).toContain(text);
      expect(html).not.toContain("签到成功");
      expect(browser.cookie("pufa_me")).toBeUndefined();
    }
    // Nothing of the two refused phones was kept: no check-in, no person.
    expect(await counts()).toEqual({
      checkins: before.checkins + 1,
      persons: before.persons + 1,
    });

    const retry = await zh().post(`/c/${event.code}`, resident(first, { ticket }));
    expect(retry.status).toBe(200);
    expect(await retry.text()).toContain("已签到");

    // A fresh ticket from the screen lets the second phone in.
    const next = await zh().post(
      `/c/${event.code}`,
      resident(second, { name: "李四", ticket: await freshTicket(event) }),
    );
    expect(await next.text()).toContain("签到成功");
    expect((await counts(event.id)).checkins).toBe(2);
  });

  it("one ticket sent by three phones at the same moment admits exactly one", async () => {
    const event = await makeEvent({ rotating_qr: 1 });
    const ticket = await freshTicket(event);
    const answers = await Promise.all(
      [newPhone(), newPhone(), newPhone()].map((phone) =>
        zh().post(`/c/${event.code}`, resident(phone, { ticket })),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([200, 403, 403]);
    expect((await counts(event.id)).checkins).toBe(1);
  });

  it("another spelling of a used ticket is not another ticket", async () => {
    const event = await makeEvent({ rotating_qr: 1 });
    const ticket = await freshTicket(event);
    const first = await zh().post(`/c/${event.code}`, resident(newPhone(), { ticket }));
    expect(first.status).toBe(200);
    const before = await counts();
    const [issued, mac] = ticket.split(".");
    for (const respelt of [`${ticket}.x`, `0${ticket}`, `${issued}.${mac}.`, `${ticket}\u0000`]) {
      const res = await zh().post(`/c/${event.code}`, resident(newPhone(), { ticket: respelt }));
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("请扫描现场屏幕上当前显示的二维码");
    }
    expect(await counts()).toEqual(before);
  });

  it("a ticket sent to an event without a rotating code is ignored, NUL included", async () => {
    const event = await makeEvent();
    const res = await zh().post(`/c/${event.code}`, resident(newPhone(), { ticket: "x\u0000" }));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("签到成功");
    const row = await t.db
      .selectFrom("checkin")
      .select("ticket")
      .where("event_id", "=", event.id)
      .executeTakeFirstOrThrow();
    expect(row.ticket).toBeNull();
  });

  it("a multibyte token or ticket is refused as stale, never a 500, nothing written", async () => {
    const event = await makeEvent({ rotating_qr: 1 });
    const before = await counts();
    // As many characters as a real token or ticket MAC, but more bytes.
    const token = "签".repeat(currentToken(event.qrSecret).length);
    const page = await zh().get(`/c/${event.code}?t=${encodeURIComponent(token)}`);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain("请扫描现场屏幕上当前显示的二维码");
    const [issued] = (await freshTicket(event)).split(".");
    for (const ticket of [`${issued}.${"é".repeat(16)}`, `${issued}.${"签".repeat(16)}`]) {
      const res = await zh().post(`/c/${event.code}`, resident(newPhone(), { ticket }));
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("请扫描现场屏幕上当前显示的二维码");
    }
    expect(await counts()).toEqual(before);
  });
});

describe("an internal event", () => {
  it("refuses a phone not on the invitation list, with the reason, and takes an invited one", async () => {
    const event = await makeEvent({ visibility: "internal", format: "central_group" });
    const invited = newPhone();
    const stamp = new Date().toISOString();
    const person = await t.db
      .insertInto("person")
      .values({
        unit_id: hostUnitId,
        phone: invited,
        name: "李华",
        audience_group: "cadre",
        created_at: stamp,
        updated_at: stamp,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto("event_invitation")
      .values({ event_id: event.id, person_id: person.id, added_at: stamp })
      .execute();
    const before = await counts();
    const stranger = await zh().post(`/c/${event.code}`, resident(newPhone()));
    expect(stranger.status).toBe(403);
    const html = await stranger.text();
    expect(html).toContain("未在邀请名单中");
    expect(html).toContain("只有邀请名单上的人员可以签到");
    const strangerEn = await en().post(`/c/${event.code}`, resident(newPhone()));
    expect(await strangerEn.text()).toContain("Not on the invitation list");
    // The invited phone under another name is another person: someone typing a colleague's
    // number is not admitted in their place.
    const otherName = await zh().post(`/c/${event.code}`, resident(invited, { name: "李小华" }));
    expect(otherName.status).toBe(403);
    expect(await counts()).toEqual(before);

    const ok = await zh().post(
      `/c/${event.code}`,
      resident(invited, { name: "李华", group: "cadre" }),
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("签到成功");
    expect((await counts(event.id)).checkins).toBe(1);
  });
});

describe("bad input", () => {
  const cases: {
    what: string;
    fields: (phone: string) => Record<string, string>;
    zh: string;
    en: string;
  }[] = [
    {
      what: "a wrong phone",
      fields: () => resident("12345"),
      zh: "请填写 11 位手机号",
      en: "Enter an 11-digit mainland mobile number",
    },
    {
      what: "an empty name",
      fields: (phone) => resident(phone, { name: "  " }),
      zh: "请填写此项。",
      en: "Please fill this in.",
    },
    {
      what: "no consent",
      fields: (phone) => {
        const { consent: _consent, ...rest } = resident(phone);
        return rest;
      },
      zh: "请勾选同意后再签到。",
      en: "Please tick the box to agree before checking in.",
    },
  ];

  for (const c of cases) {
    it(`${c.what}: 400, its message beside the field, what was typed kept, nothing written`, async () => {
      const event = await makeEvent();
      const before = await counts();
      const phone = newPhone();
      const res = await zh().post(`/c/${event.code}`, { ...c.fields(phone), employer: "香山工坊" });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(c.zh);
      expect(html).toContain('aria-invalid="true"');
      expect(html).toContain('value="香山工坊"');
      expect(html).not.toContain("签到成功");
      const english = await en().post(`/c/${event.code}`, c.fields(phone));
      expect(english.status).toBe(400);
      expect(await english.text()).toContain(c.en);
      expect(await counts()).toEqual(before);
    });
  }

  it("an unknown or malformed code: 404, nothing written", async () => {
    const before = await counts();
    for (const code of ["zzzzzzzz", "no-such-code"]) {
      const res = await zh().post(`/c/${code}`, resident(newPhone()));
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("找不到该活动");
      const english = await en().get(`/c/${code}`);
      expect(english.status).toBe(404);
      expect(await english.text()).toContain("Event not found");
    }
    expect(await counts()).toEqual(before);
  });
});

describe("remember me", () => {
  it("offers a one-tap check-in at the next event, and forgets on 'not me'", async () => {
    const first = await makeEvent();
    const second = await makeEvent({ title: "测试活动：第二场" });
    const phone = newPhone();
    const b = zh();
    expect(await (await b.post(`/c/${first.code}`, resident(phone))).text()).toContain("签到成功");
    expect(b.cookie("pufa_me")).toBeDefined();

    const page = await b.get(`/c/${second.code}`);
    const html = await page.text();
    expect(html).toContain("以 张三 身份签到");
    expect(html).not.toContain('name="phone"');
    const tap = await b.post(`/c/${second.code}`, { intent: "remembered" });
    expect(tap.status).toBe(200);
    expect(await tap.text()).toContain("签到成功");
    const rows = await t.db
      .selectFrom("checkin")
      .innerJoin("person", "person.id", "checkin.person_id")
      .select("checkin.event_id")
      .where("person.phone", "=", phone)
      .execute();
    expect(rows.map((r) => r.event_id).sort()).toEqual([first.id, second.id].sort());

    const english = new Browser(server.baseUrl, "en");
    await english.post(`/c/${first.code}`, resident(newPhone(), { name: "Li Ming" }));
    expect(await (await english.get(`/c/${second.code}`)).text()).toContain("Check in as Li Ming");

    const forgotten = await b.post(`/c/${second.code}`, { intent: "forget" });
    expect(forgotten.status).toBe(200);
    expect(await forgotten.text()).toContain('name="phone"');
    expect(b.cookie("pufa_me")).toBeUndefined();
    const after = await (await b.get(`/c/${second.code}`)).text();
    expect(after).not.toContain("以 张三 身份签到");
    expect(after).toContain('name="name"');
  });
});

describe("a remember-me cookie", () => {
  it("that holds only a person's id, as issued before, remembers no one", async () => {
    const event = await makeEvent();
    const phone = newPhone();
    await zh().post(`/c/${event.code}`, resident(phone));
    const person = await t.db
      .selectFrom("person")
      .select("id")
      .where("phone", "=", phone)
      .executeTakeFirstOrThrow();
    // Signed with the server's own secret: only its content is old.
    const bare = await createCookie("pufa_me", {
      secrets: ["integration-test-cookie-secret"],
    }).serialize(person.id);
    const headers = { Cookie: bare.split(";")[0]!, "Accept-Language": "zh-CN" };
    const page = await (await fetch(`${server.baseUrl}/c/${event.code}`, { headers })).text();
    expect(page).toContain('name="phone"');
    expect(page).not.toContain("身份签到");
    const before = await counts();
    const tap = await fetch(`${server.baseUrl}/c/${event.code}`, {
      method: "POST",
      headers: { ...headers, Origin: server.baseUrl },
      body: new URLSearchParams({ intent: "remembered" }),
    });
    expect(await tap.text()).toContain('name="phone"');
    expect(await counts()).toEqual(before);
  });
});

/** A GET as a phone sends it: the bytes as they travel, gzip-compressed by the server. */
function getGzipped(url: string) {
  return new Promise<{ status: number; encoding?: string; bytes: Buffer }>((done, fail) => {
    http
      .get(url, { headers: { "Accept-Encoding": "gzip", "Accept-Language": "zh-CN" } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          done({
            status: res.statusCode ?? 0,
            encoding: res.headers["content-encoding"],
            bytes: Buffer.concat(chunks),
          }),
        );
      })
      .on("error", fail);
  });
}

describe("the page", () => {
  it("ships no script, loads nothing else, and weighs at most 15 KB compressed", async () => {
    const event = await makeEvent();
    const res = await getGzipped(`${server.baseUrl}/c/${event.code}`);
    expect(res.status).toBe(200);
    expect(res.encoding).toBe("gzip");
    expect(res.bytes.length).toBeLessThanOrEqual(15 * 1024);
    const html = gunzipSync(res.bytes).toString("utf8");
    expect(html).toContain('autocomplete="name"');
    expect(html).toContain('type="tel"');
    expect(html).not.toMatch(/<script|<link|<img|\bsrc=|url\(|@import/i);
  });
});

describe("rate limits", () => {
  it("more posts a minute than one address may send: a 429 'try again in a minute' page, never a 500", async () => {
    // The limit is counted in the database, for every server on it: the other server's requests
    // come from 127.0.0.1 too, so this phone has an address of its own behind a trusted proxy.
    const limited = await startServer({
      databaseUrl: t.url,
      env: { CHECKIN_LIMIT_PER_IP: "5", TRUST_PROXY: "1" },
    });
    try {
      const event = await makeEvent();
      const before = await counts(event.id);
      // One after another, as fast as they go: the limiter counts fixed minutes, so a minute may
      // turn during the run and let five more through, never more.
      const answers: { status: number; html: string }[] = [];
      for (let i = 0; i < 16; i++) {
        const lang = i % 2 ? "en" : "zh-CN";
        const res = await new Browser(limited.baseUrl, lang).post(
          `/c/${event.code}`,
          resident(newPhone()),
          { "X-Forwarded-For": "10.5.0.1" },
        );
        answers.push({ status: res.status, html: await res.text() });
      }
      const accepted = answers.filter((a) => a.status === 200);
      expect(accepted.length).toBeGreaterThanOrEqual(5);
      expect(accepted.length).toBeLessThanOrEqual(10);
      expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      for (const [i, answer] of answers.entries()) {
        if (answer.status === 200) continue;
        expect(answer.status).toBe(429);
        expect(answer.html).toContain(i % 2 ? "Please try again in a minute." : "请一分钟后再试");
      }
      expect((await counts(event.id)).checkins).toBe(before.checkins + accepted.length);
    } finally {
      await limited.stop();
    }
  });
});

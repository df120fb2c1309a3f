import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/.server/audit/audit-log";
import { recordCheckIn } from "~/.server/checkin/record-checkin";
import { createEvent } from "~/.server/events/events";
import { CONSENT_VERSION } from "~/lib/checkin-window";
import type { EventInput } from "~/lib/event-schema";
import { createTestDatabase } from "../support/database";
import { checkinPlace } from "../support/demo";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// At the door and after: the attendance list, walk-in and assisted entry, undo, the after-event
// report and the exports, over real HTTP against the production build (SQLite or PostgreSQL).

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let organiser: Actor;

const ZHOUSHAN = 3;
const YUFAN = 4;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  const staff = await t.db
    .selectFrom("staff_user")
    .innerJoin("admin_unit", "admin_unit.id", "staff_user.unit_id")
    .select(["staff_user.id", "staff_user.username", "admin_unit.path"])
    .execute();
  const byName = (username: string) => staff.find((s) => s.username === username)!;
  organiser = {
    id: byName("organiser").id,
    username: "organiser",
    role: "organiser",
    unitPath: byName("organiser").path,
    ip: null,
  };
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

const browser = (lang?: string) => new Browser(server.baseUrl, lang);

async function as(username: string, lang?: string) {
  const b = browser(lang);
  await b.logIn(username);
  return b;
}

function eventInput(overrides: Partial<EventInput> = {}): EventInput {
  const start = Date.now() - 30 * 60_000;
  return {
    title: "民法典进村讲座",
    format: "lecture",
    setting: "village",
    campaignId: null,
    hostUnitId: 2,
    villageId: ZHOUSHAN,
    venue: "舟山村文化礼堂",
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 2 * 3_600_000).toISOString(),
    audience: ["villager", "elderly"],
    laws: "民法典",
    speaker: null,
    speakerRole: null,
    capacity: null,
    visibility: "public",
    description: null,
    rotatingQr: false,
    invitees: [],
    ...overrides,
  };
}

async function publishedEvent(overrides: Partial<EventInput> = {}) {
  const { id } = await createEvent(t.db, {
    actor: organiser,
    event: eventInput(overrides),
    publish: true,
  });
  return id;
}

async function selfScan(eventId: number, name: string, phone: string) {
  return recordCheckIn(t.db, {
    eventId,
    place: await checkinPlace(t.db, eventId),
    person: { name, phone, villageId: ZHOUSHAN, employer: null, group: "villager" },
    method: "self_scan",
    recordedBy: null,
    consentVersion: CONSENT_VERSION,
  });
}

async function checkins(eventId: number) {
  return t.db
    .selectFrom("checkin")
    .innerJoin("person", "person.id", "checkin.person_id")
    .select([
      "checkin.id",
      "checkin.method",
      "checkin.recorded_by",
      "checkin.consent_version",
      "checkin.name",
      "person.phone",
      "checkin.village_id",
      "checkin.employer",
      "checkin.audience_group",
    ])
    .where("checkin.event_id", "=", eventId)
    .orderBy("checkin.id")
    .execute();
}

async function countPeople() {
  const row = await t.db
    .selectFrom("person")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

async function auditEntries(action: string) {
  return t.db
    .selectFrom("audit_log")
    .select(["actor_username", "target", "detail", "outcome"])
    .where("action", "=", action)
    .orderBy("id")
    .execute();
}

const walkIn = (fields: Record<string, string>) => ({
  intent: "walk_in",
  name: "",
  phone: "",
  villageId: String(ZHOUSHAN),
  employer: "",
  group: "villager",
  ...fields,
});

describe("the attendance list", () => {
  it("shows who came with masked phones only, and counts by group and method", async () => {
    const eventId = await publishedEvent();
    await selfScan(eventId, "李四", "13912345678");
    await selfScan(eventId, "钱七", "13600002222");
    const b = await as("organiser");
    const res = await b.get(`/events/${eventId}/attendance`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("李四");
    expect(html).toContain("139****5678");
    expect(html).toContain("136****2222");
    expect(html).not.toContain("13912345678");
    expect(html).not.toContain("13600002222");
    expect(html).toContain("已签到 2 人");
    expect(html).toContain("扫码自助签到");
    expect(html).toContain("舟山村");
    // Counts by method list only the methods this event has: no row that can only read 0.
    expect(html).toContain('<th scope="row">扫码自助签到</th>');
    expect(html).not.toContain('<th scope="row">现场登记</th>');
    expect(html).not.toContain('<th scope="row">代为登记</th>');
  });
});

describe("a long list", () => {
  it("shows 50 rows a page, the counts over all, and links to the next page and back", async () => {
    const eventId = await publishedEvent({ title: "长名单分页" });
    for (let i = 0; i < 55; i++) {
      await selfScan(
        eventId,
        `居民${String(i).padStart(2, "0")}`,
        `1360000${String(i).padStart(4, "0")}`,
      );
    }
    const b = await as("organiser");
    const first = await (await b.get(`/events/${eventId}/attendance`)).text();
    const rowsOf = (html: string) => [...html.matchAll(/<li><details/g)].length;
    expect(first).toContain("已签到 55 人");
    expect(rowsOf(first)).toBe(50);
    expect(first).toContain("第 1 页，共 2 页");
    expect(first).toContain(`href="/events/${eventId}/attendance?page=2"`);
    expect(first).toContain('<a href="#counts">人数统计</a>');
    expect(first).toContain('<a href="#export">导出名单</a>');
    // Newest first: the five earliest are on the second page.
    expect(first).not.toContain("居民00");
    const second = await (await b.get(`/events/${eventId}/attendance?page=2`)).text();
    expect(rowsOf(second)).toBe(5);
    expect(second).toContain("居民00");
    expect(second).toContain("第 2 页，共 2 页");
    expect(second).toMatch(new RegExp(`href="/events/${eventId}/attendance\\??">上一页</a>`));
    // Past the last page reads as the last; a page that is not a number is refused.
    expect(rowsOf(await (await b.get(`/events/${eventId}/attendance?page=9`)).text())).toBe(5);
    expect((await b.get(`/events/${eventId}/attendance?page=x`)).status).toBe(400);
  });
});

describe("walk-in and assisted entry", () => {
  let eventId: number;
  let b: Browser;
  beforeAll(async () => {
    eventId = await publishedEvent({ title: "以案释法进企业" });
    await selfScan(eventId, "李四", "13912345678");
    b = await as("organiser");
  });

  it("adds a walk-in marked with who recorded it and the notice version", async () => {
    const res = await b.post(
      `/events/${eventId}/attendance`,
      walkIn({
        name: "王五",
        phone: "137 0000 1111",
        villageId: "",
        employer: "苏州精密机械厂",
        group: "migrant_worker",
        consent: "on",
      }),
    );
    expect(res.status).toBe(302);
    // Back to the list with the walk-in form unfolded for the next person in the queue.
    expect(res.headers.get("location")).toBe(`/events/${eventId}/attendance?open=walk_in`);
    const page = await (await b.follow(res)).text();
    expect(page).toContain("已登记 王五 的签到。");
    expect(page).toContain("137****1111");
    expect(page).not.toContain("13700001111");
    const row = (await checkins(eventId)).find((c) => c.name === "王五");
    expect(row).toMatchObject({
      method: "walk_in",
      recorded_by: organiser.id,
      consent_version: CONSENT_VERSION,
      phone: "13700001111",
      employer: "苏州精密机械厂",
      audience_group: "migrant_worker",
    });
  });

  it.each([
    ["a bad phone", { name: "孙六", phone: "12345", consent: "on" }, "请填写 11 位手机号"],
    ["an empty name", { name: "  ", phone: "13800003333", consent: "on" }, "请填写此项。"],
    [
      "no consent tick",
      { name: "孙六", phone: "13800003333" },
      "请先向本人宣读个人信息说明，征得同意后勾选。",
    ],
    ["an unknown village", { name: "孙六", villageId: "99999", consent: "on" }, "请从列表中选择。"],
    [
      "neither village nor employer",
      { name: "孙六", villageId: "", consent: "on" },
      "请选择所在村（社区），不在本街道的请填写工作单位。",
    ],
  ])("refuses %s with a message beside the field and writes nothing", async (_, fields, text) => {
    const before = { rows: (await checkins(eventId)).length, people: await countPeople() };
    const res = await b.post(`/events/${eventId}/attendance`, walkIn(fields));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(text);
    expect(html).toContain('aria-invalid="true"');
    // The form keeps what was typed.
    if (fields.name.trim()) expect(html).toContain(`value="${fields.name}"`);
    expect((await checkins(eventId)).length).toBe(before.rows);
    expect(await countPeople()).toBe(before.people);
  });

  it("answers a phone that already checked in with 'already checked in' and no second row", async () => {
    const res = await b.post(
      `/events/${eventId}/attendance`,
      walkIn({ name: "李四", phone: "13912345678", consent: "on" }),
    );
    expect(res.status).toBe(302);
    const page = await (await b.follow(res)).text();
    expect(page).toMatch(/李四 已于 \d{2}:\d{2} 签到，没有重复登记。/);
    const rows = (await checkins(eventId)).filter((c) => c.phone === "13912345678");
    expect(rows).toHaveLength(1);
    expect(rows[0]!.method).toBe("self_scan");
  });

  it("checks in a resident without a phone, recorded by the staff member", async () => {
    const res = await b.post(`/events/${eventId}/attendance`, {
      intent: "assisted",
      assistedName: "赵奶奶",
      assistedVillageId: String(ZHOUSHAN),
      assistedGroup: "elderly",
      assistedConsent: "on",
    });
    expect(res.status).toBe(302);
    const page = await (await b.follow(res)).text();
    expect(page).toContain("已登记 赵奶奶 的签到。");
    expect(page).toContain("代为登记");
    const row = (await checkins(eventId)).find((c) => c.name === "赵奶奶");
    expect(row).toMatchObject({
      method: "assisted",
      recorded_by: organiser.id,
      phone: null,
      village_id: ZHOUSHAN,
      audience_group: "elderly",
      consent_version: CONSENT_VERSION,
    });
  });

  it("records an assisted entry whose name is already in, and warns with what the list shows", async () => {
    const assisted = (assistedName: string) => ({
      intent: "assisted",
      assistedName,
      assistedVillageId: String(ZHOUSHAN),
      assistedGroup: "elderly",
      assistedConsent: "on",
    });
    // Two people may share a name: the second 赵奶奶 is written, and the answer says so.
    const res = await b.post(`/events/${eventId}/attendance`, assisted("赵奶奶"));
    expect(res.status).toBe(302);
    const page = await (await b.follow(res)).text();
    expect(page).toMatch(
      /已登记 赵奶奶 的签到。请注意：本场活动已有同名签到：赵奶奶（\d{2}:\d{2}）。如果是同一人，请撤销本条。/,
    );
    expect((await checkins(eventId)).filter((c) => c.name === "赵奶奶")).toHaveLength(2);

    // A namesake who scanned with a phone is shown masked, as in the list, never in full.
    const again = await b.post(`/events/${eventId}/attendance`, assisted("李四"));
    const answer = await (await b.follow(again)).text();
    expect(answer).toMatch(/本场活动已有同名签到：李四（139\*\*\*\*5678 \d{2}:\d{2}）/);
    expect(answer).not.toContain("13912345678");
    expect((await checkins(eventId)).filter((c) => c.name === "李四")).toHaveLength(2);

    // A new name gets the plain answer.
    const fresh = await b.post(`/events/${eventId}/attendance`, assisted("钱爷爷"));
    const plain = await (await b.follow(fresh)).text();
    expect(plain).toContain("已登记 钱爷爷 的签到。");
    expect(plain).not.toContain("同名签到");
  });

  it("starts both entry forms at the event's own village", async () => {
    const html = await (await b.get(`/events/${eventId}/attendance`)).text();
    for (const id of ["villageId", "assistedVillageId"]) {
      const select = new RegExp(`<select[^>]*id="${id}"[^>]*>(.*?)</select>`).exec(html)?.[1];
      expect(select).toMatch(new RegExp(`<option value="${ZHOUSHAN}" selected=""`));
    }
    expect(html).not.toContain("不在本街道 / 填写工作单位");
  });

  it("records an assisted entry from outside the sub-district by its employer", async () => {
    const res = await b.post(`/events/${eventId}/attendance`, {
      intent: "assisted",
      assistedName: "吴阿婆",
      assistedVillageId: "",
      assistedEmployer: "木渎养老院",
      assistedGroup: "elderly",
      assistedConsent: "on",
    });
    expect(res.status).toBe(302);
    expect((await checkins(eventId)).find((c) => c.name === "吴阿婆")).toMatchObject({
      method: "assisted",
      village_id: null,
      employer: "木渎养老院",
    });
  });

  it("finds the person of an assisted entry by the phone and name given, with no second person", async () => {
    const people = async () =>
      (await t.db.selectFrom("person").select("id").where("phone", "=", "13912345678").execute())
        .length;
    const before = await people();
    expect(before).toBe(1);
    // 李四 scanned with this phone earlier: assisted entry with the phone finds that person.
    const res = await b.post(`/events/${eventId}/attendance`, {
      intent: "assisted",
      assistedName: "李\u200b四",
      assistedPhone: "139 1234 5678",
      assistedVillageId: String(ZHOUSHAN),
      assistedGroup: "elderly",
      assistedConsent: "on",
    });
    expect(res.status).toBe(302);
    const page = await (await b.follow(res)).text();
    expect(page).toMatch(/李四 已于 \d{2}:\d{2} 签到，没有重复登记。/);
    expect(await people()).toBe(before);
    expect((await checkins(eventId)).filter((c) => c.phone === "13912345678")).toHaveLength(1);
  });

  it("refuses an assisted entry's malformed phone beside the field and writes nothing", async () => {
    const before = (await checkins(eventId)).length;
    const res = await b.post(`/events/${eventId}/attendance`, {
      intent: "assisted",
      assistedName: "郑爷爷",
      assistedPhone: "12345",
      assistedVillageId: String(ZHOUSHAN),
      assistedGroup: "elderly",
      assistedConsent: "on",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('<p class="error" id="assistedPhone-error">');
    expect(html).toContain('value="12345"');
    expect((await checkins(eventId)).length).toBe(before);
  });

  it("refuses assisted entry with neither village nor employer, beside the field", async () => {
    const before = (await checkins(eventId)).length;
    const res = await b.post(`/events/${eventId}/attendance`, {
      intent: "assisted",
      assistedName: "冯爷爷",
      assistedVillageId: "",
      assistedEmployer: "",
      assistedGroup: "elderly",
      assistedConsent: "on",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain(
      '<p class="error" id="assistedVillageId-error">请选择所在村（社区），不在本街道的请填写工作单位。</p>',
    );
    expect(html).toContain('href="#assistedVillageId"');
    expect(html).toContain('value="冯爷爷"');
    expect((await checkins(eventId)).length).toBe(before);
  });

  it("refuses assisted entry without the consent tick and writes nothing", async () => {
    const before = (await checkins(eventId)).length;
    const res = await b.post(`/events/${eventId}/attendance`, {
      intent: "assisted",
      assistedName: "周爷爷",
      assistedVillageId: String(ZHOUSHAN),
      assistedGroup: "elderly",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("请先向本人宣读个人信息说明，征得同意后勾选。");
    expect(html).toContain('value="周爷爷"');
    expect((await checkins(eventId)).length).toBe(before);
  });

  it("undoes a mistaken check-in and writes who undid which to the audit log", async () => {
    const target = (await checkins(eventId)).find((c) => c.name === "王五")!;
    const res = await b.post(`/events/${eventId}/attendance`, {
      intent: "undo",
      checkinId: String(target.id),
      confirmed: "yes",
    });
    expect(res.status).toBe(302);
    const page = await (await b.follow(res)).text();
    expect(page).toContain("已撤销 王五 的签到（已记入操作日志）。");
    expect((await checkins(eventId)).some((c) => c.id === target.id)).toBe(false);
    const undo = (await auditEntries("checkin.undo")).at(-1);
    expect(undo).toMatchObject({ actor_username: "organiser", outcome: "success" });
    expect(undo?.target).toContain("以案释法进企业");
    expect(undo?.detail).toContain(`checkin ${target.id}: 王五 137****1111 walk_in`);

    // A second tap finds nothing to undo and logs nothing more.
    const again = await b.post(`/events/${eventId}/attendance`, {
      intent: "undo",
      checkinId: String(target.id),
      confirmed: "yes",
    });
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("这条签到已不存在，可能已被撤销。");
    expect((await auditEntries("checkin.undo")).length).toBe(1);
  });

  it("takes no walk-ins for a draft event", async () => {
    const { id } = await createEvent(t.db, {
      actor: organiser,
      event: eventInput({ title: "还没发布" }),
      publish: false,
    });
    const res = await b.post(
      `/events/${id}/attendance`,
      walkIn({ name: "孙六", phone: "13800003333", consent: "on" }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("活动未发布或已取消，不能登记签到。");
    expect(await checkins(id)).toHaveLength(0);
  });

  it("refuses an undo of another event's check-in", async () => {
    const other = await publishedEvent({ title: "别的活动" });
    await selfScan(other, "吴九", "13500005555");
    const [row] = await checkins(other);
    const res = await b.post(`/events/${eventId}/attendance`, {
      intent: "undo",
      checkinId: String(row!.id),
      confirmed: "yes",
    });
    expect(res.status).toBe(400);
    expect(await checkins(other)).toHaveLength(1);
  });
});

describe("finding someone at the door, and undo that asks first", () => {
  let eventId: number;
  let b: Browser;
  const people = ["李四", "李小红", "王五"];
  beforeAll(async () => {
    eventId = await publishedEvent({ title: "门口查找" });
    await selfScan(eventId, "李四", "13912345678");
    await selfScan(eventId, "李小红", "13600001234");
    await selfScan(eventId, "王五", "13700005678");
    b = await as("organiser");
  });
  const listed = (html: string) =>
    people.filter((name) => new RegExp(`<strong[^>]*>${name}</strong>`).test(html));
  const find = async (q: string, who = b) =>
    (await who.get(`/events/${eventId}/attendance?q=${encodeURIComponent(q)}`)).text();

  it("finds by part of a name and counts what it shows of all", async () => {
    const html = await find("李");
    expect(listed(html)).toEqual(["李四", "李小红"]);
    expect(html).toContain("找到 2 人，共签到 3 人");
    // The field keeps the query; the page without one lists everyone.
    expect(html).toContain('value="李"');
    const all = await (await b.get(`/events/${eventId}/attendance`)).text();
    expect(listed(all)).toEqual(people);
    expect(all).toContain("已签到 3 人");
  });

  it("matches four digits against the end of a phone only, never its middle", async () => {
    expect(listed(await find("5678"))).toEqual(["李四", "王五"]);
    // 13912345678 holds 1234 in its middle: only the phone ending in 1234 is found.
    expect(listed(await find("1234"))).toEqual(["李小红"]);
    const none = await find("0000");
    expect(listed(none)).toEqual([]);
    expect(none).toContain("没有找到符合条件的签到。");
    expect(none).toContain("找到 0 人，共签到 3 人");
  });

  it.each([
    ["three digits", "123", "按手机号查找，请输入后四位数字。"],
    ["a whole phone number", "13912345678", "按手机号查找，请输入后四位数字。"],
    ["overlong text", "李".repeat(41), "内容过长。"],
  ])("refuses %s with a message beside the field and filters nothing", async (_, q, text) => {
    const html = await find(q);
    expect(html).toContain(text);
    expect(html).toMatch(
      /<input[^>]*aria-invalid="true"[^>]*name="q"|name="q"[^>]*aria-invalid="true"/,
    );
    expect(listed(html)).toEqual(people);
    expect(html).not.toContain("13912345678</");
  });

  it("answers in English", async () => {
    const en = await as("organiser", "en-GB,en;q=0.9");
    const html = await find("李", en);
    expect(html).toContain("2 of 3 checked in");
    expect(await find("12", en)).toContain("To find a mobile number, enter its last four digits.");
  });

  it("asks before an undo; a post without the answer deletes nothing", async () => {
    const target = (await checkins(eventId)).find((c) => c.name === "王五")!;
    const question = await (
      await b.get(`/events/${eventId}/attendance?q=5678&undo=${target.id}`)
    ).text();
    expect(question).toContain("确认撤销 王五 的签到？");
    expect(question).toMatch(/<button[^>]*name="confirmed"[^>]*value="yes"/);
    // Only the row asked about carries the question.
    expect(question.match(/确认撤销 /g)).toHaveLength(1);
    expect(await (await b.get(`/events/${eventId}/attendance`)).text()).not.toContain("确认撤销");

    const before = (await auditEntries("checkin.undo")).length;
    const unconfirmed = await b.post(`/events/${eventId}/attendance`, {
      intent: "undo",
      checkinId: String(target.id),
    });
    expect(unconfirmed.status).toBe(400);
    expect(await unconfirmed.text()).toContain("撤销前请先确认。");
    expect((await checkins(eventId)).some((c) => c.id === target.id)).toBe(true);
    expect((await auditEntries("checkin.undo")).length).toBe(before);

    const confirmed = await b.post(`/events/${eventId}/attendance`, {
      intent: "undo",
      checkinId: String(target.id),
      confirmed: "yes",
    });
    expect(confirmed.status).toBe(302);
    expect((await checkins(eventId)).some((c) => c.id === target.id)).toBe(false);
  });

  it("shows an official no undo question", async () => {
    const [row] = await checkins(eventId);
    const html = await (
      await (await as("official")).get(`/events/${eventId}/attendance?undo=${row!.id}`)
    ).text();
    expect(html).not.toContain("确认撤销");
  });
});

describe("who may see and change the attendance", () => {
  let yufanEvent: number;
  let streetEvent: number;
  beforeAll(async () => {
    // Neither hosted by 舟山村 nor held there (issue 7: an event held in 舟山村 is within its reach).
    yufanEvent = await publishedEvent({
      title: "渔帆村普法集市",
      hostUnitId: YUFAN,
      villageId: YUFAN,
    });
    streetEvent = await publishedEvent({ title: "街道宪法宣传周", villageId: YUFAN });
    await selfScan(yufanEvent, "郑十", "13300006666");
  });

  it("refuses a village organiser another village's event, reading and writing", async () => {
    const b = await as("village");
    for (const path of ["attendance", "report", "export.csv", "export.xlsx"]) {
      expect((await b.get(`/events/${yufanEvent}/${path}`)).status, path).toBe(403);
      expect((await b.get(`/events/${streetEvent}/${path}`)).status, path).toBe(403);
    }
    const post = await b.post(
      `/events/${yufanEvent}/attendance`,
      walkIn({ name: "冒名", phone: "13800007777", consent: "on" }),
    );
    expect(post.status).toBe(403);
    const report = await b.post(`/events/${yufanEvent}/report`, { estimatedCrowd: "5" });
    expect(report.status).toBe(403);
    expect(await checkins(yufanEvent)).toHaveLength(1);
    const event = await t.db
      .selectFrom("event")
      .select(["status", "estimated_crowd"])
      .where("id", "=", yufanEvent)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ status: "published", estimated_crowd: null });
  });

  it("lets an official read but refuses every change with 403", async () => {
    const b = await as("official");
    const page = await b.get(`/events/${yufanEvent}/attendance`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("郑十");
    expect(html).toContain("您的账号只能查看");
    expect(html).not.toContain('name="intent"');
    const row = (await checkins(yufanEvent))[0]!;
    const attempts: Record<string, string>[] = [
      walkIn({ name: "官员", phone: "13800008888", consent: "on" }),
      {
        intent: "assisted",
        assistedName: "官员",
        assistedGroup: "elderly",
        assistedConsent: "on",
      },
      { intent: "undo", checkinId: String(row.id), confirmed: "yes" },
    ];
    for (const fields of attempts) {
      expect((await b.post(`/events/${yufanEvent}/attendance`, fields)).status).toBe(403);
    }
    expect((await b.get(`/events/${yufanEvent}/report`)).status).toBe(200);
    expect((await b.post(`/events/${yufanEvent}/report`, { estimatedCrowd: "5" })).status).toBe(
      403,
    );
    expect(await checkins(yufanEvent)).toHaveLength(1);
  });

  it("asks an anonymous visitor to log in", async () => {
    const res = await browser().get(`/events/${yufanEvent}/export.csv`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^\/login\?next=/);
  });
});

describe("the after-event report", () => {
  const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();

  it("after the end saves the figures, marks the event held, shows check-ins and crowd apart", async () => {
    const eventId = await publishedEvent({
      title: "农民工学法活动周集市",
      startsAt: hoursAgo(3),
      endsAt: hoursAgo(1),
    });
    await selfScan(eventId, "冯一", "13100001234");
    await selfScan(eventId, "陈二", "13100005678");
    const b = await as("organiser");
    const res = await b.post(`/events/${eventId}/report`, {
      estimatedCrowd: "800",
      materialsHandedOut: "350",
      consultations: "26",
      summary: "集市摊位普法，发放民法典手册。",
    });
    expect(res.status).toBe(302);
    const html = await (await b.follow(res)).text();
    expect(html).toContain("活动总结已保存，活动已标记为已举办。");
    expect(html).toMatch(/个人签到（逐人登记）<\/th><td>2 人/);
    expect(html).toMatch(/估计受众（估算）<\/th><td>800 人次/);
    expect(html).not.toContain("802");
    const event = await t.db
      .selectFrom("event")
      .select(["status", "estimated_crowd", "materials_handed_out", "consultations", "summary"])
      .where("id", "=", eventId)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({
      status: "held",
      estimated_crowd: 800,
      materials_handed_out: 350,
      consultations: 26,
      summary: "集市摊位普法，发放民法典手册。",
    });
    const list = await (await b.get(`/events/${eventId}/attendance`)).text();
    expect(list).toContain("已签到 2 人");
    expect(list).toContain("另有估计受众 800 人次");
  });

  async function stored(eventId: number) {
    return t.db
      .selectFrom("event")
      .select(["status", "estimated_crowd", "summary"])
      .where("id", "=", eventId)
      .executeTakeFirstOrThrow();
  }

  it("while the event runs saves the figures but keeps it published", async () => {
    const eventId = await publishedEvent({ title: "正在进行的集市" });
    const b = await as("organiser");
    const page = await (await b.get(`/events/${eventId}/report`)).text();
    expect(page).toContain(">保存</button>");
    const res = await b.post(`/events/${eventId}/report`, {
      estimatedCrowd: "40",
      summary: "上午",
    });
    expect(res.status).toBe(302);
    expect(await (await b.follow(res)).text()).toContain(
      "活动总结已保存；活动结束后可以继续补充。",
    );
    expect(await stored(eventId)).toEqual({
      status: "published",
      estimated_crowd: 40,
      summary: "上午",
    });
    const audit = (await auditEntries("event.report")).at(-1);
    expect(audit?.target).toContain("正在进行的集市");
  });

  it("before the start offers no form and refuses a post, writing nothing", async () => {
    const start = Date.now() + 2 * 86_400_000;
    const eventId = await publishedEvent({
      title: "下周的讲座",
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3_600_000).toISOString(),
    });
    const b = await as("organiser");
    const page = await (await b.get(`/events/${eventId}/report`)).text();
    expect(page).toMatch(/活动总结在活动开始后（.+ 起）填写。/);
    expect(page).not.toContain('name="estimatedCrowd"');
    const auditsBefore = (await auditEntries("event.report")).length;
    const res = await b.post(`/events/${eventId}/report`, { estimatedCrowd: "10", summary: "早" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("活动还没有开始：开始后才能填写活动总结。");
    expect(await stored(eventId)).toEqual({
      status: "published",
      estimated_crowd: null,
      summary: null,
    });
    expect((await auditEntries("event.report")).length).toBe(auditsBefore);

    const en = await as("organiser", "en-GB,en;q=0.9");
    const refused = await en.post(`/events/${eventId}/report`, { estimatedCrowd: "10" });
    expect(await refused.text()).toContain(
      "The event has not started yet: the report can be written once it starts.",
    );
  });

  it("rejects negative and non-numeric figures with messages and writes nothing", async () => {
    const eventId = await publishedEvent({ title: "送法进企业" });
    const b = await as("organiser");
    const res = await b.post(`/events/${eventId}/report`, {
      estimatedCrowd: "-1",
      materialsHandedOut: "abc",
      consultations: "3",
      summary: "写了一半",
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("请修改以下 2 处错误：");
    expect(html.match(/请填写 0 或正整数。/g)?.length).toBeGreaterThanOrEqual(2);
    expect(html).toContain('value="-1"');
    expect(html).toContain('value="abc"');
    const event = await t.db
      .selectFrom("event")
      .select(["status", "estimated_crowd", "materials_handed_out", "consultations", "summary"])
      .where("id", "=", eventId)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({
      status: "published",
      estimated_crowd: null,
      materials_handed_out: null,
      consultations: null,
      summary: null,
    });
  });

  it("refuses a report on a draft event", async () => {
    const { id } = await createEvent(t.db, {
      actor: organiser,
      event: eventInput({ title: "未发布的草稿" }),
      publish: false,
    });
    const b = await as("organiser");
    const res = await b.post(`/events/${id}/report`, { estimatedCrowd: "10" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("当前状态下不能进行此操作。");
  });
});

describe("exports", () => {
  let eventId: number;
  beforeAll(async () => {
    eventId = await publishedEvent({ title: "宪法宣传周讲座" });
    await selfScan(eventId, "=cmd|' /C calc'!A0", "13700009999");
    await selfScan(eventId, "蒋三", "13700008888");
    await recordCheckIn(t.db, {
      eventId,
      place: await checkinPlace(t.db, eventId),
      person: {
        name: "沈奶奶",
        phone: null,
        villageId: ZHOUSHAN,
        employer: null,
        group: "elderly",
      },
      method: "assisted",
      recordedBy: organiser.id,
      consentVersion: CONSENT_VERSION,
    });
  });

  it("downloads a CSV with a BOM and CRLF, Chinese header, right rows, formulas neutralised", async () => {
    const b = await as("organiser");
    const res = await b.get(`/events/${eventId}/export.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toContain("attachment;");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(lines[0]).toBe(
      "签到时间,姓名,手机号,村（社区）或单位,身份,签到方式,登记人,同一设备签到多人",
    );
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2},'=cmd\|' \/C calc'!A0,137\*\*\*\*9999,舟山村,村（居）民,扫码自助签到,,$/,
    );
    expect(rows[1]).toContain(",蒋三,137****8888,舟山村,村（居）民,扫码自助签到,");
    expect(rows[2]).toContain(",沈奶奶,,舟山村,老年人,代为登记,");
    expect(text).not.toContain("13700009999");
    const audit = (await auditEntries("event.export")).at(-1);
    expect(audit).toMatchObject({ actor_username: "organiser", detail: "format=csv rows=3" });
    expect(audit?.target).toContain("宪法宣传周讲座");
  });

  it("writes the header in the reader's language", async () => {
    const b = await as("organiser", "en-GB,en;q=0.9");
    const text = await (await b.get(`/events/${eventId}/export.csv`)).text();
    expect(text.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe(
      'Checked in,Name,Mobile number,"Village, community or employer",Group,Method,Recorded by,"One device, several people"',
    );
  });

  it("downloads an XLSX: the event title on 说明, then the header row and the right rows", async () => {
    const b = await as("organiser");
    const res = await b.get(`/events/${eventId}/export.xlsx`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await res.arrayBuffer());
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(["说明", "签到名单"]);
    const about = workbook.worksheets[0]!;
    expect((about.getRow(2).values as unknown[]).slice(1)).toEqual(["标题", "宪法宣传周讲座"]);
    const sheet = workbook.worksheets[1]!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual([
      "签到时间",
      "姓名",
      "手机号",
      "村（社区）或单位",
      "身份",
      "签到方式",
      "登记人",
      "同一设备签到多人",
    ]);
    expect(sheet.rowCount).toBe(4);
    expect(values(2)[0]).toBeInstanceOf(Date);
    expect(values(2).slice(1, 6)).toEqual([
      "=cmd|' /C calc'!A0",
      "137****9999",
      "舟山村",
      "村（居）民",
      "扫码自助签到",
    ]);
    expect(values(4).slice(1, 4)).toEqual(["沈奶奶", undefined, "舟山村"]);
    expect((await auditEntries("event.export")).at(-1)).toMatchObject({
      actor_username: "organiser",
      detail: "format=xlsx rows=3",
    });
  });

  it("masks a phone typed into the title in the file's names and its workbook", async () => {
    const titled = await publishedEvent({ title: "回访 138 0013 8000 讲座" });
    const { code } = await t.db
      .selectFrom("event")
      .select("code")
      .where("id", "=", titled)
      .executeTakeFirstOrThrow();
    const b = await as("organiser");
    for (const format of ["csv", "xlsx"]) {
      const res = await b.get(`/events/${titled}/export.${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toBe(
        `attachment; filename="attendance-${code}.${format}"; filename*=UTF-8''${encodeURIComponent(`回访 138____8000 讲座-签到名单.${format}`)}`,
      );
      if (format === "csv") continue;
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await res.arrayBuffer());
      for (const sheet of workbook.worksheets) {
        expect(sheet.headerFooter.oddHeader).toContain("回访 138****8000 讲座");
        expect(sheet.headerFooter.oddHeader).not.toContain("0013");
      }
      const about = workbook.worksheets[0]!;
      expect((about.getRow(2).values as unknown[]).slice(1)).toEqual([
        "标题",
        "回访 138****8000 讲座",
      ]);
    }
  });

  it("lets an official export, logged under the official's name", async () => {
    const b = await as("official");
    const res = await b.get(`/events/${eventId}/export.csv`);
    expect(res.status).toBe(200);
    expect((await auditEntries("event.export")).at(-1)).toMatchObject({
      actor_username: "official",
      detail: "format=csv rows=3",
    });
  });
});

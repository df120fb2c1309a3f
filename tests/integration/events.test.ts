import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isoToShanghaiLocal } from "../../app/lib/time";
import { createTestDatabase } from "../support/database";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Event management and the public event pages over real HTTP, on SQLite or PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
const UNIT = { subdistrict: 2, zhoushan: 3, yufan: 4 } as const;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
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

/** A time `days` from now, at `hour` o'clock Beijing time, as a datetime-local field holds it. */
function local(days: number, hour: number) {
  const day = isoToShanghaiLocal(new Date(Date.now() + days * 86_400_000).toISOString());
  return `${day.slice(0, 10)}T${String(hour).padStart(2, "0")}:00`;
}

type Fields = Record<string, string | string[]>;

function eventForm(overrides: Fields = {}): [string, string][] {
  const fields: Fields = {
    title: "民法典进村讲座",
    format: "lecture",
    setting: "village",
    campaignId: "",
    hostUnitId: String(UNIT.subdistrict),
    villageId: String(UNIT.zhoushan),
    venue: "舟山村文化礼堂",
    startsAt: local(3, 9),
    endsAt: local(3, 11),
    audience: ["villager", "elderly"],
    laws: "民法典",
    speaker: "李律师",
    speakerRole: "lawyer",
    capacity: "80",
    visibility: "public",
    description: "讲解婚姻家庭编。\n请带身份证。",
    invitees: "",
    intent: "draft",
    ...overrides,
  };
  return Object.entries(fields).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).map((v): [string, string] => [name, v]),
  );
}

async function countEvents() {
  const row = await t.db
    .selectFrom("event")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Creates an event through the form and returns its id and code. */
async function create(b: Browser, overrides: Fields = {}) {
  const res = await b.post("/events/new", eventForm(overrides));
  expect(res.status, await res.clone().text()).toBe(302);
  const id = Number(res.headers.get("location")?.split("/").pop());
  const row = await t.db
    .selectFrom("event")
    .select(["id", "code", "status"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return row;
}

describe("creating events", () => {
  it("saves a draft with its audience groups and shows it with a flash", async () => {
    const b = await as("organiser");
    const res = await b.post("/events/new", eventForm());
    expect(res.status).toBe(302);
    const page = await b.follow(res);
    const html = await page.text();
    expect(html).toContain("活动已保存：民法典进村讲座。");
    expect(html).toContain("草稿");
    expect(html).toContain("舟山村文化礼堂");
    expect(html).toMatch(/\/c\/[a-z2-7]{8}/);
    const id = Number(res.headers.get("location")?.split("/").pop());
    const event = await t.db
      .selectFrom("event")
      .select(["status", "starts_at", "village_id", "capacity"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(event.status).toBe("draft");
    expect(event.village_id).toBe(UNIT.zhoushan);
    expect(event.capacity).toBe(80);
    // 09:00 Beijing time is 01:00 UTC.
    expect(event.starts_at).toMatch(/T01:00:00\.000Z$/);
    const audience = await t.db
      .selectFrom("event_audience")
      .select("audience_group")
      .where("event_id", "=", id)
      .orderBy("audience_group")
      .execute();
    expect(audience.map((a) => a.audience_group)).toEqual(["elderly", "villager"]);
  });

  it("publishes at once when asked", async () => {
    const b = await as("organiser");
    const event = await create(b, { intent: "publish", title: "立即发布的讲座" });
    expect(event.status).toBe("published");
    expect(await (await browser().get(`/e/${event.code}`)).text()).toContain("立即发布的讲座");
  });

  const bad: [string, Fields, string][] = [
    ["an empty title", { title: " " }, "请填写此项。"],
    ["an unknown format", { format: "party" }, "请从列表中选择。"],
    ["an empty venue", { venue: "" }, "请填写此项。"],
    ["a start that is not a date", { startsAt: "tomorrow" }, "请按 年-月-日 时:分 填写。"],
    ["an end before the start", { endsAt: local(3, 8) }, "结束时间须晚于开始时间。"],
    ["no audience group", { audience: [] }, "请至少选择一个普法对象。"],
    ["a capacity of 0", { capacity: "0" }, "请填写大于 0 的整数。"],
    ["an internal event without invitees", { visibility: "internal" }, "内部活动请填写邀请名单。"],
    [
      "an invitation line without a phone",
      { visibility: "internal", invitees: "张三 138" },
      "邀请名单有一行格式不对",
    ],
    ["a host unit outside the scope", { hostUnitId: "1" }, "只能选择您管辖范围内的单位。"],
    ["an unknown campaign", { campaignId: "9999" }, "请从列表中选择。"],
  ];
  for (const [what, overrides, message] of bad) {
    it(`refuses ${what} with a message beside the field and writes nothing`, async () => {
      const b = await as("organiser");
      const before = await countEvents();
      const res = await b.post("/events/new", eventForm({ ...overrides, intent: "publish" }));
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain(message);
      expect(html).toContain('aria-invalid="true"');
      expect(html).toContain('role="alert"');
      // What was typed stays in the form.
      expect(html).toContain('value="民法典"');
      expect(html).not.toContain("\u0000");
      expect(await countEvents()).toBe(before);
    });
  }

  it("speaks English to an English reader", async () => {
    const b = await as("organiser", "en");
    const res = await b.post("/events/new", eventForm({ title: "", audience: [] }));
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain("Please fill this in.");
    expect(html).toContain("Choose at least one audience group.");
  });

  it("keeps a village organiser to villages of their own", async () => {
    const b = await as("village");
    const before = await countEvents();
    const res = await b.post(
      "/events/new",
      eventForm({ hostUnitId: String(UNIT.zhoushan), villageId: String(UNIT.yufan) }),
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("只能选择您管辖范围内的单位。");
    expect(await countEvents()).toBe(before);
  });
});

describe("managing an event", () => {
  it("edits, publishes once, and refuses a second publish", async () => {
    const b = await as("organiser");
    const { id } = await create(b);
    const edit = await b.get(`/events/${id}/edit`);
    expect(edit.status).toBe(200);
    expect(await edit.text()).toContain('value="民法典进村讲座"');
    const saved = await b.post(`/events/${id}/edit`, eventForm({ title: "改过的标题" }));
    expect(saved.status).toBe(302);
    expect(await (await b.follow(saved)).text()).toContain("活动已更新。");
    const published = await b.post(`/events/${id}`, { intent: "publish" });
    expect(published.status).toBe(302);
    const row = await t.db
      .selectFrom("event")
      .select(["title", "status"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ title: "改过的标题", status: "published" });
    const again = await b.post(`/events/${id}`, { intent: "publish" });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("当前状态下不能进行此操作。");
  });

  it("needs a reason to cancel, then shows it to residents", async () => {
    const b = await as("organiser");
    const { id, code } = await create(b, { intent: "publish", title: "将取消的活动" });
    const noReason = await b.post(`/events/${id}`, { intent: "cancel", reason: "" });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain("请说明取消原因。");
    expect(
      (await t.db.selectFrom("event").select("status").where("id", "=", id).executeTakeFirst())
        ?.status,
    ).toBe("published");
    // A first post only asks; the question's button (confirmed) cancels.
    const cancelled = await b.post(`/events/${id}`, {
      intent: "cancel",
      reason: "台风预警，改期",
      confirmed: "yes",
    });
    expect(cancelled.status).toBe(302);
    const publicPage = await (await browser().get(`/e/${code}`)).text();
    expect(publicPage).toContain("本活动已取消。原因：台风预警，改期");
    const home = await (await browser().get("/")).text();
    expect(home).toContain("将取消的活动");
    expect(home).toContain("台风预警，改期");
    const ics = await (await browser().get(`/e/${code}/calendar.ics`)).text();
    expect(ics).toContain("STATUS:CANCELLED");
  });

  it("copies an event to a draft one week later with a new code", async () => {
    const b = await as("organiser");
    const source = await create(b, { intent: "publish", title: "系列讲座" });
    const res = await b.post(`/events/${source.id}`, { intent: "copy" });
    expect(res.status).toBe(302);
    const location = res.headers.get("location") ?? "";
    expect(location).toMatch(/^\/events\/\d+\/edit$/);
    const copyId = Number(location.split("/")[2]);
    const [from, copy] = await Promise.all(
      [source.id, copyId].map((id) =>
        t.db
          .selectFrom("event")
          .select(["code", "status", "title", "starts_at", "ends_at"])
          .where("id", "=", id)
          .executeTakeFirstOrThrow(),
      ),
    );
    expect(copy!.status).toBe("draft");
    expect(copy!.title).toBe("系列讲座");
    expect(copy!.code).not.toBe(from!.code);
    const week = 7 * 86_400_000;
    expect(Date.parse(copy!.starts_at) - Date.parse(from!.starts_at)).toBe(week);
    expect(Date.parse(copy!.ends_at) - Date.parse(from!.ends_at)).toBe(week);
    const page = await b.follow(res);
    expect(await page.text()).toContain("已复制为新草稿");
  });

  it("keeps training hours, pass-only check-in, the study fields and the invited people through save, edit and copy", async () => {
    const b = await as("organiser");
    const session = {
      visibility: "internal",
      format: "progress_meeting",
      invitees: "顾建新 13912340001\n沈丽华 13912340002",
      training: "on",
      creditMinutes: "1.5",
      passesOnly: "on",
      studyKind: "progress_meeting",
      chair: "顾建新",
      minutes: "学习《法治政府建设实施纲要》。",
    };
    const bad = await b.post("/events/new", eventForm({ ...session, creditMinutes: "25" }));
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("请填写 0.5 到 24 之间的小时数");
    const { id } = await create(b, { ...session, intent: "publish", title: "第四季度推进会" });
    const stored = () =>
      t.db
        .selectFrom("event")
        .select(["training", "credit_minutes", "passes_only", "study_kind", "chair", "minutes"])
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
    expect(await stored()).toEqual({
      training: 1,
      credit_minutes: 90,
      passes_only: 1,
      study_kind: "progress_meeting",
      chair: "顾建新",
      minutes: "学习《法治政府建设实施纲要》。",
    });
    const invited = async (eventId: number) =>
      (
        await t.db
          .selectFrom("event_invitation")
          .innerJoin("person", "person.id", "event_invitation.person_id")
          .select(["person.name", "person.phone"])
          .where("event_id", "=", eventId)
          .execute()
      )
        .map((p) => `${p.name} ${p.phone}`)
        .sort();
    expect(await invited(id)).toEqual(["沈丽华 13912340002", "顾建新 13912340001"]);
    const page = await (await b.get(`/events/${id}`)).text();
    expect(page).toContain("1.5 小时");
    expect(page).toContain("法治政府建设推进会");
    expect(page).toContain("139****0001");
    const form = await (await b.get(`/events/${id}/edit`)).text();
    expect(form).toContain('value="1.5"');
    expect(form).toContain("学习《法治政府建设实施纲要》。");

    // Empty hours count the duration; an edit of the list keeps those who stay, with the
    // reason recorded for their absence.
    const gu = await t.db
      .selectFrom("person")
      .select("id")
      .where("phone", "=", "13912340001")
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable("event_invitation")
      .set({ absence_reason: "sick" })
      .where("event_id", "=", id)
      .where("person_id", "=", gu.id)
      .execute();
    const edited = await b.post(
      `/events/${id}/edit`,
      eventForm({
        ...session,
        intent: "save",
        title: "第四季度推进会",
        creditMinutes: "",
        passesOnly: "",
        invitees: "顾建新 13912340001\n王敏 13912340003",
      }),
    );
    expect(edited.status).toBe(302);
    expect(await stored()).toMatchObject({ training: 1, credit_minutes: null, passes_only: 0 });
    expect(await invited(id)).toEqual(["王敏 13912340003", "顾建新 13912340001"]);
    const kept = await t.db
      .selectFrom("event_invitation")
      .select("absence_reason")
      .where("event_id", "=", id)
      .where("person_id", "=", gu.id)
      .executeTakeFirstOrThrow();
    expect(kept.absence_reason).toBe("sick");
    const english = await (await as("organiser", "en")).get(`/events/${id}`);
    expect(await english.text()).toContain("2 h (the duration)");

    const copied = await b.post(`/events/${id}`, { intent: "copy" });
    const copyId = Number((copied.headers.get("location") ?? "").split("/")[2]);
    expect(await invited(copyId)).toEqual(["王敏 13912340003", "顾建新 13912340001"]);
    const copy = await t.db
      .selectFrom("event")
      .select(["study_kind", "chair", "minutes", "training"])
      .where("id", "=", copyId)
      .executeTakeFirstOrThrow();
    // The minutes are the session's own; the copy is a new session.
    expect(copy).toEqual({
      study_kind: "progress_meeting",
      chair: "顾建新",
      minutes: null,
      training: 1,
    });
  });

  it("files a copy that moves into the next year under that year's campaign", async () => {
    const b = await as("organiser");
    const year = Number(isoToShanghaiLocal(new Date().toISOString()).slice(0, 4));
    const campaignOf = async (campaignYear: number) =>
      (
        await t.db
          .selectFrom("campaign")
          .select("id")
          .where("name", "=", "送法进企业")
          .where("year", "=", campaignYear)
          .executeTakeFirstOrThrow()
      ).id;
    const source = await create(b, {
      title: "年末送法进企业",
      startsAt: `${year}-12-28T09:00`,
      endsAt: `${year}-12-28T11:00`,
      campaignId: String(await campaignOf(year)),
    });
    const res = await b.post(`/events/${source.id}`, { intent: "copy" });
    const copyId = Number((res.headers.get("location") ?? "").split("/")[2]);
    const copy = await t.db
      .selectFrom("event")
      .select(["campaign_id", "starts_at"])
      .where("id", "=", copyId)
      .executeTakeFirstOrThrow();
    expect(isoToShanghaiLocal(copy.starts_at).slice(0, 10)).toBe(`${year + 1}-01-04`);
    expect(copy.campaign_id).toBe(await campaignOf(year + 1));
  });
});

describe("scope and roles", () => {
  it("refuses a village organiser another unit's event, and leaves it off their list", async () => {
    const organiser = await as("organiser");
    const { id } = await create(organiser, {
      title: "鱼帆村的活动",
      hostUnitId: String(UNIT.yufan),
      villageId: String(UNIT.yufan),
    });
    const village = await as("village");
    expect((await village.get(`/events/${id}`)).status).toBe(403);
    expect((await village.get(`/events/${id}/edit`)).status).toBe(403);
    const before = await t.db
      .selectFrom("event")
      .select(["status", "title"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect((await village.post(`/events/${id}`, { intent: "publish" })).status).toBe(403);
    expect((await village.post(`/events/${id}/edit`, eventForm({ title: "x" }))).status).toBe(403);
    const after = await t.db
      .selectFrom("event")
      .select(["status", "title"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    const list = await (await village.get("/events")).text();
    expect(list).not.toContain("鱼帆村的活动");
    expect(await (await organiser.get("/events")).text()).toContain("鱼帆村的活动");
  });

  it("lets an official read but change nothing", async () => {
    const organiser = await as("organiser");
    const { id } = await create(organiser, { title: "给领导看的活动" });
    const official = await as("official");
    const list = await official.get("/events");
    expect(list.status).toBe(200);
    const listHtml = await list.text();
    expect(listHtml).toContain("给领导看的活动");
    expect(listHtml).not.toContain('href="/events/new"');
    const detail = await official.get(`/events/${id}`);
    expect(detail.status).toBe(200);
    const html = await detail.text();
    expect(html).toContain("给领导看的活动");
    expect(html).not.toContain('name="intent"');
    expect((await official.get("/events/new")).status).toBe(403);
    const before = await countEvents();
    expect((await official.post("/events/new", eventForm())).status).toBe(403);
    expect((await official.post(`/events/${id}`, { intent: "publish" })).status).toBe(403);
    expect((await official.post(`/events/${id}`, { intent: "copy" })).status).toBe(403);
    expect(await countEvents()).toBe(before);
    const row = await t.db
      .selectFrom("event")
      .select("status")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("draft");
  });

  it("sends a visitor without a session to the log-in page", async () => {
    const res = await browser().get("/events");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/login?next=%2Fevents");
  });
});

describe("public pages", () => {
  it("list upcoming public events and filter them", async () => {
    const b = await as("organiser");
    // An event is filed under a campaign of the year it starts in.
    const campaign = await t.db
      .selectFrom("campaign")
      .select("id")
      .where("year", "=", Number(local(3, 9).slice(0, 4)))
      .orderBy("id")
      .executeTakeFirstOrThrow();
    await create(b, {
      intent: "publish",
      title: "筛选甲：舟山村讲座",
      villageId: String(UNIT.zhoushan),
      format: "lecture",
      audience: ["villager"],
    });
    await create(b, {
      intent: "publish",
      title: "筛选乙：鱼帆村模拟法庭",
      villageId: String(UNIT.yufan),
      format: "mock_trial",
      audience: ["youth"],
      campaignId: String(campaign.id),
    });
    await create(b, { intent: "draft", title: "筛选丙：草稿" });
    const internal = await create(b, {
      intent: "publish",
      title: "筛选丁：内部会议",
      visibility: "internal",
      invitees: "张三 13812345678",
    });
    await t.db
      .insertInto("event")
      .values({
        code: "pastpast",
        title: "筛选戊：已结束",
        format: "lecture",
        host_unit_id: UNIT.subdistrict,
        venue: "司法所",
        starts_at: new Date(Date.now() - 3 * 3_600_000).toISOString(),
        ends_at: new Date(Date.now() - 2 * 3_600_000).toISOString(),
        visibility: "public",
        status: "published",
        qr_secret: "secret-of-a-past-event",
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
        setting: null,
        campaign_id: null,
        village_id: null,
        laws: null,
        speaker: null,
        speaker_role: null,
        capacity: null,
        description: null,
        cancel_reason: null,
        estimated_crowd: null,
        materials_handed_out: null,
        consultations: null,
        summary: null,
        created_by: null,
      })
      .execute();

    const home = async (query = "") => (await (await browser().get(`/${query}`)).text()) ?? "";
    const all = await home();
    expect(all).toContain("筛选甲");
    expect(all).toContain("筛选乙");
    expect(all).not.toContain("筛选丙");
    expect(all).not.toContain("筛选丁");
    expect(all).not.toContain("筛选戊");
    expect(all).toContain("服务范围");

    const byVillage = await home(`?village=${UNIT.yufan}`);
    expect(byVillage).toContain("筛选乙");
    expect(byVillage).not.toContain("筛选甲");
    const byFormat = await home("?format=lecture");
    expect(byFormat).toContain("筛选甲");
    expect(byFormat).not.toContain("筛选乙");
    const byAudience = await home("?audience=youth");
    expect(byAudience).toContain("筛选乙");
    expect(byAudience).not.toContain("筛选甲");
    const byCampaign = await home(`?campaign=${campaign.id}`);
    expect(byCampaign).toContain("筛选乙");
    expect(byCampaign).not.toContain("筛选甲");
    // Nonsense in the query is ignored, not an error.
    expect(await home("?village=abc&format=party")).toContain("筛选甲");

    expect((await browser().get(`/e/${internal.code}`)).status).toBe(404);
    expect((await browser().get(`/e/${internal.code}/calendar.ics`)).status).toBe(404);
    expect((await browser().get("/e/nosuchcd")).status).toBe(404);
  });

  it("hide a draft from the public", async () => {
    const b = await as("organiser");
    const draft = await create(b, { title: "未发布的草稿" });
    const res = await browser().get(`/e/${draft.code}`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain("未发布的草稿");
  });

  it("show the event page with its details in the reader's language", async () => {
    const b = await as("organiser");
    const { code } = await create(b, { intent: "publish", title: "公开页面测试" });
    const zh = await (await browser().get(`/e/${code}`)).text();
    expect(zh).toContain("公开页面测试");
    expect(zh).toContain("舟山村文化礼堂");
    expect(zh).toContain("法治讲座");
    expect(zh).toContain("村（居）民");
    expect(zh).toContain("李律师");
    expect(zh).toContain("（律师）");
    expect(zh).toContain(`/e/${code}/calendar.ics`);
    const en = await (await browser("en").get(`/e/${code}`)).text();
    expect(en).toContain("Law lecture");
    expect(en).toContain("Add to phone calendar");
  });

  it("give a valid .ics per event and a subscribable feed", async () => {
    const b = await as("organiser");
    const { code } = await create(b, {
      intent: "publish",
      title: "日历测试, 第一场; 很长的标题".repeat(3),
      startsAt: local(5, 14),
      endsAt: local(5, 16),
    });
    const res = await browser().get(`/e/${code}/calendar.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const ics = await res.text();
    const lines = ics.split("\r\n");
    expect(lines.at(-1)).toBe("");
    for (const line of lines) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\nPRODID:/);
    expect(unfolded).toContain("BEGIN:VEVENT");
    expect(unfolded).toMatch(new RegExp(`\r\nUID:event-${code}@`));
    expect(unfolded).toMatch(/\r\nDTSTAMP:\d{8}T\d{6}Z\r\n/);
    // 14:00 Beijing time is 06:00 UTC.
    expect(unfolded).toMatch(/\r\nDTSTART:\d{8}T060000Z\r\n/);
    expect(unfolded).toMatch(/\r\nDTEND:\d{8}T080000Z\r\n/);
    expect(unfolded).toContain("SUMMARY:日历测试\\, 第一场\\; 很长的标题");
    // The district has two 舟山村: the location says whose.
    expect(unfolded).toContain("LOCATION:舟山村文化礼堂（香山街道 · 舟山村）");
    expect(unfolded).toContain("DESCRIPTION:讲解婚姻家庭编。\\n请带身份证。");
    expect(unfolded).toContain(`URL:${server.linkBase}/e/${code}`);
    expect(unfolded).toContain("STATUS:CONFIRMED");
    expect(unfolded).toContain("END:VEVENT\r\nEND:VCALENDAR\r\n");

    const feed = await browser().get("/calendar.ics");
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const feedText = (await feed.text()).replace(/\r\n /g, "");
    expect(feedText).toContain("X-WR-CALNAME:普法活动");
    expect(feedText).toContain(`UID:event-${code}@`);
    expect(feedText).toContain("LOCATION:舟山村文化礼堂（香山街道 · 舟山村）");
    expect(feedText).not.toContain("未发布的草稿");
    expect(feedText).not.toContain("筛选丁");
  });
});

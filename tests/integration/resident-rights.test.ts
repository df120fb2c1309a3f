import { createCookie } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NewEvent } from "../../db/schema";
import { newEventCode } from "~/.server/events/events";
import { CONSENT_VERSION, GUARDIAN_CONSENT_VERSION } from "~/lib/checkin-window";
import { createTestDatabase } from "../support/database";
import { addLearner } from "../support/records";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Issue 18 items 3 and 4, over real HTTP against the production build, on SQLite or (npm run
// test:pg) PostgreSQL: a child checks in only with a guardian's tick; a phone sees and deletes the
// check-ins it made itself, and withdraws its consent, and no other phone can.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
const hosts: Record<"xiangshan" | "hengjing", number> = { xiangshan: 0, hengjing: 0 };

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  for (const [key, name] of [
    ["xiangshan", "香山街道"],
    ["hengjing", "横泾街道"],
  ] as const) {
    const unit = await t.db
      .selectFrom("admin_unit")
      .select("id")
      .where("name", "=", name)
      .executeTakeFirstOrThrow();
    hosts[key] = unit.id;
  }
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

let counter = 0;
/** A phone no other test (nor the demo, whose numbers start 139) uses. */
const newPhone = () =>
  `136${String(process.pid % 1000).padStart(3, "0")}${String(++counter).padStart(5, "0")}`;

/** An open, public, published event, of 香山街道 unless told. */
async function makeEvent(title: string, overrides: Partial<NewEvent> = {}) {
  const stamp = new Date().toISOString();
  const code = newEventCode();
  const { id } = await t.db
    .insertInto("event")
    .values({
      code,
      title: `${title} ${++counter}`,
      format: "lecture",
      setting: "community",
      campaign_id: null,
      host_unit_id: hosts.xiangshan,
      village_id: null,
      venue: "社区多功能厅",
      starts_at: new Date(Date.now() - 600_000).toISOString(),
      ends_at: new Date(Date.now() + 3_600_000).toISOString(),
      laws: null,
      speaker: null,
      speaker_role: null,
      capacity: null,
      visibility: "public",
      description: null,
      status: "published",
      cancel_reason: null,
      qr_secret: `secret-${Math.random().toString(36).slice(2)}`,
      created_by: null,
      created_at: stamp,
      updated_at: stamp,
      ...overrides,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id, code, title: `${title} ${counter}` };
}

const form = (name: string, phone: string, extra: Record<string, string> = {}) => ({
  intent: "checkin",
  name,
  phone,
  villageId: "",
  employer: "香山小学",
  group: "youth",
  consent: "on",
  ...extra,
});

const checkinsOf = (phone: string) =>
  t.db
    .selectFrom("checkin")
    .innerJoin("person", "person.id", "checkin.person_id")
    .select([
      "checkin.event_id",
      "checkin.consent_version",
      "person.consent_version as personConsent",
    ])
    .where("person.phone", "=", phone)
    .orderBy("checkin.event_id")
    .execute();

describe("a child under 14", () => {
  it("without the guardian's tick: the message beside the tick, nothing written (zh and en)", async () => {
    const event = await makeEvent("儿童安全讲座");
    const phone = newPhone();
    const refused = await new Browser(server.baseUrl).post(
      `/c/${event.code}`,
      form("小明", phone, { age: "child" }),
    );
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toMatch(
      /<p class="error" id="guardian-error">未满14周岁的孩子须由监护人代填，请监护人勾选此项。<\/p>/,
    );
    expect(html).toMatch(/id="guardian" name="guardian" aria-invalid="true"/);
    // What was typed stays.
    expect(html).toContain('value="小明"');
    expect(html).toMatch(/<option value="child" selected>/);

    const english = await new Browser(server.baseUrl, "en").post(
      `/c/${event.code}`,
      form("Xiao Ming", phone, { age: "child" }),
    );
    expect(english.status).toBe(400);
    expect(await english.text()).toContain(
      "A child under 14 must be checked in by a guardian: the guardian ticks this box.",
    );
    expect(await checkinsOf(phone)).toEqual([]);
    const people = await t.db
      .selectFrom("person")
      .select("id")
      .where("phone", "=", phone)
      .execute();
    expect(people).toEqual([]);
  });

  it("with the guardian's tick: checked in under the guardian's notice, no one-tap next time", async () => {
    const event = await makeEvent("儿童安全讲座");
    const next = await makeEvent("青少年普法");
    const phone = newPhone();
    const guardian = new Browser(server.baseUrl);
    const ok = await guardian.post(
      `/c/${event.code}`,
      form("小红", phone, { age: "child", guardian: "on" }),
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("签到成功");
    expect(await checkinsOf(phone)).toEqual([
      {
        event_id: event.id,
        consent_version: GUARDIAN_CONSENT_VERSION,
        personConsent: GUARDIAN_CONSENT_VERSION,
      },
    ]);
    // The guardian agrees afresh for the next event: the whole form, the tick included.
    const page = await (await guardian.get(`/c/${next.code}`)).text();
    expect(page).not.toContain("身份签到");
    expect(page).toContain("我是监护人，代未满14周岁的孩子填写");
    expect(page).toContain("监护人须知");
  });

  it("the guardian's tick alone says it is a child; an adult's check-in keeps the resident's notice", async () => {
    const event = await makeEvent("法治讲座");
    const child = newPhone();
    await new Browser(server.baseUrl).post(
      `/c/${event.code}`,
      form("小刚", child, { guardian: "on" }),
    );
    expect((await checkinsOf(child))[0]?.consent_version).toBe(GUARDIAN_CONSENT_VERSION);
    const adult = newPhone();
    await new Browser(server.baseUrl).post(
      `/c/${event.code}`,
      form("王芳", adult, { group: "villager" }),
    );
    expect((await checkinsOf(adult))[0]?.consent_version).toBe(CONSENT_VERSION);
  });

  it("an age that is not offered is refused beside the select", async () => {
    const event = await makeEvent("法治讲座");
    const phone = newPhone();
    const refused = await new Browser(server.baseUrl).post(
      `/c/${event.code}`,
      form("小刚", phone, { age: "teen" }),
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toMatch(/id="age" name="age" aria-invalid="true"/);
    expect(await checkinsOf(phone)).toEqual([]);
  });
});

const namesAt = (eventIds: number[]) =>
  t.db
    .selectFrom("checkin")
    .select(["event_id", "name", "device"])
    .where("event_id", "in", eventIds)
    .orderBy("event_id")
    .execute();

/** The event titles /c/mine lists for this browser. */
async function listed(browser: Browser) {
  const html = await (await browser.get("/c/mine")).text();
  return [...html.matchAll(/<li><strong>([^<]+)<\/strong>/g)].map((m) => m[1]);
}

describe("my check-ins, from the phone that made them", () => {
  it("lists this phone's check-ins under the remembered name, in both sub-districts, and links to it", async () => {
    const here = await makeEvent("香山讲座");
    const there = await makeEvent("横泾讲座", { host_unit_id: hosts.hengjing });
    const phone = newPhone();
    const mine = new Browser(server.baseUrl);
    const success = await (
      await mine.post(`/c/${here.code}`, form("李雷", phone, { group: "villager" }))
    ).text();
    expect(success).toContain('href="/c/mine"');
    await mine.post(`/c/${there.code}`, { intent: "remembered" });
    const html = await (await mine.get("/c/mine")).text();
    expect(html).toContain("以下是用这部手机以 李雷 的名义所做的签到");
    expect((await listed(mine)).sort()).toEqual([here.title, there.title].sort());
    expect(await (await mine.get(`/c/${newEventCode()}`)).text()).not.toContain("/c/mine");
    const formPage = await (await new Browser(server.baseUrl).get(`/c/${here.code}`)).text();
    expect(formPage).toContain('href="/c/mine"');
    const english = await (await new Browser(server.baseUrl, "en").get("/c/mine")).text();
    expect(english).toContain("This phone has no check-ins to show.");
  });

  it("another phone, no cookie and a forged cookie see nothing and delete nothing", async () => {
    const event = await makeEvent("香山讲座");
    const other = await makeEvent("香山讲座");
    const phone = newPhone();
    const owner = new Browser(server.baseUrl);
    await owner.post(`/c/${event.code}`, form("韩梅梅", phone, { group: "villager" }));
    // The same name and phone typed on another phone: that check-in is not this phone's.
    const stranger = new Browser(server.baseUrl);
    await stranger.post(`/c/${other.code}`, form("韩梅梅", phone, { group: "villager" }));
    expect(await listed(owner)).toEqual([event.title]);
    expect(await listed(stranger)).toEqual([other.title]);

    const person = await t.db
      .selectFrom("person")
      .select("id")
      .where("phone", "=", phone)
      .executeTakeFirstOrThrow();
    const forged = await createCookie("pufa_me", { secrets: ["not-the-server-secret"] }).serialize({
      person: person.id,
      consent: CONSENT_VERSION,
    });
    const device = `pufa_device=${owner.cookie("pufa_device")}`;
    const attempts: Record<string, string>[] = [
      {},
      { Cookie: `${forged.split(";")[0]}; ${device}` },
      // The owner's signed cookie without the owner's phone id is not the owner's phone.
      { Cookie: `pufa_me=${owner.cookie("pufa_me")}` },
    ];
    for (const headers of attempts) {
      const page = await fetch(`${server.baseUrl}/c/mine`, { headers });
      const html = await page.text();
      expect(html).toContain("这部手机没有可查看的签到记录");
      expect(html).not.toContain(event.title);
      for (const intent of ["delete", "withdraw"]) {
        const post = await fetch(`${server.baseUrl}/c/mine`, {
          method: "POST",
          headers: { ...headers, Origin: server.baseUrl },
          body: new URLSearchParams({ intent }),
          redirect: "manual",
        });
        expect(post.status).toBe(303);
      }
    }
    // The other phone deletes its own check-in only: the owner's keeps its name.
    await stranger.post("/c/mine", { intent: "delete" });
    expect(await namesAt([event.id, other.id])).toEqual([
      { event_id: event.id, name: "韩梅梅", device: expect.any(String) },
      { event_id: other.id, name: "", device: null },
    ]);
    expect(await listed(owner)).toEqual([event.title]);
    const withdrawals = await t.db
      .selectFrom("consent_withdrawal")
      .select("person_id")
      .where("person_id", "=", person.id)
      .execute();
    expect(withdrawals).toEqual([]);
  });

  it("deletes its check-ins all at once, says how many, and logs it without name or phone", async () => {
    const first = await makeEvent("香山讲座");
    const second = await makeEvent("香山讲座");
    const phone = newPhone();
    const mine = new Browser(server.baseUrl);
    await mine.post(`/c/${first.code}`, form("赵敏", phone, { group: "villager" }));
    await mine.post(`/c/${second.code}`, { intent: "remembered" });
    expect(await checkinsOf(phone)).toHaveLength(2);

    const posted = await mine.post("/c/mine", { intent: "delete" });
    expect(posted.status).toBe(303);
    expect(posted.headers.get("location")).toBe("/c/mine");
    const html = await (await mine.follow(posted)).text();
    expect(html).toContain("已删除 2 条签到记录。");
    expect(await checkinsOf(phone)).toEqual([]);
    // Anonymised, not gone: the figures keep counting them; the person is forgotten.
    expect(await namesAt([first.id, second.id])).toEqual([
      { event_id: first.id, name: "", device: null },
      { event_id: second.id, name: "", device: null },
    ]);
    const people = await t.db
      .selectFrom("person")
      .select("id")
      .where("phone", "=", phone)
      .execute();
    expect(people).toEqual([]);
    // The note is shown once.
    expect(await (await mine.get("/c/mine")).text()).not.toContain("已删除");

    const entry = await t.db
      .selectFrom("audit_log")
      .select(["detail", "target", "actor_id"])
      .where("action", "=", "checkin.resident_delete")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ detail: "checkins=2", target: null, actor_id: null });
    const everything = JSON.stringify(
      await t.db.selectFrom("audit_log").selectAll().where("actor_id", "is", null).execute(),
    );
    expect(everything).not.toContain(phone);
    expect(everything).not.toContain("赵敏");
  });

  it("never forgets a 法律明白人, retired or serving, whose phone and name a stranger typed", async () => {
    const event = await makeEvent("香山讲座");
    const phone = newPhone();
    const learner = await addLearner(t.db, { name: "钱学明", village: "渔帆村", phone });
    await t.db
      .updateTable("legal_savvy")
      .set({ status: "retired" })
      .where("id", "=", learner.id)
      .execute();
    const stranger = new Browser(server.baseUrl);
    await stranger.post(`/c/${event.code}`, form("钱学明", phone, { group: "villager" }));
    expect(await listed(stranger)).toEqual([event.title]);
    await stranger.post("/c/mine", { intent: "delete" });
    // The stranger's own check-in is anonymised; the roster's person keeps their name and phone.
    expect(await namesAt([event.id])).toEqual([{ event_id: event.id, name: "", device: null }]);
    const person = await t.db
      .selectFrom("person")
      .select(["name", "phone"])
      .where("id", "=", learner.personId)
      .executeTakeFirstOrThrow();
    expect(person).toEqual({ name: "钱学明", phone });
  });

  it("withdraws consent: the phone forgets the person and the withdrawal is recorded", async () => {
    const event = await makeEvent("香山讲座");
    const next = await makeEvent("香山讲座");
    const phone = newPhone();
    const mine = new Browser(server.baseUrl, "en");
    await mine.post(`/c/${event.code}`, form("Zhou Jie", phone, { group: "villager" }));
    expect(await (await mine.get(`/c/${next.code}`)).text()).toContain("Check in as Zhou Jie");

    const posted = await mine.post("/c/mine", { intent: "withdraw" });
    expect(posted.status).toBe(303);
    expect(mine.cookie("pufa_me")).toBeUndefined();
    expect(await (await mine.follow(posted)).text()).toContain(
      "Consent withdrawn; this phone no longer remembers you.",
    );
    const person = await t.db
      .selectFrom("person")
      .select("id")
      .where("phone", "=", phone)
      .executeTakeFirstOrThrow();
    const withdrawals = await t.db
      .selectFrom("consent_withdrawal")
      .select(["consent_version"])
      .where("person_id", "=", person.id)
      .execute();
    expect(withdrawals).toEqual([{ consent_version: CONSENT_VERSION }]);
    const page = await (await mine.get(`/c/${next.code}`)).text();
    expect(page).not.toContain("Check in as");
    expect(page).toContain('name="phone"');
  });
});

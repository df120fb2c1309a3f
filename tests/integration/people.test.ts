import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/.server/audit/audit-log";
import { listAttendance } from "~/.server/attendance/list";
import { createEvent } from "~/.server/events/events";
import type { EventInput } from "~/lib/event-schema";
import { createTestDatabase } from "../support/database";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Who a check-in is, and what it counts by, attacked as the issue reproduced it: a stranger with a
// resident's phone number, family members on one phone, an organiser typing a known phone, and a
// person's record changed after the event. Real HTTP against the production build, on SQLite or
// (npm run test:pg) PostgreSQL, over the demo's residents.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let organiser: Actor;

const XIANGSHAN = 2;
const ZHOUSHAN = 3;
const YUFAN = 4;

/** A demo resident who checked themself in at a held event of the demo year. */
type Resident = {
  personId: number;
  name: string;
  phone: string;
  villageName: string;
  pastEventId: number;
};
let resident: Resident;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  const staff = await t.db
    .selectFrom("staff_user")
    .innerJoin("admin_unit", "admin_unit.id", "staff_user.unit_id")
    .select(["staff_user.id", "admin_unit.path"])
    .where("staff_user.username", "=", "organiser")
    .executeTakeFirstOrThrow();
  organiser = {
    id: staff.id,
    username: "organiser",
    role: "organiser",
    unitPath: staff.path,
    ip: null,
  };
  const row = await t.db
    .selectFrom("checkin")
    .innerJoin("person", "person.id", "checkin.person_id")
    .innerJoin("event", "event.id", "checkin.event_id")
    .innerJoin("admin_unit as village", "village.id", "person.village_id")
    .select([
      "person.id",
      "person.name",
      "person.phone",
      "village.name as village_name",
      "event.id as event_id",
    ])
    .where("event.status", "=", "held")
    .where("checkin.method", "=", "self_scan")
    .where("village.id", "!=", YUFAN)
    .orderBy("checkin.id")
    .limit(50)
    .execute()
    // A three-character name, not a demo account's: a page that shows it leaked it.
    .then((rows) => rows.find((r) => [...r.name].length === 3 && r.name !== "陈建国")!);
  resident = {
    personId: row.id,
    name: row.name,
    phone: row.phone!,
    villageName: row.village_name,
    pastEventId: row.event_id,
  };
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

let phoneCounter = 0;
/** A phone nobody else uses (the demo's numbers start 139). */
const newPhone = () =>
  `135${String(process.pid % 1000).padStart(3, "0")}${String(++phoneCounter).padStart(5, "0")}`;

/** A public event of the sub-district, published and open for check-in now. */
async function openEvent(title: string) {
  const start = Date.now() - 10 * 60_000;
  const event: EventInput = {
    title,
    format: "lecture",
    setting: "community",
    campaignId: null,
    hostUnitId: XIANGSHAN,
    villageId: null,
    venue: "街道市民服务中心",
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 2 * 3_600_000).toISOString(),
    audience: ["villager"],
    laws: null,
    speaker: null,
    speakerRole: null,
    capacity: null,
    visibility: "public",
    description: null,
    rotatingQr: false,
    invitees: [],
  };
  const { id } = await createEvent(t.db, { actor: organiser, event, publish: true });
  const { code } = await t.db
    .selectFrom("event")
    .select("code")
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return { id, code };
}

const selfForm = (fields: { name: string; phone: string; villageId?: number; group?: string }) => ({
  intent: "checkin",
  name: fields.name,
  phone: fields.phone,
  villageId: fields.villageId ? String(fields.villageId) : "",
  employer: fields.villageId ? "" : "苏州精密机械厂",
  group: fields.group ?? "villager",
  consent: "on",
});

async function organiserBrowser(lang?: string) {
  const b = new Browser(server.baseUrl, lang);
  await b.logIn("organiser");
  return b;
}

const personRow = (id: number) =>
  t.db.selectFrom("person").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

/** What an organiser or official takes away from an event: the list, the CSV and the XLSX rows. */
async function whatStaffSee(eventId: number) {
  const b = await organiserBrowser();
  const list = await listAttendance(t.db, { eventId, scopePath: organiser.unitPath });
  const csv = await (await b.get(`/events/${eventId}/export.csv`)).text();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await (await b.get(`/events/${eventId}/export.xlsx`)).arrayBuffer());
  const sheet = workbook.getWorksheet("签到名单")!;
  const xlsx: unknown[][] = [];
  sheet.eachRow((row) => xlsx.push((row.values as unknown[]).slice(1)));
  return { rows: list.rows, byGroup: list.byGroup, total: list.total, csv, xlsx };
}

const SHARED_TAG = '<span class="tag">与他人共用手机号</span>';
const count = (text: string, part: string) => text.split(part).length - 1;

describe("a stranger who types a resident's phone with another name", () => {
  it("renames nobody, moves nobody, learns nothing, and gets a one-tap for their own name only", async () => {
    const before = await personRow(resident.personId);
    const pastBefore = await whatStaffSee(resident.pastEventId);
    expect(pastBefore.csv).toContain(resident.name);

    const event = await openEvent("民法典讲座（冒名测试）");
    const stranger = new Browser(server.baseUrl);
    const res = await stranger.post(
      `/c/${event.code}`,
      selfForm({ name: "冒名者", phone: resident.phone, villageId: YUFAN, group: "youth" }),
    );
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("签到成功");
    expect(page).not.toContain(resident.name);
    expect(page).not.toContain(resident.villageName);

    expect(await personRow(resident.personId)).toEqual(before);
    const strangers = await t.db
      .selectFrom("person")
      .select(["id", "name", "village_id", "audience_group"])
      .where("phone", "=", resident.phone)
      .where("name", "=", "冒名者")
      .execute();
    expect(strangers).toEqual([
      { id: expect.any(Number), name: "冒名者", village_id: YUFAN, audience_group: "youth" },
    ]);
    expect(await whatStaffSee(resident.pastEventId)).toEqual(pastBefore);

    // The stranger's phone remembers the stranger, never the resident.
    const next = await openEvent("宪法宣传周讲座（冒名测试）");
    const offer = await (await stranger.get(`/c/${next.code}`)).text();
    expect(offer).toContain("以 冒名者 身份签到");
    expect(offer).not.toContain(resident.name);
    const tap = await stranger.post(`/c/${next.code}`, { intent: "remembered" });
    expect(await tap.text()).toContain("签到成功");
    const tapped = await t.db
      .selectFrom("checkin")
      .select(["person_id", "name", "village_id", "audience_group"])
      .where("event_id", "=", next.id)
      .execute();
    expect(tapped).toEqual([
      { person_id: strangers[0]!.id, name: "冒名者", village_id: YUFAN, audience_group: "youth" },
    ]);

    // The organiser's list of the stranger's event shows what the stranger typed.
    const list = await (
      await (await organiserBrowser()).get(`/events/${event.id}/attendance`)
    ).text();
    expect(list).toContain("冒名者");
    expect(list).not.toContain(resident.name);
  });

  it("spelt with full-width letters and extra spaces, the same name is the same person", async () => {
    const event = await openEvent("同名规范化测试");
    const phone = newPhone();
    const b = new Browser(server.baseUrl);
    const first = await b.post(`/c/${event.code}`, selfForm({ name: "Li  Ming", phone }));
    expect(await first.text()).toContain("签到成功");
    const again = await new Browser(server.baseUrl).post(
      `/c/${event.code}`,
      selfForm({ name: " Ｌｉ Ming ", phone }),
    );
    expect(await again.text()).toContain("已签到");
    const people = await t.db
      .selectFrom("person")
      .select("name")
      .where("phone", "=", phone)
      .execute();
    expect(people).toEqual([{ name: "Li Ming" }]);
  });
});

describe("family members who share one phone", () => {
  it("are two people, both checked in, and the list marks them as sharing a phone", async () => {
    const event = await openEvent("老年人防诈骗讲座");
    const phone = newPhone();
    const grandma = await new Browser(server.baseUrl).post(
      `/c/${event.code}`,
      selfForm({ name: "陈奶奶", phone, villageId: ZHOUSHAN, group: "elderly" }),
    );
    expect(await grandma.text()).toContain("签到成功");
    const grandpa = await new Browser(server.baseUrl).post(
      `/c/${event.code}`,
      selfForm({ name: "陈爷爷", phone, villageId: ZHOUSHAN, group: "elderly" }),
    );
    expect(await grandpa.text()).toContain("签到成功");
    const other = await new Browser(server.baseUrl).post(
      `/c/${event.code}`,
      selfForm({ name: "林阿姨", phone: newPhone() }),
    );
    expect(await other.text()).toContain("签到成功");

    const people = await t.db
      .selectFrom("person")
      .select("name")
      .where("phone", "=", phone)
      .orderBy("name")
      .execute();
    expect(people.map((p) => p.name).sort()).toEqual(["陈奶奶", "陈爷爷"].sort());

    const html = await (
      await (await organiserBrowser()).get(`/events/${event.id}/attendance`)
    ).text();
    expect(html).toContain("已签到 3 人");
    expect(count(html, SHARED_TAG)).toBe(2);
    const rows = [...html.matchAll(/<li>(.*?)<\/li>/gs)].map((m) => m[1]!);
    const marked = rows.filter((row) => row.includes(SHARED_TAG));
    expect(marked.some((row) => row.includes("陈奶奶"))).toBe(true);
    expect(marked.some((row) => row.includes("陈爷爷"))).toBe(true);
    expect(rows.find((row) => row.includes("林阿姨"))).not.toContain(SHARED_TAG);
    const english = await (
      await (await organiserBrowser("en-GB,en;q=0.9")).get(`/events/${event.id}/attendance`)
    ).text();
    expect(count(english, '<span class="tag">shares a phone</span>')).toBe(2);
  });
});

describe("an organiser who types a known phone at the door", () => {
  it("records, lists and exports what was typed, and shows nothing of the stored record", async () => {
    const before = await personRow(resident.personId);
    const event = await openEvent("以案释法（现场登记测试）");
    const b = await organiserBrowser();
    const res = await b.post(`/events/${event.id}/attendance`, {
      intent: "walk_in",
      name: "王某某",
      phone: resident.phone,
      villageId: "",
      employer: "苏州精密机械厂",
      group: "migrant_worker",
      consent: "on",
    });
    expect(res.status).toBe(302);
    const page = await (await b.follow(res)).text();
    expect(page).toContain("已登记 王某某 的签到。");
    expect(page).toContain("苏州精密机械厂");
    // (Village names are on this page anyway: they are the form's choices.)
    expect(page).not.toContain(resident.name);

    // The resident's own name with another village: still what was typed, the record untouched.
    const same = await b.post(`/events/${event.id}/attendance`, {
      intent: "walk_in",
      name: resident.name,
      phone: resident.phone,
      villageId: String(YUFAN),
      employer: "",
      group: "women",
      consent: "on",
    });
    expect(same.status).toBe(302);
    expect(await personRow(resident.personId)).toEqual(before);

    const seen = await whatStaffSee(event.id);
    expect(seen.rows.map((r) => [r.name, r.place, r.group, r.sharesPhone])).toEqual([
      [resident.name, "渔帆村", "women", true],
      ["王某某", "苏州精密机械厂", "migrant_worker", true],
    ]);
    const csvRows = seen.csv.split("\r\n").slice(1, -1);
    expect(csvRows[0]).toContain(",王某某,");
    expect(csvRows[0]).toContain(",苏州精密机械厂,农民工（含新就业形态劳动者）,现场登记,");
    expect(csvRows[1]).toContain(`,${resident.name},`);
    expect(csvRows[1]).toContain(",渔帆村,妇女,现场登记,");
    expect(seen.csv).not.toContain(resident.villageName);
    expect(seen.xlsx.slice(1).map((row) => row.slice(1, 5))).toEqual([
      [
        "王某某",
        `${resident.phone.slice(0, 3)}****${resident.phone.slice(7)}`,
        "苏州精密机械厂",
        "农民工（含新就业形态劳动者）",
      ],
      [
        resident.name,
        `${resident.phone.slice(0, 3)}****${resident.phone.slice(7)}`,
        "渔帆村",
        "妇女",
      ],
    ]);
  });
});

describe("a person's record changed after the event", () => {
  it("leaves last event's list, counts and exports as they were", async () => {
    const other = await t.db
      .selectFrom("checkin")
      .select("person_id")
      .where("event_id", "=", resident.pastEventId)
      .where("person_id", "!=", resident.personId)
      .orderBy("id")
      .executeTakeFirstOrThrow();
    const before = await whatStaffSee(resident.pastEventId);
    // As staff will change it on the roster: another name, village, group and employer.
    await t.db
      .updateTable("person")
      .set({
        name: "改名后",
        village_id: YUFAN,
        audience_group: "cadre",
        employer: "街道办事处",
        updated_at: new Date().toISOString(),
      })
      .where("id", "in", [resident.personId, other.person_id])
      .execute();
    const after = await whatStaffSee(resident.pastEventId);
    expect(after).toEqual(before);
    expect(after.csv).not.toContain("改名后");

    // Undoing the check-in logs the name it was given, not the record's new one.
    const { id } = await t.db
      .selectFrom("checkin")
      .select("id")
      .where("event_id", "=", resident.pastEventId)
      .where("person_id", "=", resident.personId)
      .executeTakeFirstOrThrow();
    const b = await organiserBrowser();
    const undo = await b.post(`/events/${resident.pastEventId}/attendance`, {
      intent: "undo",
      checkinId: String(id),
      confirmed: "yes",
    });
    expect(await (await b.follow(undo)).text()).toContain(`已撤销 ${resident.name} 的签到`);
    const logged = await t.db
      .selectFrom("audit_log")
      .select("detail")
      .where("action", "=", "checkin.undo")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(logged.detail).toContain(`checkin ${id}: ${resident.name} `);
    expect(logged.detail).not.toContain("改名后");
  });
});

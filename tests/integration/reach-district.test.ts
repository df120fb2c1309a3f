import ExcelJS from "exceljs";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { SessionUser } from "../../app/.server/auth/session";
import { recordCheckIn } from "../../app/.server/checkin/record-checkin";
import { AppError } from "../../app/.server/errors";
import { newEventCode } from "../../app/.server/events/events";
import { rosterCoverage } from "../../app/.server/learners/coverage";
import type { ReachUnit } from "../../app/.server/reach/dashboard";
import { reachDashboard } from "../../app/.server/reach/dashboard";
import { exportReach } from "../../app/.server/reach/export";
import { reachRequest } from "../../app/.server/reach/request";
import type { ReachPeriod } from "../../app/lib/reach-period";
import { yearPeriod } from "../../app/lib/reach-period";
import type { NewEvent } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import { checkinPlace, demoActor, unitUnder } from "../support/demo";
import { freshMobile } from "../support/records";

// A district's reach (issue 15): its sub-districts side by side, each row what that sub-district's
// own dashboard says; the two 舟山村 told apart; and a sub-district set up today (横泾街道, the
// demo's) neither compared with zeros of years before it existed nor flagged for them. On SQLite
// and (npm run test:pg) PostgreSQL. The year 2031 is far from the demo's own records.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
const NOW = "2032-01-10T00:00:00.000Z";
const Y2031 = yearPeriod(2031);
let units: Record<"district" | "xiangshan" | "hengjing", ReachUnit>;
let zhoushan: { xiangshan: number; hengjing: number };

async function unitNamed(name: string) {
  return t.db
    .selectFrom("admin_unit")
    .select(["id", "name", "level", "path", "created_at as createdAt"])
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
}

async function addEvent(
  overrides: Partial<NewEvent> & Pick<NewEvent, "title" | "starts_at" | "host_unit_id">,
) {
  const start = Date.parse(overrides.starts_at);
  const { id } = await t.db
    .insertInto("event")
    .values({
      code: newEventCode(),
      format: "lecture",
      setting: "village",
      campaign_id: null,
      village_id: null,
      venue: "会场",
      ends_at: new Date(start + 2 * 3_600_000).toISOString(),
      visibility: "public",
      status: "held",
      qr_secret: "secret",
      created_at: overrides.starts_at,
      updated_at: overrides.starts_at,
      ...overrides,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

async function checkIn(eventId: number, name: string) {
  await recordCheckIn(t.db, {
    eventId,
    place: await checkinPlace(t.db, eventId),
    method: "self_scan",
    recordedBy: null,
    consentVersion: "v1",
    person: { name, phone: freshMobile(), villageId: null, employer: null, group: "villager" },
  });
}

/** A 法律明白人 on the roster of a village given by id (the demo's helper finds names only). */
async function addLegalSavvy(villageId: number, name: string) {
  const at = "2030-06-01T00:00:00.000Z";
  const person = await t.db
    .insertInto("person")
    .values({
      unit_id: villageId,
      phone: freshMobile(),
      name,
      village_id: villageId,
      employer: null,
      audience_group: "legal_savvy",
      consent_version: null,
      consented_at: null,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("legal_savvy")
    .values({
      person_id: person.id,
      village_id: villageId,
      category: "mediator",
      recognised_on: "2030-06-01",
      certificate_no: null,
      adviser: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  return person.id;
}

const dashboardOf = (unit: ReachUnit, period: ReachPeriod = Y2031, now = NOW) =>
  reachDashboard(t.db, { unit, period, now });

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  units = {
    district: await unitNamed("吴中区"),
    xiangshan: await unitNamed("香山街道"),
    hengjing: await unitNamed("横泾街道"),
  };
  zhoushan = {
    xiangshan: (await unitUnder(t.db, "香山街道", "舟山村")).id,
    hengjing: (await unitUnder(t.db, "横泾街道", "舟山村")).id,
  };
  // Xiangshan: one lecture in its 舟山村 (two check-ins, a crowd of 100) and one it hosts in 横泾's
  // 舟山村 (counted by both); 横泾: one of its own with a crowd of 50; the district: one of its own
  // in no village (only in the total).
  const own = await addEvent({
    title: "香山讲座",
    starts_at: "2031-03-05T01:00:00.000Z",
    host_unit_id: units.xiangshan.id,
    village_id: zhoushan.xiangshan,
    estimated_crowd: 100,
  });
  await checkIn(own, "甲");
  await checkIn(own, "乙");
  const visiting = await addEvent({
    title: "香山到横泾",
    starts_at: "2031-04-05T01:00:00.000Z",
    host_unit_id: units.xiangshan.id,
    village_id: zhoushan.hengjing,
    estimated_crowd: 30,
  });
  await checkIn(visiting, "丙");
  await addEvent({
    title: "横泾宣传",
    starts_at: "2031-05-05T01:00:00.000Z",
    host_unit_id: units.hengjing.id,
    village_id: (await unitUnder(t.db, "横泾街道", "上林村")).id,
    estimated_crowd: 50,
  });
  await addEvent({
    title: "全区宪法宣传周",
    starts_at: "2031-12-04T01:00:00.000Z",
    host_unit_id: units.district.id,
    estimated_crowd: 500,
  });
  // 横泾: two 法律明白人 in its 舟山村, and a 推进会 in the second quarter that one was invited to.
  const invitee = await addLegalSavvy(zhoushan.hengjing, "横泾明白人甲");
  await addLegalSavvy(zhoushan.hengjing, "横泾明白人乙");
  const meeting = await addEvent({
    title: "横泾法治政府建设推进会",
    starts_at: "2031-06-20T01:00:00.000Z",
    host_unit_id: units.hengjing.id,
    visibility: "internal",
    format: "progress_meeting",
    study_kind: "progress_meeting",
  });
  await t.db
    .insertInto("event_invitation")
    .values({ event_id: meeting, person_id: invitee, added_at: NOW })
    .execute();
});

afterAll(() => t.destroy());

afterEach(() => {
  vi.useRealTimers();
});

describe("a district's sub-districts side by side", () => {
  it("shows each sub-district as its own dashboard does, and the district's total", async () => {
    const district = await dashboardOf(units.district);
    const table = district.subdistricts!;
    expect(table.rows.map((row) => row.name)).toEqual(["香山街道", "横泾街道"]);
    for (const row of table.rows) {
      const unit = row.id === units.xiangshan.id ? units.xiangshan : units.hengjing;
      const own = await dashboardOf(unit);
      expect(own.subdistricts).toBeNull();
      expect(row).toEqual({
        id: unit.id,
        name: unit.name,
        events: own.current.events,
        checkins: own.current.attendance.checkins,
        crowd: own.current.attendance.crowd,
        villagesCovered: own.current.villagesCovered,
        villagesTotal: own.current.villages.length,
        onRoster: own.learners.current.onRoster,
        metHours: own.learners.current.metHours,
        invited: own.cadres.current.invited,
        came: own.cadres.current.came,
        rate: own.cadres.current.rate,
        progress: own.cadres.current.byKind.find((k) => k.kind === "progress_meeting")!.held,
      });
    }
    const [xiangshan, hengjing] = table.rows;
    expect([xiangshan!.events, xiangshan!.checkins, xiangshan!.crowd]).toEqual([2, 3, 130]);
    expect([hengjing!.events, hengjing!.checkins, hengjing!.crowd]).toEqual([2, 1, 80]);
    expect([hengjing!.villagesCovered, hengjing!.villagesTotal]).toEqual([2, 12]);
    expect([hengjing!.onRoster, hengjing!.invited, hengjing!.rate, hengjing!.progress]).toEqual([
      2, 1, 0, 1,
    ]);

    // The total is the district's own: the visiting event once, the district's own event in.
    expect(table.total).toMatchObject({
      id: units.district.id,
      events: 4,
      checkins: 3,
      crowd: 680,
      villagesCovered: 3,
      villagesTotal: 25,
      onRoster: district.learners.current.onRoster,
      progress: 1,
    });
    expect(table.total.onRoster).toBe(xiangshan!.onRoster + hengjing!.onRoster);
  });

  it("sorts on the server by a column and its direction, ties in the tree's order", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date(NOW));
    const user = await sessionUser("district");
    const order = async (query: string) => {
      const reach = await reachRequest(
        t.db,
        new Request(`http://localhost/reach?period=year&year=2031&${query}`),
        user,
      );
      return [reach.order, reach.dashboard!.subdistricts!.rows.map((row) => row.name)];
    };
    expect(await order("")).toEqual([{ sort: "name", dir: "asc" }, ["香山街道", "横泾街道"]]);
    expect(await order("sort=name&dir=desc")).toEqual([
      { sort: "name", dir: "desc" },
      ["横泾街道", "香山街道"],
    ]);
    expect(await order("sort=crowd")).toEqual([
      { sort: "crowd", dir: "desc" },
      ["香山街道", "横泾街道"],
    ]);
    expect(await order("sort=crowd&dir=asc")).toEqual([
      { sort: "crowd", dir: "asc" },
      ["横泾街道", "香山街道"],
    ]);
    expect((await order("sort=progress"))[1]).toEqual(["横泾街道", "香山街道"]);
    // Equal events: the tree's order either way.
    expect((await order("sort=events&dir=asc"))[1]).toEqual(["香山街道", "横泾街道"]);
    expect(await order("sort=nonsense&dir=sideways")).toEqual([
      { sort: "name", dir: "asc" },
      ["香山街道", "横泾街道"],
    ]);
  });

  it("refuses a sub-district's official the district, and shows a sub-district no table", async () => {
    const official = await sessionUser("official");
    const refused = reachRequest(
      t.db,
      new Request(`http://localhost/reach?period=year&year=2031&unit=${units.district.id}`),
      official,
    );
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({ code: "FORBIDDEN" });
    const own = await reachRequest(
      t.db,
      new Request("http://localhost/reach?period=year&year=2031"),
      official,
    );
    expect(own.unit.id).toBe(units.xiangshan.id);
    expect(own.dashboard!.subdistricts).toBeNull();
  });
});

describe("names that repeat", () => {
  it("label the two 舟山村 in the district's villages, gaps and exports", async () => {
    const district = await dashboardOf(units.district);
    const labels = district.current.villages.map((village) => village.label);
    expect(labels).toContain("香山街道 · 舟山村");
    expect(labels).toContain("横泾街道 · 舟山村");
    expect(labels).toContain("渔帆村");
    expect(labels).not.toContain("舟山村");
    expect(district.gaps.villagesWithoutEvents.map((village) => village.label)).not.toContain(
      "舟山村",
    );
    // A sub-district's own page names its own 舟山村 plainly.
    const hengjing = await dashboardOf(units.hengjing);
    expect(hengjing.current.villages.map((village) => village.label)).toContain("舟山村");

    const actor = await demoActor(t.db, "district");
    const file = await exportReach(t.db, {
      actor,
      unit: units.district,
      dashboard: district,
      format: "xlsx",
      lang: "zh-CN",
      now: NOW,
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await new Response(file.body as ReadableStream).arrayBuffer()) as ArrayBuffer,
    );
    // Each sheet starts with its header row; an empty cell (no rate) reads back as undefined, a
    // rate as a number (its percent format shows 0%).
    const sheetRows = (name: string) => {
      const sheet = workbook.getWorksheet(name)!;
      const rows: unknown[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows.slice(1);
    };
    expect(sheetRows("各街道（镇）")).toEqual([
      ["香山街道", 2, 3, 130, 1, 13, expect.any(Number), expect.any(Number), undefined, 0],
      ["横泾街道", 2, 1, 80, 2, 12, 2, 0, 0, 1],
      ["合计", 4, 3, 680, 3, 25, expect.any(Number), expect.any(Number), 0, 1],
    ]);
    const villages = sheetRows("各村（社区）");
    expect(villages).toContainEqual([
      "香山街道",
      "香山街道 · 舟山村",
      1,
      2,
      100,
      expect.any(Number),
    ]);
    expect(villages).toContainEqual(["横泾街道", "横泾街道 · 舟山村", 1, 1, 30, 2]);
    expect(villages).toContainEqual(["香山街道", "香山街道 小计", 1, 2, 100, expect.any(Number)]);
    expect(villages).toContainEqual(["横泾街道", "横泾街道 小计", 2, 1, 80, 2]);
    expect(villages.at(-1)).toEqual([
      undefined,
      "合计",
      4,
      3,
      680,
      district.learners.current.onRoster,
    ]);

    const csv = await exportReach(t.db, {
      actor,
      unit: units.district,
      dashboard: district,
      format: "csv",
      lang: "en",
      now: NOW,
    });
    const text = String(csv.body);
    expect(text).toContain("Sub-districts side by side");
    expect(text).toContain("香山街道 · 舟山村");
    expect(text).toContain("横泾街道 · 舟山村");
    expect(text).toContain("横泾街道 subtotal");
  });

  it("label the two 舟山村 in the district's roster coverage", async () => {
    const coverage = await rosterCoverage(t.db, { scopePath: units.district.path });
    const labels = coverage.villages.map((village) => village.label);
    expect(labels).toContain("香山街道 · 舟山村");
    expect(labels).toContain("横泾街道 · 舟山村");
    const own = await rosterCoverage(t.db, { scopePath: units.hengjing.path });
    expect(own.villages.map((village) => village.label)).toContain("舟山村");
  });
});

describe("a unit's figures before it was set up", () => {
  it("compare with 'not yet set up', and flag no quarter before it existed", async () => {
    const now = new Date().toISOString();
    const thisYear = yearPeriod(Number(now.slice(0, 4)));
    // 横泾街道 was set up today: the year before is not a year of zeros.
    const hengjing = await dashboardOf(units.hengjing, thisYear, now);
    expect(hengjing.setUp).toEqual({
      at: units.hengjing.createdAt,
      periodBefore: false,
      previousBefore: true,
    });
    expect(hengjing.gaps.quartersWithoutProgress).toEqual([]);
    // Xiangshan was set up long before.
    const xiangshan = await dashboardOf(units.xiangshan, thisYear, now);
    expect(xiangshan.setUp.previousBefore).toBe(false);

    // A year wholly before 横泾 existed: said so, and its villages are not "0 of 12".
    const before = await dashboardOf(units.hengjing, yearPeriod(2025), now);
    expect(before.setUp.periodBefore).toBe(true);
    expect(before.current.villages).toEqual([]);
    expect(before.gaps.villagesWithoutEvents).toEqual([]);
    expect(before.gaps.quartersWithoutProgress).toEqual([]);
    const district = await dashboardOf(units.district, yearPeriod(2025), now);
    expect(district.subdistricts!.rows.map((row) => row.name)).toEqual(["香山街道"]);
    expect(district.current.villages).toHaveLength(13);

    // In 2031 横泾 existed: the quarters without a 推进会 are its gaps.
    const later = await dashboardOf(units.hengjing);
    expect(later.gaps.quartersWithoutProgress).toEqual([
      { year: 2031, quarter: 1 },
      { year: 2031, quarter: 3 },
      { year: 2031, quarter: 4 },
    ]);
  });

  it("keep a retired village in the periods it served, not in later ones", async () => {
    const village = await unitUnder(t.db, "横泾街道", "新齐村");
    await t.db
      .updateTable("admin_unit")
      .set({ retired_at: "2032-06-30T00:00:00.000Z" })
      .where("id", "=", village.id)
      .execute();
    const served = await dashboardOf(units.hengjing, yearPeriod(2032), "2033-01-10T00:00:00.000Z");
    expect(served.current.villages.map((v) => v.id)).toContain(village.id);
    const after = await dashboardOf(units.hengjing, yearPeriod(2033), "2034-01-10T00:00:00.000Z");
    expect(after.current.villages.map((v) => v.id)).not.toContain(village.id);
    expect(after.current.villages).toHaveLength(11);
    expect(after.gaps.villagesWithoutEvents.map((v) => v.id)).not.toContain(village.id);
    expect(after.learners.current.villages.map((v) => v.id)).not.toContain(village.id);
    // A year it served still counts it.
    const year2031 = await dashboardOf(units.hengjing);
    expect(year2031.current.villages.map((v) => v.id)).toContain(village.id);
  });
});

/** A demo account as the session a reach page reads. */
async function sessionUser(username: string): Promise<SessionUser> {
  const row = await t.db
    .selectFrom("staff_user")
    .innerJoin("admin_unit", "admin_unit.id", "staff_user.unit_id")
    .select([
      "staff_user.id",
      "staff_user.username",
      "staff_user.display_name",
      "staff_user.role",
      "admin_unit.id as unit_id",
      "admin_unit.name as unit_name",
      "admin_unit.path",
      "admin_unit.parent_id",
    ])
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    unitId: row.unit_id,
    unitName: row.unit_name,
    unitPath: row.path,
    isTopLevel: row.parent_id === null,
    mustChangePassword: false,
  };
}

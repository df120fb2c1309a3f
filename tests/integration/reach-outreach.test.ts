import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordCheckIn } from "../../app/.server/checkin/record-checkin";
import { newEventCode } from "../../app/.server/events/events";
import { outreachFigures as figuresOf } from "../../app/.server/reach/outreach";
import { refreshReach } from "../../app/.server/reach/rollup";
import { reachUnits } from "../../app/.server/reach/units";
import { previousPeriod, quarterPeriod, yearPeriod } from "../../app/lib/reach-period";
import type { AudienceGroup, NewEvent } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import { checkinPlace, unitId } from "../support/demo";

// The outreach figures over a hand-made year (2031, far from the demo's own events) whose figures
// are known, on SQLite and (npm run test:pg) PostgreSQL.

/** The outreach figures as the dashboard reads them: roll-ups refreshed, the scope's units read. */
const outreachFigures = async (
  db: typeof t.db,
  input: Omit<Parameters<typeof figuresOf>[1], "units">,
) => {
  await refreshReach(db, input.now);
  return figuresOf(db, { ...input, units: await reachUnits(db, input) });
};

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let paths: { subdistrict: string; zhoushan: string; yufan: string };
const NOW = "2031-12-31T00:00:00.000Z";

async function addEvent(overrides: Partial<NewEvent> & Pick<NewEvent, "title" | "starts_at">) {
  const start = Date.parse(overrides.starts_at);
  const { id } = await t.db
    .insertInto("event")
    .values({
      code: newEventCode(),
      format: "lecture",
      setting: "village",
      campaign_id: null,
      host_unit_id: await unitId(t.db, "香山街道"),
      village_id: null,
      venue: "会场",
      ends_at: new Date(start + 2 * 3_600_000).toISOString(),
      laws: null,
      speaker: null,
      speaker_role: null,
      capacity: null,
      visibility: "public",
      description: null,
      status: "held",
      cancel_reason: null,
      qr_secret: "secret",
      created_by: null,
      created_at: overrides.starts_at,
      updated_at: overrides.starts_at,
      ...overrides,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

async function checkIn(eventId: number, name: string, group: AudienceGroup) {
  await recordCheckIn(t.db, {
    eventId,
    place: await checkinPlace(t.db, eventId),
    method: "self_scan",
    recordedBy: null,
    consentVersion: "v1",
    person: {
      name,
      phone: `1390000${String(name.codePointAt(0)! % 10_000).padStart(4, "0")}`,
      villageId: null,
      employer: null,
      group,
    },
  });
}

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  const pathOf = async (name: string) =>
    (
      await t.db
        .selectFrom("admin_unit")
        .select("path")
        .where("name", "=", name)
        .executeTakeFirstOrThrow()
    ).path;
  paths = {
    subdistrict: await pathOf("香山街道"),
    zhoushan: await pathOf("舟山村"),
    yufan: await pathOf("渔帆村"),
  };
  const zhoushan = await unitId(t.db, "舟山村");
  const yufan = await unitId(t.db, "渔帆村");

  // Counted in 2031: a lecture in 舟山村 with a crowd, a quiz with no village (published, ended),
  // and one in 渔帆村 half an hour into 2031 in Beijing (still 2030 in UTC).
  const lecture = await addEvent({
    title: "讲座",
    starts_at: "2031-03-05T01:00:00.000Z",
    village_id: zhoushan,
    estimated_crowd: 200,
    materials_handed_out: 50,
    consultations: 10,
  });
  const quiz = await addEvent({
    title: "知识竞赛",
    starts_at: "2031-03-20T01:00:00.000Z",
    format: "quiz",
    setting: "school",
    status: "published",
    materials_handed_out: 5,
  });
  const newYear = await addEvent({
    title: "元旦普法",
    starts_at: "2030-12-31T16:30:00.000Z",
    village_id: yufan,
    estimated_crowd: 30,
  });
  // Not counted in 2031: internal, cancelled, draft, not yet ended, and the last evening of 2030.
  const internal = await addEvent({
    title: "中心组学法",
    starts_at: "2031-03-06T01:00:00.000Z",
    visibility: "internal",
  });
  await addEvent({
    title: "取消",
    starts_at: "2031-04-01T01:00:00.000Z",
    status: "cancelled",
    estimated_crowd: 99,
  });
  await addEvent({ title: "草稿", starts_at: "2031-04-02T01:00:00.000Z", status: "draft" });
  await addEvent({
    title: "未结束",
    starts_at: "2031-12-30T23:00:00.000Z",
    status: "published",
    estimated_crowd: 7,
  });
  const lastEvening = await addEvent({
    title: "跨年夜",
    starts_at: "2030-12-31T15:00:00.000Z",
    village_id: zhoushan,
    estimated_crowd: 40,
  });

  await checkIn(lecture, "甲", "villager");
  await checkIn(lecture, "乙", "villager");
  await checkIn(lecture, "丙", "elderly");
  await checkIn(quiz, "甲", "youth");
  await checkIn(quiz, "丁", "youth");
  await checkIn(newYear, "乙", "villager");
  await checkIn(internal, "戊", "cadre");
  await checkIn(lastEvening, "己", "villager");
});

afterAll(() => t.destroy());

describe("outreach figures", () => {
  it("count the held public events of the year, check-ins and crowds apart", async () => {
    const figures = await outreachFigures(t.db, {
      scopePath: paths.subdistrict,
      period: yearPeriod(2031),
      now: NOW,
    });
    expect(figures.events).toBe(3);
    expect(figures.attendance).toEqual({ checkins: 6, crowd: 230 });
    expect(figures.uniquePeople).toBe(4);
    expect(figures.materials).toBe(55);
    expect(figures.consultations).toBe(10);
    expect(figures.byFormat).toEqual([
      { format: "lecture", events: 2, checkins: 4, crowd: 230 },
      { format: "quiz", events: 1, checkins: 2, crowd: 0 },
    ]);
    expect(figures.bySetting.map((row) => [row.setting, row.events])).toEqual([
      ["village", 2],
      ["school", 1],
    ]);
    expect(figures.byMonth.length).toBe(12);
    expect(figures.byMonth[0]).toEqual({ month: "2031-01", events: 1, checkins: 1, crowd: 30 });
    expect(figures.byMonth[2]).toEqual({ month: "2031-03", events: 2, checkins: 5, crowd: 200 });
    expect(figures.villages.length).toBe(13);
    expect(figures.villagesCovered).toBe(2);
    expect(figures.villages.find((v) => v.name === "舟山村")).toMatchObject({
      events: 1,
      checkins: 3,
      crowd: 200,
    });
    expect(
      Object.fromEntries(figures.byAudience.map((row) => [row.group, row.checkins])),
    ).toMatchObject({
      villager: 3,
      elderly: 1,
      youth: 2,
      cadre: 0,
    });
  });

  it("give a village only the events held in it", async () => {
    const figures = await outreachFigures(t.db, {
      scopePath: paths.zhoushan,
      period: yearPeriod(2031),
      now: NOW,
    });
    expect(figures.events).toBe(1);
    expect(figures.attendance).toEqual({ checkins: 3, crowd: 200 });
    expect(figures.villages.map((v) => v.name)).toEqual(["舟山村"]);
    expect(figures.villagesCovered).toBe(1);
  });

  it("put the last evening of 2030 in the year before, and a quarter in its own months", async () => {
    const before = await outreachFigures(t.db, {
      scopePath: paths.subdistrict,
      period: previousPeriod(yearPeriod(2031)),
      now: NOW,
    });
    expect(before.events).toBe(1);
    expect(before.attendance).toEqual({ checkins: 1, crowd: 40 });
    const q1 = await outreachFigures(t.db, {
      scopePath: paths.subdistrict,
      period: quarterPeriod(2031, 1),
      now: NOW,
    });
    expect(q1.events).toBe(3);
    expect(q1.byMonth.map((row) => row.month)).toEqual(["2031-01", "2031-02", "2031-03"]);
  });

  it("do not move when a person's record changes after the period", async () => {
    await t.db
      .updateTable("person")
      .set({ audience_group: "enterprise_staff" })
      .where("name", "=", "甲")
      .execute();
    const figures = await outreachFigures(t.db, {
      scopePath: paths.subdistrict,
      period: yearPeriod(2031),
      now: NOW,
    });
    expect(
      Object.fromEntries(figures.byAudience.map((row) => [row.group, row.checkins])),
    ).toMatchObject({
      villager: 3,
      youth: 2,
      enterprise_staff: 0,
    });
  });
});

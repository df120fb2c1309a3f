import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordCheckIn } from "../../app/.server/checkin/record-checkin";
import { newEventCode } from "../../app/.server/events/events";
import { reachDashboard, reachUnit } from "../../app/.server/reach/dashboard";
import * as figures from "../../app/.server/reach/learners";
import { reachUnits } from "../../app/.server/reach/units";
import { yearPeriod } from "../../app/lib/reach-period";
import type { DutyKind, StudyKind } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import { checkinPlace, unitId } from "../support/demo";
import { addLearner, addTraining, freshMobile } from "../support/records";

// The learners' half of the reach dashboard over a hand-made year (2031, after the demo's), on
// SQLite and (npm run test:pg) PostgreSQL: who is on the rosters on the period's last day, the
// hours target, the duty ledger, the cadres' study against the plan, and a second sub-district
// whose figures stay its own. The demo's own 法律明白人
// are on the same rosters, so the roster figures are compared with those before the fixtures.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let zhoushan: string;
let subdistrict: string;
const NOW = "2032-01-10T00:00:00.000Z";
const Y2031 = yearPeriod(2031);
const Y2030 = yearPeriod(2030);

/** The figure functions as the dashboard calls them, with the scope's units read first. */
type FigureInput = Omit<Parameters<typeof figures.learnerFigures>[1], "units">;
const learnerFigures = async (db: typeof t.db, input: FigureInput) =>
  figures.learnerFigures(db, { ...input, units: await reachUnits(db, input) });
const cadreFigures = async (db: typeof t.db, input: FigureInput) =>
  figures.cadreFigures(db, { ...input, units: await reachUnits(db, input) });

const pathOf = async (name: string) =>
  (
    await t.db
      .selectFrom("admin_unit")
      .select("path")
      .where("name", "=", name)
      .executeTakeFirstOrThrow()
  ).path;

async function duty(
  learner: { id: number; villageId: number },
  input: { on: string; kind: DutyKind; resolved?: 0 | 1; status?: "confirmed" | "pending" },
) {
  await t.db
    .insertInto("duty_entry")
    .values({
      legal_savvy_id: learner.id,
      village_id: learner.villageId,
      occurred_on: input.on,
      kind: input.kind,
      served: "村民",
      content: "调解邻里纠纷",
      result: null,
      dispute_resolved: input.kind === "dispute" ? (input.resolved ?? 0) : null,
      status: input.status ?? "confirmed",
      return_reason: null,
      source: "staff",
      recorded_by: null,
      reviewed_by: null,
      reviewed_at: null,
      created_at: NOW,
      updated_at: NOW,
    })
    .execute();
}

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  zhoushan = await pathOf("舟山村");
  subdistrict = await pathOf("香山街道");
});

afterAll(async () => {
  await t.destroy();
});

describe("the 法律明白人 figures", () => {
  it("count the rosters on the period's last day, the hours target and the ledger", async () => {
    const figures = (period = Y2031) =>
      learnerFigures(t.db, { scopePath: zhoushan, period, now: NOW });
    const base = await figures();
    const baseBefore = await figures(Y2030);

    const a = await addLearner(t.db, { name: "甲明白", village: "舟山村" });
    const b = await addLearner(t.db, { name: "乙明白", village: "舟山村" });
    await t.db
      .updateTable("legal_savvy")
      .set({ recognised_on: "2031-06-01" })
      .where("id", "=", b.id)
      .execute();
    const c = await addLearner(t.db, { name: "丙明白", village: "舟山村" });
    await t.db
      .updateTable("legal_savvy")
      .set({ status: "retired", retired_on: "2031-05-01", retire_reason: "迁出" })
      .where("id", "=", c.id)
      .execute();
    // A full day credited twelve hours for 甲; three hours for 乙.
    await addTraining(t.db, {
      title: "年度培训",
      startsAt: "2031-03-01T01:00:00.000Z",
      endsAt: "2031-03-01T09:00:00.000Z",
      creditMinutes: 720,
      attendees: [{ personId: a.personId, name: "甲明白" }],
    });
    await addTraining(t.db, {
      title: "片区培训",
      startsAt: "2031-07-01T01:00:00.000Z",
      endsAt: "2031-07-01T04:00:00.000Z",
      attendees: [{ personId: b.personId, name: "乙明白" }],
    });
    await duty(a, { on: "2031-04-01", kind: "dispute", resolved: 1 });
    await duty(a, { on: "2031-05-01", kind: "dispute", resolved: 0 });
    await duty(b, { on: "2031-08-01", kind: "publicity" });
    await duty(b, { on: "2031-09-01", kind: "dispute", resolved: 1, status: "pending" });
    await duty(a, { on: "2030-12-31", kind: "dispute", resolved: 1 });

    const now = await figures();
    // 甲 and 乙 are on the roster at the end of 2031; 丙 left in May.
    expect(now.onRoster).toBe(base.onRoster + 2);
    expect(now.villagesWithRoster).toBe(1);
    expect(now.hoursYear).toBe(2031);
    expect(now.metHours).toBe(base.metHours + 1);
    expect(now.belowHours.map((row) => row.name)).toContain("乙明白");
    // 乙 was recognised in June: seven months on the roster, seven twelfths of the 720 minutes.
    expect(now.belowHours.find((row) => row.name === "乙明白")).toMatchObject({
      village: "舟山村",
      minutes: 180,
      target: 420,
    });
    expect(now.belowHours.map((row) => row.name)).not.toContain("丙明白");
    // Confirmed entries of the year: two disputes (one resolved) and one publicity; the pending
    // one and the one of 2030 are not.
    expect(now.duties - base.duties).toBe(3);
    expect(now.disputes - base.disputes).toBe(2);
    expect(now.disputesResolved - base.disputesResolved).toBe(1);

    // At the end of 2030, 丙 was still on the roster and 乙 not yet.
    const before = await figures(Y2030);
    expect(before.onRoster).toBe(baseBefore.onRoster + 2);
    expect(before.duties - baseBefore.duties).toBe(1);

    // A period still running reads the roster of today.
    const running = await learnerFigures(t.db, {
      scopePath: zhoushan,
      period: Y2031,
      now: "2031-05-15T00:00:00.000Z",
    });
    expect(running.onRoster).toBe(base.onRoster + 1);
  });
});

describe("the cadres' study figures", () => {
  let serial = 0;
  async function cadre(name: string) {
    const at = new Date().toISOString();
    const person = await t.db
      .insertInto("person")
      .values({
        unit_id: await unitId(t.db, "香山街道"),
        phone: freshMobile(),
        name,
        village_id: null,
        employer: null,
        audience_group: "cadre",
        consent_version: null,
        consented_at: null,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const row = await t.db
      .insertInto("cadre")
      .values({
        person_id: person.id,
        unit_id: await unitId(t.db, "香山街道"),
        department: null,
        position: "科员",
        left_on: null,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { cadreId: row.id, personId: person.id, name };
  }

  async function session(
    kind: StudyKind,
    startsAt: string,
    invited: { personId: number; name: string }[],
    came: { personId: number; name: string }[],
  ) {
    const id = await addTraining(t.db, {
      title: `学法 ${serial++}`,
      startsAt,
      endsAt: new Date(Date.parse(startsAt) + 3_600_000).toISOString(),
      creditMinutes: 60,
      attendees: came,
    });
    await t.db.updateTable("event").set({ study_kind: kind }).where("id", "=", id).execute();
    await t.db
      .insertInto("event_invitation")
      .values(
        invited.map((person) => ({
          event_id: id,
          person_id: person.personId,
          added_at: startsAt,
          absence_reason: null,
          absence_note: null,
        })),
      )
      .execute();
  }

  it("hold sessions against the plan, the rate, and the quarters without a 推进会", async () => {
    const [a, b, c, d] = await Promise.all(["子干部", "丑干部", "寅干部", "卯干部"].map(cadre));
    const all = [a!, b!, c!, d!];
    await session("progress_meeting", "2031-02-10T06:00:00.000Z", all, all);
    await session("progress_meeting", "2031-05-10T06:00:00.000Z", all, [a!, b!, c!]);
    await session("central_group", "2031-03-10T01:00:00.000Z", all, [a!, b!]);
    await session("enforcement_training", "2031-09-10T01:00:00.000Z", [a!, d!], [a!]);
    const unit = await unitId(t.db, "香山街道");
    await t.db
      .insertInto("study_plan")
      .values([
        { unit_id: unit, year: 2031, quarter: 1, study_kind: "central_group", planned: 2 },
        { unit_id: unit, year: 2031, quarter: 1, study_kind: "progress_meeting", planned: 1 },
        { unit_id: unit, year: 2031, quarter: 2, study_kind: "progress_meeting", planned: 1 },
        { unit_id: unit, year: 2031, quarter: 3, study_kind: "progress_meeting", planned: 1 },
        { unit_id: unit, year: 2031, quarter: 4, study_kind: "progress_meeting", planned: 1 },
      ])
      .execute();

    const year = await cadreFigures(t.db, { scopePath: subdistrict, period: Y2031, now: NOW });
    expect(year.held).toBe(4);
    expect(year.planned).toBe(6);
    expect(year.byKind.find((row) => row.kind === "progress_meeting")).toMatchObject({
      held: 2,
      planned: 4,
    });
    expect(year.byKind.find((row) => row.kind === "central_group")).toMatchObject({
      held: 1,
      planned: 2,
    });
    // 4 + 3 + 2 + 1 of 4 + 4 + 4 + 2 invitations.
    expect([year.came, year.invited, year.rate]).toEqual([10, 14, 71]);
    // Below the target of 80 %: 卯 came to one of four sessions, 寅 to two of three.
    expect(year.cadresBelow.map((row) => [row.name, row.percent])).toEqual([
      ["卯干部", 25],
      ["寅干部", 67],
    ]);
    expect(year.quarters.map((q) => [q.quarter, q.progressMeetings, q.ended])).toEqual([
      [1, 1, true],
      [2, 1, true],
      [3, 0, true],
      [4, 0, true],
    ]);

    // A month has no whole quarter: no plan to compare; a quarter that has not ended yet is not
    // a gap.
    const march = await cadreFigures(t.db, {
      scopePath: subdistrict,
      period: { kind: "month", year: 2031, month: 3, from: "2031-03-01", to: "2031-03-31" },
      now: NOW,
    });
    expect([march.held, march.planned, march.quarters]).toEqual([1, null, []]);
    const inAutumn = await cadreFigures(t.db, {
      scopePath: subdistrict,
      period: Y2031,
      now: "2031-11-01T00:00:00.000Z",
    });
    expect(inAutumn.quarters.filter((q) => q.ended && q.progressMeetings === 0)).toHaveLength(1);

    // A village's scope hosts none of the sub-district's sessions.
    const village = await cadreFigures(t.db, { scopePath: zhoushan, period: Y2031, now: NOW });
    expect([village.held, village.invited]).toEqual([0, 0]);
  });
});

describe("another sub-district", () => {
  it("is refused to an official of Xiangshan, and its figures never reach Xiangshan's", async () => {
    const district = await t.db
      .selectFrom("admin_unit")
      .select(["id", "path"])
      .where("level", "=", "district")
      .executeTakeFirstOrThrow();
    const other = await t.db
      .insertInto("admin_unit")
      .values({
        parent_id: district.id,
        name: "临湖镇",
        level: "subdistrict",
        path: "pending",
        created_at: NOW,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const otherPath = `${district.path}${other.id}/`;
    await t.db
      .updateTable("admin_unit")
      .set({ path: otherPath })
      .where("id", "=", other.id)
      .execute();
    const village = await t.db
      .insertInto("admin_unit")
      .values({
        parent_id: other.id,
        name: "临湖村",
        level: "village",
        path: "pending",
        created_at: NOW,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable("admin_unit")
      .set({ path: `${otherPath}${village.id}/` })
      .where("id", "=", village.id)
      .execute();
    const xiangshan = { scopePath: subdistrict, period: Y2031, now: NOW };
    const before = await learnerFigures(t.db, xiangshan);
    await addLearner(t.db, { name: "临湖明白人", village: "临湖村" });

    // An official of Xiangshan asking for the other sub-district is refused; it exists, so 403.
    await expect(
      reachUnit(t.db, { scopePath: subdistrict, unitId: other.id, ownUnitId: 0 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Xiangshan's figures do not move; the district's count the other sub-district too.
    const after = await learnerFigures(t.db, xiangshan);
    expect([after.onRoster, after.villages.length]).toEqual([
      before.onRoster,
      before.villages.length,
    ]);
    const whole = await learnerFigures(t.db, { ...xiangshan, scopePath: district.path });
    expect(whole.villages.map((row) => row.name)).toContain("临湖村");
    expect(whole.onRoster).toBe(after.onRoster + 1);
  });
});

describe("the dashboard's gaps", () => {
  it("name what 2031 missed, for the sub-district and for a village", async () => {
    const dashboardOf = async (name: string) => {
      const unit = await t.db
        .selectFrom("admin_unit")
        .select(["id", "name", "level", "path", "created_at as createdAt"])
        .where("name", "=", name)
        .executeTakeFirstOrThrow();
      return reachDashboard(t.db, { unit, period: Y2031, now: NOW });
    };
    // No outreach event yet: every village is a gap, and no group is listed on top of that.
    const empty = await dashboardOf("香山街道");
    expect(empty.gaps.villagesWithoutEvents).toHaveLength(13);
    expect(empty.gaps.groupsNotReached).toEqual([]);

    const at = "2031-06-01T01:00:00.000Z";
    const event = await t.db
      .insertInto("event")
      .values({
        code: newEventCode(),
        title: "村民法治讲座",
        format: "lecture",
        setting: "village",
        campaign_id: null,
        host_unit_id: await unitId(t.db, "香山街道"),
        village_id: await unitId(t.db, "舟山村"),
        venue: "村委会",
        starts_at: at,
        ends_at: "2031-06-01T03:00:00.000Z",
        visibility: "public",
        status: "held",
        qr_secret: "secret",
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await recordCheckIn(t.db, {
      eventId: event.id,
      place: await checkinPlace(t.db, event.id),
      method: "self_scan",
      recordedBy: null,
      consentVersion: "v1",
      person: {
        name: "村民甲",
        phone: freshMobile(),
        villageId: null,
        employer: null,
        group: "villager",
      },
    });

    const { gaps, previous } = await dashboardOf("香山街道");
    expect(previous).toMatchObject({ kind: "year", year: 2030 });
    expect(gaps.villagesWithoutEvents.map((v) => v.label)).not.toContain("舟山村");
    expect(gaps.villagesWithoutEvents).toHaveLength(12);
    expect(gaps.groupsNotReached).not.toContain("villager");
    expect(gaps.groupsNotReached).toContain("youth");
    expect(gaps.rostersShort.map((v) => [v.name, v.onRoster, v.target])).toEqual([
      ["胥江社区", 5, 6],
    ]);
    expect(gaps.belowHours.map((p) => p.name)).toContain("乙明白");
    expect(gaps.cadresBelow.map((c) => c.name)).toEqual(["卯干部", "寅干部"]);
    expect(gaps.quartersWithoutProgress).toEqual([
      { year: 2031, quarter: 3 },
      { year: 2031, quarter: 4 },
    ]);

    // A village hosts no cadre study: none of its gaps is about it.
    const village = await dashboardOf("舟山村");
    expect(village.gaps.villagesWithoutEvents).toEqual([]);
    expect([village.gaps.cadresBelow, village.gaps.quartersWithoutProgress]).toEqual([[], []]);
  });
});

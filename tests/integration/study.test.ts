import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/.server/audit/audit-log";
import { AppError } from "../../app/.server/errors";
import { heldBy } from "../../app/.server/events/held";
import {
  cadreRates,
  heldPerQuarter,
  quartersWithoutProgressMeeting,
  sessionRates,
} from "../../app/.server/study/attendance";
import { addCadre, listCadres, updateCadre } from "../../app/.server/study/cadres";
import { getPlan, savePlan } from "../../app/.server/study/plan";
import { addReport } from "../../app/.server/study/reports";
import { recordAbsences, setSessionCadres } from "../../app/.server/study/sessions";
import { isHeld } from "../../app/lib/event-status";
import type { CheckinMethod, EventStatus, StudyKind } from "../../db/schema";
import { createTestDatabase } from "../support/database";
import { demoActor, unitId } from "../support/demo";

// Issue 8, items 10 to 12: attendance rates, plan against held, the progress-meeting warning,
// and who may see and change cadres and 述法 records. On SQLite and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let organiser: Actor;
let village: Actor;
let official: Actor;
let subdistrict: number;
let zhoushan: number;
let serial = 0;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  organiser = await demoActor(t.db, "organiser");
  village = await demoActor(t.db, "village");
  official = await demoActor(t.db, "official");
  subdistrict = await unitId(t.db, "香山街道");
  zhoushan = await unitId(t.db, "舟山村");
});
afterAll(() => t.destroy());

const phone = () => `136${String(10_000_000 + serial++).slice(-8)}`;

async function cadre(name: string, unit = subdistrict, actor = organiser) {
  const { id } = await addCadre(t.db, {
    actor,
    cadre: {
      name,
      phone: phone(),
      unitId: unit,
      department: null,
      position: "科员",
      lawEnforcement: false,
      status: "active",
      leftOn: null,
    },
  });
  const row = await t.db
    .selectFrom("cadre")
    .select("person_id")
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return { id, personId: row.person_id };
}

/** A study session written straight into the database, with its list and its check-ins. */
async function session(input: {
  kind: StudyKind;
  startsAt: string;
  status?: EventStatus;
  invited: { personId: number }[];
  came?: { personId: number; method: CheckinMethod }[];
}) {
  const stamp = new Date().toISOString();
  const ends = new Date(Date.parse(input.startsAt) + 2 * 3_600_000).toISOString();
  const { id } = await t.db
    .insertInto("event")
    .values({
      code: `s${String(serial++).padStart(7, "a")}`.slice(0, 8),
      title: `学法 ${serial}`,
      format: "central_group",
      setting: null,
      campaign_id: null,
      host_unit_id: subdistrict,
      village_id: null,
      venue: "街道会议室",
      starts_at: input.startsAt,
      ends_at: ends,
      laws: null,
      speaker: null,
      speaker_role: null,
      capacity: null,
      visibility: "internal",
      description: null,
      status: input.status ?? "held",
      cancel_reason: null,
      qr_secret: "secret",
      estimated_crowd: null,
      materials_handed_out: null,
      consultations: null,
      summary: null,
      study_kind: input.kind,
      credit_minutes: null,
      chair: null,
      minutes: null,
      created_by: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto("event_invitation")
    .values(input.invited.map((p) => ({ event_id: id, person_id: p.personId, added_at: stamp })))
    .execute();
  for (const came of input.came ?? []) {
    await t.db
      .insertInto("checkin")
      .values({
        event_id: id,
        person_id: came.personId,
        method: came.method,
        checked_in_at: input.startsAt,
        recorded_by: null,
        consent_version: null,
        name: "干部",
        audience_group: "cadre",
        village_id: null,
        employer: null,
        ticket: null,
        device: null,
      })
      .execute();
  }
  return id;
}

const YEAR = 2025;
const END_OF_YEAR = "2026-01-10T00:00:00.000Z";

describe("attendance rates", () => {
  it("counts who came of who was invited, per session and per cadre, held sessions only", async () => {
    const [a, b, c, d] = await Promise.all([
      cadre("甲干部"),
      cadre("乙干部"),
      cadre("丙干部"),
      cadre("丁干部"),
    ]);
    const first = await session({
      kind: "central_group",
      startsAt: "2025-03-10T01:00:00.000Z",
      invited: [a, b, c],
      came: [
        { personId: a.personId, method: "pass_scan" },
        { personId: b.personId, method: "self_scan" },
      ],
    });
    // A cancelled session and a draft count for nothing, whoever came.
    await session({
      kind: "central_group",
      startsAt: "2025-04-10T01:00:00.000Z",
      status: "cancelled",
      invited: [a, b],
      came: [{ personId: a.personId, method: "walk_in" }],
    });
    await session({
      kind: "lecture",
      startsAt: "2025-04-11T01:00:00.000Z",
      status: "draft",
      invited: [a, c],
    });
    const second = await session({
      kind: "lecture",
      startsAt: "2025-05-10T01:00:00.000Z",
      invited: [a, d],
    });
    // An absentee's reason explains the absence; it does not make them present.
    await recordAbsences(t.db, {
      actor: organiser,
      id: first,
      rows: [{ personId: c.personId, reason: "sick", note: null }],
    });
    const scope = { scopePath: organiser.unitPath, year: YEAR, now: END_OF_YEAR };
    const sessions = await sessionRates(t.db, scope);
    const rateOf = (id: number) => sessions.find((s) => s.id === id);
    expect(rateOf(first)).toMatchObject({ invited: 3, came: 2 });
    expect(rateOf(second)).toMatchObject({ invited: 2, came: 0 });
    expect(sessions).toHaveLength(2);

    const cadres = await cadreRates(t.db, scope);
    const of = (id: number) => cadres.find((row) => row.id === id);
    expect(of(a.id)).toMatchObject({ invited: 2, attended: 1 });
    expect(of(b.id)).toMatchObject({ invited: 1, attended: 1 });
    expect(of(c.id)).toMatchObject({ invited: 1, attended: 0 });
    expect(of(d.id)).toMatchObject({ invited: 1, attended: 0 });

    // Editing the list keeps who came and why others did not.
    await setSessionCadres(t.db, { actor: organiser, id: first, cadreIds: [b.id, c.id] });
    const after = await t.db
      .selectFrom("event_invitation")
      .select(["person_id", "absence_reason"])
      .where("event_id", "=", first)
      .execute();
    expect(after.find((row) => row.person_id === c.personId)?.absence_reason).toBe("sick");
    expect(after.map((row) => row.person_id).sort()).toEqual([b.personId, c.personId].sort());
    const checkins = await t.db
      .selectFrom("checkin")
      .select("person_id")
      .where("event_id", "=", first)
      .execute();
    expect(checkins).toHaveLength(2);

    // No reason for someone who came, nor for someone not on the list.
    // One form saves them all or none: a refused row leaves the good row unwritten too.
    await expect(
      recordAbsences(t.db, {
        actor: organiser,
        id: first,
        rows: [
          { personId: c.personId, reason: "personal", note: null },
          { personId: b.personId, reason: "sick", note: null },
        ],
      }),
    ).rejects.toMatchObject({
      messageKey: "study.form.alreadyCame",
      field: `reason-${b.personId}`,
    });
    await expect(
      recordAbsences(t.db, {
        actor: organiser,
        id: first,
        rows: [{ personId: d.personId, reason: "sick", note: null }],
      }),
    ).rejects.toMatchObject({ messageKey: "study.form.notInvited" });
    const kept = await t.db
      .selectFrom("event_invitation")
      .select("absence_reason")
      .where("event_id", "=", first)
      .where("person_id", "=", c.personId)
      .executeTakeFirstOrThrow();
    expect(kept.absence_reason).toBe("sick");
  });
});

describe("the plan against held and the progress-meeting warning", () => {
  it("counts held sessions per kind and quarter in Beijing time, against the plan", async () => {
    const a = await cadre("戊干部");
    // 2023-03-31 17:00 UTC is 1 April 01:00 in Beijing: the second quarter.
    await session({ kind: "progress_meeting", startsAt: "2023-03-31T17:00:00.000Z", invited: [a] });
    await session({ kind: "progress_meeting", startsAt: "2023-03-31T15:00:00.000Z", invited: [a] });
    const scope = { scopePath: organiser.unitPath, year: 2023, now: "2023-12-31T00:00:00.000Z" };
    const held = await heldPerQuarter(t.db, scope);
    expect(held.get("progress_meeting-q1")).toBe(1);
    expect(held.get("progress_meeting-q2")).toBe(1);

    await savePlan(t.db, {
      actor: organiser,
      year: 2023,
      planned: { "progress_meeting-q1": 1, "progress_meeting-q2": 1, "central_group-q3": 2 },
    });
    const plan = await getPlan(t.db, { unitPath: organiser.unitPath, year: 2023 });
    expect(plan.planned).toMatchObject({
      "progress_meeting-q1": 1,
      "central_group-q3": 2,
      "lecture-q4": 0,
    });
    // A village's staff read their sub-district's plan and change nothing.
    const villagePlan = await getPlan(t.db, { unitPath: village.unitPath, year: 2023 });
    expect(villagePlan).toMatchObject({ editable: false, planned: plan.planned });
    await expect(savePlan(t.db, { actor: village, year: 2023, planned: {} })).rejects.toMatchObject(
      { code: "FORBIDDEN" },
    );
    await expect(
      savePlan(t.db, { actor: official, year: 2023, planned: {} }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("warns about a quarter only once it has ended in Beijing time", async () => {
    const a = await cadre("己干部");
    await session({ kind: "progress_meeting", startsAt: "2027-05-10T01:00:00.000Z", invited: [a] });
    const missed = (now: string) =>
      quartersWithoutProgressMeeting(t.db, { scopePath: organiser.unitPath, year: 2027, now });
    // The first quarter ends at 2027-04-01 00:00 Beijing time, 2027-03-31 16:00 UTC.
    expect(await missed("2027-03-31T15:59:59.000Z")).toEqual([]);
    expect(await missed("2027-03-31T16:00:00.000Z")).toEqual([1]);
    // The second quarter had one; the third has not ended; then it has.
    expect(await missed("2027-09-30T15:59:59.000Z")).toEqual([1]);
    expect(await missed("2027-09-30T16:00:00.000Z")).toEqual([1, 3]);
    // A cancelled meeting is no meeting.
    await session({
      kind: "progress_meeting",
      startsAt: "2027-11-10T01:00:00.000Z",
      status: "cancelled",
      invited: [a],
    });
    expect(await missed("2028-01-01T00:00:00.000Z")).toEqual([1, 3, 4]);
  });
});

describe("who may see and change cadres and 述法 records", () => {
  it("keeps a village organiser to their village's cadres, and officials to reading", async () => {
    const own = await cadre("舟山干部", zhoushan, village);
    const sub = await cadre("街道干部");
    const seen = (await listCadres(t.db, { scopePath: village.unitPath })).map((row) => row.id);
    expect(seen).toContain(own.id);
    expect(seen).not.toContain(sub.id);
    const rows = async () =>
      Number(
        (
          await t.db
            .selectFrom("cadre")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await rows();
    const input = {
      name: "越权干部",
      phone: phone(),
      unitId: subdistrict,
      department: null,
      position: "科员",
      lawEnforcement: false,
      status: "active" as const,
      leftOn: null,
    };
    await expect(addCadre(t.db, { actor: village, cadre: input })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(
      addCadre(t.db, { actor: official, cadre: { ...input, unitId: zhoushan } }),
    ).rejects.toBeInstanceOf(AppError);
    await expect(
      updateCadre(t.db, { actor: village, id: sub.id, cadre: { ...input, unitId: zhoushan } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await rows()).toBe(before);
    const unchanged = await t.db
      .selectFrom("person")
      .select("name")
      .where("id", "=", sub.personId)
      .executeTakeFirstOrThrow();
    expect(unchanged.name).toBe("街道干部");
  });

  it("keeps one 述法 record per official and year, with a message beside the year", async () => {
    const official2 = await cadre("述法干部");
    const report = {
      cadreId: official2.id,
      year: 2025,
      form: "meeting" as const,
      evaluation: "good" as const,
      evaluationNote: null,
      remedialActions: "加强执法监督。",
    };
    await addReport(t.db, { actor: organiser, report });
    await expect(
      addReport(t.db, { actor: organiser, report: { ...report, form: "written" } }),
    ).rejects.toMatchObject({ messageKey: "study.form.duplicateReport", field: "year" });
    const stored = await t.db
      .selectFrom("law_duty_report")
      .select(["form"])
      .where("cadre_id", "=", official2.id)
      .execute();
    expect(stored).toEqual([{ form: "meeting" }]);
    // Another village's organiser cannot file one for a cadre outside their village.
    await expect(
      addReport(t.db, { actor: village, report: { ...report, year: 2026 } }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const audit = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("action", "=", "study.report_create")
      .execute();
    expect(audit).toHaveLength(1);
  });
});

describe("the one rule of held", () => {
  it("says in SQL what isHeld says in code, at the end's very instant", async () => {
    const a = await cadre("己干部");
    const startsAt = "2024-06-03T01:00:00.000Z";
    // Ends two hours after its start: 03:00 UTC.
    const ids = [];
    for (const status of ["published", "held", "draft", "cancelled"] as const) {
      ids.push(await session({ kind: "lecture", startsAt, status, invited: [a] }));
    }
    for (const now of [
      "2024-06-03T02:59:59.999Z",
      "2024-06-03T03:00:00.000Z",
      "2024-06-04T00:00:00.000Z",
    ]) {
      const rows = await t.db
        .selectFrom("event")
        .select(["event.id", "event.status", "event.ends_at"])
        .where("event.id", "in", ids)
        .execute();
      const inSql = await t.db
        .selectFrom("event")
        .select("event.id")
        .where("event.id", "in", ids)
        .where((eb) => heldBy(eb, now))
        .execute();
      const inCode = rows.filter((row) => isHeld(row, now)).map((row) => row.id);
      expect(inSql.map((row) => row.id).sort()).toEqual(inCode.sort());
      expect(inCode).toHaveLength(now < "2024-06-03T03:00:00.000Z" ? 0 : 2);
    }
  });
});

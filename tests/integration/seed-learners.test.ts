import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassCode, passCodeOf } from "~/.server/passes/code";
import { loadCookieSecret } from "~/.server/secret";
import { DEMO_VILLAGES, seedDemo } from "../../db/seed";
import { createTestDatabase } from "../support/database";

// The demo's learners on SQLite or PostgreSQL: the roster of 法律明白人, the cadres, Xiangshan's
// 2024 study year, trainings and hours, the duty ledger and the passes, as the pages will read them.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let thisYear = "";

beforeAll(async () => {
  t = await createTestDatabase();
  thisYear = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4);
  expect(await seedDemo(t.db)).toBe(true);
});
afterAll(() => t.destroy());

const count = (rows: unknown[]) => rows.length;

/** Shanghai's calendar year as UTC bounds. */
const yearBounds = (year: number) =>
  [`${year - 1}-12-31T16:00:00.000Z`, `${year}-12-31T16:00:00.000Z`] as const;

/** Held internal events of a year with a study kind ("training" for the 法律明白人's). */
async function sessions(year: number) {
  const [from, to] = yearBounds(year);
  return t.db
    .selectFrom("event")
    .select([
      "id",
      "title",
      "format",
      "study_kind",
      "starts_at",
      "ends_at",
      "credit_minutes",
      "chair",
      "minutes",
      "training",
      "visibility",
      "status",
    ])
    .where("visibility", "=", "internal")
    .where("status", "=", "held")
    .where("starts_at", ">=", from)
    .where("starts_at", "<", to)
    .orderBy("starts_at")
    .execute();
}

/** Minutes credited to each 法律明白人 (roster id) in a year: the credit or the duration. */
async function hoursByMember(year: number) {
  const [from, to] = yearBounds(year);
  const rows = await t.db
    .selectFrom("legal_savvy")
    .innerJoin("checkin", "checkin.person_id", "legal_savvy.person_id")
    .innerJoin("event", "event.id", "checkin.event_id")
    .select([
      "legal_savvy.id",
      "legal_savvy.status",
      "event.credit_minutes",
      "event.starts_at",
      "event.ends_at",
    ])
    .where("event.training", "=", 1)
    .where("event.status", "=", "held")
    .where("event.starts_at", ">=", from)
    .where("event.starts_at", "<", to)
    .execute();
  const minutes = new Map<number, number>();
  for (const row of rows) {
    const credit =
      row.credit_minutes ?? (Date.parse(row.ends_at) - Date.parse(row.starts_at)) / 60_000;
    minutes.set(row.id, (minutes.get(row.id) ?? 0) + credit);
  }
  return minutes;
}

describe("the demo's roster of 法律明白人", () => {
  it("has 84 active in 13 villages, seven or six each and five in 胥江社区, below the target of six", async () => {
    const rows = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("admin_unit", "admin_unit.id", "legal_savvy.village_id")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .select([
        "admin_unit.name as village",
        "admin_unit.level",
        "legal_savvy.status",
        "legal_savvy.category",
        "legal_savvy.recognised_on",
        "legal_savvy.certificate_no",
        "legal_savvy.adviser",
        "person.village_id",
        "legal_savvy.village_id as rosterVillage",
      ])
      .execute();
    const active = rows.filter((r) => r.status === "active");
    expect(active).toHaveLength(84);
    const perVillage = Object.fromEntries(
      DEMO_VILLAGES.map((v) => [v, active.filter((r) => r.village === v).length]),
    );
    expect(perVillage).toEqual({
      舟山村: 7,
      渔帆村: 7,
      长沙村: 7,
      梅舍村: 7,
      墅里村: 7,
      长港村: 7,
      湖滨村: 7,
      香山社区: 6,
      蒋墩社区: 6,
      郁舍社区: 6,
      梅园社区: 6,
      胥江社区: 5,
      太湖花园社区: 6,
    });
    for (const row of rows) {
      expect(row.level).toBe("village");
      expect(row.rosterVillage).toBe(row.village_id);
      expect(row.recognised_on! >= "2021-01-01" && row.recognised_on! <= "2024-12-31").toBe(true);
      expect(row.certificate_no).toMatch(
        new RegExp(`^XS-${row.recognised_on!.slice(0, 4)}-\\d{3}$`),
      );
      expect(row.adviser).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
    }
    expect(new Set(rows.map((r) => r.certificate_no)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.category)).size).toBeGreaterThanOrEqual(5);
  });

  it("keeps two who retired in 2025, with reason and date, and their history", async () => {
    const retired = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .select([
        "legal_savvy.id",
        "person.id as personId",
        "legal_savvy.retired_on",
        "legal_savvy.retire_reason",
      ])
      .where("legal_savvy.status", "=", "retired")
      .execute();
    expect(retired).toHaveLength(2);
    for (const member of retired) {
      expect(member.retired_on).toMatch(/^2024-\d{2}-\d{2}$/);
      expect(member.retire_reason).toBeTruthy();
      const trainings = await t.db
        .selectFrom("checkin")
        .innerJoin("event", "event.id", "checkin.event_id")
        .select(["event.starts_at", "checkin.audience_group"])
        .where("checkin.person_id", "=", member.personId)
        .where("event.training", "=", 1)
        .execute();
      expect(trainings.length).toBeGreaterThan(0);
      for (const training of trainings) {
        expect(training.starts_at < member.retired_on!).toBe(true);
        // The check-in keeps the group they were in then.
        expect(training.audience_group).toBe("legal_savvy");
      }
      const duties = await t.db
        .selectFrom("duty_entry")
        .select("occurred_on")
        .where("legal_savvy_id", "=", member.id)
        .execute();
      expect(duties.length).toBeGreaterThan(0);
      for (const duty of duties) expect(duty.occurred_on < member.retired_on!).toBe(true);
    }
  });
});

describe("the demo's cadres and their 2024 study year", () => {
  it("has twenty cadres of 香山街道, six in law enforcement, four in villages, the leading group among them", async () => {
    const cadres = await t.db
      .selectFrom("cadre")
      .innerJoin("person", "person.id", "cadre.person_id")
      .innerJoin("admin_unit", "admin_unit.id", "cadre.unit_id")
      .select(["person.name", "admin_unit.level", "cadre.law_enforcement", "cadre.position"])
      .where("cadre.status", "=", "active")
      .execute();
    expect(cadres).toHaveLength(20);
    expect(cadres.filter((c) => c.law_enforcement === 1)).toHaveLength(6);
    expect(cadres.filter((c) => c.level === "village")).toHaveLength(4);
    expect(cadres.find((c) => c.name === "顾建新")?.position).toBe("党工委书记");
    // The 中心组学法 still in the future invites the same people (one person per phone and name).
    const doubles = await t.db
      .selectFrom("person")
      .select(["phone", "name"])
      .where(
        "name",
        "in",
        cadres.map((c) => c.name),
      )
      .groupBy(["phone", "name"])
      .having(sql`count(*)`, ">", 1)
      .execute();
    expect(doubles).toEqual([]);
  });

  it("holds four 推进会 (one a quarter), six 中心组学法, two 会前学法 and five 执法人员专题培训, each with minutes and hours", async () => {
    const held = (await sessions(2024)).filter((e) => e.study_kind !== null);
    const byKind = (kind: string) => held.filter((e) => e.study_kind === kind);
    const quarter = (iso: string) =>
      Math.floor(Number(new Date(Date.parse(iso) + 8 * 3_600_000).getUTCMonth()) / 3) + 1;
    expect(byKind("progress_meeting").map((e) => quarter(e.starts_at))).toEqual([1, 2, 3, 4]);
    expect(count(byKind("central_group"))).toBe(6);
    expect(count(byKind("pre_meeting"))).toBe(2);
    expect(count(byKind("enforcement_training"))).toBe(5);
    for (const session of held) {
      expect(session).toMatchObject({ training: 1, visibility: "internal", status: "held" });
      expect(session.chair).toBeTruthy();
      expect(session.minutes!.length).toBeGreaterThan(20);
      expect(session.ends_at < new Date().toISOString()).toBe(true);
    }
  });

  it("invites cadres by person, checks most in by pass, and records absentees with reasons", async () => {
    const held = (await sessions(2024)).filter((e) => e.study_kind !== null);
    const ids = held.map((e) => e.id);
    const invitations = await t.db
      .selectFrom("event_invitation")
      .innerJoin("cadre", "cadre.person_id", "event_invitation.person_id")
      .select([
        "event_invitation.event_id",
        "event_invitation.person_id",
        "event_invitation.absence_reason",
      ])
      .where("event_invitation.event_id", "in", ids)
      .execute();
    const checkins = await t.db
      .selectFrom("checkin")
      .select(["event_id", "person_id", "method", "device"])
      .where("event_id", "in", ids)
      .execute();
    const came = new Set(checkins.map((c) => `${c.event_id}:${c.person_id}`));
    const absent = invitations.filter((i) => !came.has(`${i.event_id}:${i.person_id}`));
    expect(absent.length).toBeGreaterThanOrEqual(10);
    for (const absentee of absent) {
      expect(["official_duty", "sick", "personal", "other"]).toContain(absentee.absence_reason);
    }
    expect(new Set(absent.map((a) => a.absence_reason)).size).toBeGreaterThanOrEqual(2);
    // Everyone who came was invited, and nobody who came has an absence reason.
    const invited = new Set(invitations.map((i) => `${i.event_id}:${i.person_id}`));
    for (const checkin of checkins)
      expect(invited.has(`${checkin.event_id}:${checkin.person_id}`)).toBe(true);
    for (const invitation of invitations.filter((i) => came.has(`${i.event_id}:${i.person_id}`))) {
      expect(invitation.absence_reason).toBeNull();
    }
    const scanned = checkins.filter((c) => c.method === "pass_scan").length;
    expect(scanned / checkins.length).toBeGreaterThan(0.6);
    expect(checkins.every((c) => c.method === "pass_scan" || c.method === "self_scan")).toBe(true);
    // One phone checked in two people at one session: the proxy sign-in the list flags.
    const shared = new Map<string, number>();
    for (const c of checkins.filter((c) => c.device)) {
      const key = `${c.event_id}:${c.device}`;
      shared.set(key, (shared.get(key) ?? 0) + 1);
    }
    expect([...shared.values()].filter((n) => n > 1)).toEqual([2]);
    const rate = checkins.length / invitations.length;
    expect(rate).toBeGreaterThan(0.85);
    expect(rate).toBeLessThan(0.98);
  });

  it("plans 2024 by quarter and kind: the year meets it except two 会前学法", async () => {
    const plan = await t.db
      .selectFrom("study_plan")
      .select(["quarter", "study_kind", "planned"])
      .where("year", "=", 2024)
      .execute();
    expect(plan).toHaveLength(16);
    const held = (await sessions(2024)).filter((e) => e.study_kind !== null);
    const quarter = (iso: string) =>
      Math.floor(new Date(Date.parse(iso) + 8 * 3_600_000).getUTCMonth() / 3) + 1;
    const gaps = plan
      .map((p) => ({
        ...p,
        held: held.filter(
          (e) => e.study_kind === p.study_kind && quarter(e.starts_at) === p.quarter,
        ).length,
      }))
      .filter((p) => p.held < p.planned);
    expect(gaps).toEqual([
      { quarter: 2, study_kind: "pre_meeting", planned: 1, held: 0 },
      { quarter: 4, study_kind: "pre_meeting", planned: 1, held: 0 },
    ]);
  });

  it("has 述法 records of eight leaders in three forms, two with remedial actions", async () => {
    const reports = await t.db
      .selectFrom("law_duty_report")
      .select(["form", "evaluation", "remedial_actions"])
      .where("year", "=", 2024)
      .execute();
    expect(reports).toHaveLength(8);
    expect(new Set(reports.map((r) => r.form))).toEqual(new Set(["written", "meeting", "on_site"]));
    expect(reports.filter((r) => r.remedial_actions)).toHaveLength(2);
    // The evaluations are the codes the 述法 pages offer.
    for (const report of reports) {
      expect(["excellent", "good", "fair", "poor"]).toContain(report.evaluation);
    }
  });
});

describe("the 法律明白人's trainings", () => {
  it("credits hours in 2024 and this year, and leaves some below the twelve-hour target", async () => {
    for (const year of [2024, Number(thisYear)]) {
      const trainings = (await sessions(year)).filter((e) => e.study_kind === null);
      expect(trainings.length).toBeGreaterThanOrEqual(4);
      const hours = await hoursByMember(year);
      const active = await t.db
        .selectFrom("legal_savvy")
        .select("id")
        .where("status", "=", "active")
        .execute();
      const below = active.filter((m) => (hours.get(m.id) ?? 0) < 12 * 60);
      expect(below.length).toBeGreaterThan(3);
      expect(below.length).toBeLessThan(30);
    }
  });

  it("checks 法律明白人 in by pass or by their own phone, with the facts of that moment", async () => {
    const rows = await t.db
      .selectFrom("checkin")
      .innerJoin("event", "event.id", "checkin.event_id")
      .innerJoin("legal_savvy", "legal_savvy.person_id", "checkin.person_id")
      .select([
        "checkin.method",
        "checkin.audience_group",
        "checkin.village_id",
        "legal_savvy.village_id as rosterVillage",
        "checkin.recorded_by",
        "checkin.device",
      ])
      .where("event.training", "=", 1)
      .execute();
    const methods = new Set(rows.map((r) => r.method));
    expect(methods).toEqual(new Set(["pass_scan", "self_scan"]));
    for (const row of rows) {
      expect(row.audience_group).toBe("legal_savvy");
      expect(row.village_id).toBe(row.rosterVillage);
      if (row.method === "pass_scan") expect(row.recorded_by).not.toBeNull();
      else expect(row.device).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});

describe("the duty ledger", () => {
  it("has a few entries per 法律明白人 over 2024 and this year, of every kind", async () => {
    const entries = await t.db
      .selectFrom("duty_entry")
      .select(["legal_savvy_id", "kind", "occurred_on", "dispute_resolved", "status", "source"])
      .execute();
    const members = await t.db.selectFrom("legal_savvy").select("id").execute();
    for (const member of members) {
      const own = entries.filter((e) => e.legal_savvy_id === member.id).length;
      expect(own).toBeGreaterThanOrEqual(2);
      expect(own).toBeLessThanOrEqual(6);
    }
    expect(new Set(entries.map((e) => e.kind))).toEqual(
      new Set(["publicity", "dispute", "opinion", "village_affairs", "other"]),
    );
    expect(entries.some((e) => e.occurred_on.startsWith("2024"))).toBe(true);
    expect(entries.some((e) => e.occurred_on.startsWith(thisYear))).toBe(true);
    const disputes = entries.filter((e) => e.kind === "dispute" && e.status === "confirmed");
    const resolved = disputes.filter((e) => e.dispute_resolved === 1).length;
    expect(resolved / disputes.length).toBeGreaterThan(0.75);
    expect(disputes.length - resolved).toBeGreaterThanOrEqual(3);
    for (const entry of entries) {
      expect(entry.dispute_resolved === null).toBe(entry.kind !== "dispute");
    }
  });

  it("has 舟山村's own entries: four waiting for its organiser and one returned with a reason", async () => {
    const rows = await t.db
      .selectFrom("duty_entry")
      .innerJoin("admin_unit", "admin_unit.id", "duty_entry.village_id")
      .select([
        "admin_unit.name as village",
        "duty_entry.status",
        "duty_entry.source",
        "duty_entry.return_reason",
        "duty_entry.occurred_on",
      ])
      .where("duty_entry.status", "!=", "confirmed")
      .execute();
    expect(rows.every((r) => r.village === "舟山村" && r.source === "self")).toBe(true);
    expect(rows.filter((r) => r.status === "pending")).toHaveLength(4);
    const returned = rows.filter((r) => r.status === "returned");
    expect(returned).toHaveLength(1);
    expect(returned[0]!.return_reason).toBeTruthy();
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    for (const row of rows) expect(row.occurred_on < today).toBe(true);
  });
});

describe("passes", () => {
  it("gives every active 法律明白人 and cadre one pass; one lost card is revoked and reissued", async () => {
    const holders = await t.db
      .selectFrom("person")
      .select("person.id")
      .where((eb) =>
        eb.or([
          eb(
            "person.id",
            "in",
            eb.selectFrom("cadre").select("person_id").where("status", "=", "active"),
          ),
          eb(
            "person.id",
            "in",
            eb.selectFrom("legal_savvy").select("person_id").where("status", "=", "active"),
          ),
        ]),
      )
      .execute();
    expect(holders).toHaveLength(104);
    const passes = await t.db
      .selectFrom("pass")
      .select(["person_id", "code_hash", "nonce", "revoked_at"])
      .execute();
    const valid = passes.filter((p) => p.revoked_at === null);
    expect(new Set(valid.map((p) => p.person_id))).toEqual(new Set(holders.map((h) => h.id)));
    expect(valid).toHaveLength(104);
    // Only the code's hash is kept; the nonce and the secret make the code again for a card.
    const secret = await loadCookieSecret(t.db);
    for (const pass of passes) {
      const code = passCodeOf(secret, pass.nonce!);
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
      expect(hashPassCode(code)).toBe(pass.code_hash);
    }
    expect(new Set(passes.map((p) => p.code_hash)).size).toBe(passes.length);
    const revoked = passes.filter((p) => p.revoked_at !== null);
    // The lost card's holder has a new one; the two who retired have none that works.
    const reissued = revoked.filter((r) => valid.some((v) => v.person_id === r.person_id));
    expect(reissued).toHaveLength(1);
    expect(revoked).toHaveLength(3);
  });
});

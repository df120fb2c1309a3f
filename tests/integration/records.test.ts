import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/.server/audit/audit-log";
import { AppError } from "~/.server/errors";
import { hoursAgainstTarget } from "~/.server/records/below-target";
import { addDutyEntry, listDuties, pendingDutyCount } from "~/.server/records/duties";
import { reviewDutyEntry } from "~/.server/records/duty-review";
import { SELF_ENTRIES_PER_DAY, submitOwnDutyEntry } from "~/.server/records/own-duty";
import {
  issuePersonalLink,
  linkHolder,
  revokePersonalLink,
  tokenHash,
} from "~/.server/records/personal-link";
import { minutesPerPerson, trainingsOf } from "~/.server/records/training-hours";
import { createUnit } from "~/.server/units/units";
import { hashPassword } from "~/.server/auth/password";
import type { DutyEntryInput } from "~/lib/duty-schema";
import { dutyEntrySchema } from "~/lib/duty-schema";
import { shanghaiDay } from "~/lib/time";
import { createTestDatabase } from "../support/database";
import { demoActor, unitId } from "../support/demo";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";
import { addLearner, addTraining } from "../support/records";

// Items 7 to 9 of issue 8: training hours, the duty ledger and its queue, personal links and the
// page behind them, a person's page and the yearly record. Domain functions and real HTTP against
// the production build, on SQLite and (npm run test:pg) PostgreSQL. Fixtures are written here,
// not taken from the demo, whose rosters another part of the work seeds.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let admin: Actor;
let organiser: Actor;
let village: Actor;
let official: Actor;
let other: Actor;
const OTHER_PASSWORD = "yufan-password-2026";

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  const stamp = new Date().toISOString();
  await t.db
    .insertInto("staff_user")
    .values({
      username: "yufan",
      display_name: "渔帆 组织者",
      password_hash: await hashPassword(OTHER_PASSWORD),
      role: "organiser",
      unit_id: await unitId(t.db, "渔帆村"),
      must_change_password: 0,
      password_changed_at: stamp,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
  admin = await demoActor(t.db, "admin");
  organiser = await demoActor(t.db, "organiser");
  village = await demoActor(t.db, "village");
  official = await demoActor(t.db, "official");
  other = await demoActor(t.db, "yufan");
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

const today = () => shanghaiDay(new Date().toISOString());
const thisYear = () => Number(today().slice(0, 4));

const entry = (overrides: Partial<DutyEntryInput> = {}): DutyEntryInput => ({
  occurredOn: today(),
  kind: "dispute",
  served: "村民王某与李某",
  content: "宅基地边界纠纷，现场调解",
  result: "双方签订调解协议",
  disputeResolved: 1,
  ...overrides,
});

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return "done";
}

const count = async (table: "duty_entry" | "personal_link" | "audit_log") =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function as(username: string, password?: string, lang?: string) {
  const browser = new Browser(server.baseUrl, lang);
  await browser.logIn(username, password);
  return browser;
}

describe("training hours", () => {
  it("credits set minutes or the duration, skips cancelled and non-training events, and splits years in Beijing time", async () => {
    const a = await addLearner(t.db, { name: "学时甲", village: "舟山村" });
    const b = await addLearner(t.db, { name: "学时乙", village: "渔帆村" });
    const both = [
      { personId: a.personId, name: "学时甲" },
      { personId: b.personId, name: "学时乙" },
    ];
    // 2025-03-10 09:00–11:00 Beijing, credited 90 minutes whatever its length.
    await addTraining(t.db, {
      title: "人民调解实务",
      startsAt: "2025-03-10T01:00:00.000Z",
      endsAt: "2025-03-10T03:00:00.000Z",
      creditMinutes: 90,
      attendees: both,
    });
    // 2025-06-02 14:00–16:30 Beijing, no credit set: its duration, 150 minutes.
    await addTraining(t.db, {
      title: "民法典婚姻家庭编",
      startsAt: "2025-06-02T06:00:00.000Z",
      endsAt: "2025-06-02T08:30:00.000Z",
      attendees: [both[0]!],
    });
    await addTraining(t.db, {
      title: "取消的培训",
      startsAt: "2025-07-01T01:00:00.000Z",
      endsAt: "2025-07-01T03:00:00.000Z",
      status: "cancelled",
      attendees: both,
    });
    await addTraining(t.db, {
      title: "普法讲座（不计学时）",
      startsAt: "2025-08-01T01:00:00.000Z",
      endsAt: "2025-08-01T03:00:00.000Z",
      training: false,
      attendees: both,
    });
    // 23:30 on 31 December 2025 in Beijing (15:30 UTC): 2025.
    await addTraining(t.db, {
      title: "年末夜校",
      startsAt: "2025-12-31T15:30:00.000Z",
      endsAt: "2025-12-31T16:00:00.000Z",
      attendees: [both[0]!],
    });
    // 00:30 on 1 January 2026 in Beijing (still 31 December in UTC): 2026.
    await addTraining(t.db, {
      title: "新年第一课",
      startsAt: "2025-12-31T16:30:00.000Z",
      endsAt: "2025-12-31T17:30:00.000Z",
      attendees: [both[0]!],
    });

    const of2025 = await trainingsOf(t.db, { personId: a.personId, year: 2025 });
    expect(of2025.trainings.map((item) => [item.title, item.minutes])).toEqual([
      ["人民调解实务", 90],
      ["民法典婚姻家庭编", 150],
      ["年末夜校", 30],
    ]);
    expect(of2025.totalMinutes).toBe(270);
    const of2026 = await trainingsOf(t.db, { personId: a.personId, year: 2026 });
    expect(of2026.trainings.map((item) => [item.title, item.minutes])).toEqual([
      ["新年第一课", 60],
    ]);

    const zhoushan = await minutesPerPerson(t.db, { year: 2025, scopePath: village.unitPath });
    expect(zhoushan.get(a.personId)).toBe(270);
    expect(zhoushan.has(b.personId)).toBe(false);
    const whole = await minutesPerPerson(t.db, { year: 2025, scopePath: organiser.unitPath });
    expect(whole.get(b.personId)).toBe(90);
  });

  it("counts who is below target per village", async () => {
    const unit = await createUnit(t.db, {
      actor: admin,
      parentId: await unitId(t.db, "香山街道"),
      name: "学时测试村",
      level: "village",
    });
    const people = [];
    for (const name of ["达标者", "差一点", "没来过"]) {
      people.push({ ...(await addLearner(t.db, { name, village: "学时测试村" })), name });
    }
    // 12 hours is the default target: the first earns 12.0, the second 11.5.
    await addTraining(t.db, {
      title: "全年轮训",
      startsAt: "2024-05-06T00:00:00.000Z",
      endsAt: "2024-05-06T02:00:00.000Z",
      creditMinutes: 690,
      attendees: people.slice(0, 2),
    });
    await addTraining(t.db, {
      title: "补课",
      startsAt: "2024-09-06T00:00:00.000Z",
      endsAt: "2024-09-06T00:30:00.000Z",
      attendees: people.slice(0, 1),
    });
    const villages = await hoursAgainstTarget(t.db, { year: 2024, scopePath: unit.path });
    expect(villages).toHaveLength(1);
    expect(villages[0]).toMatchObject({ name: "学时测试村", targetMinutes: 720, below: 2 });
    expect(
      villages[0]!.members.map((member) => [member.name, member.minutes, member.shortMinutes]),
    ).toEqual(
      expect.arrayContaining([
        ["达标者", 720, 0],
        ["差一点", 690, 30],
        ["没来过", 0, 720],
      ]),
    );

    const official = await as("official", undefined, "zh-CN");
    const page = await official.get("/learners/hours?year=2024");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("学时测试村：3 人中 2 人未达标");
  });
});

describe("the duty ledger", () => {
  it("takes a staff entry confirmed and audited; refuses another village, officials and bad input", async () => {
    const learner = await addLearner(t.db, { name: "台账甲", village: "舟山村" });
    const before = await count("duty_entry");
    const id = await addDutyEntry(t.db, {
      actor: village,
      legalSavvyId: learner.id,
      entry: entry(),
    });
    const row = await t.db
      .selectFrom("duty_entry")
      .selectAll()
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "confirmed", source: "staff", dispute_resolved: 1 });
    const audit = await t.db
      .selectFrom("audit_log")
      .select(["action", "actor_username", "target"])
      .where("action", "=", "duty.add")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_username: "village", target: `台账甲 ${today()}` });

    const written = await count("duty_entry");
    expect(written).toBe(before + 1);
    expect(
      await refusal(addDutyEntry(t.db, { actor: other, legalSavvyId: learner.id, entry: entry() })),
    ).toBe("FORBIDDEN");
    expect(
      await refusal(
        addDutyEntry(t.db, { actor: official, legalSavvyId: learner.id, entry: entry() }),
      ),
    ).toBe("FORBIDDEN");
    expect(await count("duty_entry")).toBe(written);

    const bad = dutyEntrySchema.safeParse({
      occurredOn: "2999-01-01",
      kind: "dispute",
      served: "",
      content: "调解",
    });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((issue) => [issue.path[0], issue.message]);
    expect(paths).toEqual(
      expect.arrayContaining([
        ["occurredOn", "duty.futureDate"],
        ["served", "form.required"],
        ["disputeResolved", "duty.resolvedRequired"],
      ]),
    );

    const mine = await listDuties(t.db, {
      scopePath: village.unitPath,
      filter: { kind: "dispute" },
      page: 1,
      pageSize: 100,
    });
    expect(mine.entries.map((item) => item.id)).toContain(id);
    expect(mine.entries.find((item) => item.id === id)!.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const theirs = await listDuties(t.db, {
      scopePath: other.unitPath,
      filter: {},
      page: 1,
      pageSize: 100,
    });
    expect(theirs.entries.map((item) => item.id)).not.toContain(id);

    const browser = await as("yufan", OTHER_PASSWORD);
    expect((await browser.get(`/learners/${learner.id}`)).status).toBe(403);
    expect((await browser.get(`/learners/${learner.id}/record?year=${thisYear()}`)).status).toBe(
      403,
    );
    const ledger = await (await browser.get("/duties")).text();
    expect(ledger).not.toContain("台账甲");
  });
});

describe("the personal link", () => {
  it("opens the holder's own page, takes pending entries, and the organiser confirms or returns them", async () => {
    const learner = await addLearner(t.db, { name: "链接甲", village: "舟山村" });
    await addTraining(t.db, {
      title: "今年的调解培训",
      startsAt: new Date(Date.now() - 86_400_000).toISOString(),
      endsAt: new Date(Date.now() - 86_400_000 + 210 * 60_000).toISOString(),
      attendees: [{ personId: learner.personId, name: "链接甲" }],
    });
    const token = await issuePersonalLink(t.db, { actor: village, legalSavvyId: learner.id });
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const stored = await t.db
      .selectFrom("personal_link")
      .select("token_hash")
      .where("legal_savvy_id", "=", learner.id)
      .executeTakeFirstOrThrow();
    expect(stored.token_hash).toBe(tokenHash(token));
    expect(stored.token_hash).not.toContain(token);

    const phone = new Browser(server.baseUrl, "zh-CN");
    const page = await phone.get(`/m/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("referrer-policy")).toBe("same-origin");
    expect(page.headers.get("x-robots-tag")).toBe("noindex");
    const html = await page.text();
    expect(html).toContain("链接甲");
    expect(html).toContain("舟山村");
    expect(html).toContain("今年的调解培训");
    expect(html).toContain("3.5 小时");
    expect(html).toContain('<meta name="robots" content="noindex"/>');
    expect(html).not.toContain("<script");

    // Bad input: messages beside the fields, nothing written.
    const before = await count("duty_entry");
    const bad = await phone.post(`/m/${token}`, {
      occurredOn: today(),
      kind: "dispute",
      served: "",
      content: "调解邻里纠纷",
      result: "",
    });
    expect(bad.status).toBe(400);
    const badHtml = await bad.text();
    expect(badHtml).toContain('id="served-error"');
    expect(badHtml).toContain("矛盾纠纷请选择已化解或未化解");
    expect(badHtml).toContain("调解邻里纠纷");
    expect(await count("duty_entry")).toBe(before);

    const good = await phone.post(`/m/${token}`, {
      occurredOn: today(),
      kind: "dispute",
      served: "村民张某",
      content: "调解邻里纠纷",
      result: "握手言和",
      disputeResolved: "1",
    });
    expect(good.status).toBe(303);
    expect(good.headers.get("location")).toBe(`/m/${token}?sent=1`);
    const sent = await t.db
      .selectFrom("duty_entry")
      .select(["id", "status", "source", "recorded_by"])
      .where("legal_savvy_id", "=", learner.id)
      .executeTakeFirstOrThrow();
    expect(sent).toMatchObject({ status: "pending", source: "self", recorded_by: null });
    expect(await pendingDutyCount(t.db, { scopePath: village.unitPath })).toBeGreaterThan(0);
    expect(await pendingDutyCount(t.db, { scopePath: other.unitPath })).toBe(0);
    expect(await (await phone.get(`/m/${token}?sent=1`)).text()).toContain("待确认");

    // Another village's organiser and an official cannot decide it; the village organiser can.
    expect(
      await refusal(reviewDutyEntry(t.db, { actor: other, entryId: sent.id, decision: "confirm" })),
    ).toBe("FORBIDDEN");
    expect(
      await refusal(
        reviewDutyEntry(t.db, { actor: official, entryId: sent.id, decision: "confirm" }),
      ),
    ).toBe("FORBIDDEN");
    const staff = await as("village");
    const confirmed = await staff.post("/duties/queue", {
      intent: "confirm",
      entryId: String(sent.id),
    });
    expect(confirmed.status).toBe(302);
    expect(
      await refusal(
        reviewDutyEntry(t.db, { actor: village, entryId: sent.id, decision: "confirm" }),
      ),
    ).toBe("CONFLICT");
    expect(await (await phone.get(`/m/${token}`)).text()).toContain("已确认");

    // A returned entry shows its reason to the holder.
    await phone.post(`/m/${token}`, {
      occurredOn: today(),
      kind: "publicity",
      served: "村民",
      content: "发放宣传册",
    });
    const second = await t.db
      .selectFrom("duty_entry")
      .select("id")
      .where("legal_savvy_id", "=", learner.id)
      .where("status", "=", "pending")
      .executeTakeFirstOrThrow();
    const noReason = await staff.post("/duties/queue", {
      intent: "return",
      entryId: String(second.id),
      reason: "",
    });
    expect(noReason.status).toBe(400);
    const returned = await staff.post("/duties/queue", {
      intent: "return",
      entryId: String(second.id),
      reason: "请写明发放数量",
    });
    expect(returned.status).toBe(302);
    const own = await (await phone.get(`/m/${token}`)).text();
    expect(own).toContain("已退回");
    expect(own).toContain("请写明发放数量");
    const actions = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("target", "like", "链接甲%")
      .orderBy("id")
      .execute();
    expect(actions.map((row) => row.action)).toEqual([
      "link.issue",
      "duty.submit",
      "duty.confirm",
      "duty.submit",
      "duty.return",
    ]);
  });

  it("answers a revoked or unknown token with the same 404 that names nobody, and writes nothing", async () => {
    const learner = await addLearner(t.db, { name: "链接乙", village: "舟山村" });
    const first = await issuePersonalLink(t.db, { actor: village, legalSavvyId: learner.id });
    const phone = new Browser(server.baseUrl, "zh-CN");
    expect((await phone.get(`/m/${first}`)).status).toBe(200);

    // Reissuing revokes the old link at once.
    const second = await issuePersonalLink(t.db, { actor: organiser, legalSavvyId: learner.id });
    const old = await phone.get(`/m/${first}`);
    expect(old.status).toBe(404);
    expect((await phone.get(`/m/${second}`)).status).toBe(200);

    expect(await revokePersonalLink(t.db, { actor: village, legalSavvyId: learner.id })).toBe(true);
    expect(await linkHolder(t.db, second)).toBeNull();
    const revoked = await phone.get(`/m/${second}`);
    const unknown = await phone.get(`/m/${"A".repeat(43)}`);
    const malformed = await phone.get("/m/short");
    const bodies = [
      await old.text(),
      await revoked.text(),
      await unknown.text(),
      await malformed.text(),
    ];
    expect(revoked.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(malformed.status).toBe(404);
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).not.toContain("链接乙");
    expect(bodies[0]).not.toContain("舟山村");
    expect(revoked.headers.get("cache-control")).toBe("no-store");

    const before = await count("duty_entry");
    const post = await phone.post(`/m/${second}`, {
      occurredOn: today(),
      kind: "publicity",
      served: "村民",
      content: "宣传",
    });
    expect(post.status).toBe(404);
    expect(await post.text()).toBe(bodies[0]);
    expect(await count("duty_entry")).toBe(before);

    // Another village's organiser and an official can neither issue nor revoke.
    const links = await count("personal_link");
    expect(await refusal(issuePersonalLink(t.db, { actor: other, legalSavvyId: learner.id }))).toBe(
      "FORBIDDEN",
    );
    expect(
      await refusal(issuePersonalLink(t.db, { actor: official, legalSavvyId: learner.id })),
    ).toBe("FORBIDDEN");
    expect(
      await refusal(revokePersonalLink(t.db, { actor: other, legalSavvyId: learner.id })),
    ).toBe("FORBIDDEN");
    expect(await count("personal_link")).toBe(links);
  });

  it("stops a burst at the daily limit, concurrent posts included", async () => {
    const learner = await addLearner(t.db, { name: "链接丙", village: "舟山村" });
    const token = await issuePersonalLink(t.db, { actor: village, legalSavvyId: learner.id });
    const holder = (await linkHolder(t.db, token))!;
    const outcomes = await Promise.all(
      Array.from({ length: SELF_ENTRIES_PER_DAY + 5 }, () =>
        refusal(
          submitOwnDutyEntry(t.db, { holder, entry: entry({ kind: "publicity" }), ip: null }),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === "done")).toHaveLength(SELF_ENTRIES_PER_DAY);
    expect(outcomes.filter((outcome) => outcome === "TOO_MANY")).toHaveLength(5);

    const phone = new Browser(server.baseUrl, "zh-CN");
    const before = await count("duty_entry");
    const refused = await phone.post(`/m/${token}`, {
      occurredOn: today(),
      kind: "publicity",
      served: "村民",
      content: "宣传",
    });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain(`今天已提交 ${SELF_ENTRIES_PER_DAY} 条`);
    expect(await count("duty_entry")).toBe(before);
  });
});

describe("a person's page and the yearly record", () => {
  it("shows details with the phone masked, hours against target and duties; links only to those who may manage", async () => {
    const learner = await addLearner(t.db, {
      name: "页面甲",
      village: "舟山村",
      phone: "13912345678",
    });
    await addTraining(t.db, {
      title: "2024 年法律明白人轮训",
      startsAt: "2024-04-02T01:00:00.000Z",
      endsAt: "2024-04-02T04:30:00.000Z",
      attendees: [{ personId: learner.personId, name: "页面甲" }],
    });
    await addDutyEntry(t.db, {
      actor: village,
      legalSavvyId: learner.id,
      entry: entry({ occurredOn: "2024-05-20" }),
    });

    const staff = await as("village", undefined, "zh-CN");
    const page = await (await staff.get(`/learners/${learner.id}?year=2024`)).text();
    expect(page).toContain("页面甲");
    expect(page).toContain("139****5678");
    expect(page).not.toContain("13912345678");
    expect(page).toContain("共 3.5 小时，目标 12.0 小时");
    expect(page).toContain("还差 8.5 小时");
    expect(page).toContain("宅基地边界纠纷");
    expect(page).toContain(`/learners/${learner.id}/edit`);
    expect(page).toContain(`/passes/${learner.personId}`);

    const reader = await as("official", undefined, "en");
    const read = await reader.get(`/learners/${learner.id}?year=2024`);
    expect(read.status).toBe(200);
    const readHtml = await read.text();
    expect(readHtml).toContain("3.5 h in all, target 12.0 h");
    expect(readHtml).not.toContain(`/learners/${learner.id}/edit`);
    expect(readHtml).not.toContain("Issue a personal link");
    const before = await count("personal_link");
    const refused = await reader.post(`/learners/${learner.id}?index`, { intent: "issueLink" });
    expect(refused.status).toBe(403);
    expect(await count("personal_link")).toBe(before);

    const issued = await staff.post(`/learners/${learner.id}?index`, { intent: "issueLink" });
    expect(issued.status).toBe(200);
    const issuedHtml = await issued.text();
    expect(issuedHtml).toMatch(/\/m\/[A-Za-z0-9_-]{22}/);
    expect(issuedHtml).toContain("data:image/svg+xml;base64,");
    const again = await (await staff.get(`/learners/${learner.id}`)).text();
    expect(again).not.toMatch(/\/m\/[A-Za-z0-9_-]{22}/);

    const record = await (await staff.get(`/learners/${learner.id}/record?year=2024`)).text();
    expect(record).toContain("页面甲 2024 年度学法履职记录");
    expect(record).toContain("矛盾纠纷 1 件，已化解 1 件");
    expect(record).toContain("2024 年法律明白人轮训");
    const english = await (await reader.get(`/learners/${learner.id}/record?year=2024`)).text();
    expect(english).toContain("页面甲: study and duty record 2024");
  });
});

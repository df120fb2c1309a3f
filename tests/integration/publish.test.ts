import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/.server/audit/audit-log";
import {
  publicVillageList,
  publishOverview,
  publishState,
  recordPublishConsent,
  withdrawPublishConsent,
} from "~/.server/learners/publish";
import {
  addLearner,
  reinstateLearner,
  retireLearner,
  updateLearner,
} from "~/.server/learners/roster-write";
import { AppError } from "~/.server/errors";
import { shanghaiDay } from "~/lib/time";
import type { LearnerInput } from "~/lib/roster-schema";
import { createTestDatabase } from "../support/database";
import { demoActor, unitUnder } from "../support/demo";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// 名单公示 (issue 18 item 7): consent recorded on the roster entry with its day and recorder,
// the public page per village lists only those who agreed (a phone only where agreed, never a
// masked one), withdrawal takes them off at once, and only organisers and admins of the
// village's units record either. Domain functions and real HTTP, on SQLite and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let organiser: Actor;
let official: Actor;
let hengjing: Actor;
let xsZhoushan: number;
let hjZhoushan: number;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  organiser = await demoActor(t.db, "organiser");
  official = await demoActor(t.db, "official");
  hengjing = await demoActor(t.db, "hengjing");
  xsZhoushan = (await unitUnder(t.db, "香山街道", "舟山村")).id;
  hjZhoushan = (await unitUnder(t.db, "横泾街道", "舟山村")).id;
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

let serial = 0;
const freshPhone = () => `139${String(20_000_000 + process.pid * 100 + serial++).slice(-8)}`;
const names = ["公示甲", "公示乙", "公示丙", "公示丁", "公示戊", "公示己", "公示庚", "公示辛"];
const nextName = () => `${names[serial % names.length]}${"一二三四五六七八九"[serial % 9]}`;

async function onRoster(actor: Actor, overrides: Partial<LearnerInput> = {}) {
  const learner: LearnerInput = {
    name: nextName(),
    phone: freshPhone(),
    villageId: xsZhoushan,
    category: "mediator",
    recognisedOn: null,
    certificateNo: null,
    adviser: null,
    ...overrides,
  };
  const { id } = await addLearner(t.db, { actor, learner });
  return { id, name: learner.name, phone: learner.phone };
}

const today = () => shanghaiDay(new Date().toISOString());

const publishColumns = (id: number) =>
  t.db
    .selectFrom("legal_savvy")
    .select(["publish", "publish_consented_on", "publish_recorded_at", "publish_recorded_by"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();

const auditCount = async () =>
  Number(
    (
      await t.db
        .selectFrom("audit_log")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function as(username: string, lang?: string) {
  const browser = new Browser(server.baseUrl, lang);
  await browser.logIn(username);
  return browser;
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return { code: error.code, key: error.messageKey };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("recording a consent", () => {
  it("keeps the scope, the day, when and by whom on the roster entry, and audits it", async () => {
    const person = await onRoster(organiser);
    expect((await publishColumns(person.id)).publish).toBeNull();
    const before = await auditCount();
    await recordPublishConsent(t.db, {
      actor: organiser,
      id: person.id,
      consent: { scope: "name_phone", consentedOn: "2026-11-30" },
    });
    const row = await publishColumns(person.id);
    expect(row.publish).toBe("name_phone");
    expect(row.publish_consented_on).toBe("2026-11-30");
    expect(row.publish_recorded_by).toBe(organiser.id);
    expect(Date.now() - Date.parse(row.publish_recorded_at!)).toBeLessThan(60_000);
    expect(await auditCount()).toBe(before + 1);
    const entry = await t.db
      .selectFrom("audit_log")
      .select(["action", "actor_id", "unit_path", "detail", "target"])
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ action: "learner.publish_phone", actor_id: organiser.id });
    // The log says whose consent it was, never the phone that is now public.
    expect(JSON.stringify(entry)).not.toContain(person.phone);
    const state = await publishState(t.db, { id: person.id, scopePath: organiser.unitPath });
    expect(state.recorded_by).toBeTruthy();
  });

  it("refuses a day ahead, a phone that is not kept and someone who left, writing nothing", async () => {
    const person = await onRoster(organiser);
    // The roster form requires a phone; a person recorded without one (older data) has none.
    const phoneless = await onRoster(organiser);
    const { person_id } = await t.db
      .selectFrom("legal_savvy")
      .select("person_id")
      .where("id", "=", phoneless.id)
      .executeTakeFirstOrThrow();
    await t.db.updateTable("person").set({ phone: null }).where("id", "=", person_id).execute();
    const leaving = await onRoster(organiser);
    await retireLearner(t.db, {
      actor: organiser,
      id: leaving.id,
      retiredOn: today(),
      reason: "迁出",
    });
    const before = await auditCount();
    const tomorrow = shanghaiDay(new Date(Date.now() + 36 * 3_600_000).toISOString());
    expect(
      await refusal(
        recordPublishConsent(t.db, {
          actor: organiser,
          id: person.id,
          consent: { scope: "name", consentedOn: tomorrow },
        }),
      ),
    ).toEqual({ code: "BAD_REQUEST", key: "publish.futureDay" });
    expect(
      await refusal(
        recordPublishConsent(t.db, {
          actor: organiser,
          id: phoneless.id,
          consent: { scope: "name_phone", consentedOn: today() },
        }),
      ),
    ).toEqual({ code: "CONFLICT", key: "publish.noPhone" });
    expect(
      await refusal(
        recordPublishConsent(t.db, {
          actor: organiser,
          id: leaving.id,
          consent: { scope: "name", consentedOn: today() },
        }),
      ),
    ).toEqual({ code: "CONFLICT", key: "publish.notActive" });
    expect(await auditCount()).toBe(before);
    for (const id of [person.id, phoneless.id, leaving.id]) {
      expect((await publishColumns(id)).publish).toBeNull();
    }
  });

  it("stops showing a phone once it changes: the person agreed to show the old number", async () => {
    const person = await onRoster(organiser);
    await recordPublishConsent(t.db, {
      actor: organiser,
      id: person.id,
      consent: { scope: "name_phone", consentedOn: today() },
    });
    const phone = freshPhone();
    await updateLearner(t.db, {
      actor: organiser,
      id: person.id,
      learner: {
        name: person.name,
        phone,
        villageId: xsZhoushan,
        category: "mediator",
        recognisedOn: null,
        certificateNo: null,
        adviser: null,
      },
    });
    expect((await publishColumns(person.id)).publish).toBe("name");
    const list = await publicVillageList(t.db, { villageId: xsZhoushan });
    expect(list.people).toContainEqual({ name: person.name, category: "mediator", phone: null });
  });

  it("shows no phone the person did not agree to, however it changed (a merge, a cadre's form)", async () => {
    const person = await onRoster(organiser);
    await recordPublishConsent(t.db, {
      actor: organiser,
      id: person.id,
      consent: { scope: "name_phone", consentedOn: today() },
    });
    const { person_id } = await t.db
      .selectFrom("legal_savvy")
      .select("person_id")
      .where("id", "=", person.id)
      .executeTakeFirstOrThrow();
    const other = freshPhone();
    // Written past the roster's form, as a merge or the cadre form writes the person's phone.
    await t.db.updateTable("person").set({ phone: other }).where("id", "=", person_id).execute();
    const list = await publicVillageList(t.db, { villageId: xsZhoushan });
    expect(list.people).toContainEqual({ name: person.name, category: "mediator", phone: null });
    expect(JSON.stringify(list)).not.toContain(other);
  });

  it("takes someone who leaves the roster off the list for good, also once reinstated", async () => {
    const person = await onRoster(organiser);
    await recordPublishConsent(t.db, {
      actor: organiser,
      id: person.id,
      consent: { scope: "name", consentedOn: today() },
    });
    await retireLearner(t.db, {
      actor: organiser,
      id: person.id,
      retiredOn: today(),
      reason: "迁出本村",
    });
    await reinstateLearner(t.db, { actor: organiser, id: person.id });
    expect((await publishColumns(person.id)).publish).toBeNull();
    const list = await publicVillageList(t.db, { villageId: xsZhoushan });
    expect(list.people.map((p) => p.name)).not.toContain(person.name);
  });

  it("is refused to an official and to another sub-district's organiser", async () => {
    const person = await onRoster(organiser);
    const consent = { scope: "name" as const, consentedOn: today() };
    expect(
      await refusal(recordPublishConsent(t.db, { actor: official, id: person.id, consent })),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(
      await refusal(recordPublishConsent(t.db, { actor: hengjing, id: person.id, consent })),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(
      await refusal(publishState(t.db, { id: person.id, scopePath: hengjing.unitPath })),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect((await publishColumns(person.id)).publish).toBeNull();
  });
});

describe("the public list of a village", () => {
  it("lists only those who agreed, a phone only where agreed, and drops a withdrawal at once", async () => {
    const withPhone = await onRoster(organiser, { category: "village_cadre" });
    const nameOnly = await onRoster(organiser, { category: "grid_worker" });
    const silent = await onRoster(organiser);
    const leaver = await onRoster(organiser);
    await recordPublishConsent(t.db, {
      actor: organiser,
      id: withPhone.id,
      consent: { scope: "name_phone", consentedOn: today() },
    });
    await recordPublishConsent(t.db, {
      actor: organiser,
      id: nameOnly.id,
      consent: { scope: "name", consentedOn: today() },
    });
    await recordPublishConsent(t.db, {
      actor: organiser,
      id: leaver.id,
      consent: { scope: "name_phone", consentedOn: today() },
    });
    await retireLearner(t.db, {
      actor: organiser,
      id: leaver.id,
      retiredOn: today(),
      reason: "迁出",
    });

    const list = await publicVillageList(t.db, { villageId: xsZhoushan });
    expect(list.name).toBe("舟山村");
    expect(list.parentName).toBe("香山街道");
    expect(list.people).toContainEqual({
      name: withPhone.name,
      category: "village_cadre",
      phone: withPhone.phone,
    });
    expect(list.people).toContainEqual({
      name: nameOnly.name,
      category: "grid_worker",
      phone: null,
    });
    const listed = list.people.map((p) => p.name);
    expect(listed).not.toContain(silent.name);
    expect(listed).not.toContain(leaver.name);

    // Over HTTP, with no session: the page shows what the list holds and nothing else.
    const stranger = new Browser(server.baseUrl);
    const answer = await stranger.get(`/v/${xsZhoushan}`);
    expect(answer.status).toBe(200);
    const page = await answer.text();
    expect(page).toContain("香山街道 · 舟山村法律明白人名单");
    expect(page).toContain(withPhone.name);
    expect(page).toContain(`tel:${withPhone.phone}`);
    expect(page).toContain(nameOnly.name);
    expect(page).not.toContain(nameOnly.phone!);
    expect(page).not.toContain(nameOnly.phone!.slice(-4) + "<");
    expect(page).not.toContain("****");
    expect(page).not.toContain(silent.name);
    expect(page).not.toContain(leaver.name);
    expect(page).not.toContain("<script");

    await withdrawPublishConsent(t.db, { actor: organiser, id: withPhone.id });
    const row = await publishColumns(withPhone.id);
    expect(row).toMatchObject({ publish: null, publish_consented_on: null });
    expect(row.publish_recorded_by).toBe(organiser.id);
    const after = await (await stranger.get(`/v/${xsZhoushan}`)).text();
    expect(after).not.toContain(withPhone.name);
    expect(after).not.toContain(withPhone.phone!);
    expect(after).toContain(nameOnly.name);
    expect(
      await refusal(withdrawPublishConsent(t.db, { actor: organiser, id: withPhone.id })),
    ).toEqual({ code: "CONFLICT", key: "publish.notListed" });
  });

  it("counts each village's listed people, with a phone or not, within the caller's units", async () => {
    const counts = async (actor: Actor, villageId: number) => {
      const row = (await publishOverview(t.db, { scopePath: actor.unitPath })).find(
        (village) => village.id === villageId,
      );
      return row && { listed: Number(row.listed), withPhone: Number(row.withPhone) };
    };
    const before = (await counts(organiser, xsZhoushan))!;
    const first = await onRoster(organiser);
    const second = await onRoster(organiser);
    await recordPublishConsent(t.db, {
      actor: organiser,
      id: first.id,
      consent: { scope: "name_phone", consentedOn: today() },
    });
    await recordPublishConsent(t.db, {
      actor: organiser,
      id: second.id,
      consent: { scope: "name", consentedOn: today() },
    });
    expect(await counts(organiser, xsZhoushan)).toEqual({
      listed: before.listed + 2,
      withPhone: before.withPhone + 1,
    });
    expect(await counts(hengjing, xsZhoushan)).toBeUndefined();
    expect(await counts(organiser, hjZhoushan)).toBeUndefined();
  });

  it("keeps the two 舟山村 apart, and answers 404 for unknown, retired and non-village ids", async () => {
    const theirs = await onRoster(hengjing, { villageId: hjZhoushan });
    await recordPublishConsent(t.db, {
      actor: hengjing,
      id: theirs.id,
      consent: { scope: "name", consentedOn: today() },
    });
    const stranger = new Browser(server.baseUrl, "en");
    const hj = await (await stranger.get(`/v/${hjZhoushan}`)).text();
    expect(hj).toContain("横泾街道 · 舟山村");
    expect(hj).toContain(theirs.name);
    const xs = await (await stranger.get(`/v/${xsZhoushan}`)).text();
    expect(xs).not.toContain(theirs.name);
    expect(xs).toContain("Legal-savvy persons of 香山街道 · 舟山村");

    const retired = await t.db
      .insertInto("admin_unit")
      .values({
        parent_id: null,
        level: "village",
        name: "已撤销村",
        path: "/999999/",
        created_at: new Date().toISOString(),
        retired_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const subdistrict = (await unitUnder(t.db, "吴中区", "香山街道")).id;
    for (const id of [retired.id, subdistrict, 9_999_999]) {
      const answer = await stranger.get(`/v/${id}`);
      expect(answer.status).toBe(404);
      expect(await answer.text()).toContain("List not found");
    }
    for (const path of ["/v/0x3", "/v/03", "/v/-3"]) {
      expect((await stranger.get(path)).status).toBe(404);
    }
  });
});

describe("the listing page over HTTP", () => {
  it("records and withdraws for an organiser, and says what is wrong beside the field", async () => {
    const person = await onRoster(organiser);
    const browser = await as("organiser");
    expect((await browser.get(`/learners/${person.id}/publish`)).status).toBe(200);
    const bad = await browser.post(`/learners/${person.id}/publish`, {
      intent: "consent",
      scope: "",
      consentedOn: "2026-02-30",
    });
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain("请选择本人同意公示的内容");
    expect(badPage).toContain('id="consentedOn-error"');
    expect((await publishColumns(person.id)).publish).toBeNull();

    const english = await as("organiser", "en");
    const future = await english.post(`/learners/${person.id}/publish`, {
      intent: "consent",
      scope: "name",
      consentedOn: "2099-01-01",
    });
    expect(future.status).toBe(400);
    expect(await future.text()).toContain("The day they agreed cannot be after today");
    expect((await publishColumns(person.id)).publish).toBeNull();

    const done = await browser.post(`/learners/${person.id}/publish`, {
      intent: "consent",
      scope: "name_phone",
      consentedOn: today(),
    });
    expect(done.status).toBe(302);
    const shown = await (await browser.follow(done)).text();
    expect(shown).toContain("已公示姓名、身份和电话");
    expect((await publishColumns(person.id)).publish).toBe("name_phone");
    const withdrawn = await browser.post(`/learners/${person.id}/publish`, { intent: "withdraw" });
    expect(withdrawn.status).toBe(302);
    expect(await (await browser.follow(withdrawn)).text()).toContain("本人已撤回同意");
    expect((await publishColumns(person.id)).publish).toBeNull();
  });

  it("refuses an official, another sub-district and a stranger, and writes nothing", async () => {
    const person = await onRoster(organiser);
    const form = { intent: "consent", scope: "name", consentedOn: today() };
    const official = await as("official");
    const other = await as("hengjing");
    const before = await auditCount();
    expect((await official.get(`/learners/${person.id}/publish`)).status).toBe(200);
    expect(await (await official.get(`/learners/${person.id}/publish`)).text()).not.toContain(
      'name="scope"',
    );
    expect((await official.post(`/learners/${person.id}/publish`, form)).status).toBe(403);
    expect((await other.get(`/learners/${person.id}/publish`)).status).toBe(403);
    expect((await other.post(`/learners/${person.id}/publish`, form)).status).toBe(403);
    expect((await other.get(`/learners/public/${xsZhoushan}/poster`)).status).toBe(403);
    const stranger = new Browser(server.baseUrl);
    const anonymous = await stranger.post(`/learners/${person.id}/publish`, form);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toContain("/login");
    expect((await stranger.get(`/learners/public`)).status).toBe(302);
    expect((await publishColumns(person.id)).publish).toBeNull();
    expect(await auditCount()).toBe(before);
  });

  it("prints a poster whose QR code opens the village's own list", async () => {
    const browser = await as("organiser");
    const overview = await (await browser.get("/learners/public")).text();
    expect(overview).toContain(`/learners/public/${xsZhoushan}/poster`);
    expect(overview).not.toContain(`/learners/public/${hjZhoushan}/poster`);
    const poster = await browser.get(`/learners/public/${xsZhoushan}/poster`);
    expect(poster.status).toBe(200);
    const html = await poster.text();
    expect(html).toContain(`/v/${xsZhoushan}</span>`);
    expect(html).toContain("<svg");
    const hengjingBrowser = await as("hengjing");
    const theirs = await (
      await hengjingBrowser.get(`/learners/public/${hjZhoushan}/poster`)
    ).text();
    expect(theirs).toContain(`/v/${hjZhoushan}</span>`);
  });
});

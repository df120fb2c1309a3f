import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { issuePersonalLink } from "~/.server/records/personal-link";
import { SELF_ENTRIES_PER_DAY } from "~/.server/records/own-duty";
import type { MessageKey } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import { createTestDatabase } from "../support/database";
import { demoActor, openEvent, rowCounts, unitId } from "../support/demo";
import { Browser } from "../support/http";
import { besideField, phonePhoto } from "../support/photos";
import { addLearner } from "../support/records";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// The upload path's review findings (issue 19), through real HTTP against the production build,
// on SQLite and PostgreSQL: a slot goes only to a caller who may upload, one per caller; the
// cheap refusals come before any photo is decoded; photos only on an event that was run and has
// started; another sub-district's event reads as missing. Nothing here waits on a clock: a slow
// body is one whose end is never sent, and what is awaited is an answer.

vi.setConfig({ testTimeout: 120_000 });

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
const browsers: Record<string, Browser> = {};
/** 长沙村's 2024 event (香山街道), held. */
const EVENT = 2;
let hengjingEvent: number;
let photo: Buffer;

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startServer({ databaseUrl: t.url });
  for (const name of ["organiser", "hengjing"]) {
    browsers[name] = new Browser(server.baseUrl);
    await browsers[name].logIn(name);
  }
  const own = await openEvent(t.db, "横泾街道的测试活动");
  await t.db
    .updateTable("event")
    .set({ host_unit_id: await unitId(t.db, "横泾街道") })
    .where("id", "=", own.id)
    .execute();
  hengjingEvent = own.id;
  photo = await phonePhoto(400, 300, 60);
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

const cookieOf = (who: string | null) =>
  who ? `pufa_session=${browsers[who]!.cookie("pufa_session")}` : undefined;

function upload(
  who: string | null,
  path: string,
  files: { name: string; bytes: Uint8Array }[],
  fields: Record<string, string> = { intent: "photos" },
  lang = "zh-CN",
) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  for (const file of files) body.append("photos", new File([Buffer.from(file.bytes)], file.name));
  const cookie = cookieOf(who);
  return fetch(server.baseUrl + path, {
    method: "POST",
    headers: {
      Origin: server.baseUrl,
      "Accept-Language": lang,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body,
    redirect: "manual",
  });
}

/** An upload whose body never ends: its answer (status and head) if the server gives one. */
function slowUpload(who: string | null, path: string) {
  const socket = connect(Number(new URL(server.baseUrl).port), "127.0.0.1");
  const cookie = cookieOf(who);
  let written!: () => void;
  const sent = new Promise<void>((done) => (written = done));
  socket.write(
    [
      `POST ${path} HTTP/1.1`,
      `Host: 127.0.0.1:${new URL(server.baseUrl).port}`,
      `Origin: ${server.baseUrl}`,
      "Content-Type: multipart/form-data; boundary=slow",
      `Content-Length: ${5 * 1024 * 1024}`,
      ...(cookie ? [`Cookie: ${cookie}`] : []),
      "",
      '--slow\r\nContent-Disposition: form-data; name="intent"\r\n\r\nphotos\r\n--slow\r\n',
    ].join("\r\n"),
    () => written(),
  );
  let head = "";
  const answered = new Promise<{ status: number; head: string } | null>((done) => {
    socket.on("data", (chunk) => {
      head += chunk.toString("latin1");
      const end = head.indexOf("\r\n\r\n");
      if (end >= 0) done({ status: Number(head.slice(9, 12)), head: head.slice(0, end) });
    });
    socket.on("close", () => done(null));
    socket.on("error", () => done(null));
  });
  return { answered, sent, end: () => socket.destroy() };
}

const locationOf = (head: string) => /\r\nlocation: ([^\r]*)/i.exec(head)?.[1] ?? null;

const photosOn = async (eventId: number) =>
  (await t.db.selectFrom("photo").select("id").where("event_id", "=", eventId).execute()).length;

const auditCount = async () => (await rowCounts(t.db)).audit_log;

describe("upload slots", () => {
  it("answers an anonymous slow body at once, as without the upload, and a staff upload is not busy", async () => {
    const path = `/events/${EVENT}/report`;
    const bare = await fetch(server.baseUrl + path, {
      method: "POST",
      headers: { Origin: server.baseUrl },
      redirect: "manual",
    });
    expect(bare.status).toBe(302);
    const deadLink = await fetch(`${server.baseUrl}/m/${"x".repeat(43)}`, {
      method: "POST",
      headers: { Origin: server.baseUrl },
    });
    expect(deadLink.status).toBe(404);

    // More slow strangers than there are slots, each answered while its body is still open.
    const strangers = [
      slowUpload(null, path),
      slowUpload(null, path),
      slowUpload(null, "/duties/new"),
      slowUpload(null, `/m/${"x".repeat(43)}`),
    ];
    const answers = await Promise.all(strangers.map((stranger) => stranger.answered));
    expect(answers.map((answer) => answer?.status)).toEqual([302, 302, 302, 404]);
    expect(locationOf(answers[0]!.head)).toBe(bare.headers.get("location"));
    expect(answers[0]!.head).toMatch(/\r\nconnection: close/i);

    const before = await photosOn(EVENT);
    const response = await upload("organiser", path, [{ name: "a.jpg", bytes: photo }]);
    expect(response.status).toBe(302);
    expect(await photosOn(EVENT)).toBe(before + 1);
    for (const stranger of strangers) stranger.end();
  });

  /** An empty upload of the organiser's: refused beside the field (400), or 503 while busy. */
  const probe = async (path: string) => {
    const response = await upload("organiser", path, []);
    await response.arrayBuffer();
    return response.status;
  };

  /** A slow upload of the organiser's that holds its slot: its probe is busy. */
  async function holdSlot(path: string) {
    let slow = slowUpload("organiser", path);
    let seen = 0;
    for (let tries = 0; seen !== 503 && tries < 500; tries++) {
      // The probe may have held the slot when the slow upload asked: that one was busy; again.
      const early = await Promise.race([slow.answered, Promise.resolve("open" as const)]);
      if (early !== "open") slow = slowUpload("organiser", path);
      // Its head sent and a round trip later, the server has most likely given it the slot; if
      // the probe still came first, the slow upload is answered busy and sent again.
      await slow.sent;
      await (await fetch(`${server.baseUrl}/healthz`)).arrayBuffer();
      seen = await probe(path);
      expect([400, 503]).toContain(seen);
    }
    expect(seen).toBe(503);
    return slow;
  }

  it("gives one caller one slot: its second upload is busy, another account's is not", async () => {
    const path = `/events/${EVENT}/report`;
    const slow = await holdSlot(path);

    const before = await photosOn(hengjingEvent);
    const other = await upload("hengjing", `/events/${hengjingEvent}/report`, [
      { name: "h.jpg", bytes: photo },
    ]);
    expect(other.status).toBe(302);
    expect(await photosOn(hengjingEvent)).toBe(before + 1);

    slow.end();
    let seen = 503;
    for (let tries = 0; seen === 503 && tries < 500; tries++) seen = await probe(path);
    expect(seen).toBe(400);
  });

  it("takes the same organiser's ordinary form while their upload is in flight; a second upload is busy", async () => {
    const path = `/events/${EVENT}/report`;
    const slow = await holdSlot(path);

    const figures = {
      estimatedCrowd: "321",
      materialsHandedOut: "45",
      consultations: "6",
      summary: "上传途中填写的简报",
    };
    const form = await fetch(server.baseUrl + path, {
      method: "POST",
      headers: {
        Origin: server.baseUrl,
        Cookie: cookieOf("organiser")!,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams(figures),
      redirect: "manual",
    });
    expect(form.status).toBe(302);
    expect(form.headers.get("location")).toBe(path);
    expect(
      await t.db
        .selectFrom("event")
        .select(["estimated_crowd", "materials_handed_out", "consultations", "summary"])
        .where("id", "=", EVENT)
        .executeTakeFirstOrThrow(),
    ).toEqual({
      estimated_crowd: 321,
      materials_handed_out: 45,
      consultations: 6,
      summary: figures.summary,
    });
    // Its single-fetch address (a page with scripts) too, and an ordinary form is still held to
    // an ordinary form's size: a larger one is refused before it is read.
    const scripted = await fetch(`${server.baseUrl}${path}.data`, {
      method: "POST",
      headers: {
        Origin: server.baseUrl,
        Cookie: cookieOf("organiser")!,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ ...figures, consultations: "7" }),
    });
    // Single fetch answers an action's redirect 202, the redirect in its body.
    expect(scripted.status).toBe(202);
    await scripted.arrayBuffer();
    const large = await fetch(server.baseUrl + path, {
      method: "POST",
      headers: {
        Origin: server.baseUrl,
        Cookie: cookieOf("organiser")!,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ ...figures, summary: "简".repeat(10_000) }),
      redirect: "manual",
    });
    expect(large.status).toBe(413);
    await large.arrayBuffer();
    expect(
      await t.db
        .selectFrom("event")
        .select(["consultations", "summary"])
        .where("id", "=", EVENT)
        .executeTakeFirstOrThrow(),
    ).toEqual({ consultations: 7, summary: figures.summary });

    expect(await probe(path)).toBe(503);
    slow.end();
    let seen = 503;
    for (let tries = 0; seen === 503 && tries < 500; tries++) seen = await probe(path);
    expect(seen).toBe(400);
  });
});

describe("which events take photos", () => {
  it("refuses a draft, a cancelled and a future event beside the field in zh and en, writing nothing; their pages say why", async () => {
    const cases: [string, Record<string, string>, MessageKey][] = [
      ["draft", { status: "draft" }, "photo.closed.draft"],
      ["cancelled", { status: "cancelled" }, "photo.closed.cancelled"],
      [
        "future",
        {
          starts_at: new Date(Date.now() + 86_400_000).toISOString(),
          ends_at: new Date(Date.now() + 90_000_000).toISOString(),
        },
        "photo.closed.notStarted",
      ],
    ];
    for (const [what, change, key] of cases) {
      const { id } = await openEvent(t.db, `照片测试：${what}`);
      await t.db.updateTable("event").set(change).where("id", "=", id).execute();
      const audit = await auditCount();
      for (const lang of ["zh-CN", "en"] as const) {
        const response = await upload(
          "organiser",
          `/events/${id}/report`,
          [{ name: "a.jpg", bytes: photo }],
          { intent: "photos" },
          lang,
        );
        expect(response.status, what).toBe(400);
        expect(await response.text(), what).toContain(besideField(lang, key));
      }
      expect(await photosOn(id)).toBe(0);
      expect(await auditCount()).toBe(audit);
      const page = await (await browsers.organiser!.get(`/events/${id}/report`)).text();
      expect(page).toContain(translator("zh-CN")(key));
      expect(page).not.toContain('name="photos"');
    }
    // A running event takes them, and its page offers the form.
    const { id } = await openEvent(t.db, "照片测试：进行中");
    const page = await (await browsers.organiser!.get(`/events/${id}/report`)).text();
    expect(page).toContain('name="photos"');
    expect(
      (await upload("organiser", `/events/${id}/report`, [{ name: "r.jpg", bytes: photo }])).status,
    ).toBe(302);
    expect(await photosOn(id)).toBe(1);
  });
});

describe("another sub-district's records", () => {
  it("reads as missing to 横泾街道: a 香山街道 event, session or entry answers as an unknown id does", async () => {
    const entry = await t.db
      .selectFrom("duty_entry")
      .innerJoin("admin_unit", "admin_unit.id", "duty_entry.village_id")
      .select("duty_entry.id")
      .where("admin_unit.name", "=", "长沙村")
      .executeTakeFirstOrThrow();
    const before = await photosOn(EVENT);
    const audit = await auditCount();
    for (const [theirs, unknown] of [
      [`/events/${EVENT}/report`, "/events/999999/report"],
      ["/study/sessions/41", "/study/sessions/999999"],
      [`/duties/${entry.id}`, "/duties/999999"],
    ]) {
      const answers = [];
      for (const path of [theirs!, unknown!]) {
        const response = await upload("hengjing", path, [{ name: "x.jpg", bytes: photo }]);
        const main = /<main[^>]*>([\s\S]*)<\/main>/.exec(await response.text())?.[1];
        answers.push({ status: response.status, main: main?.replace(/[0-9a-f]{16}/g, "") });
      }
      expect(answers[0]!.status, theirs).toBe(404);
      expect(answers[0], theirs).toEqual(answers[1]);
    }
    expect(await photosOn(EVENT)).toBe(before);
    expect(await auditCount()).toBe(audit);
  });
});

describe("refusals that need no decoding come first", () => {
  // A JPEG cut short passes the type check and fails only once decoded: seeing another refusal
  // for it shows the photo was never decoded.
  const cut = () => ({ name: "cut.jpg", bytes: photo.subarray(0, photo.length / 2) });
  const entry = { occurredOn: "2024-05-06", kind: "publicity", served: "村民", content: "宣传" };

  it("on /duties/new: another sub-district's person, or one who left, is refused before the photos", async () => {
    const learner = await addLearner(t.db, { name: "解码甲", village: "舟山村" });
    const before = await t.db.selectFrom("duty_entry").select("id").execute();
    const theirs = await upload("hengjing", "/duties/new", [cut()], {
      ...entry,
      legalSavvyId: String(learner.id),
    });
    expect(theirs.status).toBe(403);
    expect(await theirs.text()).not.toContain('id="photos-error"');

    await t.db
      .updateTable("legal_savvy")
      .set({ status: "retired", retired_on: "2024-01-01", retire_reason: "迁出" })
      .where("id", "=", learner.id)
      .execute();
    const left = await upload("organiser", "/duties/new", [cut()], {
      ...entry,
      legalSavvyId: String(learner.id),
    });
    expect(left.status).toBe(400);
    const page = await left.text();
    expect(page).toContain(translator("zh-CN")("duty.notActive"));
    expect(page).not.toContain('id="photos-error"');
    expect(await t.db.selectFrom("duty_entry").select("id").execute()).toEqual(before);

    // The same cut file is refused beside the field once nothing else refuses.
    const active = await addLearner(t.db, { name: "解码乙", village: "舟山村" });
    const refused = await upload("organiser", "/duties/new", [cut()], {
      ...entry,
      legalSavvyId: String(active.id),
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain(besideField("zh-CN", "photo.error.unreadable"));
  });

  it("on /m/<token>: a link over its day's limit is refused before the photos", async () => {
    const learner = await addLearner(t.db, { name: "解码丙", village: "舟山村" });
    const village = await demoActor(t.db, "village");
    const token = await issuePersonalLink(t.db, { actor: village, legalSavvyId: learner.id });
    const at = new Date().toISOString();
    await t.db
      .insertInto("duty_entry")
      .values(
        Array.from({ length: SELF_ENTRIES_PER_DAY }, () => ({
          legal_savvy_id: learner.id,
          village_id: learner.villageId,
          occurred_on: "2024-05-06",
          kind: "publicity" as const,
          served: "村民",
          content: "宣传",
          result: null,
          dispute_resolved: null,
          status: "pending" as const,
          return_reason: null,
          source: "self" as const,
          recorded_by: null,
          reviewed_by: null,
          reviewed_at: null,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
    const before = (await t.db.selectFrom("duty_entry").select("id").execute()).length;
    const response = await upload(null, `/m/${token}`, [cut()], entry);
    expect(response.status).toBe(429);
    const page = await response.text();
    expect(page).toContain(`今天已提交 ${SELF_ENTRIES_PER_DAY} 条`);
    expect(page).not.toContain(translator("zh-CN")("photo.error.unreadable"));
    expect((await t.db.selectFrom("duty_entry").select("id").execute()).length).toBe(before);
  });
});

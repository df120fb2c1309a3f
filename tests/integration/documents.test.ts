import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/.server/audit/audit-log";
import { downloadEventPaper } from "../../app/.server/documents/access";
import { cadreHoursDocx, exportCadreHours } from "../../app/.server/documents/cadre-hours";
import { attachment } from "../../app/.server/documents/download";
import { eventRecordDocx } from "../../app/.server/documents/event-record";
import { signinSheetDocx } from "../../app/.server/documents/signin-sheet";
import { studyRecordDocx } from "../../app/.server/documents/study-record";
import { wordContentType } from "../../app/.server/documents/word";
import { AppError } from "../../app/.server/errors";
import { newEventCode } from "../../app/.server/events/events";
import { seedDemo } from "../../db/seed";
import { createTestDatabase } from "../support/database";
import { demoActor, unitId } from "../support/demo";

// The Word papers of the evidence file (issue 19 items 2 to 4), read back by python-docx, an
// independent reader (Debian's python3-docx; .ci/run installs it): every field's label and value,
// the pictures, A4 and the fonts, the sign-in sheet's repeated header, no full phone anywhere in
// the package; and who may have them: the event's own units only, once it is over, each logged.

const PYTHON = ["/usr/bin/python3", "python3"].find(
  (command) => spawnSync(command, ["-c", "import docx"]).status === 0,
);
if (!PYTHON && process.env.CI) {
  throw new Error("CI needs python3 with python-docx (.ci/run installs it)");
}

type Row = { cells: string[]; header: boolean };
type Read = {
  paragraphs: string[];
  tables: Row[][];
  images: number;
  media: string[];
  page: { widthMm: number; heightMm: number; marginsMm: number[] };
  fonts: string[];
  phones: string[];
  title: string;
};

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let folder: string;
let read: Record<string, Read>;
let organiser: Actor;
let hengjing: Actor;
let village: Actor;
let official: Actor;
/** A held outreach event of 香山街道 with the most check-ins, given three photos. */
let busy: { id: number; title: string; checkins: number };
/** A held 中心组学法 of 香山街道, one of its invitees absent with a reason. */
let study: { id: number; title: string; absent: string };
let quiet: number;
let phones: string[];

// What staff type can hold a phone in each form people write it, and an ID card number: every
// paper carries them masked as the sign-in sheet masks phones (issue 19 review, M8).
const TYPED = "回访村民13800138000、138 0013 8000、138-0013-8000，身份证320506199003071234。";
const MASKED = "回访村民138****8000、138****8000、138****8000，身份证320***********1234。";
const CLEAR = ["13800138000", "138 0013 8000", "138-0013-8000", "320506199003071234"];

const jpeg = (width: number, height: number, shade: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: shade, g: 90, b: 40 } } })
    .jpeg()
    .toBuffer();

async function addPhoto(eventId: number, width: number, height: number, shade: number) {
  const data = await jpeg(width, height, shade);
  await t.db
    .insertInto("photo")
    .values({
      event_id: eventId,
      duty_entry_id: null,
      content_hash: createHash("sha256").update(data).digest("hex"),
      display: data,
      display_width: width,
      display_height: height,
      thumb: data,
      thumb_width: width,
      thumb_height: height,
      created_by: null,
      created_at: new Date().toISOString(),
    })
    .execute();
}

/** A held event of the unit with a check-in count, busiest first. */
async function heldEvents(hostName: string, study: boolean) {
  const host = await unitId(t.db, hostName);
  return t.db
    .selectFrom("event")
    .select((eb) => [
      "event.id",
      "event.title",
      eb
        .selectFrom("checkin")
        .select((inner) => inner.fn.countAll<number>().as("n"))
        .whereRef("checkin.event_id", "=", "event.id")
        .as("checkins"),
    ])
    .where("event.host_unit_id", "=", host)
    .where("event.status", "in", ["published", "held"])
    .where("event.ends_at", "<", new Date().toISOString())
    .where("event.study_kind", study ? "is not" : "is", null)
    .orderBy("checkins", "desc")
    .orderBy("event.id")
    .execute();
}

const zhNumber = (value: number) => new Intl.NumberFormat("zh-CN").format(value);
const cellsOf = (file: Read) => file.tables.flatMap((table) => table.map((row) => row.cells));
/** The value the record's table gives beside a label. */
const field = (file: Read, label: string) =>
  file.tables[0]!.find((row) => row.cells[0] === label)?.cells[1];

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.db);
  organiser = await demoActor(t.db, "organiser");
  hengjing = await demoActor(t.db, "hengjing");
  village = await demoActor(t.db, "village");
  official = await demoActor(t.db, "official");
  const [first] = await heldEvents("香山街道", false);
  busy = { id: first!.id, title: first!.title, checkins: Number(first!.checkins) };
  await t.db
    .updateTable("event")
    .set({ summary: `活动顺利。\n${TYPED}` })
    .where("id", "=", busy.id)
    .execute();
}, 120_000);

afterAll(async () => {
  await t?.destroy();
});

describe.skipIf(!PYTHON)("the Word papers as python-docx reads them", () => {
  beforeAll(async () => {
    // The demo's photos go: these tests count the photos they add.
    await t.db.deleteFrom("photo").execute();
    await addPhoto(busy.id, 1600, 1200, 10);
    await addPhoto(busy.id, 900, 1600, 120);
    await addPhoto(busy.id, 1600, 900, 200);
    quiet = (await heldEvents("香山街道", false)).at(-1)!.id;
    const sessions = await heldEvents("香山街道", true);
    const session = sessions.find((row) => Number(row.checkins) > 0)!;
    const absentee = await t.db
      .selectFrom("event_invitation as i")
      .innerJoin("person", "person.id", "i.person_id")
      .select(["person.id", "person.name"])
      .where("i.event_id", "=", session.id)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("checkin")
              .select("checkin.id")
              .whereRef("checkin.event_id", "=", "i.event_id")
              .whereRef("checkin.person_id", "=", "i.person_id"),
          ),
        ),
      )
      .orderBy("person.id")
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable("event_invitation")
      .set({ absence_reason: "official_duty", absence_note: "区里开会，电话138 0013 8000" })
      .where("event_id", "=", session.id)
      .where("person_id", "=", absentee.id)
      .execute();
    await t.db
      .updateTable("event")
      .set({
        minutes: `会议学习了《法治政府建设实施纲要》。\n部署了下一季度工作。\n${TYPED}`,
        chair: "王敏",
      })
      .where("id", "=", session.id)
      .execute();
    await addPhoto(session.id, 1200, 800, 60);
    study = { id: session.id, title: session.title, absent: absentee.name };
    phones = (
      await t.db
        .selectFrom("checkin")
        .innerJoin("person", "person.id", "checkin.person_id")
        .select("person.phone")
        .where("checkin.event_id", "in", [busy.id, study.id])
        .where("person.phone", "is not", null)
        .execute()
    ).map((row) => row.phone!);

    folder = await mkdtemp(join(tmpdir(), "pufa-docs-"));
    const files: [string, Buffer][] = [
      ["record-zh.docx", await eventRecordDocx(t.db, busy.id, "zh-CN")],
      ["record-en.docx", await eventRecordDocx(t.db, busy.id, "en")],
      ["record-quiet.docx", await eventRecordDocx(t.db, quiet, "zh-CN")],
      ["signin-zh.docx", await signinSheetDocx(t.db, busy.id, "zh-CN")],
      ["study-zh.docx", await studyRecordDocx(t.db, study.id, "zh-CN")],
      ["study-en.docx", await studyRecordDocx(t.db, study.id, "en")],
      [
        "hours-zh.docx",
        (await cadreHoursDocx(t.db, { scopePath: organiser.unitPath, year: 2024, lang: "zh-CN" }))
          .body,
      ],
    ];
    for (const [name, body] of files) await writeFile(join(folder, name), body);
    const run = spawnSync(PYTHON!, ["tests/support/read-docx.py", folder], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.stderr).toBe("");
    read = JSON.parse(run.stdout) as Record<string, Read>;
  }, 120_000);

  afterAll(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("gives the event record every field with its value, and its photos", async () => {
    const event = await t.db
      .selectFrom("event")
      .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
      .leftJoin("campaign", "campaign.id", "event.campaign_id")
      .select([
        "event.venue",
        "event.speaker",
        "event.estimated_crowd",
        "event.materials_handed_out",
        "event.consultations",
        "event.summary",
        "host.name as host",
        "campaign.name as campaign",
      ])
      .where("event.id", "=", busy.id)
      .executeTakeFirstOrThrow();
    const zh = read["record-zh.docx"]!;
    expect(zh.paragraphs[0]).toBe("普法活动记录表");
    expect(field(zh, "活动名称")).toBe(busy.title);
    expect(field(zh, "时间")).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 周. \d\d:\d\d–\d\d:\d\d$/);
    expect(field(zh, "地点")).toContain(event.venue);
    expect(field(zh, "主办单位")).toBe(event.host);
    expect(field(zh, "主讲人")).toContain(event.speaker ?? "无");
    expect(field(zh, "对象")).toMatch(/\S/);
    expect(field(zh, "形式")).toMatch(/\S/);
    expect(field(zh, "所属专项活动")).toBe(event.campaign ?? "无");
    expect(field(zh, "参加人数")).toBe(
      `签到 ${busy.checkins} 人；现场估计 ${event.estimated_crowd === null ? "未填写" : `${zhNumber(event.estimated_crowd)} 人`}`,
    );
    expect(field(zh, "发放资料")).toBe(
      event.materials_handed_out === null ? "未填写" : `${zhNumber(event.materials_handed_out)} 份`,
    );
    expect(field(zh, "解答咨询")).toBe(
      event.consultations === null ? "未填写" : `${zhNumber(event.consultations)} 人次`,
    );
    expect(event.summary).toBe(`活动顺利。\n${TYPED}`);
    expect(field(zh, "内容摘要")).toBe(`活动顺利。\n${MASKED}`);
    expect(zh.tables[0]!.map((row) => row.cells[0])).toEqual([
      "活动名称",
      "时间",
      "地点",
      "主办单位",
      "主讲人",
      "对象",
      "形式",
      "所属专项活动",
      "参加人数",
      "发放资料",
      "解答咨询",
      "内容摘要",
      "活动照片",
    ]);
    expect(zh.images).toBe(3);
    expect(zh.media).toHaveLength(3);
    expect(zh.media.every((name) => /\.(jpe?g)$/.test(name))).toBe(true);
    expect(zh.page).toEqual({ widthMm: 210, heightMm: 297, marginsMm: [25, 25, 25, 25] });
    expect(zh.fonts).toEqual(expect.arrayContaining(["宋体", "黑体"]));
    expect(zh.title).toBe(`${busy.title} 普法活动记录表`);

    const en = read["record-en.docx"]!;
    expect(en.paragraphs[0]).toBe("Legal outreach event record");
    expect(en.tables[0]!.map((row) => row.cells[0])).toEqual([
      "Event",
      "Time",
      "Place",
      "Host",
      "Speaker",
      "Audience",
      "Format",
      "Campaign",
      "Attendance",
      "Materials handed out",
      "Consultations answered",
      "Summary",
      "Photos",
    ]);
    expect(field(en, "Attendance")).toContain(`Checked in: ${busy.checkins}`);
    expect(en.images).toBe(3);
  });

  it("says 无照片 when an event has none", () => {
    const quietRecord = read["record-quiet.docx"]!;
    expect(field(quietRecord, "活动照片")).toBe("无照片");
    expect(quietRecord.images).toBe(0);
  });

  it("annexes the sign-in sheet: every check-in, header repeated on each page, phones masked", () => {
    for (const name of ["record-zh.docx", "signin-zh.docx"]) {
      const file = read[name]!;
      const sheet = file.tables.at(-1)!;
      expect(sheet[0]!.cells).toEqual([
        "序号",
        "姓名",
        "手机号",
        "村（社区）或单位",
        "对象类别",
        "签到时间",
        "签到方式",
      ]);
      expect(sheet[0]!.header).toBe(true);
      expect(sheet.slice(1).every((row) => !row.header)).toBe(true);
      expect(sheet).toHaveLength(busy.checkins + 1);
      expect(sheet.slice(1).map((row) => row.cells[0])).toEqual(
        Array.from({ length: busy.checkins }, (_, index) => String(index + 1)),
      );
      expect(sheet.slice(1).every((row) => /^(\d{3}\*{4}\d{4}|\*{4}|)$/.test(row.cells[2]!))).toBe(
        true,
      );
    }
    expect(read["record-zh.docx"]!.paragraphs).toContain("附件：签到表");
    expect(phones.length).toBeGreaterThan(0);
    for (const file of Object.values(read)) {
      expect(file.phones).toEqual([]);
      const text = [...file.paragraphs, ...cellsOf(file).flat()].join("\n");
      for (const phone of phones) expect(text).not.toContain(phone);
    }
  });

  it("masks the phone and ID card numbers typed into summaries, minutes and reasons", () => {
    expect(field(read["record-en.docx"]!, "Summary")).toBe(`活动顺利。\n${MASKED}`);
    expect(field(read["study-en.docx"]!, "Minutes")).toContain(MASKED);
    for (const file of Object.values(read)) {
      const text = [file.title, ...file.paragraphs, ...cellsOf(file).flat()].join("\n");
      for (const clear of CLEAR) expect(text).not.toContain(clear);
    }
  });

  it("gives the study record its fields, the absent with their reasons, minutes and photos", () => {
    const zh = read["study-zh.docx"]!;
    expect(zh.paragraphs[0]).toBe("学法记录");
    expect(zh.tables[0]!.map((row) => row.cells[0])).toEqual([
      "学法形式",
      "学习内容（主题）",
      "时间",
      "地点",
      "组织单位",
      "主讲人",
      "主持人",
      "应到 / 实到",
      "参加人员",
      "缺席人员及原因",
      "学时",
      "会议纪要",
      "影像资料",
    ]);
    expect(field(zh, "学习内容（主题）")).toBe(study.title);
    expect(field(zh, "主持人")).toBe("王敏");
    expect(field(zh, "应到 / 实到")).toMatch(/^应到 \d+ 人，实到 \d+ 人$/);
    expect(field(zh, "缺席人员及原因")).toContain(
      `${study.absent}：公务：区里开会，电话138****8000`,
    );
    expect(field(zh, "参加人员")).not.toContain(study.absent);
    expect(field(zh, "学时")).toMatch(/小时/);
    expect(field(zh, "会议纪要")).toBe(
      `会议学习了《法治政府建设实施纲要》。\n部署了下一季度工作。\n${MASKED}`,
    );
    expect(zh.images).toBe(1);
    const en = read["study-en.docx"]!;
    expect(field(en, "Absent, with reasons")).toContain(`${study.absent}: Official duty: 区里开会`);
  });

  it("lists each cadre's hours of the year against the target", () => {
    const file = read["hours-zh.docx"]!;
    const table = file.tables.at(-1)!;
    expect(table[0]!.header).toBe(true);
    expect(table[0]!.cells).toEqual([
      "序号",
      "姓名",
      "所在单位",
      "职务",
      "应参加场次",
      "实参加场次",
      "出勤率",
      "学时（小时）",
      "学时目标（小时）",
      "是否达标",
    ]);
    expect(table.length).toBeGreaterThan(1);
    expect(table.slice(1).some((row) => Number(row.cells[7]) > 0)).toBe(true);
    for (const row of table.slice(1)) {
      expect(row.cells[9]).toBe(Number(row.cells[7]) >= Number(row.cells[8]) ? "达标" : "未达标");
    }
  });
});

describe("who may download the papers", () => {
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    return { code: (error as AppError).code, key: (error as AppError).messageKey };
  };

  it("gives the host's staff and officials the papers, logged by the event's id alone", async () => {
    for (const actor of [organiser, official]) {
      const file = await downloadEventPaper(t.db, {
        actor,
        eventId: busy.id,
        paper: "record",
        lang: "zh-CN",
      });
      expect(file.body.subarray(0, 2).toString()).toBe("PK");
      expect(file.localFilename).toBe(`${busy.title}-普法活动记录表.docx`);
    }
    const logged = await t.db
      .selectFrom("audit_log")
      .select(["actor_username", "target", "detail", "outcome"])
      .where("action", "=", "event.document")
      .orderBy("id")
      .execute();
    expect(logged).toEqual([
      {
        actor_username: "organiser",
        target: `event ${busy.id}`,
        detail: "paper=record format=docx",
        outcome: "success",
      },
      {
        actor_username: "official",
        target: `event ${busy.id}`,
        detail: "paper=record format=docx",
        outcome: "success",
      },
    ]);
  });

  it("answers another sub-district as if the event did not exist, and logs nothing", async () => {
    const before = await t.db.selectFrom("audit_log").select("id").execute();
    for (const paper of ["record", "signin"] as const) {
      expect(
        await refusal(
          downloadEventPaper(t.db, { actor: hengjing, eventId: busy.id, paper, lang: "zh-CN" }),
        ),
      ).toEqual({ code: "NOT_FOUND", key: "error.notFound.body" });
    }
    expect(
      await refusal(
        downloadEventPaper(t.db, {
          actor: hengjing,
          eventId: 9_999_999,
          paper: "record",
          lang: "en",
        }),
      ),
    ).toEqual({ code: "NOT_FOUND", key: "error.notFound.body" });
    expect(await t.db.selectFrom("audit_log").select("id").execute()).toHaveLength(before.length);
  });

  it("gives a village account its village's events only", async () => {
    const zhoushan = await unitId(t.db, "舟山村");
    const own = await t.db
      .selectFrom("event")
      .select("id")
      .where("village_id", "=", zhoushan)
      .where("status", "in", ["published", "held"])
      .where("ends_at", "<", new Date().toISOString())
      .where("study_kind", "is", null)
      .executeTakeFirstOrThrow();
    const file = await downloadEventPaper(t.db, {
      actor: village,
      eventId: own.id,
      paper: "signin",
      lang: "zh-CN",
    });
    expect(file.filename).toMatch(/^signin-sheet-\w+\.docx$/);
    const elsewhere = await t.db
      .selectFrom("event")
      .select("id")
      .where((eb) => eb.or([eb("village_id", "is", null), eb("village_id", "!=", zhoushan)]))
      .where("host_unit_id", "!=", zhoushan)
      .where("status", "in", ["published", "held"])
      .where("ends_at", "<", new Date().toISOString())
      .executeTakeFirstOrThrow();
    expect(
      await refusal(
        downloadEventPaper(t.db, {
          actor: village,
          eventId: elsewhere.id,
          paper: "record",
          lang: "zh-CN",
        }),
      ),
    ).toEqual({ code: "NOT_FOUND", key: "error.notFound.body" });
  });

  it("refuses an event not over yet or cancelled with the reason, and a study record of an outreach event", async () => {
    const host = await unitId(t.db, "香山街道");
    const stamp = new Date().toISOString();
    const insert = (status: "published" | "cancelled", startsIn: number) =>
      t.db
        .insertInto("event")
        .values({
          code: newEventCode(),
          title: "未来的讲座",
          format: "lecture",
          setting: "community",
          campaign_id: null,
          host_unit_id: host,
          village_id: null,
          venue: "香山社区",
          starts_at: new Date(Date.now() + startsIn * 3_600_000).toISOString(),
          ends_at: new Date(Date.now() + (startsIn + 2) * 3_600_000).toISOString(),
          laws: null,
          speaker: null,
          speaker_role: null,
          capacity: null,
          visibility: "public",
          description: null,
          status,
          cancel_reason: status === "cancelled" ? "下雨" : null,
          qr_secret: "secret-doc",
          created_by: null,
          created_at: stamp,
          updated_at: stamp,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
    const future = await insert("published", 24);
    const cancelled = await insert("cancelled", -48);
    expect(
      await refusal(
        downloadEventPaper(t.db, {
          actor: organiser,
          eventId: future.id,
          paper: "record",
          lang: "zh-CN",
        }),
      ),
    ).toEqual({ code: "CONFLICT", key: "documents.notHeld" });
    expect(
      await refusal(
        downloadEventPaper(t.db, {
          actor: organiser,
          eventId: cancelled.id,
          paper: "signin",
          lang: "en",
        }),
      ),
    ).toEqual({ code: "CONFLICT", key: "documents.cancelled" });
    expect(
      await refusal(
        downloadEventPaper(t.db, {
          actor: organiser,
          eventId: busy.id,
          paper: "study",
          lang: "zh-CN",
        }),
      ),
    ).toEqual({ code: "NOT_FOUND", key: "error.notFound.body" });
  });

  it("names the file in UTF-8 with an ASCII fallback, safe to save", async () => {
    const response = attachment(new Uint8Array([1, 2]), {
      filename: "event-record-ab12.docx",
      localFilename: '香山/"法治"讲座-记录.docx',
      contentType: "application/octet-stream",
    });
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename="event-record-ab12.docx"; filename*=UTF-8''${encodeURIComponent("香山__法治_讲座-记录.docx")}`,
    );
    // An English title's apostrophe would end the encoded name: it is escaped too (RFC 5987).
    const english = attachment(new Uint8Array([1]), {
      filename: "r.docx",
      localFilename: "Women's rights (talk).docx",
      contentType: "application/octet-stream",
    });
    expect(english.headers.get("Content-Disposition")).toBe(
      `attachment; filename="r.docx"; filename*=UTF-8''Women%27s%20rights%20%28talk%29.docx`,
    );
  });

  it("masks a phone typed into the title in the Word record's file names", async () => {
    const { code, title } = await t.db
      .selectFrom("event")
      .select(["code", "title"])
      .where("id", "=", busy.id)
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable("event")
      .set({ title: "回访村民13800138000的讲座" })
      .where("id", "=", busy.id)
      .execute();
    try {
      const file = await downloadEventPaper(t.db, {
        actor: organiser,
        eventId: busy.id,
        paper: "record",
        lang: "zh-CN",
      });
      // As the route answers: the one download helper masks the name.
      const disposition = attachment(file.body, {
        ...file,
        contentType: wordContentType,
      }).headers.get("Content-Disposition");
      expect(disposition).toBe(
        `attachment; filename="event-record-${code}.docx"; filename*=UTF-8''${encodeURIComponent("回访村民138____8000的讲座-普法活动记录表.docx")}`,
      );
      expect(disposition).not.toMatch(/0013|13800138000/);
    } finally {
      await t.db.updateTable("event").set({ title }).where("id", "=", busy.id).execute();
    }
  });

  it("exports the cadres' hours of the caller's units only, logged", async () => {
    const mine = await exportCadreHours(t.db, { actor: organiser, year: 2024, lang: "zh-CN" });
    const theirs = await exportCadreHours(t.db, { actor: hengjing, year: 2024, lang: "zh-CN" });
    expect(mine.body.subarray(0, 2).toString()).toBe("PK");
    expect(mine.rows).toBeGreaterThan(0);
    expect(theirs.rows).toBe(0);
    const logged = await t.db
      .selectFrom("audit_log")
      .select(["actor_username", "detail"])
      .where("action", "=", "study.hours_export")
      .orderBy("id")
      .execute();
    expect(logged).toEqual([
      { actor_username: "organiser", detail: `year=2024 rows=${mine.rows}` },
      { actor_username: "hengjing", detail: "year=2024 rows=0" },
    ]);
  });
});

import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/.server/audit/audit-log";
import { exportLedger, ledgerPlan } from "../../app/.server/documents/ledger";
import { ledgerZip } from "../../app/.server/documents/ledger-zip";
import { ledgerPage } from "../../app/.server/documents/ledger-page";
import { exportReportSection } from "../../app/.server/documents/report-section";
import { newEventCode } from "../../app/.server/events/events";
import { reachDashboard, reachUnit } from "../../app/.server/reach/dashboard";
import { yearPeriod } from "../../app/lib/reach-period";
import { dashboardParagraph, paragraphText } from "../../app/lib/report-paragraph";
import { seedDemo } from "../../db/seed";
import { createTestDatabase } from "../support/database";
import { demoActor, unitId, unitUnder } from "../support/demo";

// The year's 台账 read back as an assessor's tools read it (issue 19 items 5 and 6): Python's
// zipfile for the entries and their UTF-8 flag, openpyxl for every workbook, python-docx for the
// Word files. Debian's python3-openpyxl and python3-docx (.ci/run installs them).

const PYTHON = ["/usr/bin/python3", "python3"].find(
  (command) => spawnSync(command, ["-c", "import openpyxl, docx"]).status === 0,
);
if (!PYTHON && process.env.CI) {
  throw new Error("CI needs python3 with openpyxl and python-docx (.ci/run installs them)");
}

type Entry = { name: string; utf8: boolean; method: number; size: number };
type Read = {
  testzip: string | null;
  entries: Entry[];
  xlsx: Record<string, Record<string, string[][]>>;
  docx: Record<string, { paragraphs: string[]; tables: string[][][]; images: number }>;
  jpeg: Record<string, string>;
};

const NOW = new Date().toISOString();
const YEAR = 2024;
const EN_YEAR = 2023;
// A title 横泾街道 also uses, with a twist only its own copy has: it must never reach Xiangshan's file.
const HENGJING_TITLE = "横泾专属：民法典进村讲座";
// A phone in each form people type it, and an ID card number: the zip carries them masked.
const TYPED = "回访村民13800138000、138 0013 8000、138-0013-8000，身份证320506199003071234。";
const MASKED = "回访村民138****8000、138****8000、138****8000，身份证320***********1234。";
const CLEAR = ["13800138000", "138 0013 8000", "138-0013-8000", "320506199003071234"];

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let folder: string;
let organiser: Actor & { unitId: number };
let xiangshan: number;

const withUnit = async (username: string) => {
  const actor = await demoActor(t.db, username);
  const row = await t.db
    .selectFrom("staff_user")
    .select("unit_id")
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
  return { ...actor, unitId: row.unit_id };
};

async function jpeg(label: string) {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: "#4a7" } })
    .composite([
      {
        input: Buffer.from(
          `<svg width="64" height="48"><text x="2" y="20" font-size="10">${label}</text></svg>`,
        ),
      },
    ])
    .jpeg()
    .toBuffer();
}

async function addPhoto(eventId: number, label: string) {
  const data = await jpeg(label);
  await t.db
    .insertInto("photo")
    .values({
      event_id: eventId,
      duty_entry_id: null,
      content_hash: `${label}-${eventId}`,
      display: data,
      display_width: 64,
      display_height: 48,
      thumb: data,
      thumb_width: 64,
      thumb_height: 48,
      created_by: null,
      created_at: NOW,
    })
    .execute();
}

/** A held public event of a sub-district in one of its villages. */
async function heldEvent(input: { host: string; title: string; startsAt: string }) {
  const host = await unitId(t.db, input.host);
  const village = await unitUnder(t.db, input.host, "舟山村");
  const ends = new Date(Date.parse(input.startsAt) + 2 * 3_600_000).toISOString();
  const { id } = await t.db
    .insertInto("event")
    .values({
      code: newEventCode(),
      title: input.title,
      format: "lecture",
      setting: "village",
      campaign_id: null,
      host_unit_id: host,
      village_id: village.id,
      venue: "舟山村村委会",
      starts_at: input.startsAt,
      ends_at: ends,
      laws: null,
      speaker: null,
      speaker_role: null,
      capacity: null,
      visibility: "public",
      description: null,
      status: "held",
      cancel_reason: null,
      qr_secret: `secret-${Math.random().toString(36).slice(2)}`,
      created_by: null,
      created_at: NOW,
      updated_at: NOW,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** A zip as Python's zipfile, openpyxl and python-docx read it. */
async function readZip(
  body: NodeJS.ReadableStream & { toArray(): Promise<Buffer[]> },
  name: string,
) {
  const bytes = Buffer.concat(await body.toArray());
  const path = join(folder, `${name}.zip`);
  await writeFile(path, bytes);
  const run = spawnSync(PYTHON!, ["tests/support/read-ledger.py", path], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Read;
}

async function download(input: {
  actor: Actor & { unitId: number };
  lang: "zh-CN" | "en";
  year: number;
}) {
  const file = await exportLedger(t.db, {
    actor: input.actor,
    unitId: xiangshan,
    year: input.year,
    lang: input.lang,
    now: NOW,
  });
  return { file, read: await readZip(file.body, input.lang) };
}

const auditCount = async (action: string) =>
  Number(
    (
      await t.db
        .selectFrom("audit_log")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where("action", "=", action)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe.skipIf(!PYTHON)("the year's ledger as a zip", () => {
  let zh: Read;
  let en: Read;
  let xiangshanEvent: { id: number; title: string };

  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemo(t.db);
    folder = await mkdtemp(join(tmpdir(), "pufa-ledger-"));
    organiser = await withUnit("organiser");
    xiangshan = await unitId(t.db, "香山街道");
    xiangshanEvent = await t.db
      .selectFrom("event")
      .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
      .select(["event.id", "event.title"])
      .where("host.name", "=", "香山街道")
      .where("event.visibility", "=", "public")
      .where("event.status", "=", "held")
      .where("event.starts_at", ">=", "2024-01-01")
      .where("event.starts_at", "<", "2024-12-31")
      .orderBy("event.starts_at")
      .limit(1)
      .executeTakeFirstOrThrow();
    // The demo's photos go: this file counts the photos it adds, one event's and 横泾's.
    await t.db.deleteFrom("photo").execute();
    await addPhoto(xiangshanEvent.id, "one");
    await addPhoto(xiangshanEvent.id, "two");
    await t.db
      .updateTable("event")
      .set({ summary: TYPED })
      .where("id", "=", xiangshanEvent.id)
      .execute();
    const duty = await t.db
      .selectFrom("duty_entry")
      .innerJoin("admin_unit as v", "v.id", "duty_entry.village_id")
      .innerJoin("admin_unit as s", "s.id", "v.parent_id")
      .select("duty_entry.id")
      .where("s.name", "=", "香山街道")
      .where("duty_entry.status", "!=", "returned")
      .where("duty_entry.occurred_on", ">=", "2024-01-01")
      .where("duty_entry.occurred_on", "<=", "2024-12-31")
      .orderBy("duty_entry.id")
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable("duty_entry")
      .set({ served: "村民 138-0013-8000", content: TYPED })
      .where("id", "=", duty.id)
      .execute();
    // 横泾街道's event of 2024 in its own 舟山村, titled like Xiangshan's.
    const other = await heldEvent({
      host: "横泾街道",
      title: HENGJING_TITLE,
      startsAt: "2024-05-10T01:00:00.000Z",
    });
    await addPhoto(other, "hengjing");
    // English is read from a small year of one event: the Word records are what takes time.
    const earlier = await heldEvent({
      host: "香山街道",
      title: "宪法进社区",
      startsAt: `${EN_YEAR}-12-04T01:00:00.000Z`,
    });
    await addPhoto(earlier, "en");
    zh = (await download({ actor: organiser, lang: "zh-CN", year: YEAR })).read;
    en = (await download({ actor: organiser, lang: "en", year: EN_YEAR })).read;
  }, 600_000);

  afterAll(async () => {
    await t?.destroy();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("is a sound zip whose every name is flagged UTF-8 and safe", () => {
    expect(zh.testzip).toBeNull();
    expect(zh.entries.length).toBeGreaterThan(5);
    for (const entry of [...zh.entries, ...en.entries]) {
      expect(entry.utf8).toBe(true);
      for (const part of entry.name.split("/")) {
        expect(part).not.toMatch(/^[.\s]|[\s.]$|[\\:*?"<>|]/);
        expect([...part].every((char) => char.charCodeAt(0) >= 0x20)).toBe(true);
      }
    }
    expect(new Set(zh.entries.map((e) => e.name.toLowerCase())).size).toBe(zh.entries.length);
  });

  it("has an index that lists every file, and every file it lists is there", () => {
    // Written last, from what the zip holds; named to come first in every listing.
    expect(zh.entries.at(-1)!.name).toBe("00-目录.xlsx");
    expect(zh.entries.map((e) => e.name).sort()[0]).toBe("00-目录.xlsx");
    expect(en.entries.map((e) => e.name).sort()[0]).toBe("00-index.xlsx");
    const index = zh.xlsx["00-目录.xlsx"]!["目录"]!;
    expect(index[0]).toEqual(["序号", "文件夹", "文件名", "内容"]);
    const listed = index.slice(1).map(([, dir, name]) => (dir ? `${dir}/${name}` : name));
    const present = zh.entries.map((entry) => entry.name);
    expect(listed.sort()).toEqual([...present].sort());
    expect(index.slice(1).every((row) => row[3] !== "")).toBe(true);
  });

  it("files by assessment item, in Chinese and in English", () => {
    const tops = (read: Read) => new Set(read.entries.map((e) => e.name.split("/")[0]));
    expect(tops(zh)).toEqual(
      new Set(["00-目录.xlsx", "普法活动", "法律明白人", "学法用法", "年度统计"]),
    );
    expect(tops(en)).toEqual(
      new Set([
        "00-index.xlsx",
        "Outreach events",
        "Legal-savvy persons",
        "Cadre study",
        "Year figures",
      ]),
    );
    const names = zh.entries.map((e) => e.name);
    expect(names).toContain("法律明白人/法律明白人名册.xlsx");
    expect(names).toContain("法律明白人/法律明白人培训学时.xlsx");
    expect(names).toContain("法律明白人/履职台账.xlsx");
    expect(names).toContain("学法用法/干部学法学时.docx");
    expect(names).toContain("年度统计/普法成效统计.xlsx");
    expect(names).toContain("年度统计/年度报告普法段落.docx");
    const english = en.entries.map((e) => e.name);
    expect(english).toContain("Year figures/Annual report section.docx");
    for (const name of ["Event record.docx", "Sign-in sheet.docx", "Photo 01.jpg"]) {
      expect(english).toContain(`Outreach events/${EN_YEAR}-12-04 宪法进社区/${name}`);
    }
    expect(en.xlsx["00-index.xlsx"]!["Index"]![0]).toEqual(["No.", "Folder", "File", "Contents"]);
  });

  it("carries an event's photos one by one, under its day and title", () => {
    const photos = zh.entries.filter(
      (e) => e.name.startsWith("普法活动/") && e.name.endsWith(".jpg"),
    );
    expect(photos).toHaveLength(2);
    expect(photos[0]!.name).toMatch(/^普法活动\/2024-\d\d-\d\d [^/]+\/照片01\.jpg$/);
    expect(photos[0]!.name).toContain(xiangshanEvent.title.slice(0, 10));
    for (const photo of photos) expect(zh.jpeg[photo.name]).toBe("ffd8ff");
  });

  it("holds each held event's record and sign-in sheet, and each study session's record", async () => {
    const held = await t.db
      .selectFrom("event")
      .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
      .select(["event.title", "event.study_kind"])
      .where("host.name", "=", "香山街道")
      .where("event.status", "in", ["published", "held"])
      .where("event.starts_at", ">=", "2023-12-31T16:00:00.000Z")
      .where("event.starts_at", "<", "2024-12-31T16:00:00.000Z")
      .where((eb) =>
        eb.or([eb("event.visibility", "=", "public"), eb("event.study_kind", "is not", null)]),
      )
      .execute();
    const outreach = held.filter((row) => row.study_kind === null);
    const sessions = held.filter((row) => row.study_kind !== null);
    expect(outreach.length).toBeGreaterThan(5);
    expect(sessions.length).toBeGreaterThan(5);
    const docs = Object.keys(zh.docx);
    const records = docs.filter((name) => /^普法活动\/[^/]+\/活动记录表\.docx$/.test(name));
    const sheets = docs.filter((name) => /^普法活动\/[^/]+\/签到表\.docx$/.test(name));
    const study = docs.filter((name) => /^学法用法\/[^/]+\/[^/]+\/学法记录\.docx$/.test(name));
    expect(records).toHaveLength(outreach.length);
    expect(sheets).toHaveLength(outreach.length);
    expect(study).toHaveLength(sessions.length);
    // The record of the event with photos shows both, and names the event in its table.
    const withPhotos = records.find((name) => name.includes(xiangshanEvent.title.slice(0, 10)))!;
    const record = zh.docx[withPhotos]!;
    expect(record.images).toBe(2);
    expect(JSON.stringify(record.tables)).toContain(xiangshanEvent.title);
    for (const kind of new Set(study.map((name) => name.split("/")[1]))) {
      expect([
        "中心组学法",
        "会前学法",
        "专题讲座",
        "执法人员专题培训",
        "法治政府建设推进会",
      ]).toContain(kind);
    }
  });

  it("never holds another sub-district's events, even of a similar title in a village of the same name", () => {
    const all = JSON.stringify(zh);
    expect(all).not.toContain("横泾专属");
    expect(all).not.toContain("hengjing");
    expect(zh.entries.filter((e) => e.name.endsWith(".jpg"))).toHaveLength(2);
  });

  it("masks the phone and ID card numbers typed into a summary and a duty entry", () => {
    const record = Object.entries(zh.docx).find(
      ([name]) =>
        name.includes(xiangshanEvent.title.slice(0, 10)) && name.endsWith("活动记录表.docx"),
    )![1];
    expect(record.tables[0]!.find((row) => row[0] === "内容摘要")?.[1]).toBe(MASKED);
    const duties = Object.values(zh.xlsx["法律明白人/履职台账.xlsx"]!)[0]!;
    expect(duties.some((row) => row[4] === "村民 138****8000" && row[5] === MASKED)).toBe(true);
    const all = JSON.stringify(zh);
    for (const clear of CLEAR) expect(all).not.toContain(clear);
  });

  it("masks every phone of the roster and lists the year's duty entries", async () => {
    const roster = zh.xlsx["法律明白人/法律明白人名册.xlsx"]!;
    const rows = Object.values(roster)[0]!;
    const rosterSize = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("admin_unit as v", "v.id", "legal_savvy.village_id")
      .innerJoin("admin_unit as s", "s.id", "v.parent_id")
      .where("s.name", "=", "香山街道")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(rows.length - 1).toBe(Number(rosterSize.n));
    const phones = rows.slice(1).map((row) => row[1]!);
    expect(phones.some((phone) => /^1\d\d\*{4}\d{4}$/.test(phone))).toBe(true);
    expect(JSON.stringify(zh)).not.toMatch(/1[3-9]\d{9}/);
    const duties = Object.values(zh.xlsx["法律明白人/履职台账.xlsx"]!)[0]!;
    const expected = await t.db
      .selectFrom("duty_entry")
      .innerJoin("admin_unit as v", "v.id", "duty_entry.village_id")
      .innerJoin("admin_unit as s", "s.id", "v.parent_id")
      .where("s.name", "=", "香山街道")
      .where("duty_entry.status", "!=", "returned")
      .where("duty_entry.occurred_on", ">=", "2024-01-01")
      .where("duty_entry.occurred_on", "<=", "2024-12-31")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(duties.length - 1).toBe(Number(expected.n));
  });

  it("writes the report section with the dashboard's paragraph and tables", async () => {
    const section = zh.docx["年度统计/年度报告普法段落.docx"]!;
    const unit = await reachUnit(t.db, {
      scopePath: organiser.unitPath,
      unitId: xiangshan,
      ownUnitId: organiser.unitId,
    });
    const dashboard = await reachDashboard(t.db, { unit, period: yearPeriod(YEAR), now: NOW });
    const paragraph = paragraphText(dashboardParagraph("zh-CN", unit.name, dashboard));
    expect(section.paragraphs).toContain(paragraph);
    expect(section.paragraphs[0]).toBe("香山街道2024年普法工作情况");
    expect(section.tables.length).toBeGreaterThanOrEqual(5);
    const headline = section.tables[0]!;
    expect(headline[0]).toEqual(["指标", "2024年", "2023年"]);
    expect(headline.find((row) => row[0] === "活动场次")?.[1]).toBe(
      String(dashboard.current.events),
    );
    const english = en.docx["Year figures/Annual report section.docx"]!;
    const earlier = await reachDashboard(t.db, { unit, period: yearPeriod(EN_YEAR), now: NOW });
    expect(earlier.current.events).toBe(1);
    expect(english.paragraphs[0]).toBe(`Legal education in 香山街道, ${EN_YEAR}`);
    expect(english.paragraphs).toContain(
      paragraphText(dashboardParagraph("en", unit.name, earlier)),
    );
  });

  it("logs each download with its unit and year", async () => {
    const rows = await t.db
      .selectFrom("audit_log")
      .select(["actor_username", "target", "detail"])
      .where("action", "=", "ledger.export")
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ actor_username: "organiser", target: `unit:${xiangshan}` });
    expect(rows[0]!.detail).toMatch(/^year=2024 files=\d+ lang=zh-CN$/);
  });

  it("refuses a year with nothing in it, writes nothing and says so beside the year", async () => {
    const before = await auditCount("ledger.export");
    await expect(
      exportLedger(t.db, {
        actor: organiser,
        unitId: xiangshan,
        year: 2019,
        lang: "zh-CN",
        now: NOW,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT", messageKey: "ledger.error.empty", field: "year" });
    const hengjing = await withUnit("hengjing");
    await expect(
      exportLedger(t.db, { actor: hengjing, unitId: null, year: 2023, lang: "zh-CN", now: NOW }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await auditCount("ledger.export")).toBe(before);
    const full = await ledgerPage(t.db, {
      actor: organiser,
      params: new URLSearchParams({ unit: String(xiangshan), year: String(YEAR) }),
      now: NOW,
    });
    // The page counts as the dashboard does: 15 events, 84 法律明白人 on the roster.
    expect(full).toMatchObject({ errors: {}, found: { counts: { events: 15, learners: 84 } } });
    const page = await ledgerPage(t.db, {
      actor: organiser,
      params: new URLSearchParams({ unit: String(xiangshan), year: "2019" }),
      now: NOW,
    });
    expect(page).toMatchObject({ errors: { year: "ledger.error.empty" }, found: null });
    const bad = await ledgerPage(t.db, {
      actor: organiser,
      params: new URLSearchParams({ unit: String(xiangshan), year: "20x4" }),
      now: NOW,
    });
    expect(bad).toMatchObject({ errors: { year: "ledger.error.year" }, found: null });
    // Asked for no year, the page opens on the newest year that is over and holds something,
    // and on last year, said to be empty, when none of the last five does.
    const opened = await ledgerPage(t.db, {
      actor: organiser,
      params: new URLSearchParams({ unit: String(xiangshan) }),
      now: "2026-03-01T02:00:00.000Z",
    });
    expect(opened).toMatchObject({ errors: {}, year: YEAR, values: { year: String(YEAR) } });
    expect(opened.villageOnly === false && opened.found?.counts.events).toBe(15);
    const none = await ledgerPage(t.db, {
      actor: organiser,
      params: new URLSearchParams({ unit: String(xiangshan) }),
      now: "2016-03-01T02:00:00.000Z",
    });
    expect(none).toMatchObject({
      errors: { year: "ledger.error.empty" },
      year: 2015,
      values: { year: "2015" },
      found: null,
    });
  });

  it("refuses a village account, another sub-district and a district's own level", async () => {
    const before = await auditCount("ledger.export");
    const village = await withUnit("village");
    await expect(
      exportLedger(t.db, { actor: village, unitId: null, year: YEAR, lang: "zh-CN", now: NOW }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(
      await ledgerPage(t.db, { actor: village, params: new URLSearchParams(), now: NOW }),
    ).toMatchObject({ villageOnly: true });
    // A unit outside the caller's is answered as one that does not exist: 香山街道's id tells
    // 横泾街道 (or a village below 香山) nothing.
    const hengjing = await withUnit("hengjing");
    const notFound = { code: "NOT_FOUND", messageKey: "error.notFound.body" };
    for (const [actor, unitId] of [
      [hengjing, xiangshan],
      [hengjing, 9_999_999],
      [village, xiangshan],
    ] as const) {
      await expect(
        exportLedger(t.db, { actor, unitId, year: YEAR, lang: "zh-CN", now: NOW }),
      ).rejects.toMatchObject(notFound);
    }
    for (const unit of [xiangshan, 9_999_999]) {
      await expect(
        ledgerPage(t.db, {
          actor: hengjing,
          params: new URLSearchParams({ unit: String(unit), year: String(YEAR) }),
          now: NOW,
        }),
      ).rejects.toMatchObject(notFound);
    }
    const district = await withUnit("district");
    await expect(
      exportLedger(t.db, { actor: district, unitId: null, year: YEAR, lang: "zh-CN", now: NOW }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", field: "unit" });
    expect(await auditCount("ledger.export")).toBe(before);
    // A district account files for one of its sub-districts, and may read Xiangshan's.
    const official = await withUnit("official");
    const read = await exportLedger(t.db, {
      actor: official,
      unitId: xiangshan,
      year: YEAR,
      lang: "zh-CN",
      now: NOW,
    });
    read.body.destroy();
    const page = await ledgerPage(t.db, {
      actor: district,
      params: new URLSearchParams(),
      now: NOW,
    });
    expect(page).toMatchObject({ villageOnly: false });
    // The district itself is not offered: its sub-districts are, each one office's file.
    expect(page.villageOnly ? [] : page.units.map((unit) => unit.name).sort()).toEqual(
      ["横泾街道", "香山街道"].sort(),
    );
  });

  it("leaves out a photo deleted after the plan, from the zip and from its index", async () => {
    const year = 2022;
    const event = await heldEvent({
      host: "香山街道",
      title: "照片被删的讲座",
      startsAt: `${year}-06-01T01:00:00.000Z`,
    });
    await addPhoto(event, "kept-before");
    await addPhoto(event, "deleted");
    await addPhoto(event, "kept-after");
    const unit = await reachUnit(t.db, {
      scopePath: organiser.unitPath,
      unitId: xiangshan,
      ownUnitId: organiser.unitId,
    });
    const plan = await ledgerPlan(t.db, { unit, year, lang: "zh-CN", now: NOW });
    const folder = `普法活动/${year}-06-01 照片被删的讲座`;
    expect(plan.files.filter((file) => file.folder === folder).map((file) => file.name)).toEqual([
      "活动记录表.docx",
      "签到表.docx",
      "照片01.jpg",
      "照片02.jpg",
      "照片03.jpg",
    ]);
    // Deleted between the plan (what the zip will hold) and the moment the zip reads it.
    await t.db.deleteFrom("photo").where("content_hash", "=", `deleted-${event}`).execute();
    const read = await readZip(ledgerZip(plan, new Date(NOW)), "deleted-photo");
    expect(read.testzip).toBeNull();
    const names = read.entries.map((entry) => entry.name);
    expect(names.filter((name) => name.startsWith(`${folder}/`)).sort()).toEqual([
      `${folder}/活动记录表.docx`,
      `${folder}/照片01.jpg`,
      `${folder}/照片03.jpg`,
      `${folder}/签到表.docx`,
    ]);
    const index = read.xlsx["00-目录.xlsx"]!["目录"]!;
    const listed = index.slice(1).map(([, dir, name]) => (dir ? `${dir}/${name}` : name));
    expect(listed.sort()).toEqual([...names].sort());
    expect(index.slice(1).map(([number]) => number)).toEqual(
      names.map((_, position) => String(position + 1)),
    );
  });

  it("logs the report section's export", async () => {
    const unit = await reachUnit(t.db, {
      scopePath: organiser.unitPath,
      unitId: null,
      ownUnitId: organiser.unitId,
    });
    const dashboard = await reachDashboard(t.db, { unit, period: yearPeriod(YEAR), now: NOW });
    const file = await exportReportSection(t.db, {
      actor: organiser,
      unit,
      dashboard,
      lang: "en",
      now: NOW,
    });
    expect(file.body.subarray(0, 2).toString()).toBe("PK");
    const rows = await t.db
      .selectFrom("audit_log")
      .select(["detail"])
      .where("action", "=", "reach.section")
      .execute();
    expect(rows).toEqual([{ detail: "from=2024-01-01 to=2024-12-31 lang=en" }]);
  });
});

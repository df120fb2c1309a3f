// npm run bench:record: how long the 活动记录表 of a large event takes to build.
//
// On a fresh migrated database (SQLite, or PostgreSQL when TEST_PG_URL is set, as
// tests/support/with-postgres.js does): one held event with 300 check-ins and 4 photos at display
// size (1,600 × 1,200 JPEG of noise, about the bytes of a phone photo), then eventRecordDocx in
// Chinese ROUNDS times after one warm-up: median and slowest milliseconds, the file's size and the
// heap's growth. The last line is one JSON object.
import { createHash } from "node:crypto";
import sharp from "sharp";
import { eventRecordDocx } from "../../app/.server/documents/event-record";
import { signinSheetDocx } from "../../app/.server/documents/signin-sheet";
import { newEventCode } from "../../app/.server/events/events";
import { createTestDatabase } from "../support/database";

const ROUNDS = 10;
const CHECKINS = 300;
const PHOTOS = 4;

async function main() {
  const t = await createTestDatabase();
  try {
    const at = new Date().toISOString();
    const unit = await t.db
      .insertInto("admin_unit")
      .values({
        parent_id: null,
        level: "subdistrict",
        name: "香山街道",
        path: "/",
        created_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable("admin_unit")
      .set({ path: `/${unit.id}/` })
      .where("id", "=", unit.id)
      .execute();
    const starts = Date.now() - 3 * 3_600_000;
    const event = await t.db
      .insertInto("event")
      .values({
        code: newEventCode(),
        title: "送法进企业：劳动合同法讲座",
        format: "lecture",
        setting: "enterprise",
        campaign_id: null,
        host_unit_id: unit.id,
        village_id: null,
        venue: "香山工业园会议中心",
        starts_at: new Date(starts).toISOString(),
        ends_at: new Date(starts + 2 * 3_600_000).toISOString(),
        laws: "劳动合同法",
        speaker: "李律师",
        speaker_role: "lawyer",
        capacity: null,
        visibility: "public",
        description: null,
        status: "held",
        cancel_reason: null,
        estimated_crowd: 400,
        materials_handed_out: 500,
        consultations: 36,
        summary: "讲解劳动合同的订立、履行和解除，现场解答职工咨询。",
        qr_secret: "bench-secret",
        created_by: null,
        created_at: at,
        updated_at: at,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (let n = 0; n < CHECKINS; n++) {
      const name = `职工${String(n).padStart(3, "0")}`;
      const person = await t.db
        .insertInto("person")
        .values({
          phone: `138${String(10_000_000 + n).padStart(8, "0")}`,
          name,
          village_id: null,
          employer: "香山精密机械有限公司",
          audience_group: "enterprise_staff",
          consent_version: null,
          consented_at: null,
          created_at: at,
          updated_at: at,
          unit_id: unit.id,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto("checkin")
        .values({
          event_id: event.id,
          person_id: person.id,
          method: n % 10 === 0 ? "walk_in" : "self_scan",
          checked_in_at: new Date(starts + n * 1_000).toISOString(),
          recorded_by: null,
          consent_version: null,
          name,
          audience_group: "enterprise_staff",
          village_id: null,
          employer: "香山精密机械有限公司",
          ticket: null,
          device: null,
        })
        .execute();
    }
    for (let n = 0; n < PHOTOS; n++) {
      const display = await sharp({
        create: {
          width: 1600,
          height: 1200,
          channels: 3,
          background: { r: 40 * n, g: 120, b: 80 },
          noise: { type: "gaussian", mean: 128, sigma: 40 },
        },
      })
        .jpeg({ quality: 80 })
        .toBuffer();
      const thumb = await sharp(display).resize(320).jpeg().toBuffer();
      await t.db
        .insertInto("photo")
        .values({
          event_id: event.id,
          duty_entry_id: null,
          content_hash: createHash("sha256").update(display).digest("hex"),
          display,
          display_width: 1600,
          display_height: 1200,
          thumb,
          thumb_width: 320,
          thumb_height: 240,
          created_by: null,
          created_at: at,
        })
        .execute();
    }
    await eventRecordDocx(t.db, event.id, "zh-CN");
    const heapBefore = process.memoryUsage().heapUsed;
    const times: number[] = [];
    let bytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const start = performance.now();
      const file = await eventRecordDocx(t.db, event.id, "zh-CN");
      times.push(performance.now() - start);
      bytes = file.byteLength;
    }
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
    const sheetStart = performance.now();
    await signinSheetDocx(t.db, event.id, "zh-CN");
    const sheetMs = performance.now() - sheetStart;
    times.sort((a, b) => a - b);
    const figures = {
      dialect: t.dialect,
      checkins: CHECKINS,
      photos: PHOTOS,
      rounds: ROUNDS,
      medianMs: Math.round(times[Math.floor(ROUNDS / 2)]!),
      slowestMs: Math.round(times.at(-1)!),
      signinSheetMs: Math.round(sheetMs),
      fileKb: Math.round(bytes / 1024),
      heapGrowthMb: Math.round((heapGrowth / 1024 / 1024) * 10) / 10,
    };
    console.log(
      `event record, ${CHECKINS} check-ins and ${PHOTOS} photos on ${t.dialect}: median ${figures.medianMs} ms, slowest ${figures.slowestMs} ms, ${figures.fileKb} KB`,
    );
    console.log(JSON.stringify(figures));
  } finally {
    await t.destroy();
  }
}

await main();

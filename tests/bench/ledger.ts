// npm run bench:ledger: the year's 台账 of the demo's Xiangshan (2024) with its photos, built and
// streamed to a sink that throws the bytes away.
//
// Seeds the demo into a fresh SQLite file (a copy of the demo database, nothing shared), then makes
// sure Xiangshan's 2024 events and study sessions hold `--photos N` photos (200 unless said): the
// demo's own photos count, and generated display-size JPEGs (1,600 × 1,200, noisy like a phone
// photo, about 0.5 MB each) are added, spread over the events and sessions, until there are N.
// Then it builds the zip three times (`--runs N`) as the download does (exportLedger: plan, audit, stream)
// and pipes it into a null sink, timing each build, and sampling the process's resident set and
// V8 heap every 5 ms: the figures are the growth over what the process held before the build.
// The last line is one JSON object with the figures.
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import sharp from "sharp";
import { openDatabase, migrateToLatest, parseDatabaseUrl } from "../../db/connect";
import { seedDemo } from "../../db/seed";
import { exportLedger } from "../../app/.server/documents/ledger";

function photosWanted() {
  const at = process.argv.indexOf("--photos");
  const value = at === -1 ? 200 : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0 || value > 5000) {
    console.error("--photos takes a whole number from 0 to 5000");
    process.exit(2);
  }
  return value;
}

function runsWanted() {
  const at = process.argv.indexOf("--runs");
  const value = at === -1 ? 3 : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 1 || value > 10) {
    console.error("--runs takes a whole number from 1 to 10");
    process.exit(2);
  }
  return value;
}

const PHOTOS = photosWanted();
const RUNS = runsWanted();
const YEAR = 2024;
const MB = 1024 * 1024;

const file = join(tmpdir(), `pufa-bench-ledger-${process.pid}.db`);
const db = openDatabase(parseDatabaseUrl(file));

/** A few distinct photo-like JPEGs: noise compresses like a real scene, not like a flat colour. */
async function samplePhotos(count: number) {
  return Promise.all(
    Array.from({ length: count }, (_, index) =>
      sharp({
        create: {
          width: 1600,
          height: 1200,
          channels: 3,
          background: { r: 40 + index * 20, g: 120, b: 90 },
          noise: { type: "gaussian", mean: 110 + index * 5, sigma: 24 },
        },
      })
        .jpeg({ quality: 80 })
        .toBuffer(),
    ),
  );
}

async function fillPhotos() {
  const xiangshan = await db
    .selectFrom("admin_unit")
    .select(["id", "path"])
    .where("name", "=", "香山街道")
    .executeTakeFirstOrThrow();
  const events = await db
    .selectFrom("event")
    .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
    .select("event.id")
    .where("host.path", ">=", xiangshan.path)
    .where("host.path", "<", `${xiangshan.path.slice(0, -1)}0`)
    .where("event.status", "in", ["published", "held"])
    // Only what the ledger files: outreach events (public) and study sessions.
    .where((eb) =>
      eb.or([eb("event.visibility", "=", "public"), eb("event.study_kind", "is not", null)]),
    )
    .where("event.starts_at", ">=", "2023-12-31T16:00:00.000Z")
    .where("event.starts_at", "<", "2024-12-31T16:00:00.000Z")
    .orderBy("event.id")
    .execute();
  const have = await db
    .selectFrom("photo")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where(
      "event_id",
      "in",
      events.map((e) => e.id),
    )
    .executeTakeFirstOrThrow();
  const missing = Math.max(0, PHOTOS - Number(have.n));
  const samples = await samplePhotos(8);
  const stamp = new Date().toISOString();
  for (let index = 0; index < missing; index += 1) {
    const data = samples[index % samples.length]!;
    await db
      .insertInto("photo")
      .values({
        event_id: events[index % events.length]!.id,
        duty_entry_id: null,
        content_hash: `bench-${index}`,
        display: data,
        display_width: 1600,
        display_height: 1200,
        thumb: data,
        thumb_width: 320,
        thumb_height: 240,
        created_by: null,
        created_at: stamp,
      })
      .execute();
  }
  const photoBytes = samples.reduce((sum, s) => sum + s.length, 0) / samples.length;
  return {
    unit: xiangshan.id,
    events: events.length,
    demoPhotos: Number(have.n),
    added: missing,
    photoKb: Math.round(photoBytes / 1024),
  };
}

async function buildOnce(input: {
  unit: number;
  actor: { id: number; username: string; unitPath: string; unitId: number };
}) {
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  let peakBuffers = before.arrayBuffers;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakBuffers = Math.max(peakBuffers, now.arrayBuffers);
  }, 5);
  let bytes = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const ledger = await exportLedger(db, {
    actor: { ...input.actor, role: "organiser", ip: null },
    unitId: input.unit,
    year: YEAR,
    lang: "zh-CN",
    now: new Date().toISOString(),
  });
  await pipeline(
    ledger.body,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        done();
      },
    }),
  );
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  const after = process.memoryUsage();
  peakRss = Math.max(peakRss, after.rss);
  peakHeap = Math.max(peakHeap, after.heapUsed);
  peakBuffers = Math.max(peakBuffers, after.arrayBuffers);
  return {
    ms: Math.round(ms),
    // CPU time of this process: on a shared machine it says more than the wall clock.
    cpuMs: Math.round((used.user + used.system) / 1000),
    files: ledger.files.length,
    zipMb: Math.round((bytes / MB) * 10) / 10,
    rssGrowthMb: Math.round(((peakRss - before.rss) / MB) * 10) / 10,
    heapGrowthMb: Math.round(((peakHeap - before.heapUsed) / MB) * 10) / 10,
    buffersGrowthMb: Math.round(((peakBuffers - before.arrayBuffers) / MB) * 10) / 10,
  };
}

try {
  await migrateToLatest(db);
  await seedDemo(db);
  const filled = await fillPhotos();
  const staff = await db
    .selectFrom("staff_user")
    .innerJoin("admin_unit", "admin_unit.id", "staff_user.unit_id")
    .select(["staff_user.id", "staff_user.username", "admin_unit.path", "staff_user.unit_id"])
    .where("username", "=", "organiser")
    .executeTakeFirstOrThrow();
  const actor = {
    id: staff.id,
    username: staff.username,
    unitPath: staff.path,
    unitId: staff.unit_id,
  };
  const runs = [];
  for (let run = 0; run < RUNS; run += 1) {
    const result = await buildOnce({ unit: filled.unit, actor });
    runs.push(result);
    console.log(
      `run ${run + 1}: ${result.files} files, ${result.zipMb} MB in ${result.ms} ms ` +
        `(${result.cpuMs} ms CPU); ` +
        `peak growth RSS ${result.rssGrowthMb} MB, heap ${result.heapGrowthMb} MB, ` +
        `buffers ${result.buffersGrowthMb} MB`,
    );
  }
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  console.log(
    JSON.stringify({
      year: YEAR,
      photos: filled.demoPhotos + filled.added,
      demoPhotos: filled.demoPhotos,
      photoKb: filled.photoKb,
      files: runs[0]!.files,
      zipMb: runs[0]!.zipMb,
      medianMs: sorted[Math.floor(sorted.length / 2)]!.ms,
      runsMs: runs.map((r) => r.ms),
      runsCpuMs: runs.map((r) => r.cpuMs),
      maxRssGrowthMb: Math.max(...runs.map((r) => r.rssGrowthMb)),
      maxHeapGrowthMb: Math.max(...runs.map((r) => r.heapGrowthMb)),
      maxBuffersGrowthMb: Math.max(...runs.map((r) => r.buffersGrowthMb)),
    }),
  );
} finally {
  await db.destroy();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
}

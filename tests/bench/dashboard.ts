// npm run bench:dashboard: the officials' dashboard over a big district.
//
// Fills a fresh database with a district of 8 sub-districts and 104 villages, 100,000 people,
// 20,000 events over two years and 1,000,000 check-ins (a tenth of the events internal, half of
// those trainings and a third of those cadre study sessions with invitations), 7 法律明白人 a
// village with 30 duty entries each, 20 cadres and a study plan a sub-district. `--checkins N`
// sets the check-ins (10000000 for the issue's ten million): the events stay 20,000 (an office
// does not hold more events because it keeps more years), each has N / 20,000 check-ins, and the
// people are N / 10 (at least 100,000). The rows go in as a bulk load; the reach roll-ups are
// then built by the refresh the servers run, and that build is timed too. Then it times the
// dashboard's figures for a year and one sub-district, and for the whole district with its
// sub-districts side by side (server time: the domain functions the page calls, after one
// warm-up run; the median of five). SQLite by default; on PostgreSQL when DATABASE_URL says
// postgres://, or with --pg on a throwaway server (tests/support/with-postgres.js); PostgreSQL
// is vacuumed after the load, as its autovacuum would be by the time anyone reads.
// The last line is one JSON object with the figures.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import SQLite from "better-sqlite3";
import type { Kysely } from "kysely";
import { sql } from "kysely";
import pg from "pg";
import { migrateToLatest, openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import {
  audienceGroups,
  dutyKinds,
  eventFormats,
  eventSettings,
  studyKinds,
} from "../../db/schema";
import { daysPeriod, yearPeriod } from "../../app/lib/reach-period";
import { reachDashboard } from "../../app/.server/reach/dashboard";
import { outreachFigures } from "../../app/.server/reach/outreach";
import { refreshReach } from "../../app/.server/reach/rollup";
import { reachUnits } from "../../app/.server/reach/units";

function checkinsWanted() {
  const at = process.argv.indexOf("--checkins");
  const value = at === -1 ? 1_000_000 : Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 20_000) {
    console.error("--checkins takes a whole number of at least 20000");
    process.exit(2);
  }
  return value;
}

const CHECKINS = checkinsWanted();
const SIZES = {
  subdistricts: 8,
  villagesPerSubdistrict: 13,
  people: Math.max(100_000, Math.round(CHECKINS / 10)),
  events: 20_000,
  checkins: CHECKINS,
  legalSavvyPerVillage: 7,
  dutiesPerLegalSavvy: 30,
  cadresPerSubdistrict: 20,
};
/** The issue's budgets: a sub-district's year, and the whole district's. */
const TARGETS = { subdistrict_ms: 100, district_ms: 300 };
const RUNS = 5;

if (process.argv.includes("--pg") && !process.env.TEST_PG_URL) {
  // Run again under a throwaway PostgreSQL server, which sets TEST_PG_URL. Named in full: under
  // vite-node, process.argv does not say how to start this script again.
  const again = spawnSync(
    "node",
    [
      "tests/support/with-postgres.js",
      "npx",
      "vite-node",
      "tests/bench/dashboard.ts",
      "--",
      "--checkins",
      String(CHECKINS),
      ...(process.argv.includes("--keep") ? ["--keep"] : []),
    ],
    { stdio: "inherit", env: process.env },
  );
  process.exit(again.status ?? 1);
}

/** A small deterministic generator: the same data every run. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

type Rows = {
  units: { id: number; parent_id: number | null; level: string; name: string; path: string }[];
  people: unknown[][];
  events: unknown[][];
  audience: unknown[][];
  /** Made as they are loaded: ten million rows would not fit in memory at once. */
  checkins: { count: number; rows: () => Generator<unknown[]> };
  legalSavvy: unknown[][];
  duties: unknown[][];
  cadres: unknown[][];
  invitations: unknown[][];
  plans: unknown[][];
};

/** The whole dataset as rows, in the columns the bulk inserts below name. */
function makeRows(): Rows {
  const random = generator(20261129);
  const stamp = "2024-01-01T00:00:00.000Z";
  const units: Rows["units"] = [
    { id: 1, parent_id: null, level: "district", name: "区", path: "/1/" },
  ];
  const villagesOf = new Map<number, number[]>();
  let nextId = 2;
  for (let s = 0; s < SIZES.subdistricts; s++) {
    const sid = nextId++;
    units.push({
      id: sid,
      parent_id: 1,
      level: "subdistrict",
      name: `街道${s + 1}`,
      path: `/1/${sid}/`,
    });
    const villages: number[] = [];
    for (let v = 0; v < SIZES.villagesPerSubdistrict; v++) {
      const vid = nextId++;
      units.push({
        id: vid,
        parent_id: sid,
        level: "village",
        name: `村${s + 1}-${v + 1}`,
        path: `/1/${sid}/${vid}/`,
      });
      villages.push(vid);
    }
    villagesOf.set(sid, villages);
  }
  const subdistricts = [...villagesOf.keys()];

  const people: unknown[][] = [];
  const peopleOf = new Map<number, number[]>(subdistricts.map((sid) => [sid, []]));
  const residentsOf = new Map<number, number[]>();
  for (let id = 1; id <= SIZES.people; id++) {
    const sid = subdistricts[id % subdistricts.length]!;
    const village = villagesOf.get(sid)![random.int(SIZES.villagesPerSubdistrict)]!;
    const group = audienceGroups[random.int(audienceGroups.length)]!;
    // Held by its sub-district (person.unit_id), as a check-in there files a resident.
    people.push([id, `138${String(id).padStart(8, "0")}`, `居民${id}`, village, group, stamp, sid]);
    peopleOf.get(sid)!.push(id);
    if (!residentsOf.has(village)) residentsOf.set(village, []);
    residentsOf.get(village)!.push(id);
  }

  // The first residents of each village are its 法律明白人; each logs duties over the two years.
  const legalSavvy: unknown[][] = [];
  const duties: unknown[][] = [];
  for (const [village, residents] of residentsOf) {
    for (const person of residents.slice(0, SIZES.legalSavvyPerVillage)) {
      const id = legalSavvy.length + 1;
      legalSavvy.push([id, person, village, "mediator", "2022-01-01", "active", stamp, stamp]);
      for (let k = 0; k < SIZES.dutiesPerLegalSavvy; k++) {
        const day = new Date(Date.parse("2024-01-01") + random.int(730) * 86_400_000)
          .toISOString()
          .slice(0, 10);
        const kind = dutyKinds[random.int(dutyKinds.length)]!;
        const resolved = kind === "dispute" ? (random.next() < 0.9 ? 1 : 0) : null;
        const status = random.next() < 0.95 ? "confirmed" : "pending";
        duties.push([
          id,
          village,
          day,
          kind,
          "村民",
          "走访",
          resolved,
          status,
          "staff",
          stamp,
          stamp,
        ]);
      }
    }
  }
  // The last residents of each sub-district are its cadres.
  const cadres: unknown[][] = [];
  for (const sid of subdistricts) {
    for (const person of peopleOf.get(sid)!.slice(-SIZES.cadresPerSubdistrict)) {
      cadres.push([cadres.length + 1, person, sid, "科员", "active", stamp, stamp]);
    }
  }
  const plans: unknown[][] = subdistricts.flatMap((sid) =>
    [2024, 2025].flatMap((year) =>
      [1, 2, 3, 4].flatMap((quarter) => studyKinds.map((kind) => [sid, year, quarter, kind, 1])),
    ),
  );

  const events: unknown[][] = [];
  const audience: unknown[][] = [];
  const checkinPlan: { id: number; pool: number[]; count: number; offset: number; at: string }[] =
    [];
  const invitations: unknown[][] = [];
  const perEvent = SIZES.checkins / SIZES.events;
  const yearStart = Date.parse("2024-01-01T00:00:00+08:00");
  const twoYears = 2 * 365 * 86_400_000;
  for (let id = 1; id <= SIZES.events; id++) {
    const sid = subdistricts[random.int(subdistricts.length)]!;
    const village =
      random.next() < 0.75 ? villagesOf.get(sid)![random.int(SIZES.villagesPerSubdistrict)]! : null;
    const startsMs = yearStart + Math.floor(random.next() * twoYears);
    const startsAt = new Date(startsMs).toISOString();
    const endsAt = new Date(startsMs + 2 * 3_600_000).toISOString();
    const roll = random.next();
    const status = roll < 0.85 ? "held" : roll < 0.95 ? "published" : "cancelled";
    const visibility = random.next() < 0.9 ? "public" : "internal";
    const training = visibility === "internal" && random.next() < 0.5 ? 1 : 0;
    const studyKind =
      training === 1 && random.next() < 0.33 ? studyKinds[random.int(studyKinds.length)]! : null;
    events.push([
      id,
      `B${String(id).padStart(7, "0")}`,
      `活动${id}`,
      eventFormats[random.int(eventFormats.length)],
      eventSettings[random.int(eventSettings.length)],
      sid,
      village,
      startsAt,
      endsAt,
      visibility,
      status,
      random.next() < 0.3 ? 50 + random.int(500) : null,
      random.int(300),
      random.int(40),
      training,
      studyKind,
    ]);
    audience.push([id, audienceGroups[random.int(audienceGroups.length)]]);
    // Exactly SIZES.checkins in all: every event gets its share, people of its sub-district.
    const pool = peopleOf.get(sid)!;
    const count = Math.round(perEvent * id) - Math.round(perEvent * (id - 1));
    const offset = random.int(pool.length);
    checkinPlan.push({ id, pool, count, offset, at: startsAt });
    if (studyKind) {
      for (let k = 0; k < count; k++) {
        invitations.push([id, pool[(offset + k * 7) % pool.length]!, startsAt]);
      }
    }
    // A study session also invited five who did not come.
    if (studyKind) {
      for (let k = 1; k <= 5; k++) {
        invitations.push([id, pool[(offset + (count + k) * 7) % pool.length]!, startsAt]);
      }
    }
  }
  function* checkinRows() {
    for (const { id, pool, count, offset, at } of checkinPlan) {
      for (let k = 0; k < count; k++) {
        const person = pool[(offset + k * 7) % pool.length]!;
        const group = audienceGroups[(person + id) % audienceGroups.length];
        yield [id, person, at, `居民${person}`, group, null];
      }
    }
  }
  return {
    units,
    people,
    events,
    audience,
    checkins: { count: SIZES.checkins, rows: checkinRows },
    legalSavvy,
    duties,
    cadres,
    invitations,
    plans,
  };
}

const columns = {
  person: [
    "id",
    "phone",
    "name",
    "village_id",
    "audience_group",
    "created_at",
    "unit_id",
    "updated_at",
  ],
  event: [
    "id",
    "code",
    "title",
    "format",
    "setting",
    "host_unit_id",
    "village_id",
    "starts_at",
    "ends_at",
    "visibility",
    "status",
    "estimated_crowd",
    "materials_handed_out",
    "consultations",
    "training",
    "study_kind",
    "venue",
    "qr_secret",
    "created_at",
    "updated_at",
  ],
  event_audience: ["event_id", "audience_group"],
  checkin: [
    "event_id",
    "person_id",
    "checked_in_at",
    "name",
    "audience_group",
    "employer",
    "method",
  ],
  legal_savvy: [
    "id",
    "person_id",
    "village_id",
    "category",
    "recognised_on",
    "status",
    "created_at",
    "updated_at",
  ],
  duty_entry: [
    "legal_savvy_id",
    "village_id",
    "occurred_on",
    "kind",
    "served",
    "content",
    "dispute_resolved",
    "status",
    "source",
    "created_at",
    "updated_at",
  ],
  cadre: ["id", "person_id", "unit_id", "position", "status", "created_at", "updated_at"],
  event_invitation: ["event_id", "person_id", "added_at"],
  study_plan: ["unit_id", "year", "quarter", "study_kind", "planned"],
};

function* withMethod(rows: Iterable<unknown[]>) {
  for (const row of rows) yield [...row, "self_scan"];
}

function fullRows(rows: Rows): Record<string, Iterable<unknown[]>> {
  return {
    person: rows.people.map((r) => [...r, r[5]]),
    event: rows.events.map((r) => [...r, "会场", "bench", r[7], r[7]]),
    event_audience: rows.audience,
    checkin: withMethod(rows.checkins.rows()),
    legal_savvy: rows.legalSavvy,
    duty_entry: rows.duties,
    cadre: rows.cadres,
    event_invitation: rows.invitations,
    study_plan: rows.plans,
  };
}

function loadSqlite(file: string, rows: Rows) {
  const raw = new SQLite(file);
  raw.pragma("journal_mode = WAL");
  const insertAll = raw.transaction(() => {
    const unit = raw.prepare(
      "insert into admin_unit (id, parent_id, level, name, path, created_at) values (?, ?, ?, ?, ?, ?)",
    );
    for (const u of rows.units) unit.run(u.id, u.parent_id, u.level, u.name, u.path, "2024-01-01");
    for (const [table, data] of Object.entries(fullRows(rows))) {
      const names = columns[table as keyof typeof columns];
      const insert = raw.prepare(
        `insert into ${table} (${names.join(", ")}) values (${names.map(() => "?").join(", ")})`,
      );
      for (const row of data) insert.run(...row);
    }
  });
  insertAll();
  raw.pragma("optimize");
  raw.exec("analyze");
  raw.close();
}

function* chunks(rows: Iterable<unknown[]>, size: number) {
  let part: unknown[][] = [];
  for (const row of rows) {
    part.push(row);
    if (part.length === size) {
      yield part;
      part = [];
    }
  }
  if (part.length > 0) yield part;
}

async function loadPostgres(url: string, rows: Rows) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("begin");
  for (const u of rows.units) {
    await client.query(
      "insert into admin_unit (id, parent_id, level, name, path, created_at) values ($1, $2, $3, $4, $5, $6)",
      [u.id, u.parent_id, u.level, u.name, u.path, "2024-01-01"],
    );
  }
  for (const [table, data] of Object.entries(fullRows(rows))) {
    const names = columns[table as keyof typeof columns];
    for (const part of chunks(data, table === "checkin" ? 10_000 : 2_000)) {
      if (table === "checkin") {
        // One array a column: ten million rows in a minute or two, where a VALUES list of
        // parameters takes many.
        const types = ["int", "int", "text", "text", "text", "text", "text"];
        await client.query(
          `insert into checkin (${names.join(", ")})
             select * from unnest(${types.map((type, c) => `$${c + 1}::${type}[]`).join(", ")})`,
          names.map((_, c) => part.map((row) => row[c])),
        );
        continue;
      }
      const values = part
        .map((_, r) => `(${names.map((_, c) => `$${r * names.length + c + 1}`).join(", ")})`)
        .join(", ");
      await client.query(
        `insert into ${table} (${names.join(", ")}) values ${values}`,
        part.flat(),
      );
    }
  }
  for (const table of [
    "admin_unit",
    "person",
    "event",
    "checkin",
    "legal_savvy",
    "duty_entry",
    "cadre",
  ]) {
    await client.query(
      `select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`,
    );
  }
  await client.query("commit");
  await client.end();
}

/** When the dashboards are read: both years of events are over. */
const NOW = "2026-01-01T00:00:00.000Z";

/**
 * The people reached as the roll-up gives them and as counting the check-ins does (a period of
 * hand-chosen days, the same year, is counted from the rows): they must agree.
 */
async function checkAgainstRows(db: Kysely<Database>, unitId: number, people: number) {
  const unit = await db
    .selectFrom("admin_unit")
    .select(["id", "name", "level", "path", "created_at as createdAt"])
    .where("id", "=", unitId)
    .executeTakeFirstOrThrow();
  const units = await reachUnits(db, { scopePath: unit.path });
  const counted = await outreachFigures(db, {
    scopePath: unit.path,
    period: daysPeriod("2024-01-01", "2024-12-31"),
    now: NOW,
    units,
  });
  if (counted.uniquePeople !== people) {
    throw new Error(`unit ${unitId}: roll-up ${people} people, rows ${counted.uniquePeople}`);
  }
}

/**
 * What the refresh costs in use: 10,000 new check-ins at 20 of the held events (people of another
 * sub-district, so none is there yet), then one refresh files them. Returns its milliseconds.
 */
async function timeRefresh(db: Kysely<Database>) {
  const events = await db
    .selectFrom("event")
    .select(["id", "host_unit_id", "starts_at"])
    .where("visibility", "=", "public")
    .where("status", "=", "held")
    .orderBy("id")
    .limit(20)
    .execute();
  const rows = events.flatMap((event, e) =>
    Array.from({ length: 500 }, (_, k) => {
      // makeRows puts person p in the (p % 8)th sub-district, whose id is 2 + 14 times that.
      const other = ((event.host_unit_id - 2) / 14 + 1) % SIZES.subdistricts;
      const person = (e * 500 + k + 1) * SIZES.subdistricts + other;
      return {
        event_id: event.id,
        person_id: person,
        checked_in_at: event.starts_at,
        name: `居民${person}`,
        audience_group: "villager" as const,
        method: "self_scan" as const,
      };
    }),
  );
  for (let i = 0; i < rows.length; i += 1_000) {
    await db
      .insertInto("checkin")
      .values(rows.slice(i, i + 1_000))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const started = performance.now();
  await refreshReach(db, NOW);
  return Math.round(performance.now() - started);
}

/** The whole dashboard (the period and the one before it), as the page asks for it. */
async function time(db: Kysely<Database>, unitId: number) {
  const unit = await db
    .selectFrom("admin_unit")
    .select(["id", "name", "level", "path", "created_at as createdAt"])
    .where("id", "=", unitId)
    .executeTakeFirstOrThrow();
  const input = { unit, period: yearPeriod(2024), now: NOW };
  await reachDashboard(db, input);
  const runs: number[] = [];
  let dashboard;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    dashboard = await reachDashboard(db, input);
    runs.push(performance.now() - started);
  }
  runs.sort((a, b) => a - b);
  return {
    ms: Math.round(runs[Math.floor(RUNS / 2)]! * 10) / 10,
    figures: dashboard!.current,
    learners: dashboard!.learners.current,
    cadres: dashboard!.cadres.current,
    subdistricts: dashboard!.subdistricts?.rows.length ?? 0,
  };
}

/** --reuse URL: a database a run left with --keep, timed again without loading it again. */
function reused() {
  const at = process.argv.indexOf("--reuse");
  return at === -1 ? undefined : process.argv[at + 1];
}

async function main() {
  const pgUrl =
    process.env.TEST_PG_URL ??
    (process.env.DATABASE_URL?.startsWith("postgres") ? process.env.DATABASE_URL : undefined);
  const reuse = reused();
  const dialect = (reuse ?? pgUrl ?? "").startsWith("postgres") ? "postgres" : "sqlite";
  const keep = process.argv.includes("--keep");
  let url: string;
  let cleanUp = async () => {};
  if (reuse) {
    url = reuse;
  } else if (pgUrl) {
    const name = `pufa_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const target = new URL(pgUrl);
    target.pathname = `/${name}`;
    url = target.toString();
    cleanUp = async () => {
      if (keep) return console.log(`kept ${url}`);
      const dropper = new pg.Client({ connectionString: pgUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    };
  } else {
    url = join(tmpdir(), `pufa-bench-${process.pid}.db`);
    // --keep leaves the database, to look at the query plans or time it again with --reuse.
    cleanUp = async () => {
      if (keep) return console.log(`kept ${url}`);
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${url}${suffix}`, { force: true });
    };
  }
  const db = openDatabase(parseDatabaseUrl(url));
  try {
    let loadS = 0;
    let rollupS = 0;
    let checkins = SIZES.checkins;
    if (reuse) {
      // Migrations that came since the database was kept (an index, say) apply first.
      await migrateToLatest(db);
      const row = await db
        .selectFrom("checkin")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow();
      checkins = Number(row.n);
      console.log(`${dialect}: timing again a database of ${checkins} check-ins`);
    } else {
      await migrateToLatest(db);
      const started = performance.now();
      const rows = makeRows();
      if (dialect === "sqlite") loadSqlite(url, rows);
      else await loadPostgres(url, rows);
      loadS = Math.round((performance.now() - started) / 100) / 10;
      console.log(
        `${dialect}: loaded ${rows.checkins.count} check-ins, ${rows.events.length} events, ${rows.people.length} people in ${loadS} s`,
      );
      const building = performance.now();
      const filed = await refreshReach(db, NOW);
      rollupS = Math.round((performance.now() - building) / 100) / 10;
      console.log(`roll-ups built by the refresh: ${filed} events in ${rollupS} s`);
      await sql`${sql.raw(dialect === "sqlite" ? "analyze" : "vacuum analyze")}`.execute(db);
    }
    const subdistrict = await time(db, 2);
    const district = await time(db, 1);
    await checkAgainstRows(db, 2, subdistrict.figures.uniquePeople);
    await checkAgainstRows(db, 1, district.figures.uniquePeople);
    // A second look leaves the database as it was: no check-ins added.
    const refreshMs = reuse ? null : await timeRefresh(db);
    console.log(
      `sub-district, 2024: ${subdistrict.ms} ms (${subdistrict.figures.events} events, ${subdistrict.figures.attendance.checkins} check-ins, ${subdistrict.figures.uniquePeople} people)`,
    );
    console.log(
      `  法律明白人 ${subdistrict.learners.onRoster}, ${subdistrict.learners.duties} duties, ${subdistrict.learners.belowHours.length} below hours; ${subdistrict.cadres.held} study sessions, attendance ${subdistrict.cadres.rate}%`,
    );
    console.log(
      `district, 2024: ${district.ms} ms (${district.figures.events} events, ${district.figures.attendance.checkins} check-ins, ${district.figures.uniquePeople} people; ${district.subdistricts} sub-districts side by side)`,
    );
    if (refreshMs !== null) {
      console.log(`a refresh after 10,000 new check-ins at 20 held events: ${refreshMs} ms`);
    }
    console.log(
      JSON.stringify({
        dialect,
        checkins,
        subdistrict_ms: subdistrict.ms,
        district_ms: district.ms,
        targets: TARGETS,
        load_s: loadS,
        rollup_build_s: rollupS,
        refresh_10k_ms: refreshMs,
      }),
    );
  } finally {
    await db.destroy();
    await cleanUp();
  }
}

await main();

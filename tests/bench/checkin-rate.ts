// npm run bench:checkin-rate: what the check-in rate limit costs per check-in now that it is
// counted in the database (issue 17 item 1), on SQLite and, with TEST_PG_URL (node
// tests/support/with-postgres.js npm run bench:checkin-rate), on PostgreSQL too: CPU of this
// process and wall time per takeCheckinSlot, one request after another, and 64 at once, each
// from its own address at one of 20 events. The last line is one JSON object with the figures.
import { takeCheckinSlot } from "../../app/.server/checkin/rate-limit";
import { createTestDatabase } from "../support/database";

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const limits = { perIp: 1_000_000_000, perEvent: 1_000_000_000 };
const events = Array.from({ length: 20 }, (_, i) => `bench${String.fromCharCode(97 + i)}aa`);

async function measure(label: string, concurrency: number) {
  const t = await createTestDatabase();
  try {
    // Warm-up: statements prepared, pool connections open.
    for (let i = 0; i < 500; i++) {
      await takeCheckinSlot(t.db, { ip: `10.9.${i % 250}.1`, event: events[i % 20]! }, limits);
    }
    let next = 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < CALLS) {
          const i = next++;
          const ip = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
          await takeCheckinSlot(t.db, { ip, event: events[i % 20]! }, limits);
        }
      }),
    );
    const wallMs = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const result = {
      database: t.dialect,
      concurrency,
      calls: CALLS,
      per_s: Math.round((CALLS / wallMs) * 1000),
      wall_us_per_call: Math.round((wallMs * 1000) / CALLS),
      cpu_us_per_call: Math.round((used.user + used.system) / CALLS),
    };
    console.log(
      `${label}: ${result.per_s}/s, ${result.wall_us_per_call} µs wall and ${result.cpu_us_per_call} µs of this process's CPU per check-in`,
    );
    return result;
  } finally {
    await t.destroy();
  }
}

const dialect = process.env.TEST_PG_URL ? "PostgreSQL" : "SQLite";
const results = [
  await measure(`${dialect}, one at a time`, 1),
  await measure(`${dialect}, 64 at once`, 64),
];
console.log(JSON.stringify(results));

// npm run bench:test-db: what a test file pays for its database before its first test, the way
// the suite made it before (migrate, then seed the demo) and the way it makes it now (a copy of
// the run's template, tests/support/templates.ts), on SQLite and, with TEST_PG_URL (node
// tests/support/with-postgres.js npm run bench:test-db), on PostgreSQL. The two ways alternate,
// so a machine that gets busier slows both alike. Median wall time of ROUNDS each; the last line
// is one JSON object with the figures.
import { createTestDatabase, makeTemplates, TEMPLATES_ENV } from "../support/database";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function timed(make: () => ReturnType<typeof createTestDatabase>) {
  const started = performance.now();
  const t = await make();
  const ms = performance.now() - started;
  await t.destroy();
  return ms;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]!);
};

const { templates, remove } = await makeTemplates();
process.env[TEMPLATES_ENV] = JSON.stringify(templates);
const ways = {
  migrated_before: () => createTestDatabase({ template: false }),
  migrated_now: () => createTestDatabase(),
  demo_before: () => createTestDatabase({ demo: true, template: false }),
  demo_now: () => createTestDatabase({ demo: true }),
};
const times: Record<string, number[]> = {};
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [way, make] of Object.entries(ways)) (times[way] ??= []).push(await timed(make));
  }
} finally {
  await remove();
}
const result = {
  database: process.env.TEST_PG_URL ? "postgres" : "sqlite",
  rounds: ROUNDS,
  ...Object.fromEntries(Object.entries(times).map(([way, ms]) => [`${way}_ms`, median(ms)])),
};
for (const [way, ms] of Object.entries(times)) {
  console.log(`${way.padEnd(16)} median ${median(ms)} ms (${ms.map(Math.round).join(", ")})`);
}
console.log(JSON.stringify(result));

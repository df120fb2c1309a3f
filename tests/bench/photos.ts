import { performance } from "node:perf_hooks";
import sharp from "sharp";
import { processPhoto } from "../../app/.server/photos/process";
import { hasGps, phonePhoto } from "../support/photos";

// The photo budget (issue 19 item 1): a 12-megapixel phone photo (4000 x 3000 JPEG with EXIF
// orientation and a GPS position) is checked, decoded, turned upright, stripped and kept at two
// sizes in under a second on this machine. Prints the median and p95 of several runs, and how
// much the heap and the resident set grew over them. `npm run bench:photos [-- --runs N]`.

const runsArg = process.argv.indexOf("--runs");
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 15;
const BUDGET_MS = 1000;

const input = await phonePhoto(4000, 3000);
const meta = await sharp(input).metadata();
if (meta.orientation !== 6 || !hasGps(meta.exif)) throw new Error("the input lacks its EXIF");
console.log(
  `input: ${meta.width} x ${meta.height} JPEG, ${(input.length / 1024 / 1024).toFixed(1)} MB, orientation ${meta.orientation}, GPS`,
);

// One run to load libvips and warm its caches, not counted.
const first = await processPhoto(input);
if (!first.ok) throw new Error(`refused: ${first.error}`);
const out = await sharp(first.photo.display).metadata();
if (out.exif || out.width !== 1200 || out.height !== 1600) throw new Error("output not as kept");

global.gc?.();
const heap0 = process.memoryUsage().heapUsed;
const rss0 = process.memoryUsage().rss;
const times: number[] = [];
let rssPeak = rss0;
for (let i = 0; i < RUNS; i++) {
  const started = performance.now();
  const result = await processPhoto(input);
  times.push(performance.now() - started);
  if (!result.ok) throw new Error(`refused: ${result.error}`);
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
}
global.gc?.();
const heap1 = process.memoryUsage().heapUsed;
const rss1 = process.memoryUsage().rss;

times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
console.log(`runs: ${RUNS}`);
console.log(
  `median: ${at(0.5).toFixed(0)} ms, p95: ${at(0.95).toFixed(0)} ms (budget ${BUDGET_MS} ms)`,
);
console.log(
  `display: ${first.photo.displayWidth} x ${first.photo.displayHeight}, ${(first.photo.display.length / 1024).toFixed(0)} KB; thumb ${first.photo.thumbWidth} x ${first.photo.thumbHeight}, ${(first.photo.thumb.length / 1024).toFixed(0)} KB`,
);
console.log(
  `heap growth: ${mb(heap1 - heap0)}; RSS growth: ${mb(rss1 - rss0)} (peak ${mb(rssPeak - rss0)} above the start)`,
);
if (at(0.95) > BUDGET_MS) {
  console.log("over budget");
  process.exitCode = 1;
}

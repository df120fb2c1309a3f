// What a link-preview card costs: drawing one (cold and warm), and a crawler burst for one card
// (every request after the first is served from the kept card). Run: npm run bench:card
import { performance } from "node:perf_hooks";
import type { Card } from "../../app/.server/previews/card";
import { cachedCard, drawCard } from "../../app/.server/previews/card";

const card = (n: number): Card => ({
  kicker: "普法活动 · 法治讲座",
  title: `民法典进村讲座：婚姻家庭编与继承编要点解读 ${n}`,
  lines: ["2030年3月15日 周五 14:00–16:00", "村委会二楼会议室（渔帆村）"],
  footer: "普法",
});

let start = performance.now();
const first = await drawCard(card(0));
console.log(`first card (fonts loading): ${(performance.now() - start).toFixed(0)} ms`);

const times: number[] = [];
for (let n = 1; n <= 20; n++) {
  start = performance.now();
  await drawCard(card(n));
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
console.log(
  `20 different cards: median ${times[10]?.toFixed(1)} ms, slowest ${times[19]?.toFixed(1)} ms, ${first.length} bytes each (about)`,
);

let drawn = 0;
start = performance.now();
await Promise.all(
  Array.from({ length: 500 }, () =>
    cachedCard("burst", () => {
      drawn++;
      return card(99);
    }),
  ),
);
console.log(
  `a burst of 500 requests for one card: ${drawn} drawing, ${(performance.now() - start).toFixed(0)} ms in all`,
);

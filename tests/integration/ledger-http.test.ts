import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { createTestDatabase } from "../support/database";
import { unitId } from "../support/demo";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// The year's 台账 over HTTP, on SQLite and PostgreSQL: one process builds one at a time. A
// second asked while the first is streaming goes back to the page, which asks to try again
// shortly, and nothing is logged for it; once the first download ends (here: the client cancels
// it), the next one is built. Another sub-district's unit is answered as a unit that does not
// exist, by the ledger and by the report section.

vi.setConfig({ testTimeout: 120_000 });

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let organiser: Browser;

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startServer({ databaseUrl: t.url });
  organiser = new Browser(server.baseUrl);
  await organiser.logIn("organiser");
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

const exports = async () =>
  (await t.db.selectFrom("audit_log").select("id").where("action", "=", "ledger.export").execute())
    .length;

it("answers 横泾街道 for 香山街道's unit exactly as for a unit that does not exist", async () => {
  const hengjing = new Browser(server.baseUrl);
  await hengjing.logIn("hengjing");
  // The welcome shown once after logging in goes first. Each page has its own script nonce and
  // request id, and repeats the address asked (in the language switch): all else is the same.
  await hengjing.get("/reach/ledger");
  const page = async (response: Response, unit: string) =>
    (await response.text())
      .replace(/nonce="[^"]*"/g, 'nonce=""')
      .replace(/\b[0-9a-f]{16}\b/g, "request")
      .replaceAll(`unit=${unit}`, "unit=");
  const xiangshan = String(await unitId(t.db, "香山街道"));
  for (const path of ["/reach/ledger", "/reach/ledger.zip", "/reach/section.docx"]) {
    const theirs = await hengjing.get(`${path}?unit=${xiangshan}&year=2024`);
    const missing = await hengjing.get(`${path}?unit=9999999&year=2024`);
    expect([path, theirs.status, missing.status]).toEqual([path, 404, 404]);
    expect(await page(theirs, xiangshan)).toBe(await page(missing, "9999999"));
  }
  expect(await exports()).toBe(0);
});

it("builds one 台账 at a time, and the next once the first has ended", async () => {
  const path = `/reach/ledger.zip?unit=${await unitId(t.db, "香山街道")}&year=2024`;
  const ask = () =>
    fetch(server.baseUrl + path, {
      headers: { Cookie: `pufa_session=${organiser.cookie("pufa_session")}` },
      redirect: "manual",
    });
  const first = await ask();
  expect(first.status).toBe(200);
  expect(first.headers.get("content-type")).toBe("application/zip");
  // The download is logged before its first byte.
  const reading = first.body!.getReader();
  expect((await reading.read()).value?.byteLength).toBeGreaterThan(0);
  const logged = await exports();

  const second = await ask();
  expect(second.status).toBe(302);
  const back = second.headers.get("location")!;
  expect(back).toMatch(/^\/reach\/ledger\?unit=\d+&year=2024&busy=1$/);
  expect(await (await organiser.get(back)).text()).toContain("服务器正在生成另一份台账");
  expect(await exports()).toBe(logged);

  await reading.cancel();
  let third = await ask();
  for (let tries = 0; third.status === 302 && tries < 50; tries++) {
    await third.body?.cancel();
    await new Promise((done) => setTimeout(done, 100));
    third = await ask();
  }
  expect(third.status).toBe(200);
  expect(third.headers.get("content-type")).toBe("application/zip");
  const again = third.body!.getReader();
  expect((await again.read()).value?.byteLength).toBeGreaterThan(0);
  await again.cancel();
  expect(await exports()).toBe(logged + 1);
});

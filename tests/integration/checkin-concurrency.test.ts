import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database";
import { openEvent } from "../support/demo";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Many phones at once, and a server that dies mid-stream, on SQLite or (npm run test:pg)
// PostgreSQL: nobody is checked in twice, and a check-in confirmed on a phone is in the database.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

function checkIn(baseUrl: string, code: string, phone: string) {
  return fetch(`${baseUrl}/c/${code}`, {
    method: "POST",
    headers: { Origin: baseUrl, "Accept-Language": "zh-CN" },
    body: new URLSearchParams({
      intent: "checkin",
      name: "王芳",
      phone,
      villageId: "",
      employer: "香山电子厂",
      group: "migrant_worker",
      consent: "on",
    }),
  });
}

async function checkinsOf(eventId: number, phone: string) {
  return t.db
    .selectFrom("checkin")
    .innerJoin("person", "person.id", "checkin.person_id")
    .select(["checkin.id", "checkin.checked_in_at"])
    .where("checkin.event_id", "=", eventId)
    .where("person.phone", "=", phone)
    .execute();
}

describe("at the same moment", () => {
  it("50 check-ins of one phone: one row, one 签到成功 and 49 已签到", async () => {
    const event = await openEvent(t.db);
    const phone = "13612340050";
    const answers = await Promise.all(
      Array.from({ length: 50 }, async () => {
        const res = await checkIn(server.baseUrl, event.code, phone);
        return { status: res.status, html: await res.text() };
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200));
    expect(answers.filter((a) => a.html.includes("签到成功"))).toHaveLength(1);
    expect(answers.filter((a) => a.html.includes("已签到"))).toHaveLength(49);
    expect(await checkinsOf(event.id, phone)).toHaveLength(1);
    const people = await t.db
      .selectFrom("person")
      .select("id")
      .where("phone", "=", phone)
      .execute();
    expect(people).toHaveLength(1);
  });
});

describe("a server killed with SIGKILL", () => {
  it("keeps every check-in it confirmed: found after a restart on the same database", async () => {
    const event = await openEvent(t.db);
    const phones = Array.from({ length: 30 }, (_, i) => `1361234${String(1000 + i)}`);
    const confirmed: string[] = [];
    let killed!: () => void;
    const killedNow = new Promise<void>((done) => (killed = done));
    const victim = server;
    const attempts = phones.map(async (phone) => {
      try {
        const res = await checkIn(victim.baseUrl, event.code, phone);
        const html = await res.text();
        if (res.status === 200 && html.includes("签到成功")) {
          confirmed.push(phone);
          // Killed the moment the tenth answer reached its phone, with others still in flight.
          if (confirmed.length === 10) {
            victim.process.kill("SIGKILL");
            killed();
          }
        }
      } catch {
        // A request cut off by the kill: never confirmed, so nothing is promised.
      }
    });
    await killedNow;
    await Promise.all(attempts);
    const confirmedBeforeKill = [...confirmed];
    expect(confirmedBeforeKill.length).toBeGreaterThanOrEqual(10);

    server = await startServer({ databaseUrl: t.url });
    for (const phone of confirmedBeforeKill) {
      expect(await checkinsOf(event.id, phone), phone).toHaveLength(1);
    }
    const again = await checkIn(server.baseUrl, event.code, confirmedBeforeKill[0]!);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("已签到");
  });
});

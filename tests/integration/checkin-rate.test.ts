import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { admitCheckin, takeCheckinSlot } from "../../app/.server/checkin/rate-limit";
import { createTestDatabase } from "../support/database";
import { openEvent } from "../support/demo";

// The check-in limiter's counts in the database (issue 17 item 1), on SQLite or (npm run test:pg)
// PostgreSQL, where the two counts are one statement.

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
});
afterAll(async () => {
  await t?.destroy();
});

const limits = { perIp: 3, perEvent: 5 };
/** A fixed minute's start, well after any real one a test run could be in. */
const minute = (n: number) => (30_000_000 + n) * 60_000;

const hitsOf = async (subject: string) =>
  (
    await t.db
      .selectFrom("checkin_rate")
      .select(["minute", "hits"])
      .where("subject", "=", subject)
      .orderBy("minute")
      .execute()
  ).map((row) => ({ minute: Number(row.minute), hits: Number(row.hits) }));

describe("takeCheckinSlot", () => {
  it("lets an address send its limit a minute, then refuses it until the next minute", async () => {
    const take = (at: number) =>
      takeCheckinSlot(t.db, { ip: "10.1.0.1", event: "aaaaaaa1" }, limits, at);
    const first = [];
    for (let i = 0; i < 5; i++) first.push(await take(minute(1) + i * 1000));
    expect(first).toEqual([true, true, true, false, false]);
    expect(await take(minute(2))).toBe(true);
  });

  it("counts an event over all its addresses, and not the requests it refused an address", async () => {
    const event = "aaaaaaa2";
    const at = minute(10) + 5_000;
    for (let i = 0; i < 6; i++) {
      await takeCheckinSlot(t.db, { ip: "10.2.0.1", event }, limits, at);
    }
    expect(await hitsOf(`event:${event}`)).toEqual([{ minute: 30_000_010, hits: 3 }]);
    const others = [];
    for (let i = 2; i <= 5; i++) {
      others.push(await takeCheckinSlot(t.db, { ip: `10.2.0.${i}`, event }, limits, at));
    }
    expect(others).toEqual([true, true, false, false]);
  });

  it("counts a request without an event's code by its address only", async () => {
    const results = [];
    for (let i = 0; i < 4; i++) {
      results.push(await takeCheckinSlot(t.db, { ip: null, event: null }, limits, minute(20)));
    }
    expect(results).toEqual([true, true, true, false]);
    expect(await hitsOf("ip:unknown")).toEqual([{ minute: 30_000_020, hits: 4 }]);
  });

  it("clears the minutes before the last when a new one begins", async () => {
    const requester = { ip: "10.3.0.1", event: "aaaaaaa3" };
    const minutesKept = async () => (await hitsOf("ip:10.3.0.1")).map((row) => row.minute);
    await takeCheckinSlot(t.db, requester, limits, minute(30));
    await takeCheckinSlot(t.db, requester, limits, minute(31));
    // The last minute stays, for a server whose clock is a little behind.
    expect(await minutesKept()).toEqual([30_000_030, 30_000_031]);
    await takeCheckinSlot(t.db, requester, limits, minute(32));
    await expect.poll(minutesKept).toEqual([30_000_031, 30_000_032]);
    const past = await t.db
      .selectFrom("checkin_rate")
      .select("subject")
      .where("minute", "<", 30_000_031)
      .execute();
    expect(past).toEqual([]);
  });
});

describe("admitCheckin", () => {
  it("counts the request and reads its event afresh: a cancelled event is seen at once", async () => {
    const { id, code } = await openEvent(t.db);
    const admit = () =>
      admitCheckin(t.db, { requester: { ip: "10.4.0.1", event: code }, limits, code }, minute(40));
    const open = await admit();
    expect(open.allowed).toBe(true);
    expect(open.event).toMatchObject({ id, code, status: "published", host_name: "香山街道" });
    await t.db
      .updateTable("event")
      .set({ status: "cancelled", cancel_reason: "暴雨" })
      .where("id", "=", id)
      .execute();
    expect((await admit()).event).toMatchObject({ status: "cancelled", cancel_reason: "暴雨" });
    expect(await hitsOf(`event:${code}`)).toEqual([{ minute: 30_000_040, hits: 2 }]);
  });

  it("refuses past the limit with no event, and finds no event for an unknown code", async () => {
    const { code } = await openEvent(t.db);
    const requester = { ip: "10.5.0.1", event: code };
    const answers = [];
    for (let i = 0; i < 4; i++) {
      answers.push(await admitCheckin(t.db, { requester, limits, code }, minute(50)));
    }
    expect(answers.map((a) => a.allowed)).toEqual([true, true, true, false]);
    expect(answers[3]!.event).toBeNull();
    const unknown = await admitCheckin(
      t.db,
      { requester: { ip: "10.5.0.2", event: "zzzzzzz2" }, limits, code: "zzzzzzz2" },
      minute(50),
    );
    expect(unknown).toEqual({ allowed: true, event: null });
  });
});

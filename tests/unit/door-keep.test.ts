import { describe, expect, it } from "vitest";
import type { QueueItem, StoredDoor } from "~/components/door/door-db";
import { isSpent, listsToDrop, refusedItem } from "~/components/door/keep";
import { SYNC_GRACE_MS } from "~/lib/door";

// What the offline door keeps on a device, and for how long (issue 20, remaining item 2).

const closesAt = "2026-12-01T10:00:00.000Z";
const closed = Date.parse(closesAt);

const door = (account: number, eventId: number): StoredDoor => ({
  account,
  eventId,
  deployment: "d",
  opensAt: "2026-12-01T08:00:00.000Z",
  closesAt,
  taking: true,
  refreshedAt: closesAt,
  passes: [],
});

const walkIn: QueueItem = {
  id: "a",
  account: 7,
  eventId: 3,
  at: "2026-12-01T09:00:00.000Z",
  state: "waiting",
  name: "赵老伯",
  kind: "walk_in",
  fields: { name: "赵老伯", phone: "13912345678", villageId: "5", group: "elderly", consent: "on" },
};

describe("a refused item on the device", () => {
  it("keeps the name, the phone masked, the reason and the times, and nothing else", () => {
    expect(refusedItem(walkIn, "closed")).toEqual({
      id: "a",
      account: 7,
      eventId: 3,
      at: walkIn.at,
      kind: "walk_in",
      name: "赵老伯",
      state: "problem",
      reason: "closed",
      phone: "139****5678",
    });
    const scan: QueueItem = { ...walkIn, kind: "scan", fields: undefined, code: "K7QM", hash: "h" };
    const kept = refusedItem(scan, "elsewhere", "09:12");
    expect(kept).toMatchObject({ reason: "elsewhere", clock: "09:12" });
    expect(Object.keys(kept)).not.toContain("code");
    expect(Object.keys(kept)).not.toContain("hash");
    expect(
      JSON.stringify(refusedItem({ ...walkIn, fields: { phone: "" } }, "invalid")),
    ).not.toMatch(/phone/);
  });
});

describe("a list of passes on the device", () => {
  it("is spent once the queue closed, unless something of it still waits", () => {
    const list = door(7, 3);
    expect(isSpent(list, closed + SYNC_GRACE_MS, [])).toBe(false);
    expect(isSpent(list, closed + SYNC_GRACE_MS + 1, [])).toBe(true);
    expect(isSpent(list, closed + SYNC_GRACE_MS + 1, [walkIn])).toBe(false);
    // A refusal waiting to be dismissed, or another event's queue, keeps nothing.
    const problem = refusedItem(walkIn, "closed");
    const elsewhere = { ...walkIn, eventId: 4 };
    expect(isSpent(list, closed + SYNC_GRACE_MS + 1, [problem, elsewhere])).toBe(true);
  });

  it("is dropped when another account opens the door, or when spent", () => {
    const lists = [door(7, 3), door(8, 3), door(7, 9)];
    lists[2] = { ...lists[2]!, closesAt: new Date(Date.now() + 3_600_000).toISOString() };
    const drop = listsToDrop(lists, { account: 7, now: Date.now(), queue: [] });
    expect(drop.map((list) => [list.account, list.eventId])).toEqual([
      [7, 3],
      [8, 3],
    ]);
    // Another account's waiting items keep no list of theirs on a device someone else uses.
    const theirs = { ...walkIn, account: 8 };
    expect(listsToDrop(lists, { account: 7, now: closed, queue: [theirs] })).toEqual([lists[1]]);
  });
});

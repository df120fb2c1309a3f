import { maskPhone } from "~/lib/checkin-window";
import { SYNC_GRACE_MS } from "~/lib/door";
import type { QueueItem, StoredDoor } from "./door-db";
import type { DoorReason } from "./types";

// What the device keeps of the offline door, and for how long (issue 20): no more than the
// organiser still needs.

/**
 * A queued item the server did not take, as the device keeps it until dismissed: the name, the
 * phone masked, the reason and the times. The pass code and the walk-in's fields are gone: the
 * item is never sent again.
 */
export function refusedItem(item: QueueItem, reason: DoorReason, clock?: string): QueueItem {
  const phone = item.fields?.phone ? maskPhone(item.fields.phone) : undefined;
  return {
    id: item.id,
    account: item.account,
    eventId: item.eventId,
    at: item.at,
    kind: item.kind,
    name: item.name,
    state: "problem",
    reason,
    ...(phone ? { phone } : {}),
    ...(clock ? { clock } : {}),
  };
}

/**
 * Whether a stored list of passes has served its purpose: the event's queue is no longer taken
 * (its window closed more than SYNC_GRACE_MS ago) and nothing waits to be sent for it.
 */
export function isSpent(door: StoredDoor, now: number, waiting: QueueItem[]) {
  if (Date.parse(door.closesAt) + SYNC_GRACE_MS >= now) return false;
  return !waiting.some(
    (item) =>
      item.state === "waiting" && item.eventId === door.eventId && item.account === door.account,
  );
}

/**
 * The lists this device should no longer hold when `account` opens the door: another account's
 * (its session's data; it fetches its own again after logging in) and any spent one.
 */
export function listsToDrop(
  doors: StoredDoor[],
  input: { account: number; now: number; queue: QueueItem[] },
) {
  return doors.filter(
    (door) => door.account !== input.account || isSpent(door, input.now, input.queue),
  );
}

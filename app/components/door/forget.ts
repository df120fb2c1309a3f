import { doorDatabase, PAGES } from "./door-db";

// Log-out on a device that ran the offline door (issue 20): the kept scan pages and the account's
// lists and dismissed-or-not refusals go; its items still waiting stay, and are sent when the
// same account logs in again and opens that event's door. Loaded by the log-out button only.

/** Forgets the account's door data on this device, but what still waits to be sent. */
export async function forgetDoor(account: number) {
  if ("caches" in window) await caches.delete(PAGES);
  if (!("indexedDB" in window)) return;
  const db = await doorDatabase();
  const tx = db.transaction(["queue", "doors"], "readwrite");
  const queue = tx.objectStore("queue");
  for (const item of await queue.getAll()) {
    if (item.account === account && item.state !== "waiting") await queue.delete(item.id);
  }
  const doors = tx.objectStore("doors");
  for (const key of await doors.getAllKeys()) {
    if (key[0] === account) await doors.delete(key);
  }
  await tx.done;
}

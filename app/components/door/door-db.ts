import type { DBSchema, IDBPDatabase } from "idb";
import { openDB } from "idb";
import type { DoorData } from "~/.server/attendance/offline-door";
import type { DoorReason } from "./types";

// The offline door's IndexedDB (issue 20): the queue of scans and walk-ins, and each account's
// list of passes per event. Opened by the scan page's door and by log-out's clean-up.

export type QueueItem = {
  id: string;
  account: number;
  eventId: number;
  at: string;
  state: "waiting" | "problem";
  reason?: DoorReason;
  /** What the answer showed: the holder's name, or the walk-in's. */
  name: string;
  /** A refused walk-in's phone, masked (138****1234): all of it the device keeps once answered. */
  phone?: string;
  /** The canonical pass code and its hash (scans, while waiting). */
  code?: string;
  hash?: string;
  /** The walk-in form's fields (walk-ins, while waiting). */
  fields?: Record<string, string>;
  clock?: string;
  kind: "scan" | "walk_in";
};

export type StoredDoor = DoorData & { account: number };

interface DoorDb extends DBSchema {
  queue: { key: string; value: QueueItem; indexes: { place: [number, number] } };
  doors: { key: [number, number]; value: StoredDoor };
}

/** The service worker's cache of the scan pages (vite/door-sw.ts names it too). */
export const PAGES = "pufa-door-pages";
export const ASSETS = "pufa-door-assets";

let opened: Promise<IDBPDatabase<DoorDb>> | null = null;
export const doorDatabase = () =>
  (opened ??= openDB<DoorDb>("pufa-door", 1, {
    upgrade(db) {
      db.createObjectStore("queue", { keyPath: "id" }).createIndex("place", ["account", "eventId"]);
      db.createObjectStore("doors", { keyPath: ["account", "eventId"] });
    },
  }));

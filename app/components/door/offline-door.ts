import type { DoorData, DoorPass } from "~/.server/attendance/offline-door";
import type { SyncResult } from "~/.server/attendance/offline-sync";
import { attendanceActionSchema } from "~/lib/attendance-schema";
import { windowState } from "~/lib/checkin-window";
import { DOOR_SCOPE } from "~/lib/door";
import { readPassCode } from "~/lib/pass-text";
import { fieldErrors } from "~/lib/schemas";
import type { FieldErrors } from "~/lib/schemas";
import { formatClock } from "~/lib/time";
import { ASSETS, doorDatabase as database, PAGES } from "./door-db";
import { listsToDrop, refusedItem } from "./keep";
import type { DoorProblem, OfflineAnswer } from "./types";

// The scan page's offline door (issue 20), loaded only on that page, after it hydrated: the
// service worker that keeps the page, the list a scan is decided by, and the queue of scans and
// walk-ins recorded without a signal, in IndexedDB, kept apart per account and event.

/**
 * Items sent in one request: a quarter of what the sync endpoint takes (SYNC_BATCH_MAX), so that
 * fifty walk-ins of long names stay far below its body limit (SYNC_BYTES_MAX, 256 KB).
 */
const BATCH = 50;

/**
 * Registers the service worker for the staff door pages only (its scope is /events/, so the
 * resident's /c/ pages never meet it), and puts this page and what it loaded in its caches: the
 * first visit loaded them before the worker was there to keep them.
 */
export async function installDoor() {
  if (!("serviceWorker" in navigator) || !("caches" in window)) return;
  await navigator.serviceWorker.register("/door-sw.js", { scope: DOOR_SCOPE });
  await navigator.serviceWorker.ready;
  // Without the browser's own barcode reader the camera decodes with ZXing (a script and 1 MB of
  // WebAssembly, otherwise loaded when the camera starts): loaded now, it is kept with the rest.
  // Log-out forgets the door's data first (root.tsx): its code is loaded now, so a log-out on
  // a slow signal does not give up waiting for it.
  await import("./forget");
  if (!("BarcodeDetector" in window)) {
    await import("../scan/zxing.client").then((zxing) => zxing.fetchDecoder()).catch(() => {});
  }
  const here = location.origin;
  const loaded = new Set<string>();
  for (const entry of performance.getEntriesByType("resource")) loaded.add(entry.name);
  for (const link of document.querySelectorAll<HTMLLinkElement>("link[href]")) {
    loaded.add(link.href);
  }
  const assets: string[] = [];
  const pages = [location.pathname];
  for (const name of loaded) {
    const url = new URL(name, here);
    if (url.origin !== here) continue;
    if (
      url.pathname.startsWith("/assets/") ||
      /^\/(favicon|apple-touch-icon|door-icon)/.test(url.pathname)
    )
      assets.push(url.pathname + url.search);
    else if (url.pathname === "/__manifest") pages.push(url.pathname + url.search);
  }
  const assetCache = await caches.open(ASSETS);
  const missing = [];
  for (const asset of assets) if (!(await assetCache.match(asset))) missing.push(asset);
  await assetCache.addAll(missing);
  // The page last: once it is there, everything it needs is.
  await (await caches.open(PAGES)).addAll(pages);
}

/**
 * Fetches the event's list while online and keeps it for this account. A session that ended
 * answers with the log-in page's redirect, which is not followed: the page asks for a log-in.
 */
export async function refreshDoor(
  account: number,
  eventId: number,
): Promise<"ok" | "login" | "offline"> {
  let response: Response;
  try {
    response = await fetch(`/events/${eventId}/door.json`, { redirect: "manual" });
  } catch {
    return "offline";
  }
  if (response.type === "opaqueredirect") return "login";
  if (!response.ok) return "offline";
  const door = (await response.json()) as DoorData;
  await (await database()).put("doors", { ...door, account });
  return "ok";
}

export async function storedDoor(account: number, eventId: number) {
  return (await (await database()).get("doors", [account, eventId])) ?? null;
}

async function sha256Hex(text: string) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The holder's name, opened with the pass's own code (sealed by the server's sealName). */
async function openName(code: string, sealed: string | undefined) {
  if (!sealed) return "";
  try {
    const raw = Uint8Array.from(atob(sealed), (c) => c.charCodeAt(0));
    const keyBytes = await crypto.subtle.digest(
      "SHA-256",
      new TextEncoder().encode(`pufa-door-name:${code}`),
    );
    const key = await crypto.subtle.importKey("raw", keyBytes, "AES-GCM", false, ["decrypt"]);
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: raw.subarray(0, 12) },
      key,
      raw.subarray(12),
    );
    return new TextDecoder().decode(plain);
  } catch {
    return "";
  }
}

async function placeItems(account: number, eventId: number) {
  return (await database()).getAllFromIndex("queue", "place", [account, eventId]);
}

/**
 * A scan decided on the device, by the list as of its last refresh: the same answers as online.
 * A green one is queued with an id made here and the time it happened.
 */
export async function scanOffline(
  account: number,
  eventId: number,
  text: string,
): Promise<OfflineAnswer> {
  const door = await storedDoor(account, eventId);
  const at = new Date().toISOString();
  if (!door) return { kind: "unknown", name: "", time: null, text };
  if (!door.taking || windowState(door, at) !== "open") {
    return { kind: "closed", name: "", time: null, text };
  }
  const read = readPassCode(text, door.deployment);
  if (read.kind === "foreign") return { kind: "foreign", name: "", time: null, text };
  if (read.kind === "garbage") return { kind: "unknown", name: "", time: null, text };
  const hash = await sha256Hex(read.code);
  const pass: DoorPass | undefined = door.passes.find((one) => one.h === hash);
  if (!pass) return { kind: "unknown", name: "", time: null, text };
  if (pass.s === "revoked") return { kind: "revoked", name: "", time: null, text };
  const name = await openName(read.code, pass.n);
  if (pass.s === "not_invited") return { kind: "not_invited", name, time: null, text };
  // Scanned here already: queued on this device (any account), or checked in as of the list.
  const db = await database();
  const queued = (await db.getAll("queue")).find(
    (item) => item.eventId === eventId && item.hash === hash && item.state === "waiting",
  );
  const earlier = queued?.at ?? pass.a;
  if (earlier) return { kind: "already", name, time: formatClock(earlier), text };
  await db.put("queue", {
    id: crypto.randomUUID(),
    account,
    eventId,
    at,
    state: "waiting",
    name,
    code: read.code,
    hash,
    kind: "scan",
  });
  return { kind: "new", name, time: formatClock(at), text };
}

/** A walk-in written at the door: checked by the same rules as the online form, then queued. */
export async function queueWalkIn(
  account: number,
  eventId: number,
  form: FormData,
): Promise<{ ok: true; name: string } | { ok: false; errors: FieldErrors }> {
  const fields: Record<string, string> = {};
  for (const field of ["name", "phone", "villageId", "employer", "group", "consent"]) {
    const value = form.get(field);
    if (typeof value === "string") fields[field] = value;
  }
  const parsed = attendanceActionSchema.safeParse({ ...fields, intent: "walk_in" });
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const name = "name" in parsed.data ? parsed.data.name : "";
  await (
    await database()
  ).put("queue", {
    id: crypto.randomUUID(),
    account,
    eventId,
    at: new Date().toISOString(),
    state: "waiting",
    name,
    fields,
    kind: "walk_in",
  });
  return { ok: true, name };
}

export type QueueState = { waiting: number; problems: DoorProblem[] };

export async function queueState(account: number, eventId: number): Promise<QueueState> {
  const items = await placeItems(account, eventId);
  return {
    waiting: items.filter((item) => item.state === "waiting").length,
    problems: items
      .filter((item) => item.state === "problem")
      .sort((a, b) => a.at.localeCompare(b.at))
      .map((item) => ({
        id: item.id,
        name: item.name,
        kind: item.kind,
        reason: item.reason ?? "invalid",
        clock: formatClock(item.at),
        ...(item.phone ? { phone: item.phone } : {}),
        ...(item.clock ? { since: item.clock } : {}),
      })),
  };
}

/**
 * What the device no longer needs when `account` opens a door: other accounts' lists of passes,
 * and lists of events whose queue closed with nothing left to send (keep.ts). Queued items stay,
 * whoever recorded them.
 */
export async function tidyDevice(account: number) {
  const db = await database();
  const tx = db.transaction(["queue", "doors"], "readwrite");
  const doors = tx.objectStore("doors");
  const drop = listsToDrop(await doors.getAll(), {
    account,
    now: Date.now(),
    queue: await tx.objectStore("queue").getAll(),
  });
  for (const door of drop) await doors.delete([door.account, door.eventId]);
  await tx.done;
}

export async function dismissProblem(id: string) {
  await (await database()).delete("queue", id);
}

export type SyncOutcome = "sent" | "login" | "offline";

/**
 * Sends this account's waiting items for the event, a batch at a time; each answer is kept on
 * the device before the next batch goes. Refused items stay listed with their reason; a scan the
 * server already had from another device says when that was.
 */
export async function syncQueue(account: number, eventId: number): Promise<SyncOutcome> {
  const db = await database();
  for (;;) {
    const waiting = (await placeItems(account, eventId))
      .filter((item) => item.state === "waiting")
      .sort((a, b) => a.at.localeCompare(b.at))
      .slice(0, BATCH);
    if (waiting.length === 0) return "sent";
    let response: Response;
    try {
      response = await fetch(`/events/${eventId}/door-sync`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          items: waiting.map((item) =>
            item.kind === "scan"
              ? { id: item.id, account, at: item.at, kind: "scan", code: item.code }
              : { id: item.id, account, at: item.at, kind: "walk_in", fields: item.fields },
          ),
        }),
      });
    } catch {
      return "offline";
    }
    if (response.status === 401) return "login";
    if (!response.ok) return "offline";
    const { results } = (await response.json()) as { results: SyncResult[] };
    const door = await storedDoor(account, eventId);
    const tx = db.transaction(["queue", "doors"], "readwrite");
    for (const result of results) {
      const item = waiting.find((one) => one.id === result.id);
      if (!item) continue;
      if (result.outcome === "new") {
        await tx.objectStore("queue").delete(item.id);
      } else if (result.outcome === "already") {
        await tx.objectStore("queue").put(refusedItem(item, "elsewhere", result.clock));
      } else {
        await tx.objectStore("queue").put(refusedItem(item, result.reason));
      }
      // The device now knows this holder is in: a second scan here says so, offline too.
      const pass = item.hash && door?.passes.find((one) => one.h === item.hash);
      if (pass && result.outcome !== "refused") pass.a = result.at;
    }
    if (door) await tx.objectStore("doors").put(door);
    await tx.done;
  }
}

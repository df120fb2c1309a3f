import { useCallback, useEffect, useRef, useState } from "react";
import type { FieldErrors } from "~/lib/schemas";
import type * as DoorCode from "./offline-door";
import type { DoorProblem, OfflineAnswer } from "./types";

// The scan page's hold on its offline door: the status line's facts (online or not, waiting,
// sending, all sent, log in again), the list's age, and the actions that work without a signal.
// The door's code (IndexedDB, the service worker, the walk-in rules) loads after hydration, in
// its own chunk.

type DoorModule = typeof DoorCode;

export type DoorStatus = {
  online: boolean;
  syncing: boolean;
  waiting: number;
  problems: DoorProblem[];
  login: boolean;
  /** When the list this device decides by was fetched, and how many passes it holds. */
  list: { refreshedAt: string; passes: number } | null;
  /** Something was sent since the page opened: "all sent" means something. */
  sent: boolean;
  /** The page and its scripts are kept on the device: it opens without a signal. */
  installed: boolean;
};

/**
 * `alsoNeeded` loads what else the page shows offline (the walk-in form): it is in the browser
 * before the page is kept, so the kept page has all its scripts.
 */
export function useOfflineDoor(
  account: number,
  eventId: number,
  alsoNeeded: () => Promise<unknown>,
) {
  const module = useRef<Promise<DoorModule> | null>(null);
  const [status, setStatus] = useState<DoorStatus>({
    online: true,
    syncing: false,
    waiting: 0,
    problems: [],
    login: false,
    list: null,
    sent: false,
    installed: false,
  });
  const load = useCallback(() => (module.current ??= import("./offline-door")), []);

  const readQueue = useCallback(async () => {
    const door = await load();
    const [queue, stored] = await Promise.all([
      door.queueState(account, eventId),
      door.storedDoor(account, eventId),
    ]);
    setStatus((now) => ({
      ...now,
      ...queue,
      list: stored ? { refreshedAt: stored.refreshedAt, passes: stored.passes.length } : null,
    }));
    return queue;
  }, [account, eventId, load]);

  const sending = useRef(false);
  const sync = useCallback(async () => {
    if (!navigator.onLine || sending.current) return;
    const door = await load();
    // A fresh list first; it also tells whether the session is still there to send under.
    const fresh = await door.refreshDoor(account, eventId);
    setStatus((now) => ({ ...now, login: fresh === "login" }));
    const queue = await door.queueState(account, eventId);
    if (fresh === "ok" && queue.waiting > 0) {
      sending.current = true;
      setStatus((now) => ({ ...now, syncing: true }));
      try {
        const outcome = await door.syncQueue(account, eventId);
        setStatus((now) => ({ ...now, login: outcome === "login", sent: outcome === "sent" }));
      } finally {
        sending.current = false;
        setStatus((now) => ({ ...now, syncing: false }));
      }
    }
    await readQueue();
  }, [account, eventId, load, readQueue]);

  useEffect(() => {
    let live = true;
    const online = () => {
      setStatus((now) => ({ ...now, online: navigator.onLine }));
      if (navigator.onLine) void sync();
    };
    online();
    window.addEventListener("online", online);
    window.addEventListener("offline", online);
    void load().then(async (door) => {
      if (!live) return;
      await door.tidyDevice(account);
      await readQueue();
      if (navigator.onLine) {
        try {
          await alsoNeeded();
          await door.installDoor();
          setStatus((now) => ({ ...now, installed: true }));
        } catch {
          // No service worker (a private window, an old browser): the page works online.
        }
      }
    });
    return () => {
      live = false;
      window.removeEventListener("online", online);
      window.removeEventListener("offline", online);
    };
  }, [account, alsoNeeded, load, readQueue, sync]);

  const scan = useCallback(
    async (text: string): Promise<OfflineAnswer> => {
      const answer = await (await load()).scanOffline(account, eventId, text);
      await readQueue();
      return answer;
    },
    [account, eventId, load, readQueue],
  );

  const walkIn = useCallback(
    async (
      form: FormData,
    ): Promise<{ ok: true; name: string } | { ok: false; errors: FieldErrors }> => {
      const result = await (await load()).queueWalkIn(account, eventId, form);
      await readQueue();
      if (result.ok) void sync();
      return result;
    },
    [account, eventId, load, readQueue, sync],
  );

  const dismiss = useCallback(
    async (id: string) => {
      await (await load()).dismissProblem(id);
      await readQueue();
    },
    [load, readQueue],
  );

  return { status, scan, walkIn, dismiss };
}

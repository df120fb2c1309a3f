import { z } from "zod";
import type { DoorItemKind, DoorRefusal } from "../../../db/schema";
import { inTransaction } from "../../../db/transaction";
import { attendanceActionSchema } from "~/lib/attendance-schema";
import { checkinWindow } from "~/lib/checkin-window";
import { SYNC_GRACE_MS } from "~/lib/door";
import { formatClock } from "~/lib/time";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import { doorEvent, isScanOpen, scanEvent, scanPass } from "../passes/scan";
import { staffCheckIn } from "./staff-checkin";

// The offline door's queue arriving (issue 20 item 3): each item is a scan or a walk-in a device
// recorded without a signal, with the id the device made and the time it happened. The account
// and the item id key a row of door_sync_item, claimed in the same transaction as the check-in:
// a retried request, or the same request twice at once, finds the row and writes nothing again.
// A check-in keeps the time it happened; outside the event's window it is refused, and the
// reason is kept; so is a queue arriving more than SYNC_GRACE_MS after the window closed. Of two
// devices that saw one person, the earlier time wins, whichever synced first (earliestWins).

/** The most items one request carries; a device sends a longer queue in several requests. */
export const SYNC_BATCH_MAX = 200;

/** A time as the device's clock wrote it, and a real one: 01:70 is refused, not stored. */
const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)
  .refine((text) => {
    const time = Date.parse(text);
    return Number.isFinite(time) && new Date(time).toISOString() === text;
  });
const common = {
  id: z.string().uuid(),
  account: z.number().int().positive(),
  at: isoTime,
};
const itemSchema = z.discriminatedUnion("kind", [
  z.object({ ...common, kind: z.literal("scan"), code: z.string().min(1).max(100) }),
  z.object({
    ...common,
    kind: z.literal("walk_in"),
    fields: z.record(z.string().max(20), z.string().max(200)),
  }),
]);
export const syncBatchSchema = z.object({
  items: z.array(itemSchema).min(1).max(SYNC_BATCH_MAX),
});
export type SyncBatch = z.infer<typeof syncBatchSchema>;
type SyncItem = SyncBatch["items"][number];

export type SyncResult =
  | { id: string; outcome: "new"; at: string }
  | { id: string; outcome: "already"; at: string; clock: string }
  | { id: string; outcome: "refused"; reason: DoorRefusal };

type Decision =
  | { outcome: "new" | "already"; at: string }
  | { outcome: "refused"; reason: DoorRefusal };

/** A check-in made or found: its person, for earliestWins. */
type Decided = Exclude<Decision, { outcome: "refused" }> & { personId: number };

/** A time a device reports, never later than now: a clock running ahead cannot date the future. */
const happened = (at: string) => {
  const stamp = now();
  return at < stamp ? at : stamp;
};

async function decide(
  db: Db,
  actor: Actor,
  eventId: number,
  item: SyncItem & { at: string },
  late: boolean,
): Promise<Decided | Extract<Decision, { outcome: "refused" }>> {
  if (late) return { outcome: "refused", reason: "closed" };
  const at = item.at;
  if (item.kind === "scan") {
    const answer = await scanPass(db, { actor, eventId, text: item.code, at });
    if (answer.kind === "new" || answer.kind === "already") {
      return { outcome: answer.kind, at: answer.at, personId: answer.personId };
    }
    return { outcome: "refused", reason: answer.kind };
  }
  const parsed = attendanceActionSchema.safeParse({ ...item.fields, intent: "walk_in" });
  if (!parsed.success || parsed.data.intent !== "walk_in") {
    return { outcome: "refused", reason: "invalid" };
  }
  const event = await scanEvent(db, { id: eventId, actor });
  if (!isScanOpen(event, at)) return { outcome: "refused", reason: "closed" };
  const entry = parsed.data;
  try {
    const outcome = await staffCheckIn(db, {
      actor,
      eventId,
      method: "walk_in",
      at,
      person: {
        name: entry.name,
        phone: entry.phone,
        villageId: entry.villageId,
        employer: entry.villageId === null ? entry.employer : null,
        group: entry.group,
      },
    });
    return { outcome: outcome.status, at: outcome.at, personId: outcome.personId };
  } catch (error) {
    // A village outside the event's area: what the form would have said, kept as the reason.
    if (error instanceof AppError && error.code === "BAD_REQUEST") {
      return { outcome: "refused", reason: "invalid" };
    }
    throw error;
  }
}

function answer(id: string, decision: Decision): SyncResult {
  if (decision.outcome === "refused") return { id, outcome: "refused", reason: decision.reason };
  if (decision.outcome === "new") return { id, outcome: "new", at: decision.at };
  return { id, outcome: "already", at: decision.at, clock: formatClock(decision.at) };
}

/**
 * The earliest time wins (issue 20, two offline devices): an item that found the person checked
 * in at a later time than it happened moves the check-in's time back to its own (it is within
 * the window: decide refused it otherwise) and is answered as the check-in, "new"; every sync
 * row that answered for that check-in now says "already", at the earliest time, to a replay.
 * The check-in keeps who recorded it and how: only its time moves. The update moves the time
 * only if it is still later, so of two such syncs at once the earlier time stays.
 */
async function earliestWins(
  db: Db,
  eventId: number,
  decided: Decided,
  happenedAt: string,
): Promise<Decided & { checkinId: number; moved: boolean }> {
  const checkin = () =>
    db
      .selectFrom("checkin")
      .select(["id", "checked_in_at"])
      .where("event_id", "=", eventId)
      .where("person_id", "=", decided.personId)
      .executeTakeFirstOrThrow();
  if (decided.outcome === "new" || happenedAt >= decided.at) {
    return { ...decided, checkinId: (await checkin()).id, moved: false };
  }
  const moved = await db
    .updateTable("checkin")
    .set({ checked_in_at: happenedAt })
    .where("event_id", "=", eventId)
    .where("person_id", "=", decided.personId)
    .where("checked_in_at", ">", happenedAt)
    .executeTakeFirst();
  const found = await checkin();
  if (Number(moved.numUpdatedRows) === 0) {
    return { ...decided, at: found.checked_in_at, checkinId: found.id, moved: false };
  }
  await db
    .updateTable("door_sync_item")
    .set({ outcome: "already", checkin_at: happenedAt })
    .where("checkin_id", "=", found.id)
    .execute();
  return { ...decided, outcome: "new", at: happenedAt, checkinId: found.id, moved: true };
}

/** One item, all or nothing: its row and its check-in commit together, or neither does. */
function syncItem(db: Db, actor: Actor, eventId: number, item: SyncItem, late: boolean) {
  return inTransaction(
    db,
    async (trx): Promise<{ result: SyncResult; fresh: boolean; moved: boolean }> => {
      const claimed = await trx
        .insertInto("door_sync_item")
        .values({
          recorded_by: actor.id,
          item_id: item.id,
          event_id: eventId,
          kind: item.kind satisfies DoorItemKind,
          happened_at: item.at,
          received_at: now(),
          outcome: "refused",
          reason: null,
          checkin_at: null,
          checkin_id: null,
        })
        .onConflict((oc) => oc.columns(["recorded_by", "item_id"]).doNothing())
        .returning("item_id")
        .executeTakeFirst();
      if (!claimed) {
        const kept = await trx
          .selectFrom("door_sync_item")
          .select(["outcome", "reason", "checkin_at"])
          .where("recorded_by", "=", actor.id)
          .where("item_id", "=", item.id)
          .executeTakeFirstOrThrow();
        const decision: Decision =
          kept.outcome === "refused"
            ? { outcome: "refused", reason: kept.reason ?? "invalid" }
            : { outcome: kept.outcome, at: kept.checkin_at ?? item.at };
        return { result: answer(item.id, decision), fresh: false, moved: false };
      }
      const at = happened(item.at);
      const decided = await decide(trx, actor, eventId, { ...item, at }, late);
      if (decided.outcome === "refused") {
        await trx
          .updateTable("door_sync_item")
          .set({ outcome: "refused", reason: decided.reason })
          .where("recorded_by", "=", actor.id)
          .where("item_id", "=", item.id)
          .execute();
        return { result: answer(item.id, decided), fresh: true, moved: false };
      }
      const { checkinId, moved, ...decision } = await earliestWins(trx, eventId, decided, at);
      await trx
        .updateTable("door_sync_item")
        .set({ outcome: decision.outcome, checkin_at: decision.at, checkin_id: checkinId })
        .where("recorded_by", "=", actor.id)
        .where("item_id", "=", item.id)
        .execute();
      return { result: answer(item.id, decision), fresh: true, moved };
    },
  );
}

/**
 * A device's queue for one event, sent by the account that recorded it: items recorded under
 * another account are refused as a whole (that account sends them after logging in on the
 * device), and nothing is written. Each item commits before the answer names it; the audit log
 * says how many items were recorded offline, and between which times.
 */
export async function syncOfflineDoor(
  db: Db,
  input: { actor: Actor; eventId: number; batch: SyncBatch },
) {
  const { actor, eventId, batch } = input;
  const event = await doorEvent(db, { id: eventId, actor });
  if (batch.items.some((item) => item.account !== actor.id)) {
    throw new AppError("FORBIDDEN", "door.otherAccount");
  }
  const late = Date.parse(now()) > Date.parse(checkinWindow(event).closesAt) + SYNC_GRACE_MS;
  const done: { result: SyncResult; fresh: boolean; moved: boolean; at: string }[] = [];
  for (const item of batch.items) {
    done.push({ ...(await syncItem(db, actor, eventId, item, late)), at: item.at });
  }
  const results = done.map((one) => one.result);
  // A replay wrote nothing, so it logs nothing either.
  const fresh = done.filter((one) => one.fresh);
  if (fresh.length === 0) return results;
  const times = fresh.map((one) => one.at).sort();
  const count = (outcome: SyncResult["outcome"]) =>
    fresh.filter((one) => one.result.outcome === outcome).length;
  await recordAudit(db, {
    ...auditBy(actor),
    action: "checkin.offline",
    target: `${event.id} ${event.title}`,
    outcome: "success",
    unit_path: event.host_path,
    detail:
      `recorded offline ${times[0]} to ${times[times.length - 1]}: ` +
      `items=${fresh.length} new=${count("new")} already=${count("already")} ` +
      `refused=${count("refused")} moved=${fresh.filter((one) => one.moved).length}`,
  });
  return results;
}

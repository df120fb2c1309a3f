import type { DutyKind, DutyStatus } from "../../../db/schema";
import { inTransaction } from "../../../db/transaction";
import type { DutyEntryInput, DutyFilter } from "~/lib/duty-schema";
import { maskPhone } from "~/lib/checkin-window";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRole, inSubtree, refuseOutOfScope, rolesFor } from "../scope";
import { byTreeOrder } from "../units/tree-order";
import { processOptionalUpload, storePhotos } from "../photos/store";
import { learnerInScope } from "./learner";

/** One row of the ledger as written: the village is the roster's at the time, for the figures. */
export function dutyRow(
  entry: DutyEntryInput,
  who: { legalSavvyId: number; villageId: number },
  how: { status: DutyStatus; source: "staff" | "self"; staffId: number | null },
) {
  const at = now();
  return {
    legal_savvy_id: who.legalSavvyId,
    village_id: who.villageId,
    occurred_on: entry.occurredOn,
    kind: entry.kind,
    served: entry.served,
    content: entry.content,
    result: entry.result,
    dispute_resolved: entry.disputeResolved,
    status: how.status,
    source: how.source,
    recorded_by: how.staffId,
    reviewed_by: how.status === "confirmed" ? how.staffId : null,
    reviewed_at: how.status === "confirmed" ? at : null,
    created_at: at,
    updated_at: at,
  };
}

/** The audit detail of a new entry: its id, and its photos when it came with some. */
export const newEntryDetail = (id: number, photos: number) =>
  photos > 0 ? `entry=${id} photos=${photos}` : `entry=${id}`;

/** The person on the roster if active; anyone else takes no new entry. */
function refuseInactive<T extends { status: string }>(learner: T) {
  if (learner.status !== "active") {
    throw new AppError("CONFLICT", "duty.notActive", "legalSavvyId");
  }
  return learner;
}

/**
 * Staff record a matter for an active 法律明白人 of their scope, with its photos if any: the
 * photos are decoded only once the role, the scope and the person have passed, and a refused one
 * refuses the entry. Staff vouch for what they type, so the entry is confirmed at once; it is
 * audited with the person and the day.
 */
export async function addDutyEntry(
  db: Db,
  input: {
    actor: Actor;
    legalSavvyId: number;
    entry: DutyEntryInput;
    /** The uploaded files, as sent. */
    files?: Uint8Array[];
  },
) {
  assertRole(input.actor, rolesFor.manageLearners);
  const scope = { id: input.legalSavvyId, scopePath: input.actor.unitPath };
  refuseInactive(await learnerInScope(db, scope));
  const processed = await processOptionalUpload(input.files ?? []);
  return inTransaction(db, async (trx) => {
    // Read again where the entry is written (the roster row locked on PostgreSQL until it is):
    // a person retired, or moved out of the caller's units, while the photos were decoded gets
    // no entry.
    const learner = refuseInactive(await learnerInScope(trx, { ...scope, lock: true }));
    const { id } = await trx
      .insertInto("duty_entry")
      .values(
        dutyRow(
          input.entry,
          { legalSavvyId: learner.id, villageId: learner.villageId },
          { status: "confirmed", source: "staff", staffId: input.actor.id },
        ),
      )
      .returning("id")
      .executeTakeFirstOrThrow();
    const photos = await storePhotos(trx, {
      actor: input.actor,
      owner: { dutyEntry: id },
      photos: processed,
    });
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "duty.add",
      target: `${learner.name} ${input.entry.occurredOn}`,
      outcome: "success",
      unit_path: learner.villagePath,
      detail: newEntryDetail(id, photos),
    });
    return id;
  });
}

/** The ledger's rows in the scope that pass the filter (by the entry's village). */
/** What a duty entry shows wherever it is listed or opened (the phone apart: not on its own page). */
const DUTY_ENTRY_COLUMNS = [
  "duty_entry.id",
  "duty_entry.legal_savvy_id as legalSavvyId",
  "person.name",
  "village.name as villageName",
  "duty_entry.occurred_on as occurredOn",
  "duty_entry.kind",
  "duty_entry.served",
  "duty_entry.content",
  "duty_entry.result",
  "duty_entry.dispute_resolved as disputeResolved",
  "duty_entry.status",
  "duty_entry.return_reason as returnReason",
] as const;

/** One duty entry of a village in the caller's units, for its own page (no phone). */
export async function dutyEntryInScope(db: Db, input: { id: number; scopePath: string }) {
  const row = await filteredDuties(db, { scopePath: input.scopePath, filter: {} })
    .select(DUTY_ENTRY_COLUMNS)
    .where("duty_entry.id", "=", input.id)
    .executeTakeFirst();
  if (row) return row;
  return refuseOutOfScope(db, "duty_entry", input.id);
}

function filteredDuties(db: Db, input: { scopePath: string; filter: Partial<DutyFilter> }) {
  const { filter } = input;
  let query = db
    .selectFrom("duty_entry")
    .innerJoin("admin_unit as village", "village.id", "duty_entry.village_id")
    .innerJoin("legal_savvy", "legal_savvy.id", "duty_entry.legal_savvy_id")
    .innerJoin("person", "person.id", "legal_savvy.person_id")
    .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath));
  if (filter.villageId) query = query.where("duty_entry.village_id", "=", filter.villageId);
  if (filter.kind) query = query.where("duty_entry.kind", "=", filter.kind);
  if (filter.status) query = query.where("duty_entry.status", "=", filter.status);
  if (filter.month) {
    query = query
      .where("duty_entry.occurred_on", ">=", `${filter.month}-01`)
      .where("duty_entry.occurred_on", "<=", `${filter.month}-31`);
  }
  if (filter.from) query = query.where("duty_entry.occurred_on", ">=", filter.from);
  if (filter.to) query = query.where("duty_entry.occurred_on", "<=", filter.to);
  return query;
}

export type DutyListRow = {
  id: number;
  legalSavvyId: number;
  name: string;
  phone: string;
  villageName: string;
  occurredOn: string;
  kind: DutyKind;
  served: string;
  content: string;
  result: string | null;
  disputeResolved: 0 | 1 | null;
  status: DutyStatus;
  returnReason: string | null;
  source: "staff" | "self";
};

/**
 * One page of the ledger, newest matters first (the queue: oldest first, so nothing waits
 * forever), with how many there are; a page past the end shows the last. Phones masked.
 */
export async function listDuties(
  db: Db,
  input: {
    scopePath: string;
    filter: Partial<DutyFilter>;
    page: number;
    pageSize: number;
    oldestFirst?: boolean;
  },
) {
  const counted = await filteredDuties(db, input)
    .select((eb) => eb.fn.countAll<number | string>().as("total"))
    .executeTakeFirstOrThrow();
  const total = Number(counted.total);
  const pages = Math.max(1, Math.ceil(total / input.pageSize));
  const page = Math.min(input.page, pages);
  const direction = input.oldestFirst ? "asc" : "desc";
  const rows = await filteredDuties(db, input)
    .select([...DUTY_ENTRY_COLUMNS, "person.phone", "duty_entry.source"])
    .orderBy("duty_entry.occurred_on", direction)
    .orderBy("duty_entry.id", direction)
    .limit(input.pageSize)
    .offset((page - 1) * input.pageSize)
    .execute();
  const entries: DutyListRow[] = rows.map((row) => ({ ...row, phone: maskPhone(row.phone) }));
  return { entries, total, page, pages };
}

/** How many entries of the scope wait for an organiser (the dashboard's panel). */
export async function pendingDutyCount(db: Db, input: { scopePath: string }) {
  const row = await filteredDuties(db, {
    scopePath: input.scopePath,
    filter: { status: "pending" },
  })
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Active 法律明白人 of the scope an organiser may record an entry for, by village in the office's
 * order, then by name.
 */
export async function rosterChoices(db: Db, input: { scopePath: string }) {
  const rows = await db
    .selectFrom("legal_savvy")
    .innerJoin("person", "person.id", "legal_savvy.person_id")
    .innerJoin("admin_unit as village", "village.id", "legal_savvy.village_id")
    .select(["legal_savvy.id", "person.name", "village.name as villageName", "village.path"])
    .where("legal_savvy.status", "=", "active")
    .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
    .orderBy("person.name")
    .orderBy("legal_savvy.id")
    .execute();
  // A stable sort keeps the names in order within each village.
  return rows.sort(byTreeOrder).map(({ path: _path, ...row }) => row);
}

/** Villages of the scope in the office's order, for the ledger's filter. */
export async function villagesInScope(db: Db, input: { scopePath: string }) {
  const rows = await db
    .selectFrom("admin_unit")
    .select(["id", "name", "path"])
    .where("level", "=", "village")
    .where((eb) => inSubtree(eb.ref("path"), input.scopePath))
    .execute();
  return rows.sort(byTreeOrder).map(({ id, name }) => ({ id, name }));
}

import { inTransaction } from "../../../db/transaction";
import type { DutyEntryInput } from "~/lib/duty-schema";
import { shanghaiDay, shanghaiDayStart } from "~/lib/time";
import { recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import { processOptionalUpload, storePhotos } from "../photos/store";
import { dutyRow, newEntryDetail } from "./duties";
import type { LinkHolder } from "./personal-link";

/** Entries one link may send in a Beijing-time day: a busy day's work, not a script's burst. */
export const SELF_ENTRIES_PER_DAY = 20;

/** Refuses a link that has sent its day's entries already (TOO_MANY). */
async function refuseOverQuota(db: Db, holder: LinkHolder) {
  const today = shanghaiDayStart(shanghaiDay(now()));
  const sent = await db
    .selectFrom("duty_entry")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("legal_savvy_id", "=", holder.legalSavvyId)
    .where("source", "=", "self")
    .where("created_at", ">=", today)
    .executeTakeFirstOrThrow();
  if (Number(sent.n) >= SELF_ENTRIES_PER_DAY) {
    throw new AppError("TOO_MANY", "duty.self.tooMany", "form", {
      count: SELF_ENTRIES_PER_DAY,
    });
  }
}

/**
 * A 法律明白人 sends an entry from their personal link: it waits (pending) for an organiser. The
 * day's limit is checked before the photos are decoded (a link over it costs no decoding), and
 * again in the transaction: the link's row is touched first, which locks it on PostgreSQL
 * (SQLite's write transaction holds the whole database), so concurrent posts through one link
 * count one after another and a burst cannot slip past the limit.
 */
export async function submitOwnDutyEntry(
  db: Db,
  input: {
    holder: LinkHolder;
    entry: DutyEntryInput;
    ip: string | null;
    /** The uploaded files, as sent; a refused one refuses the entry. */
    files?: Uint8Array[];
  },
) {
  const { holder } = input;
  await refuseOverQuota(db, holder);
  const processed = await processOptionalUpload(input.files ?? []);
  return inTransaction(db, async (trx) => {
    await trx
      .updateTable("personal_link")
      .set((eb) => ({ issued_at: eb.ref("issued_at") }))
      .where("id", "=", holder.linkId)
      .execute();
    await refuseOverQuota(trx, holder);
    const { id } = await trx
      .insertInto("duty_entry")
      .values(
        dutyRow(
          input.entry,
          { legalSavvyId: holder.legalSavvyId, villageId: holder.villageId },
          { status: "pending", source: "self", staffId: null },
        ),
      )
      .returning("id")
      .executeTakeFirstOrThrow();
    const photos = await storePhotos(trx, {
      actor: null,
      owner: { dutyEntry: id },
      photos: processed,
    });
    await recordAudit(trx, {
      actor_id: null,
      actor_username: null,
      ip: input.ip,
      action: "duty.submit",
      target: `${holder.name} ${input.entry.occurredOn}`,
      outcome: "success",
      unit_path: holder.villagePath,
      detail: newEntryDetail(id, photos),
    });
    return id;
  });
}

import type { Db } from "../db";

/** Whose photos: an event's (a study session is an event too) or a duty entry's. */
export type PhotoOwner = { event: number } | { dutyEntry: number };

/** One stored photo at one size: JPEG bytes with their pixel size. */
export type StoredPhoto = { id: number; width: number; height: number; data: Buffer };

/**
 * A record's photos in the order they were added, at display size (long side 1,600 px) or as
 * thumbnails; `limit` keeps the first few (a Word record shows two to four).
 */
export async function photosOf(
  db: Db,
  owner: PhotoOwner,
  size: "display" | "thumb",
  limit?: number,
): Promise<StoredPhoto[]> {
  let query = db.selectFrom("photo");
  query =
    "event" in owner
      ? query.where("event_id", "=", owner.event)
      : query.where("duty_entry_id", "=", owner.dutyEntry);
  const rows = await (
    size === "display"
      ? query.select([
          "id",
          "display_width as width",
          "display_height as height",
          "display as data",
        ])
      : query.select(["id", "thumb_width as width", "thumb_height as height", "thumb as data"])
  )
    .orderBy("id")
    .$if(limit !== undefined, (q) => q.limit(limit!))
    .execute();
  return rows.map((row) => ({ ...row, data: Buffer.from(row.data) }));
}

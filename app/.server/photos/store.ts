import { inTransaction } from "../../../db/transaction";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { isPostgres } from "../checkin/dialect";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError, forbidden, notFound } from "../errors";
import { photoBar } from "~/lib/event-status";
import { assertRole, eventInReach, inSubtree, rolesFor } from "../scope";
import type { PhotoRefusal, ProcessedPhoto } from "./process";
import { PHOTO_LIMITS } from "./limits";
import { photoRefusal, processPhoto } from "./process";
import type { PhotoOwner } from "./read";

// Adding, listing, serving and deleting the photos of a record. Who may see a photo is who may
// see its record (an event within the caller's reach, a duty entry of a village in the caller's
// units); who may add or delete one is who may write the record (organisers and admins of those
// units). The rule is in each query, not in the route.

/** Why a record takes no photos (a draft, cancelled or future event), as the page says it. */
export type PhotoClosed = `photo.closed.${NonNullable<ReturnType<typeof photoBar>>}`;

/** The record a photo belongs to, as the audit log names it, within the caller's units. */
type OwnerRecord = {
  target: string;
  unitPath: string;
  detail: string;
  /** Set when the record takes no new photos. */
  closed: PhotoClosed | null;
};

/**
 * The record within the caller's units. One outside them reads as missing (404), as an unknown
 * id does: an answer must not tell another sub-district's staff that a record exists.
 */
async function ownerInScope(
  db: Db,
  owner: PhotoOwner,
  scopePath: string,
  /** Inside the write's transaction: an event's row is locked (PostgreSQL) until it commits. */
  lock = false,
): Promise<OwnerRecord> {
  if ("event" in owner) {
    let query = db
      .selectFrom("event")
      .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
      .select([
        "event.id",
        "event.code",
        "event.title",
        "event.status",
        "event.starts_at",
        "event.ends_at",
        "host.path",
      ])
      .where("event.id", "=", owner.event)
      .where(eventInReach(db, scopePath));
    // SQLite's write transaction holds the whole database already.
    if (lock && isPostgres(db)) query = query.forUpdate("event");
    const event = await query.executeTakeFirst();
    if (!event) throw notFound();
    const bar = photoBar(event, now());
    return {
      target: `${event.code} ${event.title}`,
      unitPath: event.path,
      detail: "",
      closed: bar ? `photo.closed.${bar}` : null,
    };
  }
  const entry = await db
    .selectFrom("duty_entry")
    .innerJoin("admin_unit as village", "village.id", "duty_entry.village_id")
    .innerJoin("legal_savvy", "legal_savvy.id", "duty_entry.legal_savvy_id")
    .innerJoin("person", "person.id", "legal_savvy.person_id")
    .select(["duty_entry.id", "duty_entry.occurred_on", "person.name", "village.path"])
    .where("duty_entry.id", "=", owner.dutyEntry)
    .where((eb) => inSubtree(eb.ref("village.path"), scopePath))
    .executeTakeFirst();
  if (!entry) throw notFound();
  return {
    target: `${entry.name} ${entry.occurred_on}`,
    unitPath: entry.path,
    detail: `entry=${entry.id} `,
    closed: null,
  };
}

const ownerColumns = (owner: PhotoOwner) =>
  "event" in owner
    ? { event_id: owner.event, duty_entry_id: null }
    : { event_id: null, duty_entry_id: owner.dutyEntry };

const auditAction = (owner: PhotoOwner, verb: "add" | "delete") =>
  `${"event" in owner ? "event" : "duty"}.photo_${verb}`;

/** Why an upload was refused, for the message beside its field; nothing was written. */
export class PhotosRefused extends AppError {
  constructor(readonly refusal: PhotoRefusal | PhotoClosed) {
    super("BAD_REQUEST", refusal, "photos");
  }
}

/**
 * Processes every file first; one refused file refuses the upload (nothing written), so the
 * message beside the field speaks of what the user chose, all of it. The same file twice (or a
 * retried request) is one photo.
 */
export async function processUpload(files: Uint8Array[]) {
  const photos = await processOptionalUpload(files);
  if (photos.length === 0) throw new PhotosRefused("photo.error.none");
  return photos;
}

/**
 * The same, where photos may be left out (a new duty entry): no file chosen is none. Every file's
 * size and type are checked before any is decoded.
 */
export async function processOptionalUpload(files: Uint8Array[]) {
  const chosen = files.filter((file) => file.byteLength > 0);
  if (chosen.length > PHOTO_LIMITS.files) throw new PhotosRefused("photo.error.tooMany");
  for (const file of chosen) {
    const refusal = await photoRefusal(file);
    if (refusal) throw new PhotosRefused(refusal);
  }
  const photos: ProcessedPhoto[] = [];
  for (const file of chosen) {
    const result = await processPhoto(file);
    if (!result.ok) throw new PhotosRefused(result.error);
    photos.push(result.photo);
  }
  return photos;
}

/** Stores processed photos on a record the caller may write, in one transaction, logged. */
export async function storePhotos(
  db: Db,
  input: { actor: Actor | null; owner: PhotoOwner; photos: ProcessedPhoto[]; record?: OwnerRecord },
) {
  return inTransaction(db, async (trx) => {
    let added = 0;
    for (const photo of input.photos) {
      const result = await trx
        .insertInto("photo")
        .values({
          ...ownerColumns(input.owner),
          content_hash: photo.contentHash,
          display: photo.display,
          display_width: photo.displayWidth,
          display_height: photo.displayHeight,
          thumb: photo.thumb,
          thumb_width: photo.thumbWidth,
          thumb_height: photo.thumbHeight,
          created_by: input.actor?.id ?? null,
          created_at: now(),
        })
        .onConflict((oc) => oc.doNothing())
        .returning("id")
        .executeTakeFirst();
      if (result) added += 1;
    }
    if (input.record && added > 0) {
      await recordAudit(trx, {
        ...(input.actor
          ? auditBy(input.actor)
          : { actor_id: null, actor_username: null, ip: null }),
        action: auditAction(input.owner, "add"),
        target: input.record.target,
        outcome: "success",
        unit_path: input.record.unitPath,
        detail: `${input.record.detail}photos=${added}`,
      });
    }
    return added;
  });
}

const writers = (owner: PhotoOwner) =>
  "event" in owner ? rolesFor.manageEvents : rolesFor.manageLearners;

/**
 * Staff add photos to a record they may write, if it takes photos: every refusal that needs no
 * decoding comes first, the decoding last. The record is read again where the photos are written
 * (its event row locked on PostgreSQL until they are): one cancelled, put back to draft or moved
 * out of reach while the photos were decoded takes none.
 */
export async function addPhotos(
  db: Db,
  input: { actor: Actor; owner: PhotoOwner; files: Uint8Array[] },
) {
  assertRole(input.actor, writers(input.owner));
  const checked = await ownerInScope(db, input.owner, input.actor.unitPath);
  if (checked.closed) throw new PhotosRefused(checked.closed);
  const photos = await processUpload(input.files);
  return inTransaction(db, async (trx) => {
    const record = await ownerInScope(trx, input.owner, input.actor.unitPath, true);
    if (record.closed) throw new PhotosRefused(record.closed);
    return storePhotos(trx, { actor: input.actor, owner: input.owner, photos, record });
  });
}

export type GalleryPhoto = { id: number; width: number; height: number };

/**
 * A record's thumbnails' ids and sizes (no bytes), for its gallery, and why it takes no new
 * photos if it does not; scoped like its record.
 */
export async function galleryOf(
  db: Db,
  input: { owner: PhotoOwner; scopePath: string },
): Promise<{ photos: GalleryPhoto[]; closed: PhotoClosed | null }> {
  const { closed } = await ownerInScope(db, input.owner, input.scopePath);
  let query = db.selectFrom("photo");
  query =
    "event" in input.owner
      ? query.where("event_id", "=", input.owner.event)
      : query.where("duty_entry_id", "=", input.owner.dutyEntry);
  const photos = await query
    .select(["id", "thumb_width as width", "thumb_height as height"])
    .orderBy("id")
    .execute();
  return { photos, closed };
}

/** How many photos each of these duty entries has (the ledger's list). */
export async function photoCounts(db: Db, dutyEntryIds: number[]) {
  if (dutyEntryIds.length === 0) return new Map<number, number>();
  const rows = await db
    .selectFrom("photo")
    .select((eb) => ["duty_entry_id", eb.fn.countAll<number | string>().as("n")])
    .where("duty_entry_id", "in", dutyEntryIds)
    .groupBy("duty_entry_id")
    .execute();
  return new Map(rows.map((row) => [row.duty_entry_id!, Number(row.n)]));
}

async function photoOwner(db: Db, id: number): Promise<PhotoOwner> {
  const row = await db
    .selectFrom("photo")
    .select(["event_id", "duty_entry_id"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!row) throw notFound();
  return row.event_id !== null ? { event: row.event_id } : { dutyEntry: row.duty_entry_id! };
}

/**
 * One photo's bytes for a viewer who may see its record; a photo of a record outside the
 * caller's units reads as missing, so an id tells a stranger nothing.
 */
export async function photoForViewer(
  db: Db,
  input: { id: number; size: "display" | "thumb"; scopePath: string },
) {
  await ownerInScope(db, await photoOwner(db, input.id), input.scopePath);
  const row = await db
    .selectFrom("photo")
    .select(input.size === "display" ? ["display as data"] : ["thumb as data"])
    .where("id", "=", input.id)
    .executeTakeFirst();
  if (!row) throw notFound();
  return Buffer.from(row.data);
}

/** Deletes one photo of a record the caller may write, logged; another record's photo is refused. */
export async function deletePhoto(db: Db, input: { actor: Actor; owner: PhotoOwner; id: number }) {
  assertRole(input.actor, writers(input.owner));
  const record = await ownerInScope(db, input.owner, input.actor.unitPath);
  const owner = await photoOwner(db, input.id);
  const same =
    "event" in owner
      ? "event" in input.owner && owner.event === input.owner.event
      : "dutyEntry" in input.owner && owner.dutyEntry === input.owner.dutyEntry;
  if (!same) throw forbidden();
  await inTransaction(db, async (trx) => {
    const deleted = await trx.deleteFrom("photo").where("id", "=", input.id).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw notFound();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: auditAction(input.owner, "delete"),
      target: record.target,
      outcome: "success",
      unit_path: record.unitPath,
      detail: `${record.detail}photos=1`,
    });
  });
}

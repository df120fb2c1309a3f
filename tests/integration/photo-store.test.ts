import { createHash } from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, expect, it } from "vitest";
import { migrations } from "../../db/migrations";
import { photosOf } from "~/.server/photos/read";
import { createTestDatabase } from "../support/database";
import { openEvent } from "../support/demo";

// The photo table (migration 2026-12-10T1-photos) and its reader, on SQLite and PostgreSQL: bytes
// come back as they went in, in the order added; one owner per photo; the same file twice on one
// record is refused by the database; deleting the record deletes its photos.

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase();
  const at = new Date().toISOString();
  await t.db
    .insertInto("admin_unit")
    .values({ parent_id: null, level: "subdistrict", name: "香山街道", path: "/", created_at: at })
    .execute();
});
afterAll(async () => {
  await t?.destroy();
});

const jpeg = (width: number, height: number, shade: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: shade, g: 90, b: 40 } } })
    .jpeg()
    .toBuffer();

async function addPhoto(eventId: number | null, data: Buffer, dutyEntryId: number | null = null) {
  const thumb = await sharp(data).resize(40).jpeg().toBuffer();
  return t.db
    .insertInto("photo")
    .values({
      event_id: eventId,
      duty_entry_id: dutyEntryId,
      content_hash: createHash("sha256").update(data).digest("hex"),
      display: data,
      display_width: 80,
      display_height: 60,
      thumb,
      thumb_width: 40,
      thumb_height: 30,
      created_by: null,
      created_at: new Date().toISOString(),
    })
    .execute();
}

it("keeps a record's photos, both sizes, in the order added, and drops them with the record", async () => {
  const event = await openEvent(t.db);
  const first = await jpeg(80, 60, 10);
  const second = await jpeg(80, 60, 200);
  await addPhoto(event.id, first);
  await addPhoto(event.id, second);

  const display = await photosOf(t.db, { event: event.id }, "display");
  expect(display.map((photo) => photo.data.equals(first) || photo.data.equals(second))).toEqual([
    true,
    true,
  ]);
  expect(display[0]!.data.equals(first)).toBe(true);
  expect(display[0]).toMatchObject({ width: 80, height: 60 });
  const thumbs = await photosOf(t.db, { event: event.id }, "thumb", 1);
  expect(thumbs).toHaveLength(1);
  expect(thumbs[0]).toMatchObject({ width: 40, height: 30 });
  expect((await sharp(thumbs[0]!.data).metadata()).width).toBe(40);

  await expect(addPhoto(event.id, first)).rejects.toThrow();
  await expect(addPhoto(null, first)).rejects.toThrow();

  await t.db.deleteFrom("checkin").where("event_id", "=", event.id).execute();
  await t.db.deleteFrom("event").where("id", "=", event.id).execute();
  expect(await t.db.selectFrom("photo").select("id").execute()).toEqual([]);
});

it("goes down and up again", async () => {
  const migration = migrations["2026-12-10T1-photos"]!;
  await migration.down!(t.db);
  const names = async () =>
    (await t.db.introspection.getTables()).map((table) => table.name).filter((n) => n === "photo");
  expect(await names()).toEqual([]);
  await migration.up(t.db);
  expect(await names()).toEqual(["photo"]);
});

import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type Sharp from "sharp";
import { loadSharp } from "../app/.server/photos/sharp";
import type { Database } from "./schema";

// The demo's photos (issue 19 item 7): every 2024 event and study session carries a few, so each
// record, Word document and the year's evidence file has pictures to show. They are generated,
// and say so on their face: "演示照片 Demo photo", the event's title and the photo's number.
// Six scenes are drawn once; each photo is a scene with its own label, encoded small.

/** Photos per 2024 event: about 200 in all over Xiangshan's 37 events and sessions. */
const PER_EVENT = 5;
/** The first events of the year get one more, to reach the figure the ledger benchmark needs. */
const EXTRA_EVENTS = 15;
const WIDTH = 1600;
const HEIGHT = 1200;
const THUMB = 320;
/** Height of each of the label's two lines across the top. */
const LINE = 85;
const FONT = "'WenQuanYi Zen Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );

/** A scene: sky, ground and a few shapes standing for a room, a stage, a crowd. */
function scene(index: number) {
  const hue = (index * 57) % 360;
  const people = Array.from({ length: 7 }, (_, i) => {
    const x = 160 + i * 200 + ((index * 37) % 60);
    const y = 760 + ((i * 53 + index * 11) % 90);
    return `<circle cx="${x}" cy="${y}" r="46" fill="hsl(${(hue + 180) % 360},35%,35%)"/><rect x="${x - 60}" y="${y + 50}" width="120" height="220" rx="40" fill="hsl(${(hue + 200) % 360},30%,30%)"/>`;
  }).join("");
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">` +
      `<rect width="${WIDTH}" height="${HEIGHT}" fill="hsl(${hue},45%,78%)"/>` +
      `<rect y="${HEIGHT * 0.62}" width="${WIDTH}" height="${HEIGHT * 0.38}" fill="hsl(${hue},30%,55%)"/>` +
      `<rect x="${WIDTH * 0.2}" y="180" width="${WIDTH * 0.6}" height="300" fill="hsl(${(hue + 30) % 360},60%,40%)"/>` +
      people +
      `</svg>`,
  );
}

/** One line of the label across the top, drawn opaque (white) to raw RGB pixels. */
function labelLine(sharp: typeof Sharp, text: string, size: number, colour: string, bold = false) {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${LINE}" font-family="${FONT}">` +
    `<rect width="${WIDTH}" height="${LINE}" fill="#fff"/>` +
    `<text x="48" y="${LINE - 22}" font-size="${size}"${bold ? ' font-weight="bold"' : ""} fill="${colour}">${escapeXml(text)}</text>` +
    `</svg>`;
  return sharp(Buffer.from(svg)).flatten({ background: "#ffffff" }).raw().toBuffer();
}

/**
 * Photos for the demo's 2024 events and study sessions, in the seed's transaction. Returns how
 * many were added.
 */
export async function seedPhotos(trx: Kysely<Database>, input: { organiserId: number }) {
  const events = await trx
    .selectFrom("event")
    .select(["id", "title", "ends_at"])
    .where("starts_at", ">=", "2024-01-01")
    .where("starts_at", "<", "2025-01-01")
    .orderBy("starts_at")
    .orderBy("id")
    .execute();
  if (events.length === 0) return 0;
  const sharp = await loadSharp();
  const most = PER_EVENT + 1;
  const scenes = await Promise.all(
    Array.from({ length: most }, (_, i) => sharp(scene(i)).removeAlpha().raw().toBuffer()),
  );
  // Drawn once each: "演示照片 Demo photo n", then one title line per event. The lines are
  // opaque, so their pixels replace the scene's top rows (sharp's composite would blend the whole
  // image for each photo, several times slower).
  const numbers = await Promise.all(
    Array.from({ length: most }, (_, i) =>
      labelLine(sharp, `演示照片 Demo photo ${i + 1}`, 48, "#a3141d", true),
    ),
  );
  let added = 0;
  for (const [index, event] of events.entries()) {
    const count = PER_EVENT + (index < EXTRA_EVENTS ? 1 : 0);
    const shown = event.title.length > 30 ? `${event.title.slice(0, 29)}…` : event.title;
    const title = await labelLine(sharp, shown, 44, "#1d1d1f");
    const photos = await Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const pixels = Buffer.from(scenes[(index + i) % scenes.length]!);
        numbers[i]!.copy(pixels, 0);
        title.copy(pixels, numbers[i]!.length);
        const raw = { raw: { width: WIDTH, height: HEIGHT, channels: 3 as const } };
        const display = await sharp(pixels, raw)
          .jpeg({ quality: 60 })
          .toBuffer({ resolveWithObject: true });
        const thumb = await sharp(pixels, raw)
          .resize({ width: THUMB, height: THUMB, fit: "inside" })
          .jpeg({ quality: 60 })
          .toBuffer({ resolveWithObject: true });
        return { display, thumb };
      }),
    );
    await trx
      .insertInto("photo")
      .values(
        photos.map(({ display, thumb }) => ({
          event_id: event.id,
          duty_entry_id: null,
          content_hash: createHash("sha256").update(display.data).digest("hex"),
          display: display.data,
          display_width: display.info.width,
          display_height: display.info.height,
          thumb: thumb.data,
          thumb_width: thumb.info.width,
          thumb_height: thumb.info.height,
          created_by: input.organiserId,
          created_at: event.ends_at,
        })),
      )
      .execute();
    added += photos.length;
  }
  return added;
}

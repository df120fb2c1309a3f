import { createHash } from "node:crypto";
import { PHOTO_LIMITS } from "./limits";
import { loadSharp } from "./sharp";

// Turning an uploaded photo into what is kept: its type read from its bytes (never its name),
// decoded by sharp (libvips, on libuv's threads, not the thread that serves everyone else) under
// a pixel limit, turned upright by its EXIF orientation, re-encoded without any metadata (no
// location, no camera, no time), at a display size and a thumbnail. Uploads are bounded before
// this: the edge refuses a body above PHOTO_REQUEST_BYTES (./limits.ts) before reading it.

/** The types kept; HEIC is named apart, as prebuilt libvips cannot decode it (HEVC). */
const ACCEPTED = new Set(["image/jpeg", "image/png", "image/webp"]);
const HEIC = new Set(["image/heic", "image/heif", "image/heic-sequence", "image/heif-sequence"]);

export type PhotoRefusal =
  | "photo.error.none"
  | "photo.error.tooMany"
  | "photo.error.tooLarge"
  | "photo.error.notImage"
  | "photo.error.heic"
  | "photo.error.unreadable"
  | "photo.error.tooManyPixels";

export type ProcessedPhoto = {
  contentHash: string;
  display: Buffer;
  displayWidth: number;
  displayHeight: number;
  thumb: Buffer;
  thumbWidth: number;
  thumbHeight: number;
};

let running = 0;
const waiting: (() => void)[] = [];

/** At most PHOTO_LIMITS.parallel decodes at once; the others queue (a request holds its files). */
async function oneOfFew<T>(work: () => Promise<T>): Promise<T> {
  if (running >= PHOTO_LIMITS.parallel) await new Promise<void>((go) => waiting.push(go));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/** Checks that need no decoding: size and type by magic bytes. */
export async function photoRefusal(bytes: Uint8Array): Promise<PhotoRefusal | null> {
  if (bytes.byteLength > PHOTO_LIMITS.fileBytes) return "photo.error.tooLarge";
  const { fileTypeFromBuffer } = await import("file-type");
  const type = await fileTypeFromBuffer(bytes);
  if (type && HEIC.has(type.mime)) return "photo.error.heic";
  if (!type || !ACCEPTED.has(type.mime)) return "photo.error.notImage";
  return null;
}

/** libvips says why it refused: a declared size above the limit, or anything else unreadable. */
function decodeRefusal(error: unknown): PhotoRefusal {
  const text = error instanceof Error ? error.message : String(error);
  return /pixel limit/i.test(text) ? "photo.error.tooManyPixels" : "photo.error.unreadable";
}

/**
 * The photo as kept, or why it is refused. A truncated or corrupt file is refused, not half
 * kept: libvips's warnings count as failures.
 */
export async function processPhoto(
  bytes: Uint8Array,
): Promise<{ ok: true; photo: ProcessedPhoto } | { ok: false; error: PhotoRefusal }> {
  const refusal = await photoRefusal(bytes);
  if (refusal) return { ok: false, error: refusal };
  const sharp = await loadSharp();
  try {
    const photo = await oneOfFew(async () => {
      const display = await sharp(bytes, {
        limitInputPixels: PHOTO_LIMITS.pixels,
        failOn: "warning",
      })
        .rotate()
        .resize({
          width: PHOTO_LIMITS.displaySide,
          height: PHOTO_LIMITS.displaySide,
          fit: "inside",
          withoutEnlargement: true,
        })
        .flatten({ background: "#ffffff" })
        .jpeg({ quality: 82 })
        .toBuffer({ resolveWithObject: true });
      const thumb = await sharp(display.data)
        .resize({
          width: PHOTO_LIMITS.thumbSide,
          height: PHOTO_LIMITS.thumbSide,
          fit: "inside",
          withoutEnlargement: true,
        })
        .jpeg({ quality: 75 })
        .toBuffer({ resolveWithObject: true });
      return {
        contentHash: createHash("sha256").update(bytes).digest("hex"),
        display: display.data,
        displayWidth: display.info.width,
        displayHeight: display.info.height,
        thumb: thumb.data,
        thumbWidth: thumb.info.width,
        thumbHeight: thumb.info.height,
      };
    });
    return { ok: true, photo };
  } catch (error) {
    return { ok: false, error: decodeRefusal(error) };
  }
}

import { crc32 } from "node:zlib";
import sharp from "sharp";
import type { MessageKey } from "~/lib/i18n";
import { translator } from "~/lib/i18n";

// Photos for tests and the benchmark: a phone's photo with EXIF orientation and a GPS position,
// and the files an upload must refuse.

/** Whether EXIF data holds a GPS block (its pointer tag 0x8825, either byte order). */
export const hasGps = (exif: Buffer | undefined) =>
  exif !== undefined &&
  (exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88])));

/**
 * A JPEG as a phone writes it: stored landscape (`width` x `height`) with EXIF orientation 6
 * (turn 90° to show it portrait), the camera's make and a GPS position.
 */
export function phonePhoto(width = 4000, height = 3000, shade = 128) {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: { r: shade, g: shade, b: shade },
      noise: { type: "gaussian", mean: shade, sigma: 50 },
    },
  })
    .jpeg({ quality: 88 })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: "PufaPhone", Model: "Test" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "31/1 16/1 0/1" },
    })
    .toBuffer();
}

/** A small PNG whose header declares 100,000 x 100,000 pixels: a decompression bomb. */
export async function pixelBomb() {
  const png = Buffer.from(
    await sharp({ create: { width: 1, height: 1, channels: 3, background: "#fff" } })
      .png()
      .toBuffer(),
  );
  png.writeUInt32BE(100_000, 16);
  png.writeUInt32BE(100_000, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

/** A photo form's refusal as the page shows it, beside the photo field. */
export const besideField = (lang: "zh-CN" | "en", key: string) =>
  `id="photos-error">${translator(lang)(key as MessageKey)}</p>`;

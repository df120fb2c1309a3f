import { writeFileSync } from "node:fs";
import QRCode from "qrcode";

// A video for Chromium's fake camera (--use-file-for-fake-video-capture): QR codes drawn by
// `qrcode` straight into raw I420 frames. A Y4M file is one header line, then per frame "FRAME\n",
// the luma plane and the two quarter-size chroma planes. No ffmpeg, no image decoding.

const WIDTH = 320;
const HEIGHT = 240;
const FPS = 5;
const WHITE = 235;
const BLACK = 16;

/** One grey frame with `text`'s QR code in the middle (or a blank frame for null). */
function frame(text: string | null) {
  const luma = Buffer.alloc(WIDTH * HEIGHT, WHITE);
  if (text) {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: "Q" });
    const quiet = 4;
    const cells = modules.size + quiet * 2;
    const scale = Math.floor(Math.min(WIDTH, HEIGHT) / cells);
    const left = Math.floor((WIDTH - cells * scale) / 2);
    const top = Math.floor((HEIGHT - cells * scale) / 2);
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        if (!modules.get(row, col)) continue;
        for (let y = 0; y < scale; y++) {
          const start = (top + (row + quiet) * scale + y) * WIDTH + left + (col + quiet) * scale;
          luma.fill(BLACK, start, start + scale);
        }
      }
    }
  }
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  return Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
}

/**
 * Writes a looping video that shows each text for `seconds`, with a blank second between them,
 * so the camera sees the cards one after another as at a door.
 */
export function writeQrVideo(path: string, texts: string[], seconds = 1.6) {
  const parts = [Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F${FPS}:1 Ip A1:1 C420jpeg\n`)];
  for (const text of texts) {
    const shown = frame(text);
    const blank = frame(null);
    for (let i = 0; i < Math.round(seconds * FPS); i++) parts.push(shown);
    for (let i = 0; i < FPS; i++) parts.push(blank);
  }
  writeFileSync(path, Buffer.concat(parts));
}

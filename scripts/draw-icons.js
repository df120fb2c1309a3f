// Draws the PNG icons from public/favicon.svg: chat apps, bookmarks and phone home screens do not
// use SVG icons. Run it (npm run icons) after changing the SVG, on a machine with a CJK font
// (fonts-wqy-zenhei), and commit the PNGs it writes.
import { readFile } from "node:fs/promises";
import sharp from "sharp";

const svg = await readFile("public/favicon.svg", "utf8");
// A home screen rounds the icon's corners itself and fills transparent ones with black: the
// apple-touch-icon is the full square.
const square = svg.replace(/ rx="[\d.]+"/, "");

const icons = [
  { file: "public/favicon.png", size: 48, source: svg },
  { file: "public/apple-touch-icon.png", size: 180, source: square },
];
for (const icon of icons) {
  await sharp(Buffer.from(icon.source), { density: (72 * icon.size) / 32 })
    .resize(icon.size, icon.size)
    .png({ compressionLevel: 9 })
    .toFile(icon.file);
  console.log(`${icon.file}: ${icon.size}×${icon.size}`);
}

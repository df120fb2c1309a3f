// Draws the PNG icons from public/favicon.svg: chat apps, bookmarks and phone home screens do not
// use SVG icons. Run it (npm run icons) after changing the SVG, on a machine with a CJK font
// (fonts-wqy-zenhei), and commit the PNGs it writes.
import { readFile } from "node:fs/promises";
import sharp from "sharp";

const svg = await readFile("public/favicon.svg", "utf8");
// A home screen rounds the icon's corners itself and fills transparent ones with black: the
// apple-touch-icon is the full square.
const square = svg.replace(/ rx="[\d.]+"/, "");
// A maskable icon may be cut to a circle of 80% of its width: the character is drawn smaller,
// inside that circle, on the full square.
const maskable = square
  .replace(/font-size="[\d.]+"/, 'font-size="13"')
  .replace(/ y="[\d.]+"/, ' y="20.5"');

// The offline door's web app manifest (events.$id.door[.]webmanifest.ts) names the door-* icons.
const icons = [
  { file: "public/favicon.png", size: 48, source: svg },
  { file: "public/apple-touch-icon.png", size: 180, source: square },
  { file: "public/door-icon-192.png", size: 192, source: svg },
  { file: "public/door-icon-512.png", size: 512, source: svg },
  { file: "public/door-icon-maskable-512.png", size: 512, source: maskable },
];
for (const icon of icons) {
  await sharp(Buffer.from(icon.source), { density: (72 * icon.size) / 32 })
    .resize(icon.size, icon.size)
    .png({ compressionLevel: 9 })
    .toFile(icon.file);
  console.log(`${icon.file}: ${icon.size}×${icon.size}`);
}

import QRCode from "qrcode";

// Reads the dark modules back out of a QR code drawn as SVG by the qrcode package (one path of
// horizontal runs: M/m moves, h draws) and tells whether they are exactly the code of a text.

/** The first <svg>…</svg> in a piece of HTML, or null. */
export function firstSvg(html: string) {
  return /<svg[\s\S]*?<\/svg>/.exec(html)?.[0] ?? null;
}

function darkModules(svg: string) {
  const side = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1];
  if (!side || !d) throw new Error("not a QR code SVG from the qrcode package");
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, command, args = ""] of d.matchAll(/([MmHh])([^MmHh]*)/g)) {
    const [a = 0, b = 0] = args
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    if (command === "M") [x, y] = [a, b];
    else if (command === "m") [x, y] = [x + a, y + b];
    else {
      const end = command === "h" ? x + a : a;
      for (let col = x; col < end; col++) dark.add(`${col},${Math.floor(y)}`);
      x = end;
    }
  }
  return { side, dark };
}

/** The quiet zone (in modules) and whether the SVG is the level-Q QR code of `text`. */
export function readQrSvg(svg: string, text: string) {
  const { side, dark } = darkModules(svg);
  const expected = QRCode.create(text, { errorCorrectionLevel: "Q" }).modules;
  const margin = (side - expected.size) / 2;
  let same = Number.isInteger(margin) && margin >= 0;
  for (let row = 0; same && row < expected.size; row++) {
    for (let col = 0; same && col < expected.size; col++) {
      const want = expected.get(row, col) === 1;
      same = want === dark.has(`${col + margin},${row + margin}`);
    }
  }
  // No dark module outside the code either (e.g. in the quiet zone).
  const darkCount = expected.data.reduce((n, bit) => n + (bit ? 1 : 0), 0);
  return { margin, encodes: same && dark.size === darkCount };
}

/** Width and height of a PNG image, from its IHDR chunk. */
export function pngSize(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

import { loadSharp } from "../photos/sharp";
// Link-preview cards: a 1200×630 PNG (the size chat apps and social sites show) drawn from an SVG
// by sharp, whose librsvg lays the text out with the fonts fontconfig finds on the server. Chinese
// needs a CJK font there (Debian's fonts-wqy-zenhei or fonts-noto-cjk; see README): without one
// every character is drawn as the same empty box.

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

const FONT = "'WenQuanYi Zen Hei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";
const MARGIN = 72;
const TEXT_WIDTH = CARD_WIDTH - 2 * MARGIN;

export type Card = {
  /** Above the title, small: what kind of page this is. */
  kicker: string;
  /** Large, up to three lines, cut with an ellipsis beyond. */
  title: string;
  /** Under the title, one line each (day and time, place), cut with an ellipsis when too long. */
  lines: string[];
  /** In the band at the foot: the site's name. */
  footer: string;
};

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );

/** Width of a character in ems: wide (CJK, full-width) is one em, the rest about half. */
const charWidth = (char: string) => ((char.codePointAt(0) ?? 0) >= 0x1100 ? 1 : 0.52);

/**
 * Lines of at most `width` pixels at `size`: wide characters break anywhere, other text at spaces
 * where it can. Beyond `max` lines the last one ends in an ellipsis.
 */
export function wrapText(text: string, size: number, width: number, max: number) {
  const limit = width / size;
  const lines: string[] = [];
  let line = "";
  let used = 0;
  for (const char of Array.from(text.replace(/\s+/g, " ").trim())) {
    const w = charWidth(char);
    if (used + w > limit && line !== "") {
      const space = line.lastIndexOf(" ");
      const carry = charWidth(char) < 1 && space > 0 ? line.slice(space + 1) : "";
      lines.push(carry ? line.slice(0, space) : line);
      line = carry;
      used = Array.from(carry).reduce((sum, c) => sum + charWidth(c), 0);
      if (char === " " && carry === "") continue;
    }
    line += char;
    used += w;
  }
  if (line) lines.push(line);
  if (lines.length <= max) return lines;
  const kept = lines.slice(0, max);
  const last = Array.from(kept[max - 1] ?? "");
  while (last.length > 0 && last.reduce((sum, c) => sum + charWidth(c), 0) + 1 > limit) last.pop();
  kept[max - 1] = `${last.join("").trimEnd()}…`;
  return kept;
}

export function cardSvg(card: Card) {
  // Large while the title fits two lines, else smaller on up to three.
  const large = wrapText(card.title, 68, TEXT_WIDTH, 3);
  const titleSize = large.length > 2 ? 56 : 68;
  const title = large.length > 2 ? wrapText(card.title, titleSize, TEXT_WIDTH, 3) : large;
  const lineSize = 36;
  let y = 150;
  const parts: string[] = [
    `<rect width="${CARD_WIDTH}" height="${CARD_HEIGHT}" fill="#fffaf3"/>`,
    `<rect width="${CARD_WIDTH}" height="16" fill="#a3141d"/>`,
    `<text x="${MARGIN}" y="${y - 50}" font-size="32" fill="#a3141d">${escapeXml(card.kicker)}</text>`,
  ];
  for (const line of title) {
    y += titleSize * 0.35;
    parts.push(
      `<text x="${MARGIN}" y="${y + titleSize * 0.5}" font-size="${titleSize}" font-weight="bold" fill="#1d1d1f">${escapeXml(line)}</text>`,
    );
    y += titleSize * 0.95;
  }
  y += 24;
  for (const text of card.lines) {
    const [line] = wrapText(text, lineSize, TEXT_WIDTH, 1);
    y += lineSize * 1.5;
    parts.push(
      `<text x="${MARGIN}" y="${y}" font-size="${lineSize}" fill="#3a3a3c">${escapeXml(line ?? "")}</text>`,
    );
  }
  parts.push(
    `<rect y="${CARD_HEIGHT - 96}" width="${CARD_WIDTH}" height="96" fill="#a3141d"/>`,
    `<rect x="${MARGIN}" y="${CARD_HEIGHT - 76}" width="56" height="56" rx="10" fill="#fff"/>`,
    `<text x="${MARGIN + 28}" y="${CARD_HEIGHT - 34}" font-size="38" text-anchor="middle" fill="#a3141d">法</text>`,
    `<text x="${MARGIN + 80}" y="${CARD_HEIGHT - 34}" font-size="36" fill="#fff">${escapeXml(card.footer)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" font-family="${FONT}">${parts.join("")}</svg>`;
}

/** The card as a PNG. */
export async function drawCard(card: Card) {
  const sharp = await loadSharp();
  return sharp(Buffer.from(cardSvg(card)))
    .png()
    .toBuffer();
}

// A chat app's crawlers fetch a shared link's card in a burst, and every group it is posted to
// asks again: each card is drawn once and kept (a few hundred kilobytes in all), a burst for a
// card being drawn waits for that drawing, and at most two drawings run at once.
const KEEP = 64;
const AT_ONCE = 2;
const drawn = new Map<string, Promise<Buffer>>();
let running = 0;
const waiting: (() => void)[] = [];

async function bounded<T>(work: () => Promise<T>) {
  if (running >= AT_ONCE) await new Promise<void>((go) => waiting.push(go));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** The card under `key` (which must change whenever what it shows changes), drawn at most once. */
export function cachedCard(key: string, card: () => Card) {
  const kept = drawn.get(key);
  if (kept) {
    // Most recently used last: the first key is the one to drop.
    drawn.delete(key);
    drawn.set(key, kept);
    return kept;
  }
  const png = bounded(() => drawCard(card()));
  drawn.set(key, png);
  png.catch(() => drawn.delete(key));
  if (drawn.size > KEEP) drawn.delete(drawn.keys().next().value as string);
  return png;
}

/**
 * A card as the answer to `request`: public and kept for ten minutes (a cancelled event's card
 * goes soon after), then asked again with its ETag, which a card not changed answers with 304.
 */
export function cardResponse(request: Request, card: { version: string; png: Buffer }) {
  const etag = `"${card.version}"`;
  const headers = {
    "Content-Type": "image/png",
    "Cache-Control": "public, max-age=600",
    ETag: etag,
  };
  const asked = request.headers.get("If-None-Match");
  if (asked && asked.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(new Uint8Array(card.png), { headers });
}

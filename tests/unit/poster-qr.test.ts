import { describe, expect, it } from "vitest";
import {
  ROTATION_SECONDS,
  currentToken,
  isTokenFresh,
  secondsToNextToken,
  tokenForSlot,
} from "../../app/.server/checkin/qr-token";
import { qrPng, qrSvg } from "../../app/.server/events/qr";
import { PNG_SIGNATURE, pngSize, readQrSvg } from "../integration/poster-qr";

// The rotating token at explicit moments, and the QR images the poster and projector show.

const SECRET = "projector-test-secret";
const SLOT_MS = ROTATION_SECONDS * 1000;
/** The start of some 15-second slot. */
const T0 = 1_796_000_000_000 - (1_796_000_000_000 % SLOT_MS);

describe("rotating tokens", () => {
  it("stay the same within a slot and change at its end", () => {
    expect(currentToken(SECRET, T0)).toBe(currentToken(SECRET, T0 + SLOT_MS - 1));
    expect(currentToken(SECRET, T0 + SLOT_MS)).not.toBe(currentToken(SECRET, T0));
    expect(currentToken(SECRET, T0)).toBe(tokenForSlot(SECRET, T0 / SLOT_MS));
    expect(currentToken("another-event-secret", T0)).not.toBe(currentToken(SECRET, T0));
  });

  it("keep the previous token valid for one slot of grace, and refuse an older one", () => {
    const shown = currentToken(SECRET, T0);
    expect(isTokenFresh(SECRET, shown, T0 + 1000)).toBe(true);
    expect(isTokenFresh(SECRET, shown, T0 + SLOT_MS + 1000)).toBe(true);
    expect(isTokenFresh(SECRET, shown, T0 + 2 * SLOT_MS)).toBe(false);
    expect(isTokenFresh(SECRET, currentToken(SECRET, T0 + SLOT_MS), T0)).toBe(false);
  });

  it("tell the projector how long the current token has left", () => {
    expect(secondsToNextToken(T0)).toBe(15);
    expect(secondsToNextToken(T0 + 14_200)).toBe(1);
    expect(secondsToNextToken(T0 + 5_000)).toBe(10);
  });
});

describe("QR images", () => {
  const link = "https://pufa.example.org/c/abcd2345";

  it("draw the link as SVG path data with a quiet zone of 4 modules", async () => {
    const svg = await qrSvg(link);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
    expect(readQrSvg(svg, link)).toEqual({ margin: 4, encodes: true });
    expect(readQrSvg(svg, `${link}?t=x`).encodes).toBe(false);
  });

  it("draw the link as a square PNG of the asked width", async () => {
    const png = await qrPng(link, 600);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 600, height: 600 });
  });
});

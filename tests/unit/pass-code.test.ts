import { describe, expect, it } from "vitest";
import {
  CODE_LENGTH,
  groupCode,
  hashPassCode,
  newDeploymentId,
  newPass,
  passCodeOf,
  passQrText,
  readPassCode,
} from "~/.server/passes/code";

const HERE = "HX4G7RTQ2M9KD3VB";

const SECRET = "unit-test-secret-0123456789";
const newPassCode = () => newPass(SECRET).code;

describe("pass codes", () => {
  it("are made again from the nonce and the secret, and only their hash is kept", () => {
    const pass = newPass(SECRET);
    expect(passCodeOf(SECRET, pass.nonce)).toBe(pass.code);
    expect(pass.hash).toBe(hashPassCode(pass.code));
    expect(pass.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(pass.hash).not.toContain(pass.code);
    // Another secret makes another code: a copy of the database alone prints no card.
    expect(passCodeOf("another-secret-0123456789", pass.nonce)).not.toBe(pass.code);
  });

  it("are 12 characters of Crockford base32 (60 bits), different every time", () => {
    const codes = new Set(Array.from({ length: 2000 }, () => newPassCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(CODE_LENGTH * 5).toBeGreaterThanOrEqual(60);
  });

  it("use the whole alphabet, evenly enough", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      for (const c of newPassCode()) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect(counts.size).toBe(32);
    // 24,000 characters over 32 symbols: 750 each on average.
    for (const n of counts.values()) expect(n).toBeGreaterThan(550);
  });

  it("are grouped by four for reading", () => {
    expect(groupCode("K7QM2XPD9HTR")).toBe("K7QM-2XPD-9HTR");
  });

  it("go into the QR with this deployment's id", () => {
    expect(passQrText(HERE, "K7QM2XPD9HTR")).toBe(`PUFA1:${HERE}:K7QM2XPD9HTR`);
    expect(newDeploymentId()).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
  });
});

describe("reading a scanned or typed code", () => {
  const code = { kind: "code", code: "K7QM2XPD9HTR" };

  it("takes the QR's text of this deployment", () => {
    expect(readPassCode(`PUFA1:${HERE}:K7QM2XPD9HTR`, HERE)).toEqual(code);
  });

  it("takes the code as typed: with or without dashes, any case, spaces around", () => {
    expect(readPassCode("K7QM-2XPD-9HTR", HERE)).toEqual(code);
    expect(readPassCode("k7qm2xpd9htr", HERE)).toEqual(code);
    expect(readPassCode("  k7qm-2xpd 9htr \n", HERE)).toEqual(code);
  });

  it("reads O as 0 and I or L as 1, as Crockford's alphabet intends", () => {
    expect(readPassCode("K7QM-2XPD-9HTO", HERE)).toEqual({ kind: "code", code: "K7QM2XPD9HT0" });
    expect(readPassCode("i7QM-2XPD-9HTl", HERE)).toEqual({ kind: "code", code: "17QM2XPD9HT1" });
  });

  it("tells a pass of another deployment from garbage", () => {
    expect(readPassCode("PUFA1:OTHERDEPLOY00000:K7QM2XPD9HTR", HERE)).toEqual({ kind: "foreign" });
    expect(readPassCode(`pufa1:${HERE.toLowerCase()}:k7qm2xpd9htr`, HERE)).toEqual(code);
  });

  it("refuses what cannot be a code", () => {
    for (const text of [
      "",
      "K7QM-2XPD-9HT",
      "K7QM-2XPD-9HTRX",
      "K7QM-2XPD-9HTU",
      "https://example.com/c/abcdefgh",
      `PUFA1:${HERE}:not-a-code`,
      "张三",
      "x".repeat(500),
    ]) {
      expect(readPassCode(text, HERE), text).toEqual({ kind: "garbage" });
    }
  });
});

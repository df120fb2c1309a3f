import { randomFillSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GENERATED_LENGTH, generatePassword } from "../../app/lib/password-generator";
import { createUserSchema, passwordSchema } from "../../app/lib/schemas";

// Issue 7, item 16: the "generate a strong password" button fills a password the policy accepts.

const random = (bytes: Uint8Array) => randomFillSync(bytes);

describe("generatePassword", () => {
  it("always passes the password policy", () => {
    for (let i = 0; i < 2000; i++) {
      const password = generatePassword(random);
      expect(password).toHaveLength(GENERATED_LENGTH);
      expect(passwordSchema.safeParse(password).success, password).toBe(true);
    }
  });

  it("is accepted as a new account's initial password", () => {
    const parsed = createUserSchema.safeParse({
      username: "zhoushan2",
      displayName: "新 职员",
      role: "organiser",
      unitId: "3",
      password: generatePassword(random),
    });
    expect(parsed.success).toBe(true);
  });

  it("draws again until the password holds a letter and a digit", () => {
    // The first 16 bytes give only digits ("2"), the next only letters ("a"), then a mix.
    const batches = [new Uint8Array(16).fill(48), new Uint8Array(16).fill(0)];
    const mixed = Uint8Array.from({ length: 16 }, (_, i) => (i % 2 ? 0 : 48));
    const scripted = (bytes: Uint8Array) => {
      bytes.set(batches.shift() ?? mixed);
      return bytes;
    };
    expect(generatePassword(scripted)).toBe("2a".repeat(8));
  });

  it("skips bytes that would favour some characters", () => {
    // 255 lies above the largest multiple of the alphabet's size: never used.
    const batches = [Uint8Array.from({ length: 16 }, (_, i) => (i < 8 ? 255 : 48))];
    const rest = Uint8Array.from({ length: 16 }, () => 0);
    const scripted = (bytes: Uint8Array) => {
      bytes.set(batches.shift() ?? rest);
      return bytes;
    };
    expect(generatePassword(scripted)).toBe(`${"2".repeat(8)}${"a".repeat(8)}`);
  });

  it("uses no characters that are easily confused", () => {
    const all = Array.from({ length: 200 }, () => generatePassword(random)).join("");
    expect(all).not.toMatch(/[0O1lI]/);
  });
});

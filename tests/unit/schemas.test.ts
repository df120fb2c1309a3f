import { describe, expect, it } from "vitest";
import type { ZodError } from "zod";
import {
  changePasswordSchema,
  createUserSchema,
  fieldErrors,
  loginSchema,
  PASSWORD_MAX_LENGTH,
  userActionSchema,
} from "~/lib/schemas";
import { parseDatabaseUrl } from "../../db/connect";

const validUser = {
  username: "Wang.Min",
  displayName: " 王敏 ",
  role: "organiser",
  unitId: "3",
  password: "xiangshan2026",
};

describe("createUserSchema", () => {
  it("accepts a valid account, trimming and lower-casing", () => {
    expect(createUserSchema.parse(validUser)).toEqual({
      ...validUser,
      username: "wang.min",
      displayName: "王敏",
      unitId: 3,
      wideConfirmed: false,
    });
  });

  it("leaves the first password to the server when it is empty, and wants a unit chosen", () => {
    const parsed = createUserSchema.parse({ ...validUser, password: "", wideConfirmed: "1" });
    expect(parsed).toMatchObject({ password: null, wideConfirmed: true });
    const noUnit = createUserSchema.safeParse({ ...validUser, unitId: "" });
    expect(noUnit.success || fieldErrors(noUnit.error).unitId).toBe("accounts.unitRequired");
  });

  it.each([
    [{ password: "short1" }, "password", "form.passwordTooShort"],
    [{ password: "onlyletterslong" }, "password", "form.passwordNeedsMix"],
    [{ password: "1234567890123" }, "password", "form.passwordNeedsMix"],
    [{ username: "wangmin2026", password: "WANGMIN2026" }, "password", "form.passwordIsUsername"],
    [{ username: "ab" }, "username", "form.usernameFormat"],
    [{ username: "has space" }, "username", "form.usernameFormat"],
    [{ displayName: "   " }, "displayName", "form.required"],
    [{ role: "king" }, "role", "form.invalidChoice"],
    [{ unitId: "abc" }, "unitId", "form.invalidChoice"],
  ])("rejects %o with %s: %s", (change, field, message) => {
    const result = createUserSchema.safeParse({ ...validUser, ...change });
    expect(result.success).toBe(false);
    if (!result.success) expect(fieldErrors(result.error)[field]).toBe(message);
  });

  it("reports a missing field as required", () => {
    const result = createUserSchema.safeParse({});
    expect(result.success).toBe(false);
    if (!result.success) expect(fieldErrors(result.error).username).toBe("form.required");
  });
});

describe("changePasswordSchema", () => {
  it("wants the new password twice, and different from the current one", () => {
    const mismatch = changePasswordSchema.safeParse({
      current: "old-pass-1",
      password: "newpass1234",
      confirm: "newpass1235",
    });
    expect(mismatch.success || fieldErrors(mismatch.error).confirm).toBe("form.passwordMismatch");
    const same = changePasswordSchema.safeParse({
      current: "samepass123",
      password: "samepass123",
      confirm: "samepass123",
    });
    expect(same.success || fieldErrors(same.error).password).toBe("form.passwordSame");
  });
});

describe("password length", () => {
  const longest = `a1${"x".repeat(PASSWORD_MAX_LENGTH - 2)}`;
  const tooLong = `${longest}y`;

  it("takes 128 characters and refuses 129 in every form that carries a password", () => {
    const tooLongIn = (result: { success: boolean; error?: ZodError }, field: string) =>
      result.error !== undefined && fieldErrors(result.error)[field] === "form.passwordTooLong";
    expect(loginSchema.safeParse({ username: "admin", password: longest }).success).toBe(true);
    expect(
      tooLongIn(loginSchema.safeParse({ username: "admin", password: tooLong }), "password"),
    ).toBe(true);
    expect(createUserSchema.safeParse({ ...validUser, password: longest }).success).toBe(true);
    expect(
      tooLongIn(createUserSchema.safeParse({ ...validUser, password: tooLong }), "password"),
    ).toBe(true);
    expect(
      tooLongIn(userActionSchema.safeParse({ intent: "reset", password: tooLong }), "password"),
    ).toBe(true);
    const change = { current: "old-pass-1", password: longest, confirm: longest };
    expect(changePasswordSchema.safeParse(change).success).toBe(true);
    expect(
      tooLongIn(changePasswordSchema.safeParse({ ...change, current: tooLong }), "current"),
    ).toBe(true);
    expect(
      tooLongIn(
        changePasswordSchema.safeParse({ ...change, password: tooLong, confirm: tooLong }),
        "password",
      ),
    ).toBe(true);
  });

  it("refuses a megabyte password at log-in", () => {
    const result = loginSchema.safeParse({ username: "admin", password: "p".repeat(1 << 20) });
    expect(result.success || fieldErrors(result.error).password).toBe("form.passwordTooLong");
  });
});

describe("userActionSchema", () => {
  it("tells the forms of an account page apart by intent", () => {
    // Disabling asks first: only a post with `confirmed` disables.
    expect(userActionSchema.parse({ intent: "disable" })).toEqual({
      intent: "disable",
      confirmed: false,
    });
    expect(userActionSchema.parse({ intent: "disable", confirmed: "1" })).toEqual({
      intent: "disable",
      confirmed: true,
    });
    expect(userActionSchema.safeParse({ intent: "endSession", sessionId: "x" }).success).toBe(
      false,
    );
    expect(userActionSchema.safeParse({ intent: "delete" }).success).toBe(false);
  });
});

describe("parseDatabaseUrl", () => {
  it("tells SQLite from PostgreSQL", () => {
    expect(parseDatabaseUrl(undefined)).toMatchObject({ dialect: "sqlite" });
    expect(parseDatabaseUrl("postgres://u@h/db")).toEqual({
      dialect: "postgres",
      connectionString: "postgres://u@h/db",
    });
    expect(parseDatabaseUrl("postgresql://u@h/db").dialect).toBe("postgres");
    expect(parseDatabaseUrl("file:/srv/pufa.db")).toEqual({
      dialect: "sqlite",
      filename: "/srv/pufa.db",
    });
    expect(parseDatabaseUrl("file:///srv/pufa.db")).toEqual({
      dialect: "sqlite",
      filename: "/srv/pufa.db",
    });
  });
});

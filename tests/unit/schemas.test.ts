import { describe, expect, it } from "vitest";
import {
  changePasswordSchema,
  createUserSchema,
  fieldErrors,
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
    });
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

describe("userActionSchema", () => {
  it("tells the forms of an account page apart by intent", () => {
    expect(userActionSchema.parse({ intent: "disable" })).toEqual({ intent: "disable" });
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

import { describe, expect, it } from "vitest";
import { SettingError, loadEnv } from "~/.server/env";

// Every setting is checked in one place; a bad one is one line naming it.

const demo = (values: Record<string, string>) => loadEnv({ ...values });
const refusal = (values: Record<string, string>) => {
  try {
    loadEnv(values);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingError);
    return (error as Error).message;
  }
  throw new Error("accepted");
};

describe("settings", () => {
  it("have defaults for the demo", () => {
    const env = demo({});
    expect(env).toMatchObject({ PORT: 3000, HOST: "0.0.0.0", PUFA_WORKERS: 1, BODY_LIMIT_KB: 64 });
    expect(env.demo).toBe(true);
    expect(env.admin).toBeNull();
    expect(env.trustProxy("127.0.0.1", 0)).toBe(false);
  });

  it("trust a number of proxies, or the addresses and subnets given", () => {
    const two = demo({ TRUST_PROXY: "2" }).trustProxy;
    expect([two("1.2.3.4", 0), two("1.2.3.4", 1), two("1.2.3.4", 2)]).toEqual([true, true, false]);
    const listed = demo({ TRUST_PROXY: "10.0.0.1, 192.168.0.0/16,loopback" }).trustProxy;
    expect(listed("10.0.0.1", 0)).toBe(true);
    expect(listed("192.168.7.9", 3)).toBe(true);
    expect(listed("::1", 0)).toBe(true);
    expect(listed("10.0.0.2", 0)).toBe(false);
    for (const off of ["", "off", "0", "false"]) {
      expect(demo({ TRUST_PROXY: off }).trustProxy("10.0.0.1", 0)).toBe(false);
    }
  });

  it("refuse what cannot be meant, naming the setting on one line", () => {
    for (const [values, name] of [
      [{ TRUST_PROXY: "on" }, "TRUST_PROXY=on"],
      [{ TRUST_PROXY: "10.0.0.300" }, "TRUST_PROXY=10.0.0.300"],
      [{ TRUST_PROXY: "10.0.0.0/33" }, "TRUST_PROXY=10.0.0.0/33"],
      [{ PUFA_WORKERS: "abc" }, "PUFA_WORKERS=abc"],
      [{ PUFA_WORKERS: "0" }, "PUFA_WORKERS=0"],
      [{ PORT: "99999" }, "PORT=99999"],
      [{ HOST: "a b" }, "HOST=a b"],
      [{ PUBLIC_URL: "ftp://x" }, "PUBLIC_URL=ftp://x"],
      [{ PUFA_DEMO: "maybe" }, "PUFA_DEMO=maybe"],
      [{ TRUST_PROXY: "maybe" }, "TRUST_PROXY=maybe"],
      [{ BODY_LIMIT_KB: "-5" }, "BODY_LIMIT_KB=-5"],
      [{ PUFA_ADMIN_UNIT_LEVEL: "province" }, "PUFA_ADMIN_UNIT_LEVEL=province"],
      [{ PG_POOL_SIZE: "0" }, "PG_POOL_SIZE=0"],
      [{ PG_POOL_SIZE: "ten" }, "PG_POOL_SIZE=ten"],
      [{ PG_STATEMENT_TIMEOUT_MS: "5s" }, "PG_STATEMENT_TIMEOUT_MS=5s"],
      [{ PG_CONNECT_TIMEOUT_MS: "10" }, "PG_CONNECT_TIMEOUT_MS=10"],
      [{ DB_START_WAIT_SECONDS: "-1" }, "DB_START_WAIT_SECONDS=-1"],
    ] as const) {
      const message = refusal(values);
      expect(message).toContain(name);
      expect(message).not.toContain("\n");
    }
  });

  it("size the database pool and its time limits, with defaults that answer within 2 s", () => {
    expect(demo({})).toMatchObject({
      PG_POOL_SIZE: 10,
      PG_STATEMENT_TIMEOUT_MS: 15_000,
      PG_CONNECT_TIMEOUT_MS: 1_500,
      DB_START_WAIT_SECONDS: 60,
    });
    expect(
      demo({
        PG_POOL_SIZE: "25",
        PG_STATEMENT_TIMEOUT_MS: "0",
        PG_CONNECT_TIMEOUT_MS: "800",
        DB_START_WAIT_SECONDS: "0",
      }),
    ).toMatchObject({
      PG_POOL_SIZE: 25,
      PG_STATEMENT_TIMEOUT_MS: 0,
      PG_CONNECT_TIMEOUT_MS: 800,
      DB_START_WAIT_SECONDS: 0,
    });
  });

  it("never print a password or secret they refuse", () => {
    const message = refusal({ PUFA_ADMIN_PASSWORD: "short" });
    expect(message).toContain("PUFA_ADMIN_PASSWORD");
    expect(message).toContain("at least 10 characters");
    expect(message).not.toContain("short");
    expect(refusal({ COOKIE_SECRET: "tiny" })).not.toContain("tiny");
  });

  it("need COOKIE_SECRET and PUBLIC_URL outside demo mode", () => {
    const production = { DATABASE_URL: "postgres://db/pufa" };
    expect(refusal(production)).toMatch(/^COOKIE_SECRET is required/);
    expect(refusal({ ...production, COOKIE_SECRET: "a".repeat(32) })).toMatch(
      /^PUBLIC_URL is required/,
    );
    const env = loadEnv({
      ...production,
      COOKIE_SECRET: "a".repeat(32),
      PUBLIC_URL: "https://pufa.example.org/",
    });
    expect(env.demo).toBe(false);
    expect(env.PUBLIC_URL).toBe("https://pufa.example.org");
  });

  it("take the first admin from all three of its settings, or none", () => {
    expect(refusal({ PUFA_ADMIN_USERNAME: "zhang.wei" })).toContain("go together");
    const env = demo({
      PUFA_ADMIN_USERNAME: "Zhang.Wei",
      PUFA_ADMIN_PASSWORD: "first-admin-2026",
      PUFA_ADMIN_UNIT: "吴中区",
    });
    expect(env.admin).toEqual({
      username: "zhang.wei",
      password: "first-admin-2026",
      unit: "吴中区",
      name: "zhang.wei",
    });
    // The password alone serves create-admin.
    expect(demo({ PUFA_ADMIN_PASSWORD: "first-admin-2026" }).admin).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { describeError, isDatabaseUnavailable } from "../../db/connect";
import { AppError, withDomainErrors } from "~/.server/errors";
import { domainErrors } from "../../vite/domain-errors";

// Refusals and an unreachable database become answers in one place: the wrapper every route
// module of the server build goes through, and the Vite plugin that puts it there.

type Thrown = { type: string; data: { code: string; messageKey: string; lang?: string } };
type Init = { init: { status: number } };

const args = (lang = "zh-CN") => ({
  request: new Request("http://localhost/x", { headers: { "Accept-Language": lang } }),
  params: {},
  context: {},
});

async function thrownBy(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("nothing was thrown");
}

const failing = (error: unknown) => async (_args: ReturnType<typeof args>) => {
  throw error;
};

describe("a route module through withDomainErrors", () => {
  it("answers an AppError from its loader or action with the error's status and message key", async () => {
    const module = withDomainErrors({
      loader: failing(new AppError("FORBIDDEN", "error.forbidden.body")),
      action: failing(new AppError("CONFLICT", "events.cancelledNoPoster")),
    });
    const refused = (await thrownBy(() => module.loader(args()))) as Thrown & Init;
    expect(refused.init.status).toBe(403);
    expect(refused.data).toEqual({ code: "FORBIDDEN", messageKey: "error.forbidden.body" });
    const conflict = (await thrownBy(() => module.action(args()))) as Thrown & Init;
    expect(conflict.init.status).toBe(409);
    expect(conflict.data.messageKey).toBe("events.cancelledNoPoster");
  });

  it("answers an unreachable database with 503 in the reader's language", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
      code: "ECONNREFUSED",
    });
    const module = withDomainErrors({ loader: failing(refused) });
    const answer = (await thrownBy(() => module.loader(args("en-US,en;q=0.9")))) as Thrown & Init;
    expect(answer.init.status).toBe(503);
    expect(answer.data).toEqual({
      code: "UNAVAILABLE",
      messageKey: "error.unavailable.body",
      lang: "en",
    });
  });

  it("lets every other error, redirect and response through as it was thrown", async () => {
    const bug = new TypeError("a bug");
    const redirect = new Response(null, { status: 302, headers: { Location: "/login" } });
    const module = withDomainErrors({ loader: failing(bug), action: failing(redirect) });
    expect(await thrownBy(() => module.loader(args()))).toBe(bug);
    expect(await thrownBy(() => module.action(args()))).toBe(redirect);
  });

  it("returns what the route returns, and adds no loader or action a route does not have", async () => {
    const component = () => null;
    const module = withDomainErrors({
      loader: async (_args: ReturnType<typeof args>) => ({ ok: 1 }),
      default: component,
    });
    expect(await module.loader(args())).toEqual({ ok: 1 });
    expect(module.default).toBe(component);
    expect("action" in module).toBe(false);
    expect(withDomainErrors({ meta: 1 })).toEqual({ meta: 1 });
  });
});

describe("an unreachable database", () => {
  const withCode = (code: string, message = "failed") =>
    Object.assign(new Error(message), { code });

  it("is told from a fault in the request", () => {
    for (const error of [
      withCode("ECONNREFUSED"),
      withCode("ETIMEDOUT"),
      withCode("57P01", "terminating connection due to administrator command"),
      withCode("57P03", "the database system is starting up"),
      withCode("08006"),
      withCode("53300", "sorry, too many clients already"),
      withCode("57014", "canceling statement due to statement timeout"),
      withCode("SQLITE_BUSY"),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
      new AggregateError([withCode("ECONNREFUSED")], ""),
    ]) {
      expect(isDatabaseUnavailable(error), describeError(error)).toBe(true);
    }
    for (const error of [
      withCode("23505", "duplicate key value violates unique constraint"),
      withCode("42P01", 'relation "x" does not exist'),
      withCode("SQLITE_CONSTRAINT_UNIQUE"),
      new TypeError("Cannot read properties of undefined"),
      new AppError("NOT_FOUND", "error.notFound.body"),
      "ECONNREFUSED",
      null,
    ]) {
      expect(isDatabaseUnavailable(error), describeError(error)).toBe(false);
    }
  });
});

describe("the Vite plugin", () => {
  const plugin = domainErrors();
  const transform = (code: string, id = "\0virtual:remix/server-build") =>
    (plugin.transform as (code: string, id: string) => { code: string } | null)(code, id);

  // The shape Remix 2.17.5 generates (node_modules/@remix-run/dev/dist/vite/plugin.js).
  const build = `
    import * as entryServer from "/app/entry.server.tsx";
    import * as route0 from "/app/root.tsx";
    import * as route1 from "/app/routes/login.tsx";
      export const entry = { module: entryServer };
      export const routes = {
        "root": { id: "root", parentId: undefined, path: "", module: route0 },
  "routes/login": { id: "routes/login", parentId: "root", path: "login", module: route1 }
      };`;

  it("wraps every route module of the server build, and nothing else", () => {
    const out = transform(build)!.code;
    expect(out).toContain("module: __withDomainErrors(route0)");
    expect(out).toContain("module: __withDomainErrors(route1)");
    expect(out).toContain("const entry = { module: entryServer }");
    expect(out).toMatch(
      /^import \{ withDomainErrors as __withDomainErrors \} from ".*errors\.ts";/,
    );
    expect(transform(build, "/app/routes/login.tsx")).toBeNull();
  });

  it("stops the build when the server build no longer has the shape it wraps", () => {
    expect(() => transform(build.replace("module: route1", "module: () => route1"))).toThrow(
      /changed shape/,
    );
    expect(() => transform("export const routes = {};")).toThrow(/changed shape/);
  });
});

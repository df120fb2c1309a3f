import { encodeHexLowerCase } from "@oslojs/encoding";
import type { Cookie, CookieOptions } from "@remix-run/node";
import { createCookie } from "@remix-run/node";
import type { Db } from "./db";
import { db } from "./db";
import { env } from "./env";

// The secret that signs the flash and remember-me cookies. Outside demo mode it is COOKIE_SECRET
// (required there). A demo installation makes its own on first start and keeps it in app_meta,
// so no two installations share one and every process on one database signs alike. Start-up
// settles it before the server listens; the dev server, which has no start-up, reads it once.

const KEY = "cookie_secret";

/** COOKIE_SECRET, or this demo database's own secret (created here the first time). */
export async function loadCookieSecret(database: Db): Promise<string> {
  if (env.COOKIE_SECRET) return env.COOKIE_SECRET;
  const fresh = encodeHexLowerCase(crypto.getRandomValues(new Uint8Array(32)));
  // Several processes may start at once: the first insert wins and everyone reads the winner.
  await database
    .insertInto("app_meta")
    .values({ key: KEY, value: fresh })
    .onConflict((oc) => oc.column("key").doNothing())
    .execute();
  const row = await database
    .selectFrom("app_meta")
    .select("value")
    .where("key", "=", KEY)
    .executeTakeFirstOrThrow();
  return row.value;
}

let secret: Promise<string> | undefined;

/** The secret start-up settled (in this process, or handed down to a worker). */
export function setCookieSecret(value: string) {
  secret = Promise.resolve(value);
}

function cookieSecret() {
  return (secret ??= loadCookieSecret(db));
}

/**
 * A signed cookie whose secret is looked up on first use, not when the module loads: the secret
 * may live in the database. The same interface as Remix's createCookie.
 */
export function signedCookie(name: string, options: Omit<CookieOptions, "secrets">): Cookie {
  let cookie: Promise<Cookie> | undefined;
  const ready = () =>
    (cookie ??= cookieSecret().then((value) =>
      createCookie(name, { ...options, secrets: [value] }),
    ));
  return {
    name,
    isSigned: true,
    get expires() {
      return options.maxAge !== undefined
        ? new Date(Date.now() + options.maxAge * 1000)
        : options.expires;
    },
    parse: async (header, parseOptions) => (await ready()).parse(header, parseOptions),
    serialize: async (value, serializeOptions) =>
      (await ready()).serialize(value, serializeOptions),
  };
}

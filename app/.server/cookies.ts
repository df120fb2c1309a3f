import type { Cookie, CookieOptions } from "@remix-run/node";
import { createCookie } from "@remix-run/node";
import { db } from "./db";
import { loadCookieSecret } from "./secret";

// The flash and remember-me cookies are signed with the installation's secret (secret.ts).
// Start-up settles it before the server listens; the dev server, which has no start-up, reads it
// once.

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

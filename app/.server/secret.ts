import { encodeHexLowerCase } from "@oslojs/encoding";
import type { Db } from "./db";
import { env } from "./env";

// The installation's secret: it signs the flash and remember-me cookies and makes pass codes
// from their nonces. Outside demo mode it is COOKIE_SECRET (required there). A demo installation
// makes its own on first start and keeps it in app_meta, so no two installations share one and
// every process on one database signs alike.

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

import { isIP } from "node:net";
import proxyaddr from "proxy-addr";
import { z } from "zod";
import { unitLevels } from "../../db/schema";
import { isMessageKey, translator } from "~/lib/i18n";
import { passwordSchema, usernameSchema } from "~/lib/schemas";

// Every setting of Pufa is read and checked here, once, when the server build is loaded: the
// command line (bin/pufa.js) asks the build for them instead of reading the environment itself.
// A bad value stops start-up with one line that names the setting.

/** A setting that cannot be used; bin/pufa.js prints its message alone, without a stack trace. */
export class SettingError extends Error {
  override name = "SettingError";
}

const english = translator("en");
/** Shared schemas speak in catalogue keys; a start-up message is for the operator, in English. */
const say = (message: string) => (isMessageKey(message) ? english(message) : message);

const emptyIsUnset = (value: unknown) => (value === "" ? undefined : value);

const flag = z.preprocess(
  emptyIsUnset,
  z
    .enum(["1", "0", "true", "false", "on", "off"], { message: "use on or off" })
    .optional()
    .transform((value) => (value === undefined ? undefined : ["1", "true", "on"].includes(value))),
);

function whole(min: number, max: number, fallback: number) {
  const message = `use a whole number from ${min} to ${max}`;
  return z
    .preprocess(
      emptyIsUnset,
      z
        .string()
        .regex(/^\d+$/, { message })
        .transform(Number)
        .pipe(z.number().min(min, { message }).max(max, { message }))
        .optional(),
    )
    .transform((value) => value ?? fallback);
}

const text = z.preprocess(emptyIsUnset, z.string().trim().min(1).optional());

/** Names proxy-addr knows for whole ranges of private addresses. */
const PROXY_RANGES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isAddressOrSubnet(entry: string) {
  if (PROXY_RANGES.has(entry)) return true;
  const [address = "", bits, extra] = entry.split("/");
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (bits === undefined) return true;
  if (/^\d+$/.test(bits)) return Number(bits) <= (family === 4 ? 32 : 128);
  return family === 4 && isIP(bits) === 4;
}

/** Which peers may tell us the client's address, protocol and host (X-Forwarded-*). */
type TrustProxy = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY: off (trust nobody), the number of proxies in front of Pufa, or the addresses and
 * subnets of those proxies. "on" is refused: trusting every peer lets anyone forge their address.
 */
const trustProxy = z.preprocess(
  emptyIsUnset,
  z
    .string()
    .optional()
    .transform((value, ctx): TrustProxy => {
      if (value === undefined || ["off", "0", "false", "none"].includes(value)) return () => false;
      if (/^\d+$/.test(value) && Number(value) <= 10) {
        const hops = Number(value);
        return (_address, hop) => hop < hops;
      }
      const entries = value.split(",").map((entry) => entry.trim());
      if (entries.every(isAddressOrSubnet)) return proxyaddr.compile(entries);
      ctx.addIssue({
        code: "custom",
        message:
          "use off, the number of proxies in front of Pufa (1 to 10), or their addresses and subnets (10.0.0.1,10.1.0.0/16)",
      });
      return z.NEVER;
    }),
);

const publicUrl = z.preprocess(
  (value) => (typeof value === "string" ? value.trim().replace(/\/+$/, "") || undefined : value),
  z
    .url({
      protocol: /^https?$/,
      message: "use the address residents reach, e.g. https://pufa.example.org",
    })
    .optional(),
);

const schema = z.object({
  NODE_ENV: z.preprocess(
    emptyIsUnset,
    z.enum(["development", "production", "test"]).default("development"),
  ),
  DATABASE_URL: text,
  /** Demo data is seeded into an empty database: on by default for the local SQLite file only. */
  PUFA_DEMO: flag,
  PORT: whole(1, 65535, 3000),
  HOST: z.preprocess(
    emptyIsUnset,
    z
      .string()
      .regex(/^[\w.:-]+$/, { message: "use an address or host name to listen on, e.g. 0.0.0.0" })
      .default("0.0.0.0"),
  ),
  /** Processes serving requests (node:cluster). */
  PUFA_WORKERS: whole(1, 64, 1),
  /**
   * With one worker, a second process waits loaded beside it and serves the moment it dies. Off:
   * no standby (a machine short of memory, or a test that starts many servers); a worker that dies
   * is replaced by a new one, which takes seconds to load.
   */
  PUFA_STANDBY: flag,
  /** PostgreSQL connections each process may hold (PUFA_WORKERS processes each have a pool). */
  PG_POOL_SIZE: whole(1, 1000, 10),
  /** PostgreSQL cancels a statement running longer than this; 0: no limit. Migrations have none. */
  PG_STATEMENT_TIMEOUT_MS: whole(0, 3_600_000, 15_000),
  /** A request that gets no PostgreSQL connection within this time is answered 503. */
  PG_CONNECT_TIMEOUT_MS: whole(100, 60_000, 1_500),
  /** At start-up, how long to keep trying a database that is not reachable yet, then give up. */
  DB_START_WAIT_SECONDS: whole(0, 3600, 60),
  SESSION_IDLE_MINUTES: whole(5, 24 * 60, 120),
  /** A session ends this many hours after log-in, however active it has been. */
  SESSION_MAX_HOURS: whole(1, 168, 12),
  /** Signs the flash and remember-me cookies; every app server needs the same one. */
  COOKIE_SECRET: z.preprocess(
    emptyIsUnset,
    z.string().min(16, { message: "use 16 characters or more" }).optional(),
  ),
  /**
   * Where residents reach Pufa (https://pufa.example.org): the base of every printed, projected
   * and calendar link. Outside demo mode it is required: a Host header must never choose it.
   */
  PUBLIC_URL: publicUrl,
  TRUST_PROXY: trustProxy,
  /** Check-in POSTs one address may send a minute (mobile carriers put many phones on one). */
  CHECKIN_LIMIT_PER_IP: whole(1, 1_000_000_000, 120),
  /** Check-in POSTs one event takes a minute. */
  CHECKIN_LIMIT_PER_EVENT: whole(1, 1_000_000_000, 3000),
  /** The largest request body, in kilobytes, of every path without its own limit. */
  BODY_LIMIT_KB: whole(1, 100 * 1024, 64),
  /**
   * Days residents' personal data is kept after the end of the event it was given at (the notice
   * states it): then the daily purge removes it and keeps the counts (privacy/purge.ts). At least
   * 180: the audit log keeps its entries as written that long (等保).
   */
  RETENTION_DAYS: whole(180, 36_500, 1095),
  /**
   * Whether the servers run the purge themselves, once a day (on, the default), or leave it to
   * `pufa purge` from a timer of the operator's (off). The test servers turn it off, so that no
   * run writes while a test compares the database before and after a request.
   */
  PURGE_SCHEDULE: flag.transform((value) => value ?? true),
  /** Days a 法律明白人's personal link works after it is issued or renewed. */
  PERSONAL_LINK_DAYS: whole(1, 3650, 365),
  /** A request body that sends no byte for this long is answered 408. */
  BODY_IDLE_SECONDS: whole(1, 600, 10),
  /** The whole body of a form must have arrived this long after the request began... */
  BODY_TIMEOUT_SECONDS: whole(1, 3600, 30),
  /** ...and of an upload (the roster import) this long. */
  UPLOAD_TIMEOUT_SECONDS: whole(1, 3600, 60),
  /** Where npm run backup writes its files (relative to the working folder unless absolute). */
  BACKUP_DIR: z.preprocess(emptyIsUnset, z.string().default("backups")),
  /** The first admin, created at start-up when the username does not exist yet. */
  PUFA_ADMIN_USERNAME: z.preprocess(
    emptyIsUnset,
    z
      .string()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined) return undefined;
        const parsed = usernameSchema.safeParse(value);
        if (parsed.success) return parsed.data;
        ctx.addIssue({ code: "custom", message: say(parsed.error.issues[0]?.message ?? "") });
        return z.NEVER;
      }),
  ),
  PUFA_ADMIN_PASSWORD: z.preprocess(
    emptyIsUnset,
    z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        const parsed = passwordSchema.safeParse(value);
        if (value !== undefined && !parsed.success) {
          ctx.addIssue({ code: "custom", message: say(parsed.error.issues[0]?.message ?? "") });
        }
      }),
  ),
  PUFA_ADMIN_UNIT: text,
  PUFA_ADMIN_NAME: text,
  PUFA_ADMIN_UNIT_LEVEL: z.preprocess(
    emptyIsUnset,
    z.enum(unitLevels, { message: `use one of ${unitLevels.join(", ")}` }).default("district"),
  ),
});

type Parsed = z.infer<typeof schema>;

export type Env = Omit<Parsed, "TRUST_PROXY"> & {
  demo: boolean;
  trustProxy: TrustProxy;
  /** The first admin from PUFA_ADMIN_*, when they are set. */
  admin: { username: string; password: string; unit: string; name: string } | null;
};

/** Reads and checks the settings; the first bad one throws a SettingError naming it. */
export function loadEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const given = source[name];
    const shown = name.endsWith("PASSWORD") || name.endsWith("SECRET") ? "" : `=${given ?? ""}`;
    throw new SettingError(
      `Invalid setting ${name}${given === undefined ? " (unset)" : shown}: ${issue.message}`,
    );
  }
  const { TRUST_PROXY, ...values } = parsed.data;
  const demo = values.PUFA_DEMO ?? !values.DATABASE_URL;
  if (!demo && !values.COOKIE_SECRET) {
    throw new SettingError(
      "COOKIE_SECRET is required outside demo mode: set it to 16 or more random characters, the same on every app server",
    );
  }
  if (!demo && !values.PUBLIC_URL) {
    throw new SettingError(
      "PUBLIC_URL is required outside demo mode: the address residents reach, e.g. https://pufa.example.org",
    );
  }
  const { PUFA_ADMIN_USERNAME: username, PUFA_ADMIN_PASSWORD: password } = values;
  const unit = values.PUFA_ADMIN_UNIT;
  // The password alone also serves `create-admin`, which takes the rest from its arguments.
  if ((username || unit) && !(username && password && unit)) {
    throw new SettingError(
      "PUFA_ADMIN_USERNAME, PUFA_ADMIN_PASSWORD and PUFA_ADMIN_UNIT go together: set all three or none",
    );
  }
  return {
    ...values,
    demo,
    trustProxy: TRUST_PROXY,
    admin:
      username && password && unit
        ? { username, password, unit, name: values.PUFA_ADMIN_NAME ?? username }
        : null,
  };
}

export const env = loadEnv(process.env);

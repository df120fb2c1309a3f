import { z } from "zod";

const flag = z
  .enum(["1", "0", "true", "false", "on", "off", ""])
  .optional()
  .transform((value) =>
    value === undefined || value === "" ? undefined : ["1", "true", "on"].includes(value),
  );

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((value) => value || undefined),
  /** Demo data is seeded into an empty database: on by default for the local SQLite file only. */
  PUFA_DEMO: flag,
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(120),
  /** A session ends this many hours after log-in, however active it has been. */
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(168).default(12),
  /** Signs the flash-message cookie. Required in production; every app server needs the same. */
  COOKIE_SECRET: z.string().min(16).optional(),
  /** Check-in POSTs one address may send a minute (mobile carriers put many phones on one). */
  CHECKIN_LIMIT_PER_IP: z.coerce.number().int().min(1).default(120),
  /** Check-in POSTs one event takes a minute. */
  CHECKIN_LIMIT_PER_EVENT: z.coerce.number().int().min(1).default(3000),
  /** Behind a reverse proxy: take the client IP and host from X-Forwarded-* headers. */
  TRUST_PROXY: flag,
  /**
   * Where residents reach Pufa (https://pufa.example.org): the base of the check-in link printed in
   * every QR code. Unset: the address the request came to.
   */
  PUBLIC_URL: z
    .string()
    .optional()
    .transform((value) => value?.trim().replace(/\/+$/, "") || undefined)
    .pipe(z.url({ protocol: /^https?$/ }).optional()),
});

export type Env = z.infer<typeof schema> & { demo: boolean; cookieSecret: string };

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    throw new Error(`Invalid environment: ${z.prettifyError(parsed.error)}`);
  }
  const env = parsed.data;
  if (env.NODE_ENV === "production" && !env.COOKIE_SECRET && env.DATABASE_URL) {
    throw new Error("COOKIE_SECRET (16 characters or more) is required in production");
  }
  return {
    ...env,
    demo: env.PUFA_DEMO ?? !env.DATABASE_URL,
    cookieSecret: env.COOKIE_SECRET ?? "pufa-local-demo-cookie-secret",
  };
}

export const env = load();

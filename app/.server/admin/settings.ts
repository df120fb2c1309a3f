import type { MessageKey } from "~/lib/i18n";
import type { Env } from "../env";
import { env, loadEnv } from "../env";
import { UPLOAD_TYPE, bodyRules } from "../http-edge";

// The settings page shows the configuration this server runs with, read from env.ts (which has
// already checked every value), beside the default each setting has when it is not set. Secrets
// never leave here: COOKIE_SECRET is only "set" or "not set", and of DATABASE_URL only the kind of
// database, its host and its name are shown, never a user name or password.

/** Words for a value: a catalogue key and its placeholders. */
export type Shown = { key: MessageKey; values?: Record<string, string | number> };

export type SettingRow = {
  name: string;
  /** What the setting does. */
  about: Shown;
  value: Shown;
  fallback: Shown;
  /** Whether the environment sets it (an empty value counts as unset, as env.ts reads it). */
  set: boolean;
};

const text = (value: string): Shown => ({ key: "admin.settings.text", values: { text: value } });
const count =
  (key: MessageKey) =>
  (value: number): Shown => ({ key, values: { count: value } });
const minutes = count("admin.settings.minutes");
const hours = count("admin.settings.hours");
const seconds = count("admin.settings.seconds");
const kilobytes = count("admin.settings.kilobytes");
const days = count("admin.settings.days");
const perMinute = count("admin.settings.perMinute");
const number = count("admin.settings.number");
const onOff = (on: boolean): Shown => ({ key: on ? "admin.settings.on" : "admin.settings.off" });

/** The kind of database, and where it is, without credentials or query parameters. */
export function describeDatabase(url: string | undefined): Shown {
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    try {
      const parsed = new URL(url);
      const name = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
      return {
        key: "admin.settings.database.postgres",
        values: { host: parsed.host || "localhost", name: name || "postgres" },
      };
    } catch {
      return { key: "admin.settings.database.postgresOnly" };
    }
  }
  const file = !url ? "data/pufa.db" : url.startsWith("file:") ? url.slice("file:".length) : url;
  return { key: "admin.settings.database.sqlite", values: { file: file.replace(/^\/\//, "") } };
}

/** Every setting an admin may read, with its effective value and its default. */
export function describeSettings(
  current: Env,
  source: Record<string, string | undefined>,
): SettingRow[] {
  const defaults = loadEnv({});
  const isSet = (name: string) => (source[name] ?? "").trim() !== "";
  const row = (
    name: string,
    value: Shown,
    fallback: Shown,
    about: Shown = { key: `admin.settings.about.${name}` as MessageKey },
  ): SettingRow => ({ name, about, value, fallback, set: isSet(name) });
  const trusted = (source.TRUST_PROXY ?? "").trim();
  const checkinBody = bodyRules("/c", undefined).bytes / 1024;
  const uploadBody = bodyRules("/learners/import", UPLOAD_TYPE).bytes / 1024;
  return [
    row(
      "PUBLIC_URL",
      current.PUBLIC_URL ? text(current.PUBLIC_URL) : { key: "admin.settings.publicUrlUnset" },
      { key: "admin.settings.unset" },
    ),
    row("TRUST_PROXY", text(trusted || "off"), text("off")),
    row(
      "SESSION_IDLE_MINUTES",
      minutes(current.SESSION_IDLE_MINUTES),
      minutes(defaults.SESSION_IDLE_MINUTES),
    ),
    row("SESSION_MAX_HOURS", hours(current.SESSION_MAX_HOURS), hours(defaults.SESSION_MAX_HOURS)),
    row("BODY_LIMIT_KB", kilobytes(current.BODY_LIMIT_KB), kilobytes(defaults.BODY_LIMIT_KB), {
      key: "admin.settings.about.BODY_LIMIT_KB",
      values: { checkin: checkinBody, upload: uploadBody },
    }),
    row(
      "BODY_IDLE_SECONDS",
      seconds(current.BODY_IDLE_SECONDS),
      seconds(defaults.BODY_IDLE_SECONDS),
    ),
    row(
      "BODY_TIMEOUT_SECONDS",
      seconds(current.BODY_TIMEOUT_SECONDS),
      seconds(defaults.BODY_TIMEOUT_SECONDS),
    ),
    row(
      "UPLOAD_TIMEOUT_SECONDS",
      seconds(current.UPLOAD_TIMEOUT_SECONDS),
      seconds(defaults.UPLOAD_TIMEOUT_SECONDS),
    ),
    row("PUFA_WORKERS", number(current.PUFA_WORKERS), number(defaults.PUFA_WORKERS)),
    row("RETENTION_DAYS", days(current.RETENTION_DAYS), days(defaults.RETENTION_DAYS)),
    row("PURGE_SCHEDULE", onOff(current.PURGE_SCHEDULE), onOff(defaults.PURGE_SCHEDULE)),
    row("PERSONAL_LINK_DAYS", days(current.PERSONAL_LINK_DAYS), days(defaults.PERSONAL_LINK_DAYS)),
    row(
      "CHECKIN_LIMIT_PER_IP",
      perMinute(current.CHECKIN_LIMIT_PER_IP),
      perMinute(defaults.CHECKIN_LIMIT_PER_IP),
    ),
    row(
      "CHECKIN_LIMIT_PER_EVENT",
      perMinute(current.CHECKIN_LIMIT_PER_EVENT),
      perMinute(defaults.CHECKIN_LIMIT_PER_EVENT),
    ),
    row("PUFA_DEMO", onOff(current.demo), { key: "admin.settings.demoDefault" }),
    row("DATABASE_URL", describeDatabase(current.DATABASE_URL), describeDatabase(undefined)),
    row(
      "COOKIE_SECRET",
      { key: current.COOKIE_SECRET ? "admin.settings.secretSet" : "admin.settings.secretDemo" },
      { key: "admin.settings.unset" },
    ),
    row("PORT", text(String(current.PORT)), text(String(defaults.PORT))),
    row("HOST", text(current.HOST), text(defaults.HOST)),
  ];
}

/** The settings of this server process. */
export function deploymentSettings() {
  return describeSettings(env, process.env);
}

import { NO_MIGRATIONS, Migrator } from "kysely";
import {
  DatabaseUnreachable,
  migrateToLatest,
  retryWhenBusy,
  waitForDatabase,
} from "../../db/connect";
import { migrations } from "../../db/migrations";
import { seedDemo } from "../../db/seed";
import type { UnitLevel } from "../../db/schema";
import { createUnitSchema, passwordSchema, usernameSchema } from "~/lib/schemas";
import { recordAudit } from "./audit/audit-log";
import { hashPassword } from "./auth/password";
import { now } from "./clock";
import { setCookieSecret } from "./cookies";
import { loadCookieSecret } from "./secret";
import { db, dbTarget } from "./db";
import { env } from "./env";
import { ensureCampaigns } from "./events/campaigns";
import { countExpired, runPurge } from "./privacy/purge";
import { refreshReach } from "./reach/rollup";

// What the command line (bin/pufa.js) calls through the server build.

/** The settings the command line needs, checked once in env.ts. */
export function settings() {
  const { PORT, HOST, PUFA_WORKERS, PUFA_STANDBY, NODE_ENV, PUFA_ADMIN_PASSWORD } = env;
  return {
    port: PORT,
    host: HOST,
    workers: PUFA_WORKERS,
    standby: PUFA_WORKERS === 1 && PUFA_STANDBY !== false,
    mode: NODE_ENV,
    adminPassword: PUFA_ADMIN_PASSWORD,
  };
}

/**
 * Waits for the database, migrates, seeds the demo into an empty database when demo mode is on,
 * brings the reach roll-ups up to date, and settles the cookie
 * secret. The result goes to every worker process (adoptPrepared), so none reads it again.
 */
export async function prepareDatabase() {
  // A server and its database often start together (a reboot, docker compose): wait a while.
  try {
    await waitForDatabase(db, { waitSeconds: env.DB_START_WAIT_SECONDS });
  } catch (error) {
    if (!(error instanceof DatabaseUnreachable)) throw error;
    // Start-up ends here with one line for the operator, as a bad setting does (env.ts).
    console.error(error.message);
    process.exit(1);
  }
  await migrateToLatest(db);
  await retryWhenBusy(() => ensureCampaigns(db));
  const seeded = env.demo ? await retryWhenBusy(() => seedDemo(db)) : false;
  await retryWhenBusy(() => bootstrapAdminFromEnv());
  const cookieSecret = await retryWhenBusy(() => loadCookieSecret(db));
  setCookieSecret(cookieSecret);
  // After an upgrade this files every check-in once, before the first dashboard asks.
  await retryWhenBusy(() => refreshReach(db, now()));
  return { dialect: dbTarget.dialect, demo: env.demo, seeded, cookieSecret };
}

type Prepared = Awaited<ReturnType<typeof prepareDatabase>>;

/** A worker process takes what the first process prepared. */
export function adoptPrepared(prepared: Prepared) {
  setCookieSecret(prepared.cookieSecret);
}

export async function isDemoData() {
  const row = await db
    .selectFrom("app_meta")
    .select("key")
    .where("key", "=", "demo")
    .executeTakeFirst();
  return row !== undefined;
}

/** Drops every table and rebuilds the demo. Refused outside demo mode: it deletes everything. */
export async function resetDemoDatabase() {
  if (!env.demo) {
    throw new Error("db:reset only runs in demo mode (DATABASE_URL unset, or PUFA_DEMO=on)");
  }
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error } = await migrator.migrateTo(NO_MIGRATIONS);
  if (error) throw error;
  await migrateToLatest(db);
  await ensureCampaigns(db);
  await seedDemo(db);
}

export type AdminBootstrap = {
  username: string;
  displayName: string;
  password: string;
  unitName: string;
  unitLevel: UnitLevel;
};

/**
 * Creates an admin at the top of the tree (creating that unit if it is not there yet). This is how
 * a production deployment gets its first account: there is no default password.
 */
export async function bootstrapAdmin(input: AdminBootstrap) {
  const username = usernameSchema.parse(input.username);
  const password = passwordSchema.parse(input.password);
  if (password.toLowerCase() === username) throw new Error("The password cannot be the username");
  const unit = createUnitSchema.shape.name.parse(input.unitName);
  const level = createUnitSchema.shape.level.parse(input.unitLevel);
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const stamp = now();
    let root = await trx
      .selectFrom("admin_unit")
      .select(["id", "path"])
      .where("parent_id", "is", null)
      .where("name", "=", unit)
      .executeTakeFirst();
    if (!root) {
      const { id } = await trx
        .insertInto("admin_unit")
        .values({ parent_id: null, name: unit, level, path: `new-root-${unit}`, created_at: stamp })
        .returning("id")
        .executeTakeFirstOrThrow();
      root = { id, path: `/${id}/` };
      await trx.updateTable("admin_unit").set({ path: root.path }).where("id", "=", id).execute();
    }
    const created = await trx
      .insertInto("staff_user")
      .values({
        username,
        display_name: input.displayName || username,
        password_hash: passwordHash,
        role: "admin",
        unit_id: root.id,
        password_changed_at: stamp,
        created_at: stamp,
        updated_at: stamp,
      })
      .onConflict((oc) => oc.column("username").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!created) return { created: false, username };
    await recordAudit(trx, {
      actor_id: null,
      actor_username: null,
      action: "user.create",
      target: username,
      outcome: "success",
      ip: null,
      unit_path: root.path,
      detail: "first admin, from the command line or environment",
    });
    return { created: true, username };
  });
}

/** PUFA_ADMIN_USERNAME, _PASSWORD, _UNIT (and optional _NAME, _UNIT_LEVEL) create the first admin. */
async function bootstrapAdminFromEnv() {
  if (!env.admin) return;
  await bootstrapAdmin({
    username: env.admin.username,
    displayName: env.admin.name,
    password: env.admin.password,
    unitName: env.admin.unit,
    unitLevel: env.PUFA_ADMIN_UNIT_LEVEL,
  });
}

export async function closeDatabase() {
  await db.destroy();
}

/**
 * The retention purge at once (`pufa purge`), unless a server is running it: the counts of what
 * it changed, or with `dryRun` of what it would change, writing nothing. Never a name.
 */
export async function purgeNow(input: { dryRun: boolean }) {
  const retentionDays = env.RETENTION_DAYS;
  if (input.dryRun) {
    return {
      ran: true,
      retentionDays,
      counts: await countExpired(db, { now: new Date(), retentionDays }),
    };
  }
  return { ...(await runPurge(db, { now: () => new Date(), retentionDays })), retentionDays };
}

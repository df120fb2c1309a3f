import type { Kysely, Transaction } from "kysely";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { env } from "./env";

/** A database handle or a transaction: domain functions accept either. */
export type Db = Kysely<Database> | Transaction<Database>;

export const dbTarget = parseDatabaseUrl(env.DATABASE_URL);

const shared = globalThis as typeof globalThis & { __pufaDb?: Kysely<Database> };

/** The one Kysely instance of this process (kept across dev-server reloads). */
export const db: Kysely<Database> = (shared.__pufaDb ??= openDatabase(dbTarget, {
  poolSize: env.PG_POOL_SIZE,
  statementTimeoutMs: env.PG_STATEMENT_TIMEOUT_MS,
  connectTimeoutMs: env.PG_CONNECT_TIMEOUT_MS,
}));

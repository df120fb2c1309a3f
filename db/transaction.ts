import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema";

/** A database handle or a transaction on it. */
export type Handle = Kysely<Database> | Transaction<Database>;

/**
 * Runs a use case's writes all or nothing: in a new transaction, or inside the one the caller
 * already holds (a test, or a larger use case), so use cases compose.
 */
export function inTransaction<T>(db: Handle, body: (trx: Transaction<Database>) => Promise<T>) {
  return db.isTransaction
    ? body(db as Transaction<Database>)
    : (db as Kysely<Database>).transaction().execute(body);
}

import { PostgresAdapter } from "kysely";
import type { Handle } from "../../../db/transaction";

/**
 * Whether a handle speaks to PostgreSQL: the check-in's hot path writes its statements out for
 * each dialect (PostgreSQL's writable CTEs make one statement of what SQLite needs several for).
 */
export const isPostgres = (db: Handle) => db.getExecutor().adapter instanceof PostgresAdapter;

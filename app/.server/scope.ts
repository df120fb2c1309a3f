import type { Db } from "./db";
import { forbidden, notFound } from "./errors";

/**
 * Called when a scoped query found nothing: FORBIDDEN if the row exists (it lies outside the
 * caller's units), NOT_FOUND if it does not. The decision itself was the scoped query's.
 */
export async function refuseOutOfScope(
  db: Db,
  table: "admin_unit" | "event" | "staff_user",
  id: number,
): Promise<never> {
  const exists = await db
    .selectFrom(table as "event")
    .select("id")
    .where("id", "=", id)
    .executeTakeFirst();
  throw exists ? forbidden() : notFound();
}

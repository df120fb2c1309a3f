import { sql } from "kysely";
import { db } from "./db";

export async function checkDatabase() {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch (error) {
    console.error("health check: database unreachable", error);
    return false;
  }
}

import type { Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * Check-ins per audience group for each unit (villages aside) and period, kept by the reach
 * refresh beside the people reached (reach/rollup.ts): a district's year reads a few rows instead
 * of the tally of every event. Filled from the tally of the events already counted.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("reach_group")
    .addColumn("unit_id", "integer", (col) => col.notNull())
    .addColumn("period", "integer", (col) => col.notNull())
    .addColumn("audience_group", "text", (col) => col.notNull())
    .addColumn("checkins", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("reach_group_pk", ["unit_id", "period", "audience_group"])
    .$call((table) =>
      db.getExecutor().adapter instanceof PostgresAdapter
        ? table
        : table.modifyEnd(sql`without rowid`),
    )
    .execute();
  await sql`insert into reach_group (unit_id, period, audience_group, checkins)
    select k.unit_id, k.period, t.audience_group, sum(t.checkins)
      from checkin_tally t join reach_event_key k on k.event_id = t.event_id
      group by k.unit_id, k.period, t.audience_group`.execute(db);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // TRUNCATE of checkin empties the roll-ups (2026-12-08T2): this one too.
    await sql`create or replace function reach_checkin_emptied() returns trigger
      language plpgsql as $$
      begin
        delete from reach_person;
        delete from reach_count;
        delete from reach_group;
        delete from reach_event_key;
        delete from reach_change;
        delete from checkin_tally;
        return null;
      end $$`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create or replace function reach_checkin_emptied() returns trigger
      language plpgsql as $$
      begin
        delete from reach_person;
        delete from reach_count;
        delete from reach_event_key;
        delete from reach_change;
        delete from checkin_tally;
        return null;
      end $$`.execute(db);
  }
  await db.schema.dropTable("reach_group").execute();
}

import type { Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Check-ins per event and audience group, kept by the database itself: the reach figures read a
 * few rows per event instead of every check-in (a district's year is hundreds of thousands). A
 * trigger keeps it in the same transaction as the check-in that is added, undone or corrected,
 * whichever code path writes it, so the tally never drifts from the rows it counts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  await db.schema
    .createTable("checkin_tally")
    .addColumn("event_id", "integer", (col) =>
      col.notNull().references("event.id").onDelete("cascade"),
    )
    .addColumn("audience_group", "text", (col) => col.notNull())
    .addColumn("checkins", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("checkin_tally_pk", ["event_id", "audience_group"])
    // SQLite: rows stored in key order, so one event's tallies are read together.
    .$call((table) => (pg ? table : table.modifyEnd(sql`without rowid`)))
    .execute();
  await sql`insert into checkin_tally (event_id, audience_group, checkins)
    select event_id, audience_group, count(*) from checkin group by event_id, audience_group`.execute(
    db,
  );
  if (pg) {
    await sql`
      create function checkin_tally_keep() returns trigger language plpgsql as $$
      begin
        if tg_op in ('DELETE', 'UPDATE') then
          update checkin_tally set checkins = checkins - 1
            where event_id = old.event_id and audience_group = old.audience_group;
        end if;
        if tg_op in ('INSERT', 'UPDATE') then
          insert into checkin_tally (event_id, audience_group, checkins)
            values (new.event_id, new.audience_group, 1)
            on conflict (event_id, audience_group)
            do update set checkins = checkin_tally.checkins + 1;
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger checkin_tally_keep
      after insert or delete or update of event_id, audience_group on checkin
      for each row execute function checkin_tally_keep()`.execute(db);
    // TRUNCATE fires no row trigger: empty the tally with it.
    await sql`
      create function checkin_tally_empty() returns trigger language plpgsql as $$
      begin
        delete from checkin_tally;
        return null;
      end $$`.execute(db);
    await sql`create trigger checkin_tally_empty after truncate on checkin
      for each statement execute function checkin_tally_empty()`.execute(db);
  } else {
    await sql`create trigger checkin_tally_insert after insert on checkin begin
        insert into checkin_tally (event_id, audience_group, checkins)
          values (new.event_id, new.audience_group, 1)
          on conflict (event_id, audience_group) do update set checkins = checkins + 1;
      end`.execute(db);
    await sql`create trigger checkin_tally_delete after delete on checkin begin
        update checkin_tally set checkins = checkins - 1
          where event_id = old.event_id and audience_group = old.audience_group;
      end`.execute(db);
    await sql`create trigger checkin_tally_update after update of event_id, audience_group
      on checkin begin
        update checkin_tally set checkins = checkins - 1
          where event_id = old.event_id and audience_group = old.audience_group;
        insert into checkin_tally (event_id, audience_group, checkins)
          values (new.event_id, new.audience_group, 1)
          on conflict (event_id, audience_group) do update set checkins = checkins + 1;
      end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger checkin_tally_empty on checkin`.execute(db);
    await sql`drop function checkin_tally_empty`.execute(db);
    await sql`drop trigger checkin_tally_keep on checkin`.execute(db);
    await sql`drop function checkin_tally_keep`.execute(db);
  } else {
    for (const name of ["checkin_tally_update", "checkin_tally_delete", "checkin_tally_insert"]) {
      await sql.raw(`drop trigger ${name}`).execute(db);
    }
  }
  await db.schema.dropTable("checkin_tally").execute();
}

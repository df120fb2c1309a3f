import type { Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * The reach figures from roll-ups a refresh keeps (issue 17 items 6 to 8), instead of a trigger on
 * every check-in: 64 phones checking in to one event no longer queue on one tally row, and the
 * check-in itself writes one row and its indexes.
 *
 * - `checkin.rolled`: 0 until a refresh has counted the row (partial index: the refresh finds the
 *   new rows without reading the old), 1 once counted, 2 once seen at an event that does not count
 *   (a draft, cancelled or internal one).
 * - `checkin_tally`: check-ins per event and group, now written by the refresh.
 * - `reach_group`: check-ins per audience group for each unit and period, from the tally.
 * - `reach_event_key`: the units (villages aside) and periods a counted event's check-ins were
 *   filed under.
 * - `reach_person`: for each unit and period (2024, 20241 for its first quarter, 202401 for its
 *   January), each person reached with the number of counted events that reached them: "people
 *   reached" is `reach_count`, which the refresh moves as people's counts leave or reach zero.
 * - `reach_change`: what a refresh must undo or file again, written by triggers whichever code
 *   path deletes or corrects a counted check-in, or changes what decides how an event counts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  if (pg) {
    await sql`drop trigger checkin_tally_empty on checkin`.execute(db);
    await sql`drop function checkin_tally_empty`.execute(db);
    await sql`drop trigger checkin_tally_keep on checkin`.execute(db);
    await sql`drop function checkin_tally_keep`.execute(db);
  } else {
    for (const name of ["checkin_tally_update", "checkin_tally_delete", "checkin_tally_insert"]) {
      await sql.raw(`drop trigger ${name}`).execute(db);
    }
  }

  await db.schema
    .alterTable("checkin")
    .addColumn("rolled", "integer", (col) =>
      // Checked on PostgreSQL, like every enumerated column (2026-12-08T1-ordered-checked).
      pg
        ? col
            .notNull()
            .defaultTo(0)
            .check(sql`rolled in (0, 1, 2)`)
        : col.notNull().defaultTo(0),
    )
    .execute();
  await db.schema
    .createIndex("checkin_unrolled")
    .on("checkin")
    .column("event_id")
    .where(sql.ref("rolled"), "=", 0)
    .execute();

  const keyed = <T extends { modifyEnd: (node: any) => T }>(table: T) =>
    pg ? table : table.modifyEnd(sql`without rowid`);
  await db.schema
    .createTable("reach_event_key")
    .addColumn("event_id", "integer", (col) => col.notNull().references("event.id"))
    .addColumn("unit_id", "integer", (col) => col.notNull())
    .addColumn("period", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("reach_event_key_pk", ["event_id", "unit_id", "period"])
    .$call(keyed)
    .execute();
  await db.schema
    .createTable("reach_person")
    .addColumn("unit_id", "integer", (col) => col.notNull())
    .addColumn("period", "integer", (col) => col.notNull())
    .addColumn("person_id", "integer", (col) => col.notNull())
    .addColumn("events", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("reach_person_pk", ["unit_id", "period", "person_id"])
    .$call(keyed)
    .execute();
  // The rows a step took down to zero, deleted at its end.
  await db.schema
    .createIndex("reach_person_empty")
    .on("reach_person")
    .column("unit_id")
    .where(sql.ref("events"), "<=", 0)
    .execute();
  await db.schema
    .createTable("reach_count")
    .addColumn("unit_id", "integer", (col) => col.notNull())
    .addColumn("period", "integer", (col) => col.notNull())
    .addColumn("people", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("reach_count_pk", ["unit_id", "period"])
    .$call(keyed)
    .execute();
  await db.schema
    .createTable("reach_group")
    .addColumn("unit_id", "integer", (col) => col.notNull())
    .addColumn("period", "integer", (col) => col.notNull())
    .addColumn("audience_group", "text", (col) => col.notNull())
    .addColumn("checkins", "integer", (col) => col.notNull())
    .addPrimaryKeyConstraint("reach_group_pk", ["unit_id", "period", "audience_group"])
    .$call(keyed)
    .execute();
  await db.schema
    .createTable("reach_change")
    .addColumn("id", "integer", (col) =>
      pg ? col.generatedByDefaultAsIdentity().primaryKey() : col.primaryKey(),
    )
    .addColumn("event_id", "integer", (col) => col.notNull())
    // A counted check-in of this person at this event is gone or changed: take it back out.
    .addColumn("person_id", "integer")
    // The event's time, status, visibility, host or village changed: file all of it again.
    .addColumn("refile", "integer", (col) => col.notNull().defaultTo(0))
    .execute();

  // Whatever moves an event between units, periods or counting, files it again.
  const eventColumns = [
    "host_unit_id",
    "village_id",
    "starts_at",
    "ends_at",
    "status",
    "visibility",
  ];
  if (pg) {
    await sql`
      create function reach_checkin_changed() returns trigger language plpgsql as $$
      begin
        insert into reach_change (event_id, person_id)
          values (old.event_id, case when old.rolled = 1 then old.person_id end);
        if tg_op = 'UPDATE' then
          new.rolled := 0;
          return new;
        end if;
        return old;
      end $$`.execute(db);
    await sql`create trigger reach_checkin_update
      before update of event_id, person_id, audience_group on checkin
      for each row execute function reach_checkin_changed()`.execute(db);
    await sql`create trigger reach_checkin_delete after delete on checkin
      for each row execute function reach_checkin_changed()`.execute(db);
    await sql`
      create function reach_event_changed() returns trigger language plpgsql as $$
      begin
        insert into reach_change (event_id, refile) values (new.id, 1);
        return null;
      end $$`.execute(db);
    const changed = eventColumns.map((c) => `old.${c} is distinct from new.${c}`).join(" or ");
    await sql`create trigger reach_event_changed
      after update of ${sql.raw(eventColumns.join(", "))} on event
      for each row when (${sql.raw(changed)}) execute function reach_event_changed()`.execute(db);
    await sql`
      create function reach_unit_moved() returns trigger language plpgsql as $$
      begin
        insert into reach_change (event_id, refile)
          select id, 1 from event where host_unit_id = new.id or village_id = new.id;
        return null;
      end $$`.execute(db);
    await sql`create trigger reach_unit_moved after update of path on admin_unit
      for each row when (old.path is distinct from new.path)
      execute function reach_unit_moved()`.execute(db);
    // TRUNCATE fires no row trigger: the roll-ups go with the rows they count.
    await sql`
      create function reach_checkin_emptied() returns trigger language plpgsql as $$
      begin
        delete from reach_person;
        delete from reach_count;
        delete from reach_group;
        delete from reach_event_key;
        delete from reach_change;
        delete from checkin_tally;
        return null;
      end $$`.execute(db);
    await sql`create trigger reach_checkin_emptied after truncate on checkin
      for each statement execute function reach_checkin_emptied()`.execute(db);
  } else {
    await sql`create trigger reach_checkin_delete after delete on checkin begin
        insert into reach_change (event_id, person_id)
          values (old.event_id, case when old.rolled = 1 then old.person_id end);
      end`.execute(db);
    await sql`create trigger reach_checkin_update
      after update of event_id, person_id, audience_group on checkin begin
        insert into reach_change (event_id, person_id)
          values (old.event_id, case when old.rolled = 1 then old.person_id end);
        update checkin set rolled = 0 where id = new.id;
      end`.execute(db);
    const changed = eventColumns.map((c) => `old.${c} is not new.${c}`).join(" or ");
    await sql`create trigger reach_event_changed
      after update of ${sql.raw(eventColumns.join(", "))} on event
      when ${sql.raw(changed)} begin
        insert into reach_change (event_id, refile) values (new.id, 1);
      end`.execute(db);
    await sql`create trigger reach_unit_moved after update of path on admin_unit
      when old.path is not new.path begin
        insert into reach_change (event_id, refile)
          select id, 1 from event where host_unit_id = new.id or village_id = new.id;
      end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger reach_checkin_emptied on checkin`.execute(db);
    await sql`drop function reach_checkin_emptied`.execute(db);
    await sql`drop trigger reach_unit_moved on admin_unit`.execute(db);
    await sql`drop function reach_unit_moved`.execute(db);
    await sql`drop trigger reach_event_changed on event`.execute(db);
    await sql`drop function reach_event_changed`.execute(db);
    await sql`drop trigger reach_checkin_delete on checkin`.execute(db);
    await sql`drop trigger reach_checkin_update on checkin`.execute(db);
    await sql`drop function reach_checkin_changed`.execute(db);
  } else {
    for (const name of [
      "reach_unit_moved",
      "reach_event_changed",
      "reach_checkin_update",
      "reach_checkin_delete",
    ]) {
      await sql.raw(`drop trigger ${name}`).execute(db);
    }
  }
  for (const table of [
    "reach_change",
    "reach_group",
    "reach_count",
    "reach_person",
    "reach_event_key",
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex("checkin_unrolled").execute();
  await db.schema.alterTable("checkin").dropColumn("rolled").execute();
  await restoreTallyTriggers(db);
}

/** Back to the state 2026-11-29T9c-tally left: its triggers keep the tally, counted afresh. */
async function restoreTallyTriggers(db: Kysely<any>) {
  await sql`delete from checkin_tally`.execute(db);
  await sql`insert into checkin_tally (event_id, audience_group, checkins)
    select event_id, audience_group, count(*) from checkin group by event_id, audience_group`.execute(
    db,
  );
  const add = (event: string, group: string) =>
    sql.raw(
      `insert into checkin_tally (event_id, audience_group, checkins) values (${event}, ${group}, 1)
       on conflict (event_id, audience_group) do update set checkins = checkin_tally.checkins + 1;`,
    );
  const remove = sql.raw(`update checkin_tally set checkins = checkins - 1
    where event_id = old.event_id and audience_group = old.audience_group;`);
  if (isPostgres(db)) {
    await sql`create function checkin_tally_keep() returns trigger language plpgsql as $$
      begin
        if tg_op in ('DELETE', 'UPDATE') then ${remove} end if;
        if tg_op in ('INSERT', 'UPDATE') then ${add("new.event_id", "new.audience_group")} end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger checkin_tally_keep
      after insert or delete or update of event_id, audience_group on checkin
      for each row execute function checkin_tally_keep()`.execute(db);
    await sql`create function checkin_tally_empty() returns trigger language plpgsql as $$
      begin delete from checkin_tally; return null; end $$`.execute(db);
    await sql`create trigger checkin_tally_empty after truncate on checkin
      for each statement execute function checkin_tally_empty()`.execute(db);
  } else {
    const added = add("new.event_id", "new.audience_group");
    await sql`create trigger checkin_tally_insert after insert on checkin begin ${added} end`.execute(
      db,
    );
    await sql`create trigger checkin_tally_delete after delete on checkin begin ${remove} end`.execute(
      db,
    );
    await sql`create trigger checkin_tally_update after update of event_id, audience_group
      on checkin begin ${remove} ${added} end`.execute(db);
  }
}

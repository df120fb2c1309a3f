import type { Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.
//
// A resident is known by phone and name together: family members who share one phone are
// separate people. Each check-in keeps the name, audience group, village and employer it counts
// by, as given at that event, so past figures never move when a person's record changes. A
// rotating QR's ticket is stored with the check-in it admitted: one ticket, one new check-in.

/** The app's normalisePersonName as of this migration (migrations never import app code). */
const normaliseName = (text: string) => text.normalize("NFKC").trim().replace(/\s+/g, " ");

/**
 * Names recorded before were only trimmed: they get the one spelling a phone and name are now
 * matched by, or their owners would become someone new at their next check-in. Phones were
 * unique, so no two people can meet on one spelling.
 */
async function normaliseNames(db: Kysely<any>, table: string) {
  for (let after = 0; ; ) {
    const rows = await db
      .selectFrom(table)
      .select(["id", "name"])
      .where("id", ">", after)
      .orderBy("id")
      .limit(5000)
      .execute();
    if (rows.length === 0) return;
    for (const row of rows) {
      const name = normaliseName(row.name);
      if (name && name !== row.name) {
        await db.updateTable(table).set({ name }).where("id", "=", row.id).execute();
      }
    }
    after = rows[rows.length - 1]!.id;
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await normaliseNames(db, "person");
    await sql`alter table person drop constraint person_phone_key`.execute(db);
    await sql`alter table person add constraint person_phone_name unique (phone, name)`.execute(db);
    await sql`alter table checkin
      add column name text,
      add column audience_group text,
      add column village_id integer references admin_unit (id),
      add column employer text,
      add column ticket text`.execute(db);
    await sql`update checkin set name = person.name, audience_group = person.audience_group,
      village_id = person.village_id, employer = person.employer
      from person where person.id = checkin.person_id`.execute(db);
    await sql`alter table checkin alter column name set not null,
      alter column audience_group set not null`.execute(db);
  } else {
    // SQLite can neither drop the column-level UNIQUE on person.phone nor add NOT NULL columns
    // without a default: both tables are rebuilt, keeping their ids. The new check-in table refers
    // to the new person table from the start, so no foreign key ever points at a dropped table;
    // renaming person_new rewrites that reference to "person".
    await sql`create table person_new (
      id integer primary key,
      phone text,
      name text not null,
      village_id integer references admin_unit (id),
      employer text,
      audience_group text not null,
      consent_version text,
      consented_at text,
      created_at text not null,
      updated_at text not null,
      constraint person_phone_name unique (phone, name))`.execute(db);
    await sql`insert into person_new
      select id, phone, name, village_id, employer, audience_group, consent_version, consented_at,
        created_at, updated_at
      from person`.execute(db);
    await normaliseNames(db, "person_new");
    await sql`create table checkin_new (
      id integer primary key,
      event_id integer not null references event (id),
      person_id integer not null references person_new (id),
      method text not null,
      checked_in_at text not null,
      recorded_by integer references staff_user (id),
      consent_version text,
      name text not null,
      audience_group text not null,
      village_id integer references admin_unit (id),
      employer text,
      ticket text,
      constraint checkin_once unique (event_id, person_id))`.execute(db);
    await sql`insert into checkin_new
      select checkin.id, checkin.event_id, checkin.person_id, checkin.method, checkin.checked_in_at,
        checkin.recorded_by, checkin.consent_version, person_new.name, person_new.audience_group,
        person_new.village_id, person_new.employer, null
      from checkin inner join person_new on person_new.id = checkin.person_id`.execute(db);
    await sql`drop table checkin`.execute(db);
    await sql`drop table person`.execute(db);
    await sql`alter table person_new rename to person`.execute(db);
    await sql`alter table checkin_new rename to checkin`.execute(db);
  }
  await db.schema
    .createIndex("checkin_ticket")
    .on("checkin")
    .columns(["event_id", "ticket"])
    .unique()
    .where(sql.ref("ticket"), "is not", null)
    .execute();
}

/**
 * Back to one person per phone (db:reset goes down to nothing, through here). That schema cannot
 * hold family members who share a phone: all but the first person of each phone are removed, with
 * their check-ins.
 */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("checkin_ticket").execute();
  const later = sql`select p.id from person p where p.phone is not null
    and exists (select 1 from person q where q.phone = p.phone and q.id < p.id)`;
  await sql`delete from checkin where person_id in (${later})`.execute(db);
  await sql`delete from person where id in (${later})`.execute(db);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table checkin drop column name, drop column audience_group,
      drop column village_id, drop column employer, drop column ticket`.execute(db);
    await sql`alter table person drop constraint person_phone_name`.execute(db);
    await sql`alter table person add constraint person_phone_key unique (phone)`.execute(db);
    return;
  }
  await sql`create table person_old (
    id integer primary key,
    phone text unique,
    name text not null,
    village_id integer references admin_unit (id),
    employer text,
    audience_group text not null,
    consent_version text,
    consented_at text,
    created_at text not null,
    updated_at text not null)`.execute(db);
  await sql`insert into person_old
    select id, phone, name, village_id, employer, audience_group, consent_version, consented_at,
      created_at, updated_at
    from person`.execute(db);
  await sql`create table checkin_old (
    id integer primary key,
    event_id integer not null references event (id),
    person_id integer not null references person_old (id),
    method text not null,
    checked_in_at text not null,
    recorded_by integer references staff_user (id),
    consent_version text,
    constraint checkin_once unique (event_id, person_id))`.execute(db);
  await sql`insert into checkin_old
    select id, event_id, person_id, method, checked_in_at, recorded_by, consent_version
    from checkin`.execute(db);
  await sql`drop table checkin`.execute(db);
  await sql`drop table person`.execute(db);
  await sql`alter table person_old rename to person`.execute(db);
  await sql`alter table checkin_old rename to checkin`.execute(db);
}

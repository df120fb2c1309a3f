import type { Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * PostgreSQL: the check-in's two statements as functions (issue 17 item 8). Sent as SQL, each
 * statement was planned afresh at every check-in, and planning was four tenths of the database's
 * time per check-in. A PL/pgSQL function keeps its statements' plans for the life of the
 * connection's backend, which is no session state a pooler in transaction mode could break: any
 * client served by the backend uses them, and none depends on them. SQLite plans nothing twice
 * (its statements are cached by the driver), so it keeps the statements as they are.
 *
 * - pufa_admit_checkin counts one check-in POST for its address and, when the address is within
 *   its limit, for its event (checkin_rate), and reads the event of a code (null when none).
 * - pufa_person finds the place's person with this phone and name (the deepest owner, then the
 *   oldest) or adds one to the place's unit; without a phone it always adds one.
 * - pufa_record_checkin finds or adds the person (unless given one) and adds the check-in, doing
 *   nothing when the person is in at the event already; it returns the person and, when it
 *   added the check-in, its time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create function pufa_admit_checkin(p_minute integer, p_ip text, p_event text,
      p_per_ip integer, p_code text)
    returns table (ip_hits integer, event_hits integer, ev event)
    language plpgsql as $$
    declare
      counted integer;
      event_counted integer;
      row_found event;
    begin
      insert into checkin_rate as rate (minute, subject, hits) values (p_minute, p_ip, 1)
        on conflict (minute, subject) do update set hits = rate.hits + 1
        returning rate.hits into counted;
      if p_event is not null and counted <= p_per_ip then
        insert into checkin_rate as rate (minute, subject, hits) values (p_minute, p_event, 1)
          on conflict (minute, subject) do update set hits = rate.hits + 1
          returning rate.hits into event_counted;
      end if;
      if p_code is not null then
        select e.* into row_found from event as e where e.code = p_code and e.status <> 'draft';
      end if;
      return query select counted, event_counted, row_found;
    end $$`.execute(db);

  await sql`create function pufa_person(p_unit integer, p_from text, p_to text, p_phone text,
      p_name text, p_village integer, p_employer text, p_group text, p_consent text,
      p_stamp text)
    returns integer
    language plpgsql as $$
    declare
      who integer;
    begin
      if p_phone is not null then
        select known.id into who from person as known
          inner join admin_unit as owner on owner.id = known.unit_id
          where known.phone = p_phone and known.name = p_name
            and owner.path >= p_from and owner.path < p_to
          order by length(owner.path) desc, known.id limit 1;
        if who is not null then
          return who;
        end if;
      end if;
      insert into person as added (unit_id, phone, name, village_id, employer, audience_group,
          consent_version, consented_at, created_at, updated_at)
        values (p_unit, p_phone, p_name, p_village, p_employer, p_group, p_consent,
          case when p_consent is null then null else p_stamp end, p_stamp, p_stamp)
        on conflict (unit_id, phone, name) do update set name = excluded.name
        returning added.id into who;
      return who;
    end $$`.execute(db);

  await sql`create function pufa_record_checkin(p_event integer, p_person integer,
      p_unit integer, p_from text, p_to text, p_phone text, p_name text, p_village integer,
      p_employer text, p_group text, p_consent text, p_stamp text, p_method text,
      p_recorded_by integer, p_device text)
    returns table (person_id integer, at text)
    language plpgsql as $$
    declare
      who integer := p_person;
      added_at text;
    begin
      if who is null then
        who := pufa_person(p_unit, p_from, p_to, p_phone, p_name, p_village, p_employer,
          p_group, p_consent, p_stamp);
      end if;
      insert into checkin (event_id, person_id, method, checked_in_at, recorded_by,
          consent_version, name, audience_group, village_id, employer, device)
        values (p_event, who, p_method, p_stamp, p_recorded_by, p_consent, p_name, p_group,
          p_village, p_employer, p_device)
        on conflict do nothing
        returning checked_in_at into added_at;
      return query select who, added_at;
    end $$`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop function pufa_record_checkin(integer, integer, integer, text, text, text, text,
    integer, text, text, text, text, text, integer, text)`.execute(db);
  await sql`drop function pufa_person(integer, text, text, text, text, integer, text, text,
    text, text)`.execute(db);
  await sql`drop function pufa_admit_checkin(integer, text, text, integer, text)`.execute(db);
}

import type { Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * An audit entry follows its unit when the unit moves (issue 15): audit_log.unit_path says whose
 * subtree reads the entry, and a move rewrites every path below the unit. The guard keeps refusing
 * every other change: an update may set unit_path alone, only from a path no unit has any more
 * to the path a unit has now, and no other column may change.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`
      create or replace function audit_log_guard() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' then
          if (new.id, new.at, new.actor_id, new.actor_username, new.action, new.target,
              new.outcome, new.ip, new.detail)
              is distinct from (old.id, old.at, old.actor_id, old.actor_username, old.action,
              old.target, old.outcome, old.ip, old.detail)
            or new.unit_path is null or old.unit_path is null
            or not exists (select 1 from admin_unit where path = new.unit_path)
            or exists (select 1 from admin_unit where path = old.unit_path) then
            raise exception 'audit_log is append-only';
          end if;
          return new;
        end if;
        if old.at > to_char((now() at time zone 'utc') - interval '180 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') then
          raise exception 'audit_log rows are kept 180 days';
        end if;
        return old;
      end $$`.execute(db);
  } else {
    await sql`drop trigger audit_log_no_update`.execute(db);
    await sql`create trigger audit_log_no_update before update on audit_log
      when new.id is not old.id or new.at is not old.at or new.actor_id is not old.actor_id
        or new.actor_username is not old.actor_username or new.action is not old.action
        or new.target is not old.target or new.outcome is not old.outcome or new.ip is not old.ip
        or new.detail is not old.detail or new.unit_path is null or old.unit_path is null
        or not exists (select 1 from admin_unit where path = new.unit_path)
        or exists (select 1 from admin_unit where path = old.unit_path)
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`
      create or replace function audit_log_guard() returns trigger language plpgsql as $$
      begin
        if tg_op = 'UPDATE' then
          raise exception 'audit_log is append-only';
        end if;
        if old.at > to_char((now() at time zone 'utc') - interval '180 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') then
          raise exception 'audit_log rows are kept 180 days';
        end if;
        return old;
      end $$`.execute(db);
  } else {
    await sql`drop trigger audit_log_no_update`.execute(db);
    await sql`create trigger audit_log_no_update before update on audit_log
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}

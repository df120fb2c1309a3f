import type { Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";
import * as unitsAuditPath from "./2026-12-07T6-units-audit-path";

// Frozen once landed: change the schema in a new migration, never here.

function isPostgres(db: Kysely<any>) {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Retention (issue 18 item 1).
 *
 * - `job_lease`: one row per scheduled job ("purge"): which server holds it until when, and when
 *   it last finished, so that a daily job runs once across any number of servers.
 * - The audit log's guard also lets the purge scrub an entry's target and detail (names, phones,
 *   free text), only on an entry older than 180 days: such an entry may already be deleted, so allowing its
 *   words to be emptied grants nothing new, and every younger entry stays exactly as written. A
 *   unit move may still rewrite unit_path as before (2026-12-07T6-units-audit-path); no other
 *   column may change.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("job_lease")
    .addColumn("name", "text", (col) => col.primaryKey())
    .addColumn("holder", "text", (col) => col.notNull())
    .addColumn("expires_at", "text", (col) => col.notNull())
    .addColumn("last_done_at", "text")
    .execute();

  if (isPostgres(db)) {
    await sql`
      create or replace function audit_log_guard() returns trigger language plpgsql as $$
      declare
        kept_from text := to_char((now() at time zone 'utc') - interval '180 days', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
      begin
        if tg_op = 'UPDATE' then
          if (new.id, new.at, new.actor_id, new.actor_username, new.action, new.outcome, new.ip)
              is distinct from
              (old.id, old.at, old.actor_id, old.actor_username, old.action, old.outcome, old.ip)
            or (new.unit_path is distinct from old.unit_path and (
              new.unit_path is null or old.unit_path is null
              or not exists (select 1 from admin_unit where path = new.unit_path)
              or exists (select 1 from admin_unit where path = old.unit_path)))
            or ((new.target, new.detail) is distinct from (old.target, old.detail)
              and old.at > kept_from) then
            raise exception 'audit_log is append-only';
          end if;
          return new;
        end if;
        if old.at > kept_from then
          raise exception 'audit_log rows are kept 180 days';
        end if;
        return old;
      end $$`.execute(db);
  } else {
    await sql`drop trigger audit_log_no_update`.execute(db);
    await sql`create trigger audit_log_no_update before update on audit_log
      when new.id is not old.id or new.at is not old.at or new.actor_id is not old.actor_id
        or new.actor_username is not old.actor_username or new.action is not old.action
        or new.outcome is not old.outcome or new.ip is not old.ip
        or (new.unit_path is not old.unit_path and (
          new.unit_path is null or old.unit_path is null
          or not exists (select 1 from admin_unit where path = new.unit_path)
          or exists (select 1 from admin_unit where path = old.unit_path)))
        or ((new.target is not old.target or new.detail is not old.detail)
          and old.at > strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-180 days'))
      begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
  }
}

/** Back to the guard of 2026-12-07T6-units-audit-path, as that migration (landed, frozen) sets it. */
export async function down(db: Kysely<any>): Promise<void> {
  await unitsAuditPath.up(db);
  await db.schema.dropTable("job_lease").execute();
}

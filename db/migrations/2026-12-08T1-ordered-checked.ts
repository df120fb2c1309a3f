import type { Kysely } from "kysely";
import { PostgresAdapter, sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * PostgreSQL at ten million check-ins (issue 17 item 6): times that sort byte by byte, checked
 * values, and the indexes the queries need.
 *
 * Times and days stay text, in one format each: an instant as `Date.prototype.toISOString()`
 * writes it in UTC ("2026-12-04T01:30:00.000Z"), a calendar day as "2026-12-04". In that format
 * byte order is time order, so every range, sort and comparison the app sends on strings is right
 * and an index serves it, provided the comparison is byte-wise. SQLite compares text byte by byte
 * already (its default BINARY collation): nothing changes there. PostgreSQL compares text under
 * the database's default collation, which follows the server's locale (en_US.UTF-8 orders
 * punctuation apart from bytes): every time and day column gets collate "C", as the unit paths got
 * in 2026-11-29T2-scope, and a CHECK that the value has its format. Text rather than timestamptz:
 * the values, the parameters and the SQL around them (day prefixes, comparisons with strings the
 * app computes) stay the same on both databases, and the driver hands back what it always did.
 *
 * A value in another format that PostgreSQL reads as a time ("2024-01-01 08:00+08", a bare day)
 * is first rewritten as the same instant in the one format, so nothing is lost; a bare day is
 * read as that day's midnight in UTC. One exception keeps its bare days: a unit's created_at,
 * which the dashboard benchmark's loader writes as a day; a bare day sorts before every instant
 * of that day and after every earlier one, so byte order stays time order there too. The audit
 * log is never rewritten (its guard refuses every update); the app has only ever written it in
 * the one format.
 *
 * Enumerated columns get a CHECK with the values the app's lists held when this was written (a
 * later change to a list needs a new migration: this one keeps its meaning), and 0/1 flags a CHECK
 * of their own, on PostgreSQL only. SQLite can add a CHECK only by rebuilding the table, which at
 * millions of check-ins holds the one write lock for minutes; the embedded database keeps relying
 * on the app's validation.
 *
 * Indexes, on both databases, for foreign keys and filters the queries use without one: the venue
 * village of an event (an event is in reach of its village's subtree, and a unit's page counts
 * its events), an event's campaign, a person's invitations, the check-ins a staff member entered
 * and those of a village (a unit's page counts them before it may be deleted), the residents of a
 * village, a unit's accounts and 述法 records. The check-in indexes are partial: a self-scan has
 * no recorder, and a check-in by employer no village, so those add nothing to them.
 */

const isoInstant = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z$";
const isoDay = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const instantOrDay = "^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}Z)?$";

/** Every time column: table, column, the format it must have. */
const times: [string, string, string][] = [
  ["admin_unit", "created_at", instantOrDay],
  ["admin_unit", "retired_at", isoInstant],
  ["audit_log", "at", isoInstant],
  ["cadre", "created_at", isoInstant],
  ["cadre", "updated_at", isoInstant],
  ["checkin", "checked_in_at", isoInstant],
  ["duty_entry", "reviewed_at", isoInstant],
  ["duty_entry", "created_at", isoInstant],
  ["duty_entry", "updated_at", isoInstant],
  ["event", "starts_at", isoInstant],
  ["event", "ends_at", isoInstant],
  ["event", "created_at", isoInstant],
  ["event", "updated_at", isoInstant],
  ["event_invitation", "added_at", isoInstant],
  ["law_duty_report", "created_at", isoInstant],
  ["law_duty_report", "updated_at", isoInstant],
  ["legal_savvy", "created_at", isoInstant],
  ["legal_savvy", "updated_at", isoInstant],
  ["login_attempt", "expires_at", isoInstant],
  ["pass", "issued_at", isoInstant],
  ["pass", "revoked_at", isoInstant],
  ["person", "consented_at", isoInstant],
  ["person", "created_at", isoInstant],
  ["person", "updated_at", isoInstant],
  ["personal_link", "issued_at", isoInstant],
  ["personal_link", "revoked_at", isoInstant],
  ["personal_link", "expires_at", isoInstant],
  ["staff_session", "created_at", isoInstant],
  ["staff_session", "expires_at", isoInstant],
  ["staff_user", "password_changed_at", isoInstant],
  ["staff_user", "last_login_at", isoInstant],
  ["staff_user", "created_at", isoInstant],
  ["staff_user", "updated_at", isoInstant],
  ["unit_target", "updated_at", isoInstant],
];

/** Every calendar-day column. */
const days: [string, string][] = [
  ["cadre", "left_on"],
  ["campaign", "starts_on"],
  ["campaign", "ends_on"],
  ["duty_entry", "occurred_on"],
  ["legal_savvy", "recognised_on"],
  ["legal_savvy", "retired_on"],
];

const eventStatuses = ["draft", "published", "cancelled", "held"];
const audienceGroups = [
  "migrant_worker",
  "enterprise_staff",
  "villager",
  "youth",
  "elderly",
  "women",
  "cadre",
  "law_enforcement",
  "legal_savvy",
];
const studyKinds = [
  "central_group",
  "pre_meeting",
  "lecture",
  "enforcement_training",
  "progress_meeting",
];

/** Every enumerated column and its values (db/schema.ts and app/lib as of this migration). */
const enumerated: [string, string, (string | number)[]][] = [
  ["admin_unit", "level", ["district", "subdistrict", "village"]],
  ["staff_user", "role", ["admin", "organiser", "official"]],
  ["staff_user", "disabled", [0, 1]],
  ["staff_user", "must_change_password", [0, 1]],
  ["audit_log", "outcome", ["success", "failure", "denied"]],
  [
    "event",
    "format",
    [
      "lecture",
      "consultation",
      "case_study",
      "performance",
      "mock_trial",
      "quiz",
      "door_to_door",
      "training",
      "central_group",
      "duty_report",
      "progress_meeting",
    ],
  ],
  ["event", "setting", ["enterprise", "village", "community", "school", "agency"]],
  ["event", "speaker_role", ["judge", "lawyer", "law_enforcement", "legal_adviser", "legal_savvy"]],
  ["event", "visibility", ["public", "internal"]],
  ["event", "status", eventStatuses],
  ["event", "cancelled_from", eventStatuses],
  ["event", "study_kind", studyKinds],
  ["event", "rotating_qr", [0, 1]],
  ["event", "training", [0, 1]],
  ["event", "passes_only", [0, 1]],
  ["event_audience", "audience_group", audienceGroups],
  ["person", "audience_group", audienceGroups],
  ["checkin", "audience_group", audienceGroups],
  ["checkin", "method", ["self_scan", "walk_in", "assisted", "pass_scan"]],
  [
    "legal_savvy",
    "category",
    ["village_cadre", "mediator", "grid_worker", "party_member", "wulao", "other"],
  ],
  ["legal_savvy", "status", ["active", "retired"]],
  ["cadre", "status", ["active", "left"]],
  ["cadre", "law_enforcement", [0, 1]],
  ["duty_entry", "kind", ["publicity", "dispute", "opinion", "village_affairs", "other"]],
  ["duty_entry", "status", ["pending", "confirmed", "returned"]],
  ["duty_entry", "source", ["staff", "self"]],
  ["duty_entry", "dispute_resolved", [0, 1]],
  ["study_plan", "study_kind", studyKinds],
  ["study_plan", "quarter", [1, 2, 3, 4]],
  ["law_duty_report", "form", ["written", "meeting", "on_site"]],
  ["law_duty_report", "evaluation", ["excellent", "good", "fair", "poor"]],
  ["event_invitation", "absence_reason", ["official_duty", "sick", "personal", "other"]],
];

/** Name, table, columns, and the partial index's condition. */
const indexes: [string, string, string, string?][] = [
  ["event_village", "event", "village_id"],
  ["event_campaign", "event", "campaign_id"],
  ["event_invitation_person", "event_invitation", "person_id"],
  ["checkin_recorded_by", "checkin", "recorded_by", "recorded_by is not null"],
  ["checkin_village", "checkin", "village_id", "village_id is not null"],
  ["person_village", "person", "village_id"],
  ["staff_user_unit", "staff_user", "unit_id"],
  ["law_duty_report_unit", "law_duty_report", "unit_id"],
];

const tables = () => [
  ...new Set([...times.map(([t]) => t), ...days.map(([t]) => t), ...enumerated.map(([t]) => t)]),
];

const literal = (value: string | number) =>
  typeof value === "number" ? String(value) : `'${value}'`;

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // Bare times are read in UTC, for this transaction only.
    await sql`set local timezone to 'UTC'`.execute(db);
    for (const table of tables()) {
      const tableTimes = times.filter(([t]) => t === table);
      const tableDays = days.filter(([t]) => t === table);
      if (table !== "audit_log" && tableTimes.length + tableDays.length > 0) {
        // One pass over the table, and writes only where a value is not in its format.
        const fixes = [
          ...tableTimes.map(([, column, format]) => ({
            column,
            format,
            fixed: `to_char(${column}::timestamptz, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
          })),
          ...tableDays.map(([, column]) => ({
            column,
            format: isoDay,
            fixed: `to_char(${column}::date, 'YYYY-MM-DD')`,
          })),
        ];
        await sql
          .raw(
            `update ${table} set ${fixes
              .map(
                ({ column, format, fixed }) =>
                  `${column} = case when ${column} !~ '${format}' then ${fixed} else ${column} end`,
              )
              .join(", ")} where ${fixes
              .map(({ column, format }) => `${column} !~ '${format}'`)
              .join(" or ")}`,
          )
          .execute(db);
      }
      // One statement per table: PostgreSQL checks every new constraint in one scan.
      const actions = [
        ...tableTimes.map(
          ([, column, format]) =>
            `alter column ${column} type text collate "C", ` +
            `add constraint ${table}_${column}_format check (${column} ~ '${format}')`,
        ),
        ...tableDays.map(
          ([, column]) =>
            `alter column ${column} type text collate "C", ` +
            `add constraint ${table}_${column}_format check (${column} ~ '${isoDay}')`,
        ),
        ...enumerated
          .filter(([t]) => t === table)
          .map(
            ([, column, values]) =>
              `add constraint ${table}_${column}_values ` +
              `check (${column} in (${values.map(literal).join(", ")}))`,
          ),
      ];
      await sql.raw(`alter table ${table} ${actions.join(", ")}`).execute(db);
    }
  }
  for (const [name, table, column, where] of indexes) {
    await sql
      .raw(`create index ${name} on ${table} (${column})${where ? ` where ${where}` : ""}`)
      .execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of indexes) await db.schema.dropIndex(name).execute();
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    for (const table of tables()) {
      const actions = [
        ...[...times, ...days]
          .filter(([t]) => t === table)
          .map(
            ([, column]) =>
              `drop constraint ${table}_${column}_format, ` +
              `alter column ${column} type text collate "default"`,
          ),
        ...enumerated
          .filter(([t]) => t === table)
          .map(([, column]) => `drop constraint ${table}_${column}_values`),
      ];
      await sql.raw(`alter table ${table} ${actions.join(", ")}`).execute(db);
    }
  }
}

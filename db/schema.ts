import type { Generated, Insertable, Selectable } from "kysely";

/** Times are ISO-8601 strings in UTC ("2026-11-28T08:00:00.000Z") on both dialects. */
export type IsoTime = string;
/** SQLite has no boolean type: flags are 0 or 1 on both dialects. */
export type Flag = 0 | 1;

export const roles = ["admin", "organiser", "official"] as const;
export type Role = (typeof roles)[number];

export const unitLevels = ["district", "subdistrict", "village"] as const;
export type UnitLevel = (typeof unitLevels)[number];

export const auditOutcomes = ["success", "failure", "denied"] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

export interface AdminUnitTable {
  id: Generated<number>;
  parent_id: number | null;
  level: UnitLevel;
  name: string;
  /** Materialised path of ids, "/1/2/5/": a subtree is every path that starts with its root's. */
  path: string;
  created_at: IsoTime;
}

export interface StaffUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  unit_id: number;
  disabled: Generated<Flag>;
  failed_logins: Generated<number>;
  locked_until: IsoTime | null;
  must_change_password: Generated<Flag>;
  password_changed_at: IsoTime;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface StaffSessionTable {
  /** SHA-256 of the cookie token, hex: the token itself is never stored. */
  id: string;
  user_id: number;
  created_at: IsoTime;
  expires_at: IsoTime;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: IsoTime;
  actor_id: number | null;
  actor_username: string | null;
  action: string;
  target: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  /** Path of the unit the entry concerns (the account's): scopes who may read it. */
  unit_path: string | null;
  detail: string | null;
}

export interface AppMetaTable {
  key: string;
  value: string;
}

export interface Database {
  admin_unit: AdminUnitTable;
  staff_user: StaffUserTable;
  staff_session: StaffSessionTable;
  audit_log: AuditLogTable;
  app_meta: AppMetaTable;
}

export type AdminUnit = Selectable<AdminUnitTable>;
export type NewAdminUnit = Insertable<AdminUnitTable>;
export type StaffUser = Selectable<StaffUserTable>;
export type NewStaffUser = Insertable<StaffUserTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;

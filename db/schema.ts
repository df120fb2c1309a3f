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
  /** When the unit was retired: kept in history and figures, no longer offered for new records. */
  retired_at: IsoTime | null;
}

export interface StaffUserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  role: Role;
  unit_id: number;
  disabled: Generated<Flag>;
  must_change_password: Generated<Flag>;
  password_changed_at: IsoTime;
  /** The last successful log-in, or null when there has been none since it was recorded. */
  last_login_at: IsoTime | null;
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

/** Log-in attempts of one subject ("user:<name>" or "ip:<address>") in its current window. */
export interface LoginAttemptTable {
  subject: string;
  attempts: number;
  /** When the window (or the lock) ends and the count starts again. */
  expires_at: IsoTime;
}

/** Check-in POSTs of one subject ("ip:<address>" or "event:<code>") in one minute, all servers. */
export interface CheckinRateTable {
  /** Minutes since the epoch (UTC). */
  minute: number;
  subject: string;
  hits: number;
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

/** A page or export that showed full phone numbers, or a lookup by phone (issue 18 item 6). */
export interface SensitiveReadTable {
  id: Generated<number>;
  at: IsoTime;
  actor_id: number | null;
  actor_username: string;
  /** The reader's unit: scopes which admins list the entry. */
  unit_path: string;
  /** What the read was for (sensitiveReadPurposes). */
  purpose: SensitiveReadPurpose;
  /** The reason the reader gave, where the task asks for one. */
  reason: string | null;
  /** How many people's records it showed (0 for a lookup that found nobody). */
  records: number;
  /** What was read, by id ("person:12", "learner:5"): never a name or a phone. */
  target: string | null;
}

export const sensitiveReadPurposes = [
  "person_lookup",
  "person_export",
  "roster_export",
  "learner_edit",
  "cadre_edit",
  "invitation_edit",
] as const;
export type SensitiveReadPurpose = (typeof sensitiveReadPurposes)[number];

/** A scheduled job's lease: one server at a time runs it, and a daily one once a day. */
export interface JobLeaseTable {
  /** The job ("purge"). */
  name: string;
  /** Which server (or command) holds the lease. */
  holder: string;
  /** The lease is free from this instant on, held or not. */
  expires_at: IsoTime;
  /** When the job last finished its work. */
  last_done_at: IsoTime | null;
}

export interface AppMetaTable {
  key: string;
  value: string;
}

export const eventFormats = [
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
] as const;
export type EventFormat = (typeof eventFormats)[number];

export const eventSettings = ["enterprise", "village", "community", "school", "agency"] as const;
export type EventSetting = (typeof eventSettings)[number];

export const audienceGroups = [
  "migrant_worker",
  "enterprise_staff",
  "villager",
  "youth",
  "elderly",
  "women",
  "cadre",
  "law_enforcement",
  "legal_savvy",
] as const;
export type AudienceGroup = (typeof audienceGroups)[number];

export const speakerRoles = [
  "judge",
  "lawyer",
  "law_enforcement",
  "legal_adviser",
  "legal_savvy",
] as const;
export type SpeakerRole = (typeof speakerRoles)[number];

export type EventStatus = "draft" | "published" | "cancelled" | "held";

export const visibilities = ["public", "internal"] as const;
export type Visibility = (typeof visibilities)[number];

export const checkinMethods = ["self_scan", "walk_in", "assisted", "pass_scan"] as const;
export type CheckinMethod = (typeof checkinMethods)[number];

export interface CampaignTable {
  id: Generated<number>;
  name: string;
  /** The name on English pages; none, and English pages show the Chinese name. */
  name_en: string | null;
  year: number;
  /** Calendar days (YYYY-MM-DD) in Asia/Shanghai, both included. */
  starts_on: string;
  ends_on: string;
}

export interface EventTable {
  id: Generated<number>;
  /** The short, stable code in the check-in link /c/<code>: printed posters keep working. */
  code: string;
  title: string;
  format: EventFormat;
  setting: EventSetting | null;
  campaign_id: number | null;
  /** The unit that runs the event: scopes who may manage it. */
  host_unit_id: number;
  /** The village or community the venue is in. */
  village_id: number | null;
  venue: string;
  starts_at: IsoTime;
  ends_at: IsoTime;
  laws: string | null;
  speaker: string | null;
  speaker_role: SpeakerRole | null;
  capacity: number | null;
  visibility: Visibility;
  description: string | null;
  status: EventStatus;
  cancel_reason: string | null;
  /** While cancelled: the status a restore returns it to (null: cancelled before this was kept). */
  cancelled_from: EventStatus | null;
  rotating_qr: Generated<Flag>;
  /** Key of the rotating QR tokens (HMAC): never leaves the server. */
  qr_secret: string;
  opens_minutes_before: Generated<number>;
  closes_minutes_after: Generated<number>;
  estimated_crowd: number | null;
  materials_handed_out: number | null;
  consultations: number | null;
  summary: string | null;
  /** A training: its attendees are credited with hours (credit_minutes, or else its duration). */
  training: Generated<Flag>;
  credit_minutes: number | null;
  /** Only personal passes check people in: no self-scan, against proxy sign-in. */
  passes_only: Generated<Flag>;
  /** Set for a cadre study session: what kind of study it counts as in the plan. */
  study_kind: StudyKind | null;
  chair: string | null;
  /** The session's minutes (纪要), as text. */
  minutes: string | null;
  created_by: number | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export interface EventAudienceTable {
  event_id: number;
  audience_group: AudienceGroup;
}

export interface PersonTable {
  id: Generated<number>;
  /**
   * With the name, the natural key of a resident (unique together: family members may share a
   * phone); null for someone who gave none, who is then always a new person.
   */
  phone: string | null;
  /** Normalised (normalisePersonName): the same name is always spelt the same way. */
  name: string;
  village_id: number | null;
  employer: string | null;
  audience_group: AudienceGroup;
  /** The notice agreed to when the person was first recorded; each check-in records its own. */
  consent_version: string | null;
  consented_at: IsoTime | null;
  created_at: IsoTime;
  updated_at: IsoTime;
  /**
   * The unit whose record first named this person (a roster's village, a cadre's unit, an
   * event's host). Rows are shared only downward: a unit's records point at people of its own
   * subtree, so no unit finds, shows or changes a sibling's or a parent's people.
   */
  unit_id: number;
}

export interface CheckinTable {
  id: Generated<number>;
  event_id: number;
  person_id: number;
  method: CheckinMethod;
  checked_in_at: IsoTime;
  /** The staff member who entered it (walk-in, assisted); null for a self-scan. */
  recorded_by: number | null;
  consent_version: string | null;
  /**
   * What the check-in counts by, as given at the event: lists, exports and figures read these,
   * never the person's current record, so they do not move when the person's record changes.
   */
  name: string;
  audience_group: AudienceGroup;
  village_id: number | null;
  employer: string | null;
  /** The rotating-QR ticket that admitted it: unique per event, so one ticket admits one. */
  ticket: string | null;
  /**
   * Hash of the device cookie of the phone that sent a self-scan: several people from one device
   * at one session is how proxy sign-in shows. Null for every other method.
   */
  device: string | null;
  /**
   * 0 until the reach refresh has counted it, 1 once counted, 2 once seen at an event that does
   * not count. Written by the refresh and the roll-up triggers only.
   */
  rolled: Generated<number>;
}

/** Check-ins per event and audience group, as of the last reach refresh (reach/rollup.ts). */
export interface CheckinTallyTable {
  event_id: number;
  audience_group: AudienceGroup;
  checkins: number;
}

/** The units and periods a counted event's check-ins were filed under (reach/rollup.ts). */
export interface ReachEventKeyTable {
  event_id: number;
  unit_id: number;
  /** 2024, 20241 (its first quarter) or 202401 (its January), in Asia/Shanghai. */
  period: number;
}

/** Each person a unit's counted events reached in a period, with how many events did. */
export interface ReachPersonTable {
  unit_id: number;
  period: number;
  person_id: number;
  events: number;
}

/** How many people a unit's counted events reached in a period (its reach_person rows above 0). */
export interface ReachCountTable {
  unit_id: number;
  period: number;
  people: number;
}

/** Check-ins per audience group at a unit's counted events in a period (reach/rollup.ts). */
export interface ReachGroupTable {
  unit_id: number;
  period: number;
  audience_group: AudienceGroup;
  checkins: number;
}

/** What the reach refresh must take back out or file again; written by triggers. */
export interface ReachChangeTable {
  id: Generated<number>;
  event_id: number;
  person_id: number | null;
  refile: Generated<number>;
}

export const legalSavvyCategories = [
  "village_cadre",
  "mediator",
  "grid_worker",
  "party_member",
  "wulao",
  "other",
] as const;
export type LegalSavvyCategory = (typeof legalSavvyCategories)[number];

export const rosterStatuses = ["active", "retired"] as const;
export type RosterStatus = (typeof rosterStatuses)[number];

/** A 法律明白人 on a village's roster; name and phone are the person's. Staff alone change it. */
export interface LegalSavvyTable {
  id: Generated<number>;
  person_id: number;
  village_id: number;
  category: LegalSavvyCategory;
  /** Calendar day (YYYY-MM-DD). */
  recognised_on: string | null;
  certificate_no: string | null;
  /** The paired legal adviser, by name. */
  adviser: string | null;
  status: Generated<RosterStatus>;
  retired_on: string | null;
  retire_reason: string | null;
  /** 名单公示: null (not listed), or listed on the village's public page, with the phone or not. */
  publish: PublishScope | null;
  /** The phone the person agreed to show (with `name_phone`): shown only while it is theirs. */
  publish_phone: string | null;
  /** Calendar day (YYYY-MM-DD) the person agreed to the listing; null without a consent. */
  publish_consented_on: string | null;
  /** When, and by which account, the current consent or its withdrawal was recorded. */
  publish_recorded_at: IsoTime | null;
  publish_recorded_by: number | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export const publishScopes = ["name", "name_phone"] as const;
export type PublishScope = (typeof publishScopes)[number];

export const cadreStatuses = ["active", "left"] as const;
export type CadreStatus = (typeof cadreStatuses)[number];

export interface CadreTable {
  id: Generated<number>;
  person_id: number;
  /** The unit whose cadre they are: scopes who may see and invite them. */
  unit_id: number;
  department: string | null;
  position: string;
  /** Law-enforcement staff, invited to the 执法人员专题培训. */
  law_enforcement: Generated<Flag>;
  status: Generated<CadreStatus>;
  left_on: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/** A personal pass: its code is the QR on the card. One unrevoked pass per person. */
export interface PassTable {
  id: Generated<number>;
  person_id: number;
  /** SHA-256 of the code, hex: the code itself is never stored (scanning hashes what it reads). */
  code_hash: string;
  /** With the server's secret, makes the code again for printing; null for passes that cannot. */
  nonce: string | null;
  issued_at: IsoTime;
  issued_by: number | null;
  revoked_at: IsoTime | null;
  revoked_by: number | null;
}

/** A 法律明白人's own link to their record and duty form: only the token's hash is stored. */
export interface PersonalLinkTable {
  id: Generated<number>;
  legal_savvy_id: number;
  token_hash: string;
  issued_at: IsoTime;
  issued_by: number | null;
  revoked_at: IsoTime | null;
  revoked_by: number | null;
  /** The link opens nothing from this instant on; renewing moves it, the token stays. */
  expires_at: IsoTime;
}

export const dutyKinds = ["publicity", "dispute", "opinion", "village_affairs", "other"] as const;
export type DutyKind = (typeof dutyKinds)[number];

export const dutyStatuses = ["pending", "confirmed", "returned"] as const;
export type DutyStatus = (typeof dutyStatuses)[number];

/** One matter in a 法律明白人's duty ledger (履职台账). */
export interface DutyEntryTable {
  id: Generated<number>;
  legal_savvy_id: number;
  /** The village of the roster entry when the matter was recorded: figures read this. */
  village_id: number;
  occurred_on: string;
  kind: DutyKind;
  served: string;
  content: string;
  result: string | null;
  /** Disputes only: 1 resolved, 0 not. */
  dispute_resolved: Flag | null;
  /** Staff entries are confirmed; entries sent through a personal link wait for an organiser. */
  status: DutyStatus;
  return_reason: string | null;
  source: "staff" | "self";
  recorded_by: number | null;
  reviewed_by: number | null;
  reviewed_at: IsoTime | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/** An office's own targets, set on a sub-district (or district); defaults in code otherwise. */
export interface UnitTargetTable {
  unit_id: number;
  /** 法律明白人 per village (the national floor of 3 is fixed in code). */
  roster_per_village: number;
  /** Training per 法律明白人 per year. */
  training_minutes: number;
  /** Cadres' study attendance rate. */
  attendance_percent: number;
  updated_at: IsoTime;
}

export const studyKinds = [
  "central_group",
  "pre_meeting",
  "lecture",
  "enforcement_training",
  "progress_meeting",
] as const;
export type StudyKind = (typeof studyKinds)[number];

export interface StudyPlanTable {
  unit_id: number;
  year: number;
  quarter: number;
  study_kind: StudyKind;
  planned: number;
}

export const lawDutyReportForms = ["written", "meeting", "on_site"] as const;
export type LawDutyReportForm = (typeof lawDutyReportForms)[number];

/** A 述法 record: how an official reported on their rule-of-law duties in a year. */
export interface LawDutyReportTable {
  id: Generated<number>;
  cadre_id: number;
  unit_id: number;
  year: number;
  form: LawDutyReportForm;
  evaluation: string;
  evaluation_note: string | null;
  remedial_actions: string | null;
  created_by: number | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

export const absenceReasons = ["official_duty", "sick", "personal", "other"] as const;
export type AbsenceReason = (typeof absenceReasons)[number];

/** A person invited to an internal session; an absentee's reason is recorded here. */
export interface EventInvitationTable {
  event_id: number;
  person_id: number;
  added_at: IsoTime;
  absence_reason: AbsenceReason | null;
  absence_note: string | null;
}

export const noticeKinds = ["resident", "guardian"] as const;
export type NoticeKind = (typeof noticeKinds)[number];

/**
 * One version of the privacy notice, as shown: {collector} and {period} are filled in by the form.
 * A consent records the version; this says what it said and when it was shown.
 */
export interface PrivacyNoticeTable {
  version: string;
  /** The resident's own notice, or the one a guardian agrees to for a child under 14. */
  kind: NoticeKind;
  text_zh: string;
  text_en: string;
  valid_from: IsoTime;
  /** Null while it is the version shown. */
  valid_until: IsoTime | null;
}

/** A resident withdrew their consent from their own phone. */
export interface ConsentWithdrawalTable {
  person_id: number;
  /** The version the withdrawn consent was given under. */
  consent_version: string | null;
  withdrawn_at: IsoTime;
}

/** Two person records staff found to be two people: left out of the duplicate suggestions. */
export interface PersonDistinctTable {
  /** The smaller of the two ids. */
  person_a: number;
  person_b: number;
  marked_by: number | null;
  marked_at: IsoTime;
}

/** A photo of an event (or study session) or of a duty entry: exactly one of the two is set. */
export interface PhotoTable {
  id: Generated<number>;
  event_id: number | null;
  duty_entry_id: number | null;
  /** SHA-256 (hex) of the uploaded file: the same file added twice to one record is one photo. */
  content_hash: string;
  /** JPEG, long side at most 1,600 px, oriented, no metadata. */
  display: Buffer;
  display_width: number;
  display_height: number;
  /** JPEG thumbnail of the display image. */
  thumb: Buffer;
  thumb_width: number;
  thumb_height: number;
  created_by: number | null;
  created_at: IsoTime;
}

export const doorItemKinds = ["scan", "walk_in"] as const;
export type DoorItemKind = (typeof doorItemKinds)[number];
export const doorRefusals = [
  "not_invited",
  "revoked",
  "unknown",
  "foreign",
  "closed",
  "invalid",
] as const;
export type DoorRefusal = (typeof doorRefusals)[number];

/** An item a device queued at the offline door, once it arrived (issue 20). */
export interface DoorSyncItemTable {
  recorded_by: number;
  /** The id the device made for the item. */
  item_id: string;
  event_id: number;
  kind: DoorItemKind;
  happened_at: string;
  received_at: string;
  outcome: "new" | "already" | "refused";
  reason: DoorRefusal | null;
  checkin_at: string | null;
  /** The check-in the item became or found (2026-12-11T1); null once that check-in is undone. */
  checkin_id: number | null;
}

export interface Database {
  admin_unit: AdminUnitTable;
  staff_user: StaffUserTable;
  staff_session: StaffSessionTable;
  login_attempt: LoginAttemptTable;
  audit_log: AuditLogTable;
  sensitive_read: SensitiveReadTable;
  app_meta: AppMetaTable;
  job_lease: JobLeaseTable;
  campaign: CampaignTable;
  event: EventTable;
  event_audience: EventAudienceTable;
  person: PersonTable;
  person_distinct: PersonDistinctTable;
  checkin: CheckinTable;
  checkin_tally: CheckinTallyTable;
  reach_event_key: ReachEventKeyTable;
  reach_person: ReachPersonTable;
  reach_count: ReachCountTable;
  reach_group: ReachGroupTable;
  reach_change: ReachChangeTable;
  checkin_rate: CheckinRateTable;
  legal_savvy: LegalSavvyTable;
  cadre: CadreTable;
  pass: PassTable;
  personal_link: PersonalLinkTable;
  duty_entry: DutyEntryTable;
  unit_target: UnitTargetTable;
  study_plan: StudyPlanTable;
  law_duty_report: LawDutyReportTable;
  event_invitation: EventInvitationTable;
  privacy_notice: PrivacyNoticeTable;
  consent_withdrawal: ConsentWithdrawalTable;
  photo: PhotoTable;
  door_sync_item: DoorSyncItemTable;
}

export type AdminUnit = Selectable<AdminUnitTable>;
export type NewAdminUnit = Insertable<AdminUnitTable>;
export type StaffUser = Selectable<StaffUserTable>;
export type NewStaffUser = Insertable<StaffUserTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;
export type Event = Selectable<EventTable>;
export type NewEvent = Insertable<EventTable>;
export type Person = Selectable<PersonTable>;

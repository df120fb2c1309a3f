import { createHash } from "node:crypto";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Insertable, Kysely } from "kysely";
import { newEventCode } from "../app/.server/events/events";
import { CONSENT_VERSION } from "../app/lib/checkin-window";
import { shanghaiLocalToIso } from "../app/lib/time";
import type { AbsenceReason, AudienceGroup, Database, EventFormat, StudyKind } from "./schema";

// The demo's sessions: internal, held events with invitations and attendance (the outreach
// figures, public events, never count them), and the 法律明白人's trainings among them. The cadres'
// study year is in seed-learners-study.ts.

/** A number in [0, 1) fixed by its keys: the same demo on every machine, without a shared state. */
export function roll(...keys: number[]) {
  let h = 0x9e3779b9;
  for (const key of keys) {
    h = Math.imul(h ^ key, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return (h >>> 0) / 4294967296;
}

/**
 * A number fixed by a person's name, for rolls about that person: their id is not stable (a
 * PostgreSQL sequence skips the values an insert that found its row consumed), their name is.
 */
export function nameKey(name: string) {
  return roll(...Array.from(name, (char) => char.codePointAt(0)!)) * 4294967296;
}

/** One of the items, by weight, at a point in [0, 1). */
export function weighted<T>(items: readonly [T, number][], at: number) {
  let left = at * items.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [item, weight] of items) {
    left -= weight;
    if (left < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** "2024-03-01" plus whole days. */
export function addDays(day: string, days: number) {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * 86_400_000)
    .toISOString()
    .slice(0, 10);
}

/** Someone invited to sessions, with the facts their check-ins count by. */
export type SeedPerson = {
  personId: number;
  name: string;
  villageId: number | null;
  employer: string | null;
  group: AudienceGroup;
  /** The day they left the roster: no session after it. */
  leftOn: string | null;
};

export type Session = {
  day: string;
  from: string;
  to: string;
  title: string;
  format: EventFormat;
  studyKind: StudyKind | null;
  venue: string;
  village?: string;
  /** The laws studied (宣传法律), as the event page shows them. */
  laws?: string;
  speaker: string;
  chair: string | null;
  creditMinutes: number | null;
  invited: SeedPerson[];
  /** How likely each invited person stays away; a person's own habit is added to it. */
  absence: number;
  minutes: string | null;
  scannedBy: number;
  /** Proxy sign-in: the first one's phone checks in both (the attendance list flags it). */
  proxy?: [string, string];
};

/** Who scans passes at the sessions, and the units they are held in. */
export type SessionsInput = {
  subdistrictId: number;
  unitIds: Map<string, number>;
  nowMs: number;
  organiserId: number;
  villageStaffId: number;
};

const TRAINING_HALL = "香山街道市民服务中心三楼会议室";

/**
 * The 法律明白人's trainings: five of three hours in 2024, and this year, spread over the days
 * gone by, a full day credited six hours and three of three hours (the second in two areas, one
 * held in 舟山村). The target is twelve hours a year: missing two in 2024, or the full day or two
 * others this year, leaves someone below it.
 */
export function learnerTrainings(input: SessionsInput, learners: SeedPerson[]): Session[] {
  const { organiserId, villageStaffId, nowMs } = input;
  const today = new Date(nowMs + 8 * 3_600_000).toISOString().slice(0, 10);
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const elapsed = (Date.parse(today) - Date.parse(yearStart)) / 86_400_000;
  const thisYear = (fraction: number) => addDays(yearStart, Math.floor(fraction * elapsed));
  const all = (day: string) => learners.filter((p) => !p.leftOn || p.leftOn > day);
  const zhoushanArea = new Set(
    ["舟山村", "渔帆村", "长沙村", "梅舍村", "墅里村", "长港村"].map((v) => input.unitIds.get(v)),
  );
  const training = (
    day: string,
    title: string,
    speaker: string,
    invited = all(day),
    more: Partial<Session> = {},
  ): Session => ({
    day,
    from: "09:00",
    to: "12:00",
    title,
    format: "training",
    studyKind: null,
    venue: TRAINING_HALL,
    speaker,
    chair: null,
    creditMinutes: null,
    invited,
    absence: 0.08,
    minutes: null,
    scannedBy: organiserId,
    ...more,
  });
  const held2024 = [
    training("2024-03-20", "法律明白人培训：民法典重点条文解读", "街道法律顾问 顾律师", undefined, {
      laws: "民法典",
    }),
    training("2024-05-15", "人民调解实务：矛盾纠纷排查与化解", "司法所 王敏", undefined, {
      laws: "人民调解法",
    }),
    training("2024-07-10", "农村土地承包与宅基地纠纷专题培训", "吴中区人民法院 沈法官", undefined, {
      laws: "农村土地承包法、土地管理法",
    }),
    training("2024-09-18", "社情民意收集与信访工作法治化", "街道法律顾问 周律师", undefined, {
      laws: "信访工作条例",
    }),
    training("2024-12-11", "宪法与基层治理专题培训", "司法所 王敏", undefined, {
      laws: "宪法、村民委员会组织法",
    }),
  ];
  if (elapsed < 1) return held2024;
  const areaDay = thisYear(0.5);
  return [
    ...held2024,
    training(thisYear(0.15), "年度法律明白人培训：法治宣传教育法解读", "司法所 王敏", undefined, {
      laws: "法治宣传教育法",
      to: "16:30",
      creditMinutes: 360,
    }),
    training(thisYear(0.32), "反电信网络诈骗宣传骨干培训", "香山派出所 民警", undefined, {
      laws: "反电信网络诈骗法",
    }),
    training(
      areaDay,
      "片区培训（舟山片）：调解技巧与案例研讨",
      "街道法律顾问 顾律师",
      all(areaDay).filter((p) => zhoushanArea.has(p.villageId!)),
      {
        laws: "人民调解法",
        venue: "舟山村党群服务中心",
        village: "舟山村",
        scannedBy: villageStaffId,
      },
    ),
    training(
      areaDay,
      "片区培训（香山片）：调解技巧与案例研讨",
      "街道法律顾问 陆律师",
      all(areaDay).filter((p) => !zhoushanArea.has(p.villageId!)),
      {
        laws: "人民调解法",
        from: "14:00",
        to: "17:00",
        venue: "香山社区新时代文明实践站",
        village: "香山社区",
      },
    ),
    training(thisYear(0.85), "民法典进农村：继承与赡养纠纷", "吴中区人民法院 沈法官", undefined, {
      laws: "民法典继承编、老年人权益保障法",
    }),
  ];
}
/** Cadres with a habit of absence: 吴伟's site visits keep him below the attendance target. */
const HABIT: Record<string, number> = { 吴伟: 0.4, 冯振宇: 0.15 };

/** How much more often than the session's rate someone stays away: one 法律明白人 in seven often. */
function habit(person: SeedPerson) {
  if (person.group === "legal_savvy") return roll(25, nameKey(person.name)) < 0.15 ? 0.35 : 0;
  return HABIT[person.name] ?? 0;
}

const REASONS: [AbsenceReason, number, string | null][] = [
  ["official_duty", 50, "参加区里会议"],
  ["official_duty", 15, "现场处置突发事件"],
  ["sick", 20, null],
  ["personal", 12, "家中有事，已请假"],
  ["other", 3, "外出培训"],
];

/** A self-scan's device: a meaningless hash, one per person's own phone. */
const deviceOf = (personId: number) =>
  createHash("sha256").update(`demo-phone-${personId}`).digest("hex");
export async function insertSessions(
  trx: Kysely<Database>,
  input: SessionsInput,
  sessions: Session[],
) {
  const events = sessions.map((s) => {
    const startsAt = shanghaiLocalToIso(`${s.day}T${s.from}`)!;
    const endsAt = shanghaiLocalToIso(`${s.day}T${s.to}`)!;
    const createdAt = new Date(Date.parse(startsAt) - 10 * 86_400_000).toISOString();
    return {
      code: newEventCode(),
      title: s.title,
      format: s.format,
      setting: "agency" as const,
      campaign_id: null,
      host_unit_id: input.subdistrictId,
      village_id: s.village ? input.unitIds.get(s.village)! : null,
      venue: s.venue,
      starts_at: startsAt,
      ends_at: endsAt,
      laws: s.laws ?? null,
      speaker: s.speaker,
      speaker_role: null,
      capacity: null,
      visibility: "internal" as const,
      description: null,
      status: "held" as const,
      cancel_reason: null,
      qr_secret: encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20))),
      training: 1 as const,
      credit_minutes: s.creditMinutes,
      study_kind: s.studyKind,
      chair: s.chair,
      minutes: s.minutes,
      created_by: input.organiserId,
      created_at: createdAt,
      updated_at: endsAt,
    };
  });
  await trx.insertInto("event").values(events).execute();
  const ids = new Map(
    (
      await trx
        .selectFrom("event")
        .select(["id", "code"])
        .where(
          "code",
          "in",
          events.map((e) => e.code),
        )
        .execute()
    ).map((e) => [e.code, e.id]),
  );
  const audiences: Insertable<Database["event_audience"]>[] = [];
  const invitations: Insertable<Database["event_invitation"]>[] = [];
  const checkins: Insertable<Database["checkin"]>[] = [];
  sessions.forEach((session, s) => {
    const event = events[s]!;
    const eventId = ids.get(event.code)!;
    for (const group of new Set(session.invited.map((p) => p.group))) {
      audiences.push({ event_id: eventId, audience_group: group });
    }
    session.invited.forEach((person, p) => {
      const proxied = session.proxy?.includes(person.name) ?? false;
      const away = session.absence + habit(person);
      const absent = !proxied && roll(20, s, nameKey(person.name)) < away;
      const reason = absent ? pickReason(roll(21, s, p)) : null;
      invitations.push({
        event_id: eventId,
        person_id: person.personId,
        added_at: event.created_at,
        // Trainings of the 法律明白人 note a reason for most absentees, not all.
        absence_reason: reason && (session.studyKind || roll(22, s, p) < 0.6) ? reason[0] : null,
        absence_note: reason && session.studyKind ? reason[1] : null,
      });
      if (absent) return;
      const scanned =
        !proxied && roll(23, s, nameKey(person.name)) < (session.studyKind ? 0.8 : 0.7);
      const phoneOf = proxied
        ? session.invited.find((other) => other.name === session.proxy![0])!.personId
        : person.personId;
      checkins.push({
        event_id: eventId,
        person_id: person.personId,
        name: person.name,
        audience_group: person.group,
        village_id: person.villageId,
        employer: person.employer,
        method: scanned ? "pass_scan" : "self_scan",
        checked_in_at: new Date(
          Date.parse(event.starts_at) + Math.floor((roll(24, s, p) * 35 - 25) * 60_000),
        ).toISOString(),
        recorded_by: scanned ? session.scannedBy : null,
        consent_version: scanned ? null : CONSENT_VERSION,
        ticket: null,
        device: scanned ? null : deviceOf(phoneOf),
      });
    });
  });
  await trx.insertInto("event_audience").values(audiences).execute();
  for (const chunk of chunks(invitations)) {
    await trx.insertInto("event_invitation").values(chunk).execute();
  }
  for (const chunk of chunks(checkins)) {
    await trx.insertInto("checkin").values(chunk).execute();
  }
}

/** Rows in batches that stay well below either database's limit of bound parameters. */
export function chunks<T>(rows: T[], size = 300) {
  const batches: T[][] = [];
  for (let start = 0; start < rows.length; start += size)
    batches.push(rows.slice(start, start + size));
  return batches;
}

function pickReason(at: number) {
  let left = at * REASONS.reduce((sum, [, weight]) => sum + weight, 0);
  for (const reason of REASONS) {
    left -= reason[1];
    if (left < 0) return [reason[0], reason[2]] as const;
  }
  return [REASONS[0]![0], REASONS[0]![2]] as const;
}

import type { Insertable, Kysely } from "kysely";
import { newPass } from "../app/.server/passes/code";
import { loadCookieSecret } from "../app/.server/secret";
import { CONSENT_VERSION } from "../app/lib/checkin-window";
import type { Database, LegalSavvyCategory } from "./schema";
import { seedDutyLedger } from "./seed-learners-ledger";
import {
  insertSessions,
  learnerTrainings,
  roll,
  weighted,
  type SeedPerson,
} from "./seed-learners-sessions";
import { seedStudyYear } from "./seed-learners-study";

// The demo's learners: Xiangshan's 84 法律明白人 on their villages' rosters, about twenty cadres and
// their passes; the sessions they attend are in seed-learners-sessions.ts and -study.ts, the duty
// ledger in -ledger.ts. Everything is deterministic except codes that are secrets (passes, events'
// check-in codes and QR keys).

/**
 * How many 法律明白人 each village has: 84 in all, seven in the first seven villages, six in the
 * others, and five in 胥江社区, where one left in 2024 and nobody has been recognised since: the
 * roster flags it against the office's target of six. 舟山村 keeps a healthy roster of seven, so
 * the `village` account's first log-in is about its waiting duty entries, not a flag.
 */
export function demoRosterSize(village: string) {
  if (village === "胥江社区") return 5;
  return SEVEN.has(village) ? 7 : 6;
}
const SEVEN = new Set(["舟山村", "渔帆村", "长沙村", "梅舍村", "墅里村", "长港村", "湖滨村"]);

/** Each village's paired legal adviser (村居法律顾问); 顾, 周, 陆 and 蒋 speak at the demo's events. */
const ADVISERS = ["顾文杰", "周立平", "陆清", "蒋思远", "沈慧"];

/** Recognition batches: the first in mid-2021, the last just before the 2024 study year. */
const BATCHES = ["2021-06-28", "2022-03-15", "2022-11-20", "2023-06-30", "2024-01-05"];

const CATEGORIES: [LegalSavvyCategory, number][] = [
  ["village_cadre", 25],
  ["mediator", 20],
  ["grid_worker", 20],
  ["party_member", 20],
  ["wulao", 10],
  ["other", 5],
];

/**
 * Two who left the roster during 2024, so that the year ends with the report's 84; their
 * trainings and duties before they left stay in their record.
 */
const RETIRED = [
  { name: "孙国平", village: "胥江社区", on: "2024-08-01", reason: "工作调动，已迁出本社区" },
  { name: "任美华", village: "梅园社区", on: "2024-10-31", reason: "年事已高，本人申请退出" },
];

type CadreSpec = {
  name: string;
  position: string;
  department: string;
  unit?: string;
  lawEnforcement?: true;
};

/**
 * The sub-district's cadres: first the leading group (the invitation list of the 中心组学法, in
 * seed.ts's order), then law-enforcement staff and village secretaries. 陈建国 is the `village`
 * account's own name.
 */
const CADRES: CadreSpec[] = [
  { name: "顾建新", position: "党工委书记", department: "党工委" },
  { name: "沈丽华", position: "办事处主任", department: "办事处" },
  { name: "李华", position: "党工委副书记", department: "党工委" },
  { name: "陆志刚", position: "办事处副主任（分管政法）", department: "办事处" },
  { name: "钱晓燕", position: "党工委委员、组织委员", department: "党工委" },
  { name: "周振国", position: "纪工委书记", department: "纪工委" },
  { name: "王敏", position: "司法所所长", department: "司法所" },
  { name: "许文斌", position: "综合执法局局长", department: "综合执法局", lawEnforcement: true },
  { name: "蒋海燕", position: "党政办主任", department: "党政办" },
  { name: "吴伟", position: "办事处副主任（分管城建）", department: "办事处" },
  { name: "唐志华", position: "综合执法局副局长", department: "综合执法局", lawEnforcement: true },
  { name: "曹亮", position: "执法队员", department: "综合执法局", lawEnforcement: true },
  { name: "彭晓东", position: "执法队员", department: "综合执法局", lawEnforcement: true },
  { name: "韩雪", position: "执法队员", department: "综合执法局", lawEnforcement: true },
  { name: "冯振宇", position: "安全生产执法人员", department: "安监站", lawEnforcement: true },
  { name: "邓丽", position: "法制审核员", department: "司法所" },
  { name: "陈建国", position: "村党委书记", department: "村党委", unit: "舟山村" },
  { name: "朱海平", position: "村委会主任", department: "村委会", unit: "渔帆村" },
  { name: "杨春梅", position: "社区党委书记", department: "社区党委", unit: "香山社区" },
  { name: "袁明", position: "村党总支书记", department: "村党总支", unit: "长沙村" },
];

export type LearnersSeedInput = {
  unitIds: Map<string, number>;
  nowMs: number;
  /** The leading group as seed.ts invites it to the 中心组学法, so both find the same people. */
  leadingGroup: { name: string; phone: string }[];
  /** seed.ts's phone numbers, distinct for every n; the learners take n from 91,000 up. */
  phone: (n: number) => string;
};

/** Fills the learners' tables of the demo; runs inside seedDemo's transaction. */
export async function seedLearners(trx: Kysely<Database>, input: LearnersSeedInput) {
  const { unitIds, nowMs, phone } = input;
  const staff = new Map(
    (await trx.selectFrom("staff_user").select(["id", "username"]).execute()).map((s) => [
      s.username,
      s.id,
    ]),
  );
  const organiserId = staff.get("organiser")!;
  const villageStaffId = staff.get("village")!;
  const subdistrictId = unitIds.get("香山街道")!;
  const villageNames = new Map([...unitIds].map(([name, id]) => [id, name]));

  // The 84 are seed.ts's people of the group 法律明白人, in the order it made them; the two who
  // retired are added here (leaving the roster leaves their person record as it was).
  const current = await trx
    .selectFrom("person")
    .select(["id", "name", "village_id"])
    .where("audience_group", "=", "legal_savvy")
    .orderBy("id")
    .execute();
  const retiredRows = await trx
    .insertInto("person")
    .values(
      RETIRED.map((r, i) => ({
        unit_id: unitIds.get(r.village)!,
        phone: phone(91_000 + i),
        name: r.name,
        village_id: unitIds.get(r.village)!,
        employer: null,
        audience_group: "legal_savvy" as const,
        consent_version: CONSENT_VERSION,
        consented_at: "2022-03-15T01:00:00.000Z",
        created_at: "2022-03-15T01:00:00.000Z",
        updated_at: `${r.on}T02:00:00.000Z`,
      })),
    )
    .returning(["id", "name", "village_id"])
    .execute();
  const members = [
    ...current.map((p) => ({ ...p, retired: null as (typeof RETIRED)[number] | null })),
    ...retiredRows.map((p) => ({ ...p, retired: RETIRED.find((r) => r.name === p.name)! })),
  ];

  const serials = new Map<string, number>();
  const roster: Insertable<Database["legal_savvy"]>[] = members.map((m, index) => {
    const recognised = m.retired ? BATCHES[1]! : BATCHES[Math.floor(roll(1, index) * 5)]!;
    const year = recognised.slice(0, 4);
    const serial = (serials.get(year) ?? 0) + 1;
    serials.set(year, serial);
    const villageIndex = [...unitIds.values()].indexOf(m.village_id!);
    return {
      person_id: m.id,
      village_id: m.village_id!,
      category: weighted(CATEGORIES, roll(2, index)),
      recognised_on: recognised,
      certificate_no: `XS-${year}-${String(serial).padStart(3, "0")}`,
      adviser: ADVISERS[villageIndex % ADVISERS.length]!,
      status: m.retired ? "retired" : "active",
      retired_on: m.retired?.on ?? null,
      retire_reason: m.retired?.reason ?? null,
      created_at: `${recognised}T02:00:00.000Z`,
      updated_at: m.retired ? `${m.retired.on}T02:00:00.000Z` : `${recognised}T02:00:00.000Z`,
    };
  });
  await trx.insertInto("legal_savvy").values(roster).execute();
  const rosterIds = new Map(
    (await trx.selectFrom("legal_savvy").select(["id", "person_id"]).execute()).map((r) => [
      r.person_id,
      r.id,
    ]),
  );

  // Cadres are found or added by phone and name, whichever of seed.ts's lists made them first.
  // A village's cadre belongs to the village: the sub-district's invitation lists that named them
  // first point down at them, as a sub-district's lists may.
  const cadreUnit = (c: (typeof CADRES)[number]) => (c.unit ? unitIds.get(c.unit)! : subdistrictId);
  const cadrePhone = (c: (typeof CADRES)[number], i: number) =>
    input.leadingGroup.find((g) => g.name === c.name)?.phone ?? phone(91_100 + i);
  for (const [i, c] of CADRES.entries()) {
    await trx
      .updateTable("person")
      .set({ unit_id: cadreUnit(c) })
      .where("phone", "=", cadrePhone(c, i))
      .where("name", "=", c.name)
      .execute();
  }
  const cadrePeople = await trx
    .insertInto("person")
    .values(
      CADRES.map((c, i) => ({
        unit_id: cadreUnit(c),
        phone: cadrePhone(c, i),
        name: c.name,
        village_id: c.unit ? unitIds.get(c.unit)! : null,
        employer: c.unit ? null : `香山街道${c.department}`,
        audience_group: c.lawEnforcement ? ("law_enforcement" as const) : ("cadre" as const),
        consent_version: CONSENT_VERSION,
        consented_at: "2024-01-02T01:00:00.000Z",
        created_at: "2024-01-02T01:00:00.000Z",
        updated_at: "2024-01-02T01:00:00.000Z",
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(["unit_id", "phone", "name"])
        .doUpdateSet((eb) => ({ name: eb.ref("excluded.name") })),
    )
    .returning(["id", "name", "village_id", "employer", "audience_group"])
    .execute();
  const cadrePersonId = new Map(cadrePeople.map((p) => [p.name, p.id]));
  await trx
    .insertInto("cadre")
    .values(
      CADRES.map((c) => ({
        person_id: cadrePersonId.get(c.name)!,
        unit_id: c.unit ? unitIds.get(c.unit)! : subdistrictId,
        department: c.department,
        position: c.position,
        law_enforcement: c.lawEnforcement ? 1 : 0,
        created_at: "2024-01-02T01:00:00.000Z",
        updated_at: "2024-01-02T01:00:00.000Z",
      })),
    )
    .execute();
  const cadreIds = new Map(
    (await trx.selectFrom("cadre").select(["id", "person_id"]).execute()).map((c) => [
      c.person_id,
      c.id,
    ]),
  );

  await seedPasses(trx, {
    members,
    cadrePersonIds: [...cadrePersonId.values()],
    organiserId,
    nowMs,
    zhoushanId: unitIds.get("舟山村")!,
  });

  const learners: SeedPerson[] = members.map((m) => ({
    personId: m.id,
    name: m.name,
    villageId: m.village_id,
    employer: null,
    group: "legal_savvy",
    // The retired were recognised in 2022 and left in 2024: in its trainings until they left.
    leftOn: m.retired?.on ?? null,
  }));
  // A cadre's check-ins count by their person record as it stands, whoever made it.
  const cadres = CADRES.map((c) => {
    const person = cadrePeople.find((p) => p.name === c.name)!;
    return {
      spec: c,
      person: {
        personId: person.id,
        name: person.name,
        villageId: person.village_id,
        employer: person.employer,
        group: person.audience_group,
        leftOn: null,
      } satisfies SeedPerson,
    };
  });
  const sessions = { subdistrictId, unitIds, nowMs, organiserId, villageStaffId };
  await insertSessions(trx, sessions, learnerTrainings(sessions, learners));
  await seedStudyYear(trx, {
    ...sessions,
    leadingGroup: cadres.slice(0, 10).map((c) => c.person),
    everyCadre: cadres.map((c) => c.person),
    enforcement: cadres
      .filter((c) => c.spec.lawEnforcement || c.spec.name === "邓丽")
      .map((c) => c.person),
    cadreId: (personId) => cadreIds.get(personId)!,
  });

  await seedDutyLedger(trx, {
    members: members.map((m) => ({
      rosterId: rosterIds.get(m.id)!,
      villageId: m.village_id!,
      village: villageNames.get(m.village_id!)!,
      leftOn: m.retired?.on ?? null,
    })),
    nowMs,
    organiserId,
    villageStaffId,
  });
}

/**
 * A pass for every active 法律明白人 and cadre, issued before the 2024 study year (its sessions
 * were scanned). One 舟山村 member lost their card this year: revoked and reissued. The two who
 * retired had theirs revoked the day they left.
 */
async function seedPasses(
  trx: Kysely<Database>,
  input: {
    members: { id: number; village_id: number | null; retired: { on: string } | null }[];
    cadrePersonIds: number[];
    organiserId: number;
    nowMs: number;
    zhoushanId: number;
  },
) {
  const issuedAt = "2024-01-12T02:00:00.000Z";
  const lost = input.members.find((m) => m.village_id === input.zhoushanId)!;
  const lostAt = new Date(input.nowMs - 20 * 86_400_000).toISOString();
  const secret = await loadCookieSecret(trx);
  const pass = (personId: number, at: string, revokedAt: string | null) => {
    const made = newPass(secret);
    return {
      person_id: personId,
      code_hash: made.hash,
      nonce: made.nonce,
      ...times(at, revokedAt),
    };
  };
  const times = (at: string, revokedAt: string | null) => ({
    issued_at: at,
    issued_by: input.organiserId,
    revoked_at: revokedAt,
    revoked_by: revokedAt ? input.organiserId : null,
  });
  await trx
    .insertInto("pass")
    .values([
      ...input.members.map((m) =>
        pass(
          m.id,
          issuedAt,
          m.retired ? `${m.retired.on}T02:00:00.000Z` : m === lost ? lostAt : null,
        ),
      ),
      pass(lost.id, lostAt, null),
      ...input.cadrePersonIds.map((id) => pass(id, issuedAt, null)),
    ])
    .execute();
}

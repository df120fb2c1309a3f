import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import type { Insertable, Kysely } from "kysely";
import { hashPassword } from "../app/.server/auth/password";
import { currentCampaignYears, ensureCampaigns } from "../app/.server/events/campaigns";
import { newEventCode } from "../app/.server/events/events";
import { peopleOfLines, setInvitations } from "../app/.server/events/invitations";
import { CONSENT_VERSION } from "../app/lib/checkin-window";
import { shanghaiDay, shanghaiLocalToIso } from "../app/lib/time";
import { demoRosterSize, seedLearners } from "./seed-learners";
import { seedPhotos } from "./seed-photos";
import { seedRights } from "./seed-rights";
import type {
  AudienceGroup,
  Database,
  EventFormat,
  EventSetting,
  Role,
  SpeakerRole,
  UnitLevel,
} from "./schema";

/** The one password of every demo account (printed in the README; never used outside demo mode). */
export const DEMO_PASSWORD = "pufa-demo-2026";

export const DEMO_DISTRICT = "吴中区";
export const DEMO_SUBDISTRICT = "香山街道";
/** 舟山村 is named in Xiangshan's report; the other twelve names are invented for the demo. */
export const DEMO_VILLAGES = [
  "舟山村",
  "渔帆村",
  "长沙村",
  "梅舍村",
  "墅里村",
  "长港村",
  "湖滨村",
  "香山社区",
  "蒋墩社区",
  "郁舍社区",
  "梅园社区",
  "胥江社区",
  "太湖花园社区",
] as const;

/**
 * When the district and Xiangshan were set up: before the first roster batch (2021), so that
 * their records of 2024 and since compare with years they existed in. 横泾街道 is set up the day
 * the demo is seeded.
 */
const DEMO_SET_UP = "2020-12-31T16:00:00.000Z";

/**
 * A second sub-district beside Xiangshan, set up the day the demo was seeded and with no records
 * yet: a new office's first steps, and a second 舟山村 that every page must tell apart.
 */
export const DEMO_SECOND_SUBDISTRICT = "横泾街道";
export const DEMO_SECOND_VILLAGES = [
  "舟山村",
  "上林村",
  "新齐村",
  "东林渡村",
  "泾上村",
  "长远村",
  "林渡村",
  "新路村",
  "横泾社区",
  "泾南社区",
  "尧南社区",
  "越来溪社区",
] as const;

const demoAccounts: { username: string; displayName: string; role: Role; unit: string }[] = [
  { username: "admin", displayName: "系统管理员（演示）", role: "admin", unit: DEMO_DISTRICT },
  {
    username: "organiser",
    displayName: "司法所 王敏（演示）",
    role: "organiser",
    unit: DEMO_SUBDISTRICT,
  },
  { username: "village", displayName: "舟山村 陈建国（演示）", role: "organiser", unit: "舟山村" },
  {
    username: "official",
    displayName: "街道领导 李华（演示）",
    role: "official",
    unit: DEMO_SUBDISTRICT,
  },
  {
    username: "hengjing",
    displayName: "横泾司法所 周婷（演示）",
    role: "organiser",
    unit: DEMO_SECOND_SUBDISTRICT,
  },
  {
    username: "district",
    displayName: "区司法局 张强（演示）",
    role: "official",
    unit: DEMO_DISTRICT,
  },
];

async function insertUnit(
  db: Kysely<Database>,
  unit: { name: string; level: UnitLevel; parent: { id: number; path: string } | null },
  createdAt: string,
) {
  const { id } = await db
    .insertInto("admin_unit")
    .values({
      parent_id: unit.parent?.id ?? null,
      name: unit.name,
      level: unit.level,
      path: `seeding-${unit.name}`,
      created_at: createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const path = `${unit.parent?.path ?? "/"}${id}/`;
  await db.updateTable("admin_unit").set({ path }).where("id", "=", id).execute();
  return { id, path };
}

/**
 * Fills an empty database with Xiangshan's demo. The app_meta row is claimed first, inside the
 * transaction, so two servers starting at once seed once.
 */
export async function seedDemo(db: Kysely<Database>) {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  // The demo's events belong to campaigns of 2024 (the report's year) and of this year and next;
  // start-up ensures the latter too, and twice changes nothing.
  await ensureCampaigns(db, [2024, ...currentCampaignYears()]);
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto("app_meta")
      .values({ key: "demo", value: new Date().toISOString() })
      .onConflict((oc) => oc.column("key").doNothing())
      .returning("key")
      .executeTakeFirst();
    if (!claimed) return false;
    const stamp = new Date().toISOString();
    const district = await insertUnit(
      trx,
      { name: DEMO_DISTRICT, level: "district", parent: null },
      DEMO_SET_UP,
    );
    const subdistrict = await insertUnit(
      trx,
      { name: DEMO_SUBDISTRICT, level: "subdistrict", parent: district },
      DEMO_SET_UP,
    );
    const unitIds = new Map([
      [DEMO_DISTRICT, district.id],
      [DEMO_SUBDISTRICT, subdistrict.id],
    ]);
    for (const name of DEMO_VILLAGES) {
      const village = await insertUnit(
        trx,
        { name, level: "village", parent: subdistrict },
        DEMO_SET_UP,
      );
      unitIds.set(name, village.id);
    }
    // 横泾's villages stay out of unitIds, whose names are Xiangshan's: its 舟山村 is another.
    const second = await insertUnit(
      trx,
      { name: DEMO_SECOND_SUBDISTRICT, level: "subdistrict", parent: district },
      stamp,
    );
    unitIds.set(DEMO_SECOND_SUBDISTRICT, second.id);
    for (const name of DEMO_SECOND_VILLAGES) {
      await insertUnit(trx, { name, level: "village", parent: second }, stamp);
    }
    await trx
      .insertInto("staff_user")
      .values(
        demoAccounts.map((account) => ({
          username: account.username,
          display_name: account.displayName,
          password_hash: passwordHash,
          role: account.role,
          unit_id: unitIds.get(account.unit)!,
          password_changed_at: stamp,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .execute();
    const organiser = await trx
      .selectFrom("staff_user")
      .select("id")
      .where("username", "=", "organiser")
      .executeTakeFirstOrThrow();
    const nowMs = Date.now();
    await seedDemoYear(trx, { unitIds, organiserId: organiser.id, nowMs });
    await seedLearners(trx, {
      unitIds,
      nowMs,
      leadingGroup: cadreInvitees.map(([name, n]) => ({ name, phone: demoPhone(90_000 + n) })),
      phone: demoPhone,
    });
    await seedRights(trx, { unitIds, nowMs, phone: demoPhone });
    await seedPhotos(trx, { organiserId: organiser.id });
    return true;
  });
}
// ---------------------------------------------------------------------------------------------
// The demo year: Xiangshan's 2024 outreach as its annual report tells it ("农民工学法活动周",
// "送法进企业" and more: 15 events, an audience of nearly 10,000), plus events around the moment
// of seeding so every page has something real to show. Residents are invented, deterministically.

type Held = {
  day: string;
  from: string;
  to: string;
  title: string;
  format: EventFormat;
  setting: EventSetting;
  campaign: string | null;
  village: (typeof DEMO_VILLAGES)[number];
  venue: string;
  audience: AudienceGroup[];
  laws: string;
  speaker: string;
  speakerRole: SpeakerRole;
  /** Individual check-ins (rows) and, apart from them, the crowd counted by eye. */
  checkins: number;
  crowd: number | null;
  materials: number;
  consultations: number;
  employer?: string;
  summary: string;
};

const MIGRANT_WEEK = "农民工学法活动周";
const TO_ENTERPRISES = "送法进企业";

const heldIn2024: Held[] = [
  {
    day: "2024-02-26",
    from: "09:00",
    to: "11:30",
    title: "农民工学法活动周启动仪式暨法律咨询",
    format: "consultation",
    setting: "community",
    campaign: MIGRANT_WEEK,
    village: "香山社区",
    venue: "香山社区新时代文明实践站广场",
    audience: ["migrant_worker", "enterprise_staff"],
    laws: "劳动合同法、保障农民工工资支付条例",
    speaker: "周律师",
    speakerRole: "lawyer",
    checkins: 96,
    crowd: 1300,
    materials: 1500,
    consultations: 64,
    summary: "设咨询台 6 个，解答欠薪、工伤、劳动合同等问题 64 人次。",
  },
  {
    day: "2024-03-01",
    from: "12:00",
    to: "13:00",
    title: "讨薪不用愁：以案释法进工地食堂",
    format: "case_study",
    setting: "enterprise",
    campaign: MIGRANT_WEEK,
    village: "长沙村",
    venue: "苏州长沙精密机械有限公司职工食堂",
    audience: ["migrant_worker"],
    laws: "保障农民工工资支付条例",
    speaker: "吴中区人民法院 沈法官",
    speakerRole: "judge",
    checkins: 74,
    crowd: null,
    materials: 200,
    consultations: 12,
    employer: "苏州长沙精密机械有限公司",
    summary: "以三起欠薪案件讲解讨薪途径和证据留存。",
  },
  {
    day: "2024-03-07",
    from: "18:30",
    to: "19:30",
    title: "工地安全与工伤保险法治讲座",
    format: "lecture",
    setting: "enterprise",
    campaign: MIGRANT_WEEK,
    village: "长港村",
    venue: "香山古建园林工程项目部会议室",
    audience: ["migrant_worker", "enterprise_staff"],
    laws: "安全生产法、工伤保险条例",
    speaker: "区人社局 执法人员 钱科长",
    speakerRole: "law_enforcement",
    checkins: 58,
    crowd: 120,
    materials: 300,
    consultations: 9,
    employer: "苏州香山古建园林工程有限公司",
    summary: "讲解工伤认定流程，现场发放工伤保险明白纸。",
  },
  {
    day: "2024-04-15",
    from: "08:00",
    to: "11:00",
    title: "4·15 国家安全教育日集市普法",
    format: "door_to_door",
    setting: "village",
    campaign: "4·15 全民国家安全教育日",
    village: "梅舍村",
    venue: "梅舍村农贸集市",
    audience: ["villager", "elderly"],
    laws: "国家安全法、反间谍法",
    speaker: "梅舍村法律明白人",
    speakerRole: "legal_savvy",
    checkins: 45,
    crowd: 1600,
    materials: 2000,
    consultations: 31,
    summary: "赶集日设摊，发放国家安全宣传册 2000 份。",
  },
  {
    day: "2024-04-25",
    from: "14:00",
    to: "15:30",
    title: "送法进企业：劳动用工合规讲座",
    format: "lecture",
    setting: "enterprise",
    campaign: TO_ENTERPRISES,
    village: "渔帆村",
    venue: "苏州渔帆针织服饰有限公司三楼会议室",
    audience: ["enterprise_staff", "migrant_worker"],
    laws: "劳动合同法、劳动争议调解仲裁法",
    speaker: "街道法律顾问 顾律师",
    speakerRole: "legal_adviser",
    checkins: 63,
    crowd: null,
    materials: 150,
    consultations: 15,
    employer: "苏州渔帆针织服饰有限公司",
    summary: "为企业梳理用工风险点 8 项。",
  },
  {
    day: "2024-05-18",
    from: "18:30",
    to: "20:30",
    title: "民法典宣传月：法治文艺进舟山",
    format: "performance",
    setting: "village",
    campaign: "民法典宣传月",
    village: "舟山村",
    venue: "舟山村核雕文化广场",
    audience: ["villager", "elderly", "women"],
    laws: "民法典",
    speaker: "街道文艺宣传队",
    speakerRole: "legal_savvy",
    checkins: 52,
    crowd: 2100,
    materials: 800,
    consultations: 18,
    summary: "小品、评弹演绎民法典相邻关系、继承案例。",
  },
  {
    day: "2024-05-28",
    from: "14:00",
    to: "15:30",
    title: "民法典婚姻家庭编以案释法",
    format: "case_study",
    setting: "community",
    campaign: "民法典宣传月",
    village: "蒋墩社区",
    venue: "蒋墩社区党群服务中心",
    audience: ["women", "villager"],
    laws: "民法典婚姻家庭编、反家庭暴力法",
    speaker: "区妇联 法律顾问 陆律师",
    speakerRole: "legal_adviser",
    checkins: 67,
    crowd: null,
    materials: 120,
    consultations: 11,
    summary: "结合两起家事纠纷讲解人身安全保护令。",
  },
  {
    day: "2024-06-20",
    from: "09:30",
    to: "11:00",
    title: "送法进企业：核雕产业知识产权保护",
    format: "lecture",
    setting: "enterprise",
    campaign: TO_ENTERPRISES,
    village: "舟山村",
    venue: "舟山核雕艺术协会展厅",
    audience: ["enterprise_staff"],
    laws: "著作权法、商标法",
    speaker: "知识产权律师 蒋律师",
    speakerRole: "lawyer",
    checkins: 81,
    crowd: null,
    materials: 160,
    consultations: 22,
    employer: "舟山核雕工作室",
    summary: "讲解作品登记与维权，核雕商户现场咨询 22 人次。",
  },
  {
    day: "2024-07-11",
    from: "09:00",
    to: "11:00",
    title: "暑期青少年模拟法庭",
    format: "mock_trial",
    setting: "school",
    campaign: null,
    village: "郁舍社区",
    venue: "香山中心小学报告厅",
    audience: ["youth"],
    laws: "未成年人保护法、预防未成年人犯罪法",
    speaker: "吴中区人民法院 沈法官",
    speakerRole: "judge",
    checkins: 88,
    crowd: 40,
    materials: 100,
    consultations: 0,
    summary: "学生扮演法官、公诉人和辩护人，家长旁听。",
  },
  {
    day: "2024-08-22",
    from: "14:00",
    to: "15:30",
    title: "守好养老钱：防范养老诈骗讲座",
    format: "lecture",
    setting: "community",
    campaign: null,
    village: "梅园社区",
    venue: "梅园社区老年活动室",
    audience: ["elderly"],
    laws: "反电信网络诈骗法",
    speaker: "香山派出所 民警",
    speakerRole: "law_enforcement",
    checkins: 74,
    crowd: 60,
    materials: 300,
    consultations: 14,
    summary: "以真实案例讲解保健品、以房养老骗局。",
  },
  {
    day: "2024-09-12",
    from: "14:00",
    to: "15:00",
    title: "送法进企业：安全生产法宣讲",
    format: "lecture",
    setting: "enterprise",
    campaign: TO_ENTERPRISES,
    village: "墅里村",
    venue: "苏州墅里新材料科技有限公司培训室",
    audience: ["enterprise_staff", "migrant_worker"],
    laws: "安全生产法",
    speaker: "街道综合执法局 执法人员",
    speakerRole: "law_enforcement",
    checkins: 69,
    crowd: null,
    materials: 140,
    consultations: 7,
    employer: "苏州墅里新材料科技有限公司",
    summary: "结合企业实际讲解主要负责人安全生产职责。",
  },
  {
    day: "2024-10-17",
    from: "10:00",
    to: "12:00",
    title: "送法进企业：新就业形态劳动者权益咨询",
    format: "consultation",
    setting: "enterprise",
    campaign: TO_ENTERPRISES,
    village: "胥江社区",
    venue: "胥江物流园区骑手驿站",
    audience: ["migrant_worker"],
    laws: "劳动法、新就业形态劳动者劳动权益保障指引",
    speaker: "街道法律顾问 顾律师",
    speakerRole: "legal_adviser",
    checkins: 77,
    crowd: 600,
    materials: 900,
    consultations: 41,
    employer: "胥江物流园区",
    summary: "面向外卖骑手、快递员解答工伤、派单规则等问题。",
  },
  {
    day: "2024-11-07",
    from: "09:00",
    to: "11:30",
    title: "法律明白人矛盾纠纷调解技能培训",
    format: "training",
    setting: "village",
    campaign: null,
    village: "湖滨村",
    venue: "湖滨村党群服务中心会议室",
    audience: ["legal_savvy"],
    laws: "人民调解法",
    speaker: "司法所 所长",
    speakerRole: "legal_adviser",
    checkins: 84,
    crowd: null,
    materials: 84,
    consultations: 0,
    summary: "全街道 84 名法律明白人参训，模拟调解 6 场。",
  },
  {
    day: "2024-12-04",
    from: "09:00",
    to: "11:30",
    title: "国家宪法日宪法宣誓暨现场咨询",
    format: "consultation",
    setting: "community",
    campaign: "宪法宣传周",
    village: "太湖花园社区",
    venue: "太湖花园社区中心广场",
    audience: ["villager", "youth", "cadre"],
    laws: "宪法",
    speaker: "街道法律顾问 顾律师",
    speakerRole: "legal_adviser",
    checkins: 90,
    crowd: 2350,
    materials: 2600,
    consultations: 47,
    summary: "宪法宣誓、宪法知识展板、现场咨询同步开展。",
  },
  {
    day: "2024-12-20",
    from: "14:00",
    to: "16:00",
    title: "年终法治知识竞赛",
    format: "quiz",
    setting: "village",
    campaign: null,
    village: "渔帆村",
    venue: "渔帆村文体活动中心",
    audience: ["villager", "women", "youth"],
    laws: "民法典、宪法",
    speaker: "司法所",
    speakerRole: "legal_adviser",
    checkins: 60,
    crowd: 400,
    materials: 250,
    consultations: 5,
    summary: "13 个村（社区）各派一队参赛。",
  },
];

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚陆顾钱";
const GIVEN =
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文斌春梅海燕雪琴晨浩宇欣怡子涵雨轩";

/** A small deterministic generator (mulberry32): the same demo on every machine. */
function generator(seed: number) {
  let state = seed;
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const weighted = <T>(items: readonly (readonly [T, number])[]) => {
    let roll = next() * items.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [item, weight] of items) {
      roll -= weight;
      if (roll < 0) return item;
    }
    return items[items.length - 1]![0];
  };
  return { next, pick, weighted };
}

/** 139 and eight digits, distinct for every n below 10^8 (7919 is prime to 10^8). */
const demoPhone = (n: number) =>
  `139${String((n * 7919 + 20240226) % 100_000_000).padStart(8, "0")}`;

function audienceMix(held: Pick<Held, "audience" | "setting">): [AudienceGroup, number][] {
  if (held.setting === "enterprise" || held.audience.includes("migrant_worker")) {
    return [
      ["migrant_worker", 55],
      ["enterprise_staff", 38],
      ["villager", 4],
      ["women", 3],
    ];
  }
  return [
    ...held.audience.map((group) => [group, 60 / held.audience.length] as [AudienceGroup, number]),
    ["villager", 20],
    ["elderly", 10],
    ["women", 6],
    ["youth", 4],
  ];
}

const randomSecret = () =>
  encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));

const minutes = (iso: string, plus: number) =>
  new Date(Date.parse(iso) + plus * 60_000).toISOString();

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let start = 0; start < rows.length; start += 400) {
    await insert(rows.slice(start, start + 400));
  }
}

/** The demo's events and residents: a held 2024, what is coming, and one event open right now. */
async function seedDemoYear(
  trx: Kysely<Database>,
  input: { unitIds: Map<string, number>; organiserId: number; nowMs: number },
) {
  const { unitIds, organiserId, nowMs } = input;
  const stamp = new Date(nowMs).toISOString();
  const subdistrictId = unitIds.get(DEMO_SUBDISTRICT)!;
  const { path: subdistrictPath } = await trx
    .selectFrom("admin_unit")
    .select("path")
    .where("id", "=", subdistrictId)
    .executeTakeFirstOrThrow();
  const campaigns = await trx.selectFrom("campaign").select(["id", "name", "year"]).execute();
  const campaignId = (name: string | null, year: number) =>
    campaigns.find((c) => c.name === name && c.year === year)?.id ?? null;
  const random = generator(2024);
  const personName = () =>
    random.pick([...SURNAMES]) +
    random.pick([...GIVEN]) +
    (random.next() < 0.6 ? random.pick([...GIVEN]) : "");

  type NewPersonRow = Insertable<Database["person"]>;
  const persons: NewPersonRow[] = [];
  const addPerson = (
    person: Omit<
      NewPersonRow,
      "phone" | "consent_version" | "consented_at" | "created_at" | "updated_at" | "unit_id"
    >,
    at: string,
  ) => {
    const key = persons.length;
    persons.push({
      ...person,
      // A 法律明白人 belongs to their roster's village; everyone else to the host of the events.
      unit_id:
        person.audience_group === "legal_savvy" && person.village_id
          ? person.village_id
          : subdistrictId,
      phone: demoPhone(key),
      consent_version: CONSENT_VERSION,
      consented_at: at,
      created_at: at,
      updated_at: at,
    });
    return key;
  };

  // The 84 法律明白人 of the report, about six and a half per village: they come to more than one event.
  const legalSavvy = new Map<string, number[]>();
  DEMO_VILLAGES.forEach((village) => {
    const keys: number[] = [];
    for (let i = 0; i < demoRosterSize(village); i++) {
      keys.push(
        addPerson(
          {
            name: personName(),
            village_id: unitIds.get(village)!,
            employer: null,
            audience_group: "legal_savvy",
          },
          "2024-01-10T01:00:00.000Z",
        ),
      );
    }
    legalSavvy.set(village, keys);
  });

  type EventRow = Insertable<Database["event"]>;
  const events: {
    row: EventRow;
    audience: AudienceGroup[];
    attendees: number[];
    checkinSpan: [number, number];
    method: "self_scan" | "mixed";
  }[] = [];

  for (const held of heldIn2024) {
    const startsAt = shanghaiLocalToIso(`${held.day}T${held.from}`)!;
    const endsAt = shanghaiLocalToIso(`${held.day}T${held.to}`)!;
    const villageId = unitIds.get(held.village)!;
    const attendees =
      held.format === "training"
        ? [...legalSavvy.values()].flat()
        : legalSavvy.get(held.village)!.slice(0, 3);
    const mix = audienceMix(held);
    while (attendees.length < held.checkins) {
      const group = random.weighted(mix);
      const working = group === "migrant_worker" || group === "enterprise_staff";
      attendees.push(
        addPerson(
          {
            name: personName(),
            village_id:
              working && held.employer
                ? null
                : random.next() < 0.8
                  ? villageId
                  : unitIds.get(random.pick(DEMO_VILLAGES))!,
            employer: working ? (held.employer ?? null) : null,
            audience_group: group,
          },
          startsAt,
        ),
      );
    }
    events.push({
      row: {
        code: newEventCode(),
        title: held.title,
        format: held.format,
        setting: held.setting,
        campaign_id: campaignId(held.campaign, 2024),
        host_unit_id: subdistrictId,
        village_id: villageId,
        venue: held.venue,
        starts_at: startsAt,
        ends_at: endsAt,
        laws: held.laws,
        speaker: held.speaker,
        speaker_role: held.speakerRole,
        capacity: null,
        visibility: "public",
        description: null,
        status: "held",
        cancel_reason: null,
        qr_secret: randomSecret(),
        estimated_crowd: held.crowd,
        materials_handed_out: held.materials,
        consultations: held.consultations,
        summary: held.summary,
        created_by: organiserId,
        created_at: minutes(startsAt, -14 * 24 * 60),
        updated_at: endsAt,
      },
      audience: held.audience,
      attendees,
      checkinSpan: [-25, 40],
      method: "mixed",
    });
  }

  // What is coming: times relative to the moment of seeding, on the hour in Shanghai.
  const hourAfter = (days: number, shanghaiHour: number) => {
    const day = new Date(nowMs + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
    return shanghaiLocalToIso(`${day}T${String(shanghaiHour).padStart(2, "0")}:00`)!;
  };
  const upcoming = (
    row: Partial<EventRow> & Pick<EventRow, "title" | "format" | "venue" | "starts_at" | "ends_at">,
    audience: AudienceGroup[],
    attendees: number[] = [],
  ) =>
    events.push({
      row: {
        code: newEventCode(),
        setting: null,
        campaign_id: null,
        host_unit_id: subdistrictId,
        village_id: null,
        laws: null,
        speaker: null,
        speaker_role: null,
        capacity: null,
        visibility: "public",
        description: null,
        status: "published",
        cancel_reason: null,
        qr_secret: randomSecret(),
        estimated_crowd: null,
        materials_handed_out: null,
        consultations: null,
        summary: null,
        created_by: organiserId,
        created_at: stamp,
        updated_at: stamp,
        ...row,
      },
      audience,
      attendees,
      checkinSpan: [1, 29],
      method: "self_scan",
    });

  // Open now: started half an hour ago, ends in two hours; a newcomer can scan its QR at once.
  const liveStart = new Date(nowMs - 30 * 60_000).toISOString();
  const liveVillage = unitIds.get("舟山村")!;
  const liveAttendees: number[] = [];
  for (let i = 0; i < 12; i++) {
    liveAttendees.push(
      addPerson(
        {
          name: personName(),
          village_id: liveVillage,
          employer: null,
          audience_group: random.weighted(
            audienceMix({ audience: ["villager"], setting: "village" }),
          ),
        },
        liveStart,
      ),
    );
  }
  upcoming(
    {
      title: "法治赶集：民法典与你同行现场咨询",
      format: "consultation",
      setting: "village",
      village_id: liveVillage,
      venue: "舟山村核雕文化广场",
      starts_at: liveStart,
      ends_at: new Date(nowMs + 120 * 60_000).toISOString(),
      laws: "民法典",
      speaker: "街道法律顾问 顾律师",
      speaker_role: "legal_adviser",
      description:
        "律师、法律明白人现场解答相邻关系、继承、消费纠纷等问题，扫码签到即可领取民法典读本。",
    },
    ["villager", "elderly", "women"],
    liveAttendees,
  );

  const nextDec4 = (() => {
    const year = new Date(nowMs + 8 * 3_600_000).getUTCFullYear();
    const thisYear = shanghaiLocalToIso(`${year}-12-04T14:30`)!;
    return Date.parse(thisYear) > nowMs + 86_400_000
      ? thisYear
      : shanghaiLocalToIso(`${year + 1}-12-04T14:30`)!;
  })();
  upcoming(
    {
      title: "宪法宣传周：宪法与我们的生活专题讲座",
      format: "lecture",
      setting: "community",
      campaign_id: campaignId("宪法宣传周", Number(shanghaiDay(nextDec4).slice(0, 4))),
      village_id: unitIds.get("香山社区")!,
      venue: "香山社区新时代文明实践站多功能厅",
      starts_at: nextDec4,
      ends_at: minutes(nextDec4, 90),
      laws: "宪法",
      speaker: "吴中区人民法院 沈法官",
      speaker_role: "judge",
      capacity: 120,
    },
    ["villager", "youth", "cadre"],
  );
  const enterpriseStart = hourAfter(9, 14);
  upcoming(
    {
      title: "送法进企业：劳动合同与社保缴纳",
      format: "lecture",
      setting: "enterprise",
      campaign_id: campaignId(TO_ENTERPRISES, Number(shanghaiDay(enterpriseStart).slice(0, 4))),
      village_id: unitIds.get("墅里村")!,
      venue: "苏州墅里新材料科技有限公司培训室",
      starts_at: enterpriseStart,
      ends_at: minutes(enterpriseStart, 60),
      laws: "劳动合同法、社会保险法",
      speaker: "街道法律顾问 顾律师",
      speaker_role: "legal_adviser",
      capacity: 80,
    },
    ["enterprise_staff", "migrant_worker"],
  );
  const caseStart = hourAfter(16, 9);
  upcoming(
    {
      title: "以案释法：电信网络诈骗防范",
      format: "case_study",
      setting: "community",
      village_id: unitIds.get("梅园社区")!,
      venue: "梅园社区老年活动室",
      starts_at: caseStart,
      ends_at: minutes(caseStart, 90),
      laws: "反电信网络诈骗法",
      speaker: "香山派出所 民警",
      speaker_role: "law_enforcement",
    },
    ["elderly", "villager"],
  );
  const cadreStart = hourAfter(3, 15);
  upcoming(
    {
      title: "党工委中心组学法：法治宣传教育法",
      format: "central_group",
      setting: "agency",
      venue: "香山街道党工委会议室",
      starts_at: cadreStart,
      ends_at: minutes(cadreStart, 90),
      laws: "法治宣传教育法",
      speaker: "司法所 所长",
      speaker_role: "legal_adviser",
      visibility: "internal",
    },
    ["cadre"],
  );
  const draftStart = hourAfter(23, 9);
  upcoming(
    {
      title: "法律明白人年度履职培训",
      format: "training",
      setting: "agency",
      venue: "香山街道市民服务中心三楼会议室",
      starts_at: draftStart,
      ends_at: minutes(draftStart, 180),
      status: "draft",
    },
    ["legal_savvy"],
  );

  // This year's outreach so far: five events spread over the days gone by, in five villages, so
  // every home page's "this year" has figures and a designed gap (the other villages). A generator
  // of its own leaves everything above, and the check-ins below, as they were.
  const later = generator(2026);
  const laterName = () =>
    later.pick([...SURNAMES]) +
    later.pick([...GIVEN]) +
    (later.next() < 0.6 ? later.pick([...GIVEN]) : "");
  const today = new Date(nowMs + 8 * 3_600_000).toISOString().slice(0, 10);
  const yearOfSeeding = Number(today.slice(0, 4));
  const daysGone = (Date.parse(today) - Date.parse(`${yearOfSeeding}-01-01`)) / 86_400_000;
  const thisYear: (Pick<Held, "title" | "format" | "setting" | "village" | "venue" | "laws"> & {
    at: number;
    campaign: string | null;
    audience: AudienceGroup[];
    checkins: number;
    crowd: number | null;
  })[] = [
    {
      at: 0.12,
      title: "农民工学法活动周：讨薪维权法律咨询",
      format: "consultation",
      setting: "community",
      campaign: MIGRANT_WEEK,
      village: "蒋墩社区",
      venue: "蒋墩社区服务中心广场",
      laws: "保障农民工工资支付条例",
      audience: ["migrant_worker"],
      checkins: 38,
      crowd: 260,
    },
    {
      at: 0.3,
      title: "民法典进村：婚姻家庭与继承",
      format: "lecture",
      setting: "village",
      campaign: null,
      village: "舟山村",
      venue: "舟山村党群服务中心",
      laws: "民法典",
      audience: ["villager", "elderly"],
      checkins: 45,
      crowd: null,
    },
    {
      at: 0.48,
      title: "送法进企业：安全生产主体责任",
      format: "lecture",
      setting: "enterprise",
      campaign: TO_ENTERPRISES,
      village: "长港村",
      venue: "长港村工业园区会议室",
      laws: "安全生产法",
      audience: ["enterprise_staff"],
      checkins: 52,
      crowd: null,
    },
    {
      at: 0.66,
      title: "青少年模拟法庭：校园欺凌",
      format: "mock_trial",
      setting: "school",
      campaign: null,
      village: "香山社区",
      venue: "香山实验小学报告厅",
      laws: "未成年人保护法",
      audience: ["youth"],
      checkins: 60,
      crowd: 120,
    },
    {
      at: 0.82,
      title: "以案释法：养老诈骗防范",
      format: "case_study",
      setting: "community",
      campaign: null,
      village: "湖滨村",
      venue: "湖滨村老年活动室",
      laws: "反电信网络诈骗法",
      audience: ["elderly", "women"],
      checkins: 34,
      crowd: 40,
    },
  ];
  for (const held of daysGone >= 7 ? thisYear : []) {
    const day = new Date(
      Date.parse(`${yearOfSeeding}-01-01`) + Math.floor(held.at * daysGone) * 86_400_000,
    )
      .toISOString()
      .slice(0, 10);
    const startsAt = shanghaiLocalToIso(`${day}T09:30`)!;
    const endsAt = shanghaiLocalToIso(`${day}T11:30`)!;
    const villageId = unitIds.get(held.village)!;
    const attendees = Array.from({ length: held.checkins }, () =>
      addPerson(
        {
          name: laterName(),
          village_id: villageId,
          employer: null,
          audience_group: later.pick(held.audience),
        },
        startsAt,
      ),
    );
    events.push({
      row: {
        code: newEventCode(),
        title: held.title,
        format: held.format,
        setting: held.setting,
        campaign_id: campaignId(held.campaign, yearOfSeeding),
        host_unit_id: subdistrictId,
        village_id: villageId,
        venue: held.venue,
        starts_at: startsAt,
        ends_at: endsAt,
        laws: held.laws,
        speaker: "街道法律顾问 顾律师",
        speaker_role: "legal_adviser",
        capacity: null,
        visibility: "public",
        description: null,
        status: "held",
        cancel_reason: null,
        qr_secret: randomSecret(),
        estimated_crowd: held.crowd,
        materials_handed_out: held.checkins * 3,
        consultations: Math.round(held.checkins / 3),
        summary: `到场签到 ${held.checkins} 人，发放资料 ${held.checkins * 3} 份。`,
        created_by: organiserId,
        created_at: minutes(startsAt, -10 * 24 * 60),
        updated_at: endsAt,
      },
      audience: held.audience,
      attendees,
      checkinSpan: [-20, 30],
      method: "self_scan",
    });
  }

  await insertInChunks(persons, (chunk) => trx.insertInto("person").values(chunk).execute());
  const personIds = new Map(
    (await trx.selectFrom("person").select(["id", "phone"]).execute()).map((p) => [p.phone, p.id]),
  );
  const checkins: Insertable<Database["checkin"]>[] = [];
  for (const event of events) {
    const { id } = await trx
      .insertInto("event")
      .values(event.row)
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("event_audience")
      .values(event.audience.map((group) => ({ event_id: id, audience_group: group })))
      .execute();
    if (event.row.visibility === "internal") {
      const invited = await peopleOfLines(
        trx,
        { unitId: subdistrictId, searchPath: subdistrictPath },
        cadreInvitees.map(([name, n]) => ({ name, phone: demoPhone(90_000 + n) })),
        CONSENT_VERSION,
      );
      await setInvitations(trx, id, invited);
    }
    const [from, to] = event.checkinSpan;
    for (const key of event.attendees) {
      const assisted = event.method === "mixed" && random.next() < 0.08;
      const person = persons[key]!;
      checkins.push({
        event_id: id,
        person_id: personIds.get(demoPhone(key))!,
        // The facts the check-in counts by, as the resident gave them at that event.
        name: person.name,
        audience_group: person.audience_group,
        village_id: person.village_id ?? null,
        employer: person.employer ?? null,
        method: assisted ? (random.next() < 0.5 ? "walk_in" : "assisted") : "self_scan",
        checked_in_at: minutes(event.row.starts_at, from + Math.floor(random.next() * (to - from))),
        recorded_by: assisted ? organiserId : null,
        consent_version: CONSENT_VERSION,
      });
    }
  }
  await insertInChunks(checkins, (chunk) => trx.insertInto("checkin").values(chunk).execute());
}

/** The sub-district's leading group: the invitation list of the 中心组学法 session. */
const cadreInvitees: [string, number][] = [
  ["顾建新", 1],
  ["沈丽华", 2],
  ["李华", 3],
  ["陆志刚", 4],
  ["钱晓燕", 5],
  ["周振国", 6],
  ["王敏", 7],
  ["许文斌", 8],
  ["蒋海燕", 9],
  ["吴伟", 10],
];

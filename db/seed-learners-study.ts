import type { Insertable, Kysely } from "kysely";
import type { evaluations } from "../app/lib/study-schema";
import type { Database, LawDutyReportForm, StudyKind } from "./schema";
import {
  insertSessions,
  type SeedPerson,
  type Session,
  type SessionsInput,
} from "./seed-learners-sessions";

// Xiangshan's 2024 cadre study year: four quarterly 推进会, six 中心组学法, two 会前学法 and the
// report's five 执法人员专题培训, with the year's plan and the leaders' 述法 records.

export type StudyInput = SessionsInput & {
  leadingGroup: SeedPerson[];
  everyCadre: SeedPerson[];
  enforcement: SeedPerson[];
  cadreId: (personId: number) => number;
};

const PARTY_ROOM = "香山街道党工委会议室";

export async function seedStudyYear(trx: Kysely<Database>, input: StudyInput) {
  const year = Number(new Date(input.nowMs + 8 * 3_600_000).toISOString().slice(0, 4));
  await insertSessions(trx, input, [...studyYear2024(input), ...studyYearSoFar(input, year)]);
  await trx
    .insertInto("study_plan")
    .values([
      ...studyPlan(input.subdistrictId, 2024, PLAN_2024),
      ...(year > 2024 ? studyPlan(input.subdistrictId, year, PLAN_THIS_YEAR) : []),
    ])
    .execute();
  await trx
    .insertInto("law_duty_report")
    .values(
      LAW_DUTY_REPORTS.map((report) => {
        const cadre = input.everyCadre.find((c) => c.name === report.name)!;
        return {
          cadre_id: input.cadreId(cadre.personId),
          unit_id: input.subdistrictId,
          year: 2024,
          form: report.form,
          evaluation: report.evaluation,
          evaluation_note: report.note,
          remedial_actions: report.remedial ?? null,
          created_by: input.organiserId,
          created_at: "2024-12-30T08:00:00.000Z",
          updated_at: "2024-12-30T08:00:00.000Z",
        };
      }),
    )
    .execute();
}

type Planned = { kind: StudyKind; perQuarter: [number, number, number, number] };

/** The 2024 plan: the year held what it planned except two of the four 会前学法. */
const PLAN_2024: Planned[] = [
  { kind: "progress_meeting", perQuarter: [1, 1, 1, 1] },
  { kind: "central_group", perQuarter: [2, 1, 2, 1] },
  { kind: "enforcement_training", perQuarter: [1, 2, 1, 1] },
  { kind: "pre_meeting", perQuarter: [1, 1, 1, 1] },
];

/** This year's plan: one 推进会 a quarter, seven 中心组学法, four 会前学法, five trainings. */
const PLAN_THIS_YEAR: Planned[] = [
  { kind: "progress_meeting", perQuarter: [1, 1, 1, 1] },
  { kind: "central_group", perQuarter: [2, 2, 2, 1] },
  { kind: "enforcement_training", perQuarter: [1, 2, 1, 1] },
  { kind: "pre_meeting", perQuarter: [1, 1, 1, 1] },
];

function studyPlan(
  unitId: number,
  year: number,
  plans: Planned[],
): Insertable<Database["study_plan"]>[] {
  return plans.flatMap((plan) =>
    plan.perQuarter.map((planned, q) => ({
      unit_id: unitId,
      year,
      quarter: q + 1,
      study_kind: plan.kind,
      planned,
    })),
  );
}
/** Xiangshan's 2024 study year, as its report tells it. */
function studyYear2024(input: StudyInput): Session[] {
  const { progress, central, preMeeting, enforcementTraining } = sessionKinds(input);
  return [
    progress("2024-03-28", "第一季度", "部署全年合法性审查目录"),
    progress("2024-06-27", "第二季度", "通报行政复议法修订要点及应对"),
    progress("2024-09-26", "第三季度", "督办执法案卷评查发现的问题"),
    progress("2024-12-26", "第四季度", "总结全年工作并部署述法"),
    central("2024-01-25", "习近平法治思想", "党工委书记 顾建新", "宪法"),
    central("2024-03-21", "新修订的行政复议法", "司法所所长 王敏", "行政复议法"),
    central("2024-05-23", "民法典与基层治理", "街道法律顾问 顾律师", "民法典"),
    {
      ...central("2024-07-18", "新修订的保守国家秘密法", "党政办主任 蒋海燕", "保守国家秘密法"),
      proxy: ["钱晓燕", "蒋海燕"],
    },
    central("2024-09-19", "安全生产法与企业主体责任", "办事处副主任 吴伟", "安全生产法"),
    central("2024-11-21", "宪法与依宪执政", "吴中区人民法院 沈法官", "宪法"),
    preMeeting("2024-02-22", "重大行政决策程序暂行条例"),
    preMeeting("2024-08-29", "信访工作条例"),
    enforcementTraining("2024-03-14", "行政处罚法与执法程序", "区司法局 法制科"),
    enforcementTraining("2024-04-18", "行政执法“三项制度”", "司法所所长 王敏"),
    enforcementTraining("2024-06-13", "执法文书规范制作", "区司法局 法制科"),
    enforcementTraining("2024-08-15", "安全生产行政执法实务", "区应急管理局 执法大队"),
    enforcementTraining("2024-10-24", "行政执法证据收集与案卷评查", "街道法律顾问 顾律师"),
  ];
}

/**
 * This year's sessions that have ended by today (Beijing time): a year on plan, except that one
 * 会前学法 a quarter has slipped since the spring, so /study opens on a year under way with
 * something to follow up rather than on empty quarters.
 */
function studyYearSoFar(input: StudyInput, year: number): Session[] {
  if (year <= 2024) return [];
  const today = new Date(input.nowMs + 8 * 3_600_000).toISOString().slice(0, 10);
  const { progress, central, preMeeting, enforcementTraining } = sessionKinds(input);
  const on = (monthDay: string) => `${year}-${monthDay}`;
  const sessions = [
    progress(on("03-26"), "第一季度", "部署本年度合法性审查目录和述法安排"),
    progress(on("06-25"), "第二季度", "通报上半年行政复议、诉讼案件情况"),
    progress(on("09-24"), "第三季度", "督办执法案卷评查发现的问题"),
    progress(on("12-17"), "第四季度", "总结全年工作并部署述法"),
    central(on("01-22"), "习近平法治思想", "党工委书记 顾建新", "宪法"),
    central(on("03-19"), "法治宣传教育法", "司法所所长 王敏", "法治宣传教育法"),
    central(on("05-21"), "民营经济促进法", "街道法律顾问 顾律师", "民营经济促进法"),
    central(on("06-18"), "行政执法监督条例", "区司法局 法制科", "行政执法监督条例"),
    central(on("07-23"), "安全生产法与企业主体责任", "办事处副主任 吴伟", "安全生产法"),
    central(on("09-17"), "宪法与依宪执政", "吴中区人民法院 沈法官", "宪法"),
    central(on("11-19"), "反电信网络诈骗法", "香山派出所 所长", "反电信网络诈骗法"),
    preMeeting(on("02-26"), "重大行政决策程序暂行条例"),
    enforcementTraining(on("03-12"), "行政处罚法与执法程序", "区司法局 法制科"),
    enforcementTraining(on("04-16"), "行政执法“三项制度”", "司法所所长 王敏"),
    enforcementTraining(on("06-11"), "执法文书规范制作", "区司法局 法制科"),
    enforcementTraining(on("08-13"), "安全生产行政执法实务", "区应急管理局 执法大队"),
    enforcementTraining(on("10-22"), "行政执法证据收集与案卷评查", "街道法律顾问 顾律师"),
  ];
  return sessions.filter((session) => session.day < today);
}

/** The four kinds of session as Xiangshan holds them: who comes, where, how long. */
function sessionKinds(input: StudyInput) {
  const { leadingGroup, everyCadre, enforcement, organiserId } = input;
  const base = { studyKind: null, creditMinutes: null, absence: 0.06, scannedBy: organiserId };
  const progress = (day: string, quarter: string, topic: string): Session => ({
    ...base,
    day,
    from: "14:00",
    to: "16:00",
    title: `${quarter}法治政府建设推进会`,
    laws: "法治政府建设实施纲要（2021—2025年）",
    format: "progress_meeting",
    studyKind: "progress_meeting",
    venue: PARTY_ROOM,
    speaker: "办事处主任 沈丽华",
    chair: "沈丽华",
    creditMinutes: 60,
    invited: everyCadre,
    minutes: [
      `会议通报${quarter}法治政府建设重点任务进展，${topic}。`,
      "各部门负责人逐一汇报合法性审查、行政执法“三项制度”落实情况。",
      "会议要求：下季度前完成问题整改并报司法所汇总。",
    ].join("\n"),
  });
  const central = (day: string, topic: string, speaker: string, laws: string): Session => ({
    ...base,
    day,
    from: "09:00",
    to: "10:30",
    title: `党工委中心组学法：${topic}`,
    laws,
    format: "central_group",
    studyKind: "central_group",
    venue: PARTY_ROOM,
    speaker,
    chair: "顾建新",
    invited: leadingGroup,
    minutes: [
      `党工委书记顾建新主持，${speaker}领学${topic}。`,
      "与会同志结合分管工作交流发言，查找依法决策中的薄弱环节。",
      "会议要求：各分管领导带头学法，年底前在述法中报告学法用法情况。",
    ].join("\n"),
  });
  const preMeeting = (day: string, topic: string): Session => ({
    ...base,
    day,
    from: "08:30",
    to: "09:00",
    title: `会前学法：${topic}`,
    laws: topic,
    format: "lecture",
    studyKind: "pre_meeting",
    venue: PARTY_ROOM,
    speaker: "司法所所长 王敏",
    chair: "顾建新",
    invited: leadingGroup,
    minutes: `会前由司法所所长王敏讲解${topic}，用时 30 分钟。`,
  });
  const enforcementTraining = (day: string, topic: string, speaker: string): Session => ({
    ...base,
    day,
    from: "09:00",
    to: "12:00",
    title: `执法人员专题培训：${topic}`,
    laws: "行政处罚法、行政强制法",
    format: "training",
    studyKind: "enforcement_training",
    venue: "香山街道综合执法局培训室",
    speaker,
    chair: "许文斌",
    creditMinutes: 180,
    invited: enforcement,
    absence: 0.04,
    minutes: [
      `综合执法局局长许文斌主持，${speaker}授课，主题为${topic}。`,
      "培训结合典型执法案卷讲评，现场进行闭卷测试。",
    ].join("\n"),
  });
  return { progress, central, preMeeting, enforcementTraining };
}
/** 述法 of 2024: eight leaders, three forms, two with remedial actions. */
const LAW_DUTY_REPORTS: {
  name: string;
  form: LawDutyReportForm;
  evaluation: (typeof evaluations)[number];
  note: string;
  remedial?: string;
}[] = [
  {
    name: "顾建新",
    form: "meeting",
    evaluation: "excellent",
    note: "履行法治建设第一责任人职责到位，全年主持中心组学法 6 次。",
  },
  {
    name: "沈丽华",
    form: "meeting",
    evaluation: "excellent",
    note: "重大行政决策均经合法性审查，四次推进会按季召开。",
  },
  {
    name: "李华",
    form: "written",
    evaluation: "excellent",
    note: "牵头完成法律明白人队伍建设，84 人全部持证。",
  },
  {
    name: "陆志刚",
    form: "on_site",
    evaluation: "good",
    note: "分管领域行政执法规范，个别案卷证据链不完整。",
    remedial: "2025 年第一季度前完成 2024 年执法案卷自查，每季度抽查不少于 10 卷。",
  },
  {
    name: "周振国",
    form: "written",
    evaluation: "excellent",
    note: "将依法履职情况纳入日常监督，未发现违法违纪问题。",
  },
  {
    name: "吴伟",
    form: "written",
    evaluation: "fair",
    note: "全年参加集体学法次数偏少，分管工程项目合同审查不够及时。",
    remedial: "参加学法不少于全年计划的 80%；工程类合同一律先经法律顾问审查再签订。",
  },
  {
    name: "许文斌",
    form: "on_site",
    evaluation: "good",
    note: "组织执法人员专题培训 5 期，执法人员全员持证上岗。",
  },
  {
    name: "王敏",
    form: "meeting",
    evaluation: "excellent",
    note: "完成合法性审查 14 件，指导村（社区）调解纠纷 636 件。",
  },
];

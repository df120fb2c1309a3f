import type { Insertable, Kysely } from "kysely";
import type { Database, DutyKind } from "./schema";
import { addDays, chunks, roll, weighted } from "./seed-learners-sessions";

// The demo's duty ledger (履职台账) of the 法律明白人: what they did, for whom, and how it ended.

const DUTY_KINDS: [DutyKind, number][] = [
  ["publicity", 30],
  ["dispute", 30],
  ["opinion", 15],
  ["village_affairs", 20],
  ["other", 5],
];

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙朱胡郭沈陆顾钱蒋";

/** What each kind of matter looks like: who was served, what was done, and the outcome. */
const MATTERS: Record<DutyKind, { served: string; content: string; result: string }[]> = {
  publicity: [
    {
      served: "本村村民约 30 人",
      content: "在村民小组会上宣讲民法典相邻关系条款",
      result: "发放宣传资料 40 份",
    },
    {
      served: "老年活动室老人 15 人",
      content: "讲解保健品、冒充公检法等常见诈骗手法",
      result: "现场答疑 6 人次",
    },
    {
      served: "辖区企业职工 20 人",
      content: "在企业食堂开展劳动合同法小讲堂",
      result: "发放明白纸 25 份",
    },
    {
      served: "本村微信群",
      content: "转发并解读法治宣传教育法要点",
      result: "群内答疑 4 人次",
    },
  ],
  dispute: [
    { served: "村民 {a}某与{b}某", content: "两户因宅基地界址发生争执，到现场调解", result: "" },
    {
      served: "居民 {a}某与{b}某",
      content: "楼上漏水损坏楼下吊顶引发纠纷，组织双方协商",
      result: "",
    },
    { served: "村民 {a}某一家", content: "子女间赡养老人分担不均，联合村调委会调解", result: "" },
    { served: "村民 {a}某与承包户{b}某", content: "土地流转租金拖欠纠纷，约双方面谈", result: "" },
  ],
  opinion: [
    {
      served: "本村 5 组居民",
      content: "收集村民对道路改造补偿方案的意见",
      result: "已报送街道信访办",
    },
    {
      served: "社区租户代表",
      content: "反映出租屋消防通道堵塞问题",
      result: "已转综合执法局处理",
    },
  ],
  village_affairs: [
    {
      served: "村民代表大会",
      content: "列席会议，对村规民约修订提出合法性意见",
      result: "两条意见被采纳",
    },
    {
      served: "村务监督委员会",
      content: "参与集体资产租赁合同审查",
      result: "提示违约条款风险 1 处",
    },
  ],
  other: [
    {
      served: "来访群众 {a}某",
      content: "陪同村居法律顾问接待来访，解答继承问题",
      result: "引导申请法律援助",
    },
  ],
};

const RESOLVED = ["双方达成调解协议，签订协议书", "当场化解，双方握手言和"];
const UNRESOLVED = ["双方分歧较大，已引导至街道人民调解委员会", "已告知通过诉讼途径解决"];

/** Matters that 舟山村's 法律明白人 sent from their phones and its organiser has yet to confirm. */
const WAITING = [
  {
    kind: "dispute",
    served: "村民 周某与吴某",
    content: "两家因院墙排水发生口角，上门劝解",
    result: "双方同意下周由村调委会组织调解",
  },
  {
    kind: "publicity",
    served: "核雕市集摊主约 12 人",
    content: "讲解消费者权益保护法中的七日无理由退货",
    result: "发放宣传资料 20 份",
  },
  {
    kind: "opinion",
    served: "本村 3 组居民",
    content: "收集居民对垃圾分类收运时间的意见",
    result: "整理意见 6 条",
  },
  {
    kind: "village_affairs",
    served: "村民代表大会",
    content: "列席会议，讲解集体经济收益分配的法定程序",
    result: "",
  },
] as const;

/**
 * The duty ledger (履职台账): two to five matters per 法律明白人 over 2024 and this year, entered
 * by the organisers; and in 舟山村 a handful its 法律明白人 sent themselves: some confirmed, four
 * waiting for the `village` organiser, and one returned with a reason.
 */
/** The days from 2024-01-15 on which someone could log a 2024 duty: until they left, if they did. */
function daysIn2024(leftOn: string | null) {
  const until = leftOn && leftOn < "2024-12-21" ? leftOn : "2024-12-21";
  return (Date.parse(until) - Date.parse("2024-01-15")) / 86_400_000;
}

export async function seedDutyLedger(
  trx: Kysely<Database>,
  input: {
    members: { rosterId: number; villageId: number; village: string; leftOn: string | null }[];
    nowMs: number;
    organiserId: number;
    villageStaffId: number;
  },
) {
  const today = new Date(input.nowMs + 8 * 3_600_000).toISOString().slice(0, 10);
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const daysThisYear = (Date.parse(today) - Date.parse(yearStart)) / 86_400_000;
  const entries: Insertable<Database["duty_entry"]>[] = [];
  input.members.forEach((member, m) => {
    const count = 2 + Math.floor(roll(10, m) * 4);
    for (let k = 0; k < count; k++) {
      const inThisYear = !member.leftOn && roll(11, m, k) < 0.45 && daysThisYear > 0;
      const day = inThisYear
        ? addDays(yearStart, Math.floor(roll(12, m, k) * daysThisYear))
        : addDays("2024-01-15", Math.floor(roll(12, m, k) * daysIn2024(member.leftOn)));
      const kind = weighted(DUTY_KINDS, roll(13, m, k));
      const options = MATTERS[kind];
      const matter = options[Math.floor(roll(14, m, k) * options.length)]!;
      const resolved = kind === "dispute" ? (roll(15, m, k) < 0.88 ? 1 : 0) : null;
      const zhoushan = member.village === "舟山村";
      const self = zhoushan && k === 0;
      const recordedAt = `${addDays(day, 1)}T02:00:00.000Z`;
      entries.push({
        legal_savvy_id: member.rosterId,
        village_id: member.villageId,
        occurred_on: day,
        kind,
        served: fillNames(matter.served, m, k),
        content: matter.content,
        result:
          resolved === null
            ? matter.result
            : (resolved ? RESOLVED : UNRESOLVED)[Math.floor(roll(16, m, k) * 2)]!,
        dispute_resolved: resolved,
        status: "confirmed",
        return_reason: null,
        source: self ? "self" : "staff",
        recorded_by: self ? null : zhoushan ? input.villageStaffId : input.organiserId,
        reviewed_by: self ? input.villageStaffId : null,
        reviewed_at: self ? `${addDays(day, 2)}T03:00:00.000Z` : null,
        created_at: recordedAt,
        updated_at: recordedAt,
      });
    }
  });
  const zhoushan = input.members.filter((m) => m.village === "舟山村" && !m.leftOn);
  WAITING.forEach((matter, i) => {
    const sentAt = new Date(input.nowMs - (i + 1) * 86_400_000).toISOString();
    entries.push({
      legal_savvy_id: zhoushan[i]!.rosterId,
      village_id: zhoushan[i]!.villageId,
      occurred_on: new Date(input.nowMs + 8 * 3_600_000 - (i + 2) * 86_400_000)
        .toISOString()
        .slice(0, 10),
      kind: matter.kind,
      served: matter.served,
      content: matter.content,
      result: matter.result || null,
      dispute_resolved: matter.kind === "dispute" ? 0 : null,
      status: "pending",
      return_reason: null,
      source: "self",
      recorded_by: null,
      reviewed_by: null,
      reviewed_at: null,
      created_at: sentAt,
      updated_at: sentAt,
    });
  });
  const returnedAt = new Date(input.nowMs - 3 * 86_400_000).toISOString();
  entries.push({
    legal_savvy_id: zhoushan[4]!.rosterId,
    village_id: zhoushan[4]!.villageId,
    occurred_on: new Date(input.nowMs + 8 * 3_600_000 - 6 * 86_400_000).toISOString().slice(0, 10),
    kind: "dispute",
    served: "村民",
    content: "调解邻里纠纷",
    result: null,
    dispute_resolved: 0,
    status: "returned",
    return_reason: "请写明双方当事人（如：王某与李某）、纠纷起因和调解结果后再提交。",
    source: "self",
    recorded_by: null,
    reviewed_by: input.villageStaffId,
    reviewed_at: returnedAt,
    created_at: new Date(input.nowMs - 5 * 86_400_000).toISOString(),
    updated_at: returnedAt,
  });
  for (const chunk of chunks(entries)) {
    await trx.insertInto("duty_entry").values(chunk).execute();
  }
}

/** "{a}某与{b}某" with two surnames: parties are named only by surname in a ledger. */
function fillNames(template: string, m: number, k: number) {
  const a = SURNAMES[Math.floor(roll(17, m, k) * SURNAMES.length)]!;
  const b = SURNAMES[Math.floor(roll(18, m, k) * SURNAMES.length)]!;
  return template.replace("{a}", a).replace("{b}", b);
}

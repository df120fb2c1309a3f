import type { Message } from "./plural";
// One person, not three: suggested duplicates and merging two records of one person.

export const zh = {
  "people.duplicates.title": "疑似重复人员",
  "people.duplicates.intro":
    "以下两两一组的人员记录可能是同一人（只列您管辖单位的记录，不跨街道）。核对后合并，签到、名单、学时和覆盖人数都只算一人。",
  "people.duplicates.none": "没有发现疑似重复的人员记录。",
  "people.duplicates.count": "共 {count} 组，显示前 {shown} 组；合并后其余的会显示出来。",
  "people.duplicates.pair": "{office}：{a} 与 {b}",
  "people.reason.samePhone": "手机号相同、姓名相近",
  "people.reason.sameNameVillage": "同村同名，至少一条未留手机号",
  "people.reason.variant": "姓名繁简体不同",
  "people.compare": "{a} 与 {b} 两条记录对比",
  "people.col.name": "姓名",
  "people.col.phone": "手机号",
  "people.col.village": "村（社区）",
  "people.col.checkins": "签到次数",
  "people.col.roster": "法律明白人名单",
  "people.noPhone": "未留",
  "people.noVillage": "未填",
  "people.onRoster": "在名单上",
  "people.notOnRoster": "不在",
  "people.review": "核对并合并",
  "people.reviewLabel": "核对并合并 {a} 与 {b}",
  "people.merge.title": "合并人员记录",
  "people.merge.intro":
    "合并后只保留一条记录，另一条记录的签到和名单等全部转到保留的记录上，然后删除。",
  "people.merge.keep": "保留的记录",
  "people.merge.drop": "并入后删除的记录",
  "people.merge.swap": "改为保留另一条记录",
  "people.merge.moves": "合并时将发生的变化",
  "people.merge.checkins": "签到 {count} 条转到保留的记录",
  "people.merge.sameEvent": "其中 {count} 场活动两条记录都签到过：保留较早的一条，较晚的一条删除",
  "people.merge.invitations": "邀请名单 {count} 条转到保留的记录",
  "people.merge.rosterMove": "法律明白人名单记录（连同履职台账）转到保留的记录",
  "people.merge.rosterFold":
    "两条法律明白人名单记录合为一条：履职台账 {duties} 条、个人链接 {links} 个并入保留的名单记录",
  "people.merge.cadreMove": "干部记录（连同述法记录）转到保留的记录",
  "people.merge.cadreFold": "两条干部记录合为一条：述法记录 {reports} 条并入保留的干部记录",
  "people.merge.passes": "个人学法卡 {count} 张转到保留的记录",
  "people.merge.passRevoked": "两条记录都有有效的学法卡：并入记录的卡作废，保留记录的卡继续有效",
  "people.merge.phone": "合并后的手机号：{phone}",
  "people.merge.figures": "普法成效中的覆盖人数、学时和履职将按一人统计。",
  "people.merge.confirm": "确认合并",
  "people.merge.final": "合并无法撤销。审计日志记录此次合并及数量，不记录姓名和手机号。",
  "people.merge.refused": "不能合并",
  "people.merge.back": "返回疑似重复人员",
  "people.merge.done": "已合并：{name} 现在只有一条记录。",
  "people.merge.already": "这两条记录已经合并过，没有再做更改。",
  "people.mergeSame": "不能把一条记录与它自己合并。",
  "people.refuseOffices": "两条记录属于不同的街道（镇），不能合并。",
  "people.refuseRosters":
    "两人分别在不同村的法律明白人名单上且都在册：请先让其中一条退出名单，再合并。",
  "people.refuseCadres": "两人分别是不同单位的在职干部：请先将其中一条记为离任，再合并。",
  "people.refuseReports": "两条干部记录有同一年度的述法记录，不能合并。",
  "people.refusePairTaken": "合并后的姓名和手机号与本单位的另一条人员记录相同：请先核对那条记录。",
  "action.person.merge": "合并人员记录",
  "people.audit.merged": "并入的记录编号",
  "people.audit.checkins": "转移的签到",
  "people.audit.sameEvent": "同场重复的签到（删除）",
  "people.audit.invitations": "转移的邀请",
  "people.audit.roster": "名单记录（none 无 / move 转移 / fold 合并）",
  "people.audit.cadre": "干部记录（none 无 / move 转移 / fold 合并）",
  "people.audit.passes": "转移的学法卡",
};

export const en: Record<keyof typeof zh, Message> = {
  "people.duplicates.title": "Possible duplicates",
  "people.duplicates.intro":
    "Each pair of records below may be one person (records of your units only, never across sub-districts). Once merged, check-ins, rosters, training hours and people reached count one person.",
  "people.duplicates.none": "No records look like duplicates.",
  "people.duplicates.count":
    "{count} pairs; the first {shown} are shown. The others come up as pairs are merged.",
  "people.duplicates.pair": "{office}: {a} and {b}",
  "people.reason.samePhone": "Same phone, similar name",
  "people.reason.sameNameVillage": "Same name and village, at least one without a phone",
  "people.reason.variant": "Name in traditional and simplified characters",
  "people.compare": "{a} and {b} side by side",
  "people.col.name": "Name",
  "people.col.phone": "Phone",
  "people.col.village": "Village or community",
  "people.col.checkins": "Check-ins",
  "people.col.roster": "Legal-savvy roster",
  "people.noPhone": "none",
  "people.noVillage": "not given",
  "people.onRoster": "on the roster",
  "people.notOnRoster": "no",
  "people.review": "Review and merge",
  "people.reviewLabel": "Review and merge {a} and {b}",
  "people.merge.title": "Merge two records",
  "people.merge.intro":
    "One record is kept; everything the other holds (check-ins, roster and more) moves to it, and the other is removed.",
  "people.merge.keep": "Record kept",
  "people.merge.drop": "Record merged into it, then removed",
  "people.merge.swap": "Keep the other record instead",
  "people.merge.moves": "What the merge changes",
  "people.merge.checkins": {
    one: "{count} check-in moves to the record kept",
    other: "{count} check-ins move to the record kept",
  },
  "people.merge.sameEvent": {
    one: "At {count} event both records checked in: the earlier check-in stays, the later one goes",
    other:
      "At {count} events both records checked in: the earlier check-in stays, the later one goes",
  },
  "people.merge.invitations": {
    one: "{count} invitation moves to the record kept",
    other: "{count} invitations move to the record kept",
  },
  "people.merge.rosterMove": "The roster entry (with its duty ledger) moves to the record kept",
  "people.merge.rosterFold":
    "The two roster entries become one: {duties} duty entries and {links} personal links join the entry kept",
  "people.merge.cadreMove":
    "The cadre record (with its rule-of-law duty reports) moves to the record kept",
  "people.merge.cadreFold":
    "The two cadre records become one: {reports} rule-of-law duty reports join the cadre record kept",
  "people.merge.passes": {
    one: "{count} personal pass moves to the record kept",
    other: "{count} personal passes move to the record kept",
  },
  "people.merge.passRevoked":
    "Both records hold a valid pass: the merged record's pass is revoked, the kept record's stays valid",
  "people.merge.phone": "Phone once merged: {phone}",
  "people.merge.figures":
    "Reach figures then count people reached, training hours and duties for one person.",
  "people.merge.confirm": "Merge",
  "people.merge.final":
    "A merge cannot be undone. The audit log records it with its counts, never a name or a phone.",
  "people.merge.refused": "Cannot be merged",
  "people.merge.back": "Back to possible duplicates",
  "people.merge.done": "Merged: {name} is now one record.",
  "people.merge.already": "These two records were already merged; nothing was changed.",
  "people.mergeSame": "A record cannot be merged with itself.",
  "people.refuseOffices": "The two records belong to different sub-districts and cannot be merged.",
  "people.refuseRosters":
    "They are on the rosters of two villages, both active: retire one of the two entries first.",
  "people.refuseCadres":
    "They are active cadres of two units: mark one of the two as having left first.",
  "people.refuseReports":
    "Both cadre records hold a rule-of-law duty report of the same year, so they cannot be merged.",
  "people.refusePairTaken":
    "Another person record of the unit has the merged name and phone: check that record first.",
  "action.person.merge": "Person records merged",
  "people.audit.merged": "Record merged in (number)",
  "people.audit.checkins": "Check-ins moved",
  "people.audit.sameEvent": "Check-ins at a shared event (removed)",
  "people.audit.invitations": "Invitations moved",
  "people.audit.roster": "Roster entry (none / move / fold)",
  "people.audit.cadre": "Cadre record (none / move / fold)",
  "people.audit.passes": "Passes moved",
};

import type { Message } from "./plural";
// The resident's own phone: children checked in by a guardian, and "my check-ins" (issue 18).

export const zh = {
  "checkin.age": "年龄",
  "checkin.age.adult": "14周岁及以上",
  "checkin.age.child": "未满14周岁",
  "checkin.guardian": "我是监护人，代未满14周岁的孩子填写",
  "checkin.guardianNeeded": "未满14周岁的孩子须由监护人代填，请监护人勾选此项。",
  "checkin.guardianNoticeTitle": "监护人须知",
  // The text of notice version GUARDIAN_CONSENT_VERSION, as kept in the privacy_notice table.
  "checkin.guardianNotice":
    "未满14周岁的孩子，须由父母或其他监护人代为填写并同意。{collector}收集孩子的姓名、所在村（社区）或单位和监护人的手机号，仅用于本次普法活动签到和统计普法覆盖情况，不作他用。信息保存 {period}后删除。监护人可在本机“我的签到”中查看、删除，或随时联系{collector}。",
  "checkin.myLink": "查看或删除本机的签到记录",
  "event.childNote": "未满14周岁的孩子由监护人用自己的手机代为签到。",
  "mine.title": "我的签到",
  "mine.intro": "以下是用这部手机以 {name} 的名义所做的签到。其他手机看不到这里。",
  "mine.none": "这部手机没有可查看的签到记录。",
  "mine.noneBody": "只有签到时用的手机才能在这里查看和删除签到记录。其他情况请联系活动主办单位。",
  "mine.when": "签到时间",
  "mine.delete": "删除这些签到记录",
  "mine.deleteNote": "删除后，签到记录中的姓名和手机号将被清除，只保留人数统计。",
  "mine.withdraw": "撤回同意并让本机忘记我",
  "mine.withdrawNote": "撤回后，本机不再记住您，今后签到需重新填写并同意。",
  "mine.deleted": "已删除 {count} 条签到记录。",
  "mine.withdrawn": "已撤回同意，本机已不再记住您。",
  "mine.back": "查看近期普法活动",
} satisfies Record<string, string>;

export const en: Record<keyof typeof zh, Message> = {
  "checkin.age": "Age",
  "checkin.age.adult": "14 or older",
  "checkin.age.child": "Under 14",
  "checkin.guardian": "Guardian of a child under 14",
  "checkin.guardianNeeded":
    "A child under 14 must be checked in by a guardian: the guardian ticks this box.",
  "checkin.guardianNoticeTitle": "For guardians",
  "checkin.guardianNotice":
    "A child under 14 is checked in by a parent or other guardian, who fills in the form and agrees for them. {collector} collects the child's name, village or employer and the guardian's mobile number only to check the child in to this legal-education event and to count who the programme reached. It is deleted after {period}. The guardian can see or delete it under “My check-ins” on this phone, or ask {collector} at any time.",
  "checkin.myLink": "See or delete the check-ins made on this phone",
  "event.childNote": "A child under 14 is checked in by a guardian on the guardian's own phone.",
  "mine.title": "My check-ins",
  "mine.intro":
    "These are the check-ins made on this phone in the name of {name}. No other phone can see this page.",
  "mine.none": "This phone has no check-ins to show.",
  "mine.noneBody":
    "Only the phone used to check in can see and delete its check-ins here. Otherwise, please ask the office that held the event.",
  "mine.when": "Checked in",
  "mine.delete": "Delete these check-ins",
  "mine.deleteNote":
    "Deleting removes the name and mobile number from these check-ins; only the head counts stay.",
  "mine.withdraw": "Withdraw consent and make this phone forget me",
  "mine.withdrawNote":
    "This phone will no longer remember you; to check in again you fill in the form and agree again.",
  "mine.deleted": { one: "{count} check-in deleted.", other: "{count} check-ins deleted." },
  "mine.withdrawn": "Consent withdrawn; this phone no longer remembers you.",
  "mine.back": "See upcoming legal-education events",
};

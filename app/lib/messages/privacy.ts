import type { Message } from "./plural";
// Retention (issue 18 item 1): the period the notices promise, the setting, the purge's audit entry.

export const zh = {
  "privacy.period.years": "{count} 年",
  "privacy.period.days": "{count} 天",
  "admin.settings.about.RETENTION_DAYS":
    "居民签到信息在活动结束后保存的天数（签到页的个人信息说明按此告知）；每日清理去除到期的姓名、手机号等，统计数字保持不变。",
  "admin.settings.about.PURGE_SCHEDULE":
    "开启时由服务器每天自动清理一次到期个人信息（多台服务器只运行一次）；关闭时请用 npm run purge 自行定时运行。",
  "action.privacy.purge": "到期个人信息清理",
  "privacy.audit.days": "保存天数",
  "privacy.audit.checkins": "匿名化签到",
  "privacy.audit.people": "删除人员",
  "privacy.audit.kept": "保留人员",
  "privacy.audit.events": "清空记录的活动",
  "privacy.audit.duties": "清空的履职记录",
  "privacy.audit.audit": "清理的日志条目",
  "privacy.audit.reasons": "清空的查阅事由",
  "privacy.audit.door": "删除的离线签到同步记录",
};

export const en: Record<keyof typeof zh, Message> = {
  "privacy.period.years": { one: "{count} year", other: "{count} years" },
  "privacy.period.days": { one: "{count} day", other: "{count} days" },
  "admin.settings.about.RETENTION_DAYS":
    "Days residents' check-in data is kept after the event ends (the check-in page's privacy notice says so); a daily purge then removes names, phones and the like and keeps every figure.",
  "admin.settings.about.PURGE_SCHEDULE":
    "On: the servers purge expired personal data themselves, once a day across all of them. Off: run npm run purge from a timer of your own.",
  "action.privacy.purge": "Expired personal data purged",
  "privacy.audit.days": "Days kept",
  "privacy.audit.checkins": "Check-ins anonymised",
  "privacy.audit.people": "People forgotten",
  "privacy.audit.kept": "People kept",
  "privacy.audit.events": "Events whose notes were emptied",
  "privacy.audit.duties": "Duty entries emptied",
  "privacy.audit.audit": "Log entries scrubbed",
  "privacy.audit.reasons": "Sensitive-read reasons emptied",
  "privacy.audit.door": "Offline door sync records deleted",
};

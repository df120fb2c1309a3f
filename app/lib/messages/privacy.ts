import type { Message } from "./plural";
// Retention (issue 18 item 1): the period the notices promise, the setting, the purge's audit entry.

export const zh = {
  "privacy.period.years": "{count} 年",
  "privacy.period.days": "{count} 天",
  "admin.settings.about.RETENTION_DAYS":
    "居民签到信息在活动结束后保存的天数（签到页的个人信息说明按此告知）；每日清理去除到期的姓名、手机号等，统计数字保持不变。",
  "action.privacy.purge": "到期个人信息清理",
};

export const en: Record<keyof typeof zh, Message> = {
  "privacy.period.years": { one: "{count} year", other: "{count} years" },
  "privacy.period.days": { one: "{count} day", other: "{count} days" },
  "admin.settings.about.RETENTION_DAYS":
    "Days residents' check-in data is kept after the event ends (the check-in page's privacy notice says so); a daily purge then removes names, phones and the like and keeps every figure.",
  "action.privacy.purge": "Expired personal data purged",
};

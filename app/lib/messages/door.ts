import type { Message } from "./plural";
// The offline door (issue 20): the scan page's status line, its queue and the walk-ins it takes
// without a signal.

export const zh = {
  "door.online": "在线：扫码即时签到。",
  "door.offlineWaiting": "离线：{count} 条待发送，恢复网络后自动发送。",
  "door.syncing": "正在发送 {count} 条离线记录…",
  "door.allSent": "在线：离线记录已全部发送。",
  "door.login": "登录已过期：{count} 条离线记录仍保存在本机，请重新登录后发送。",
  "door.loginLink": "重新登录",
  "door.notReady": "离线名单尚未下载：断网时无法判断签到证，请在有网络时打开本页。",
  "door.ready": "离线名单更新于 {time}，共 {count} 张签到证。",
  "door.installed": "本页已保存在本机，断网也能打开。",
  "door.offlineAnswer": "离线判断，联网后发送。",
  "door.problems": "未能签到的离线记录",
  "door.problemsHint": "以下记录发送后未被接受，请核实后点“知道了”移除。",
  "door.dismiss": "知道了",
  "door.reason.not_invited": "不在本场名单内",
  "door.reason.revoked": "签到证已作废",
  "door.reason.unknown": "无法识别的证号",
  "door.reason.foreign": "不是本平台的签到证",
  "door.reason.closed": "不在签到时间内",
  "door.reason.invalid": "填写的信息有误",
  "door.reason.elsewhere": "已于 {time} 在另一台设备上签到",
  "door.otherAccount": "这些离线记录由其他账号记录，需由该账号登录后发送。",
  "door.walkInQueued": "已记录 {name}，联网后发送。",
  "door.walkInTitle": "现场登记（可离线）",
  "door.itemWalkIn": "现场登记",
  "action.checkin.offline": "离线签到上传",
} satisfies Record<string, string>;

export const en: Record<keyof typeof zh, Message> = {
  "door.online": "Online: scans check in at once.",
  "door.offlineWaiting": "Offline: {count} waiting, sent when the signal is back.",
  "door.syncing": "Sending {count} offline records…",
  "door.allSent": "Online: all offline records sent.",
  "door.login":
    "Session expired: {count} offline records are kept on this device. Log in again to send them.",
  "door.loginLink": "Log in again",
  "door.notReady":
    "The offline list is not here yet: without a signal passes cannot be checked. Open this page while online.",
  "door.ready": "Offline list updated at {time}: {count} passes.",
  "door.installed": "This page is kept on this device and opens without a signal.",
  "door.offlineAnswer": "Decided offline; sent when online.",
  "door.problems": "Offline records not checked in",
  "door.problemsHint": "These records were refused when sent. Check them, then tap “Dismiss”.",
  "door.dismiss": "Dismiss",
  "door.reason.not_invited": "Not on this event's list",
  "door.reason.revoked": "Pass revoked",
  "door.reason.unknown": "Unknown pass code",
  "door.reason.foreign": "Not a pass of this platform",
  "door.reason.closed": "Outside the check-in window",
  "door.reason.invalid": "The details were not valid",
  "door.reason.elsewhere": "Already checked in at {time} on another device",
  "door.otherAccount":
    "These offline records were made by another account; that account must log in to send them.",
  "door.walkInQueued": "{name} recorded; sent when online.",
  "door.walkInTitle": "Walk-in (works offline)",
  "door.itemWalkIn": "Walk-in",
  "action.checkin.offline": "Offline check-ins uploaded",
};

import type { Message } from "./plural";
// poster: the printed QR poster, the QR downloads, the projector page and link previews.

export const zh = {
  "poster.title": "签到海报",
  "poster.scan": "扫码签到",
  "poster.scanHow": "用微信或手机相机扫描二维码，填写姓名和手机号即可签到。",
  "poster.linkIntro": "扫不了码？在手机浏览器中打开：",
  "poster.qrLabel": "签到二维码，链接 {link}",
  "poster.privacy":
    "个人信息说明：{collector}收集您的姓名、手机号，仅用于本次活动签到和普法统计，保存 {period}后删除；您可联系{collector}查询、更正或删除。",
  "poster.opens": "签到开放时间：{time} 起",
  "poster.rotatingScreen": "签到请扫描活动现场屏幕上的二维码。",
  "poster.rotatingNote":
    "本活动开启了“投屏二维码每 15 秒更换”：固定二维码在轮换开启时会被拒绝，因此海报上不印二维码，只提示居民扫描现场屏幕。需要张贴可扫的海报，请在活动设置中关闭轮换；下载的二维码同样是固定链接。",
  "poster.draftNote": "活动还是草稿：发布之前扫码会提示“找不到该活动”。",
  "poster.warnThisMachine":
    "注意：海报上的链接 {host} 只能在这台电脑上打开，居民用手机扫码打不开。正式张贴前，请让管理员设置 PUBLIC_URL（居民访问本系统的网址）。",
  "poster.warnThisNetwork":
    "注意：海报上的链接 {host} 是局域网地址，只有连接同一网络（Wi-Fi）的手机才能打开。正式张贴前，请让管理员设置 PUBLIC_URL（居民访问本系统的网址）。",
  "poster.tools": "海报工具",
  "poster.printHint":
    "打印：使用浏览器的“打印”（电脑按 Ctrl+P，Mac 按 ⌘P），纸张选 A4、缩放 100%。屏幕上的这些说明不会打印出来。",
  "poster.print": "打印海报",
  "poster.downloadSvg": "下载二维码 SVG（矢量，适合排版印刷）",
  "poster.downloadPng": "下载二维码 PNG（图片，适合微信转发）",
  "poster.toEvent": "返回活动详情",
  "poster.toProjector": "打开投屏模式",
  "projector.title": "投屏签到",
  "projector.countLabel": "人已签到",
  "projector.rotatingHint": "二维码每 15 秒更换，请扫描屏幕上当前的二维码。",
  "projector.qrRotatingLabel": "签到二维码（每 15 秒更换，链接随之改变）",
  "projector.stale": "连接中断，人数可能不是最新，正在重试……",
  "projector.fullscreen": "全屏显示",
  "projector.exit": "退出投屏",
  "projector.noScriptHint": "本页每 {seconds} 秒自动刷新。",
  "projector.notStarted": "未开始",
  "projector.opensAt": "签到于 {time} 开放，届时这里显示签到二维码。",
  "projector.ended": "已结束",
  "projector.endedHint": "签到已关闭，感谢参加。",
  "projector.cancelled": "已取消",
  "projector.cancelledHint": "本活动已取消，不再签到。",
  // Link previews: what a chat app or search engine shows of a shared link.
  "preview.eventKicker": "普法活动 · {format}",
  "preview.eventDescription": "{when}，{place}",
  "preview.cancelledDescription": "本活动已取消。原定 {when}，{place}",
  "preview.homeKicker": "{unit}",
  "preview.homeDescription":
    "{unit}的普法讲座、法律咨询和宣传活动：时间、地点一目了然，到场扫码签到。",
  "preview.homeDescriptionNoUnit":
    "普法讲座、法律咨询和宣传活动：时间、地点一目了然，到场扫码签到。",
  "preview.homeLine": "近期普法活动 · 扫码签到",
} satisfies Record<string, string>;

export const en: Record<keyof typeof zh, Message> = {
  "poster.title": "Check-in poster",
  "poster.scan": "Scan to check in",
  "poster.scanHow":
    "Scan the code with WeChat or your phone's camera, then give your name and mobile number.",
  "poster.linkIntro": "Cannot scan? Open this in your phone's browser:",
  "poster.qrLabel": "Check-in QR code, link {link}",
  "poster.privacy":
    "Personal data: {collector} collects your name and mobile number only to check you in to this event and to count who the programme reached. It is deleted after {period}; ask {collector} to see, correct or delete it.",
  "poster.opens": "Check-in opens at {time}",
  "poster.rotatingScreen": "To check in, scan the QR code on the screen at the venue.",
  "poster.rotatingNote":
    "This event's projected QR code changes every 15 seconds: while that is on, the fixed code is refused, so this poster prints no code and sends residents to the screen. To put up a poster people can scan, turn rotation off in the event's settings; the downloads below carry the fixed link too.",
  "poster.draftNote":
    "This event is still a draft: until it is published, scanning says the event cannot be found.",
  "poster.warnThisMachine":
    "Note: the link on this poster, {host}, opens only on this computer; residents' phones cannot reach it. Before putting posters up, ask the administrator to set PUBLIC_URL (the address residents reach Pufa at).",
  "poster.warnThisNetwork":
    "Note: the link on this poster, {host}, is a local network address: it works only on phones connected to this network (Wi-Fi). Before putting posters up, ask the administrator to set PUBLIC_URL (the address residents reach Pufa at).",
  "poster.tools": "Poster tools",
  "poster.printHint":
    "To print, use the browser's Print command (Ctrl+P, or ⌘P on a Mac), A4 paper at 100% scale. These notes on screen are not printed.",
  "poster.print": "Print the poster",
  "poster.downloadSvg": "Download the QR code as SVG (vector, for layout and print)",
  "poster.downloadPng": "Download the QR code as PNG (image, for sharing)",
  "poster.toEvent": "Back to the event",
  "poster.toProjector": "Open projector mode",
  "projector.title": "Projector check-in",
  "projector.countLabel": "checked in",
  "projector.rotatingHint": "The code changes every 15 seconds: scan the one on the screen now.",
  "projector.qrRotatingLabel": "Check-in QR code (changes every 15 seconds, and its link with it)",
  "projector.stale": "Connection lost: the count may be out of date. Retrying…",
  "projector.fullscreen": "Full screen",
  "projector.exit": "Leave projector mode",
  "projector.noScriptHint": "This page reloads every {seconds} seconds.",
  "projector.notStarted": "Not started",
  "projector.opensAt": "Check-in opens at {time}; the check-in code will appear here then.",
  "projector.ended": "Ended",
  "projector.endedHint": "Check-in is closed. Thank you for coming.",
  "projector.cancelled": "Cancelled",
  "projector.cancelledHint": "This event is cancelled: there is no check-in.",
  "preview.eventKicker": "Legal-education event · {format}",
  "preview.eventDescription": "{when}, {place}",
  "preview.cancelledDescription": "This event is cancelled. It was to be on {when}, {place}",
  "preview.homeKicker": "{unit}",
  "preview.homeDescription":
    "Legal-education talks, advice and events in {unit}: when and where, and check-in by QR code on the day.",
  "preview.homeDescriptionNoUnit":
    "Legal-education talks, advice and events: when and where, and check-in by QR code on the day.",
  "preview.homeLine": "Upcoming legal-education events · check in by QR code",
};

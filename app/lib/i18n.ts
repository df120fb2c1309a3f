/**
 * The interface's words. Chinese is the source; English must have every key (the typecheck fails
 * otherwise). Placeholders are {name}; numbers and dates go through Intl, never by hand.
 */
const zh = {
  "app.name": "普法",
  "app.tagline": "街道普法工作平台：活动发布、扫码签到、法律明白人与干部学法台账、覆盖统计",
  "app.demoBanner": "演示数据：本站内容为虚构的演示数据，仅供试用。",
  "nav.home": "首页",
  "nav.dashboard": "工作台",
  "nav.units": "行政区划",
  "nav.users": "账号管理",
  "nav.audit": "审计日志",
  "nav.password": "修改密码",
  "nav.login": "登录",
  "nav.logout": "退出登录",
  "nav.main": "主导航",
  "nav.skip": "跳到正文",
  "lang.switch": "English",
  "lang.switchLabel": "切换为英文",
  "role.admin": "管理员",
  "role.organiser": "活动组织者",
  "role.official": "领导（只读）",
  "level.district": "区",
  "level.subdistrict": "街道/镇",
  "level.village": "村/社区",
  "home.title": "普法工作平台",
  "home.intro":
    "司法所在这里发布普法活动，居民扫码签到；法律明白人和干部的学法记录、各村（社区）的覆盖情况一目了然。",
  "home.coverage": "服务范围",
  "home.coverageCount": "{unit}下辖 {count} 个村（社区）",
  "home.staffEntry": "工作人员请登录",
  "login.title": "工作人员登录",
  "login.username": "用户名",
  "login.password": "密码",
  "login.submit": "登录",
  "login.failed": "用户名或密码不正确。",
  "login.locked": "密码连续输错 5 次，账号已锁定，请在 {minutes} 分钟后再试。",
  "login.disabled": "该账号已停用，请联系管理员。",
  "login.throttled": "本网络登录尝试过于频繁，请 {minutes} 分钟后再试。",
  "login.welcome": "欢迎，{name}。",
  "login.expired": "长时间未操作，已自动退出，请重新登录。",
  "logout.done": "已退出登录。",
  "dashboard.title": "工作台",
  "dashboard.you": "{name}，{role}，所属：{unit}",
  "dashboard.scope": "您可以查看和管理的范围",
  "dashboard.mustChange": "请先修改初始密码。",
  "units.title": "行政区划",
  "units.name": "名称",
  "units.level": "层级",
  "units.parent": "上级单位",
  "units.children": "下级单位",
  "units.staff": "工作人员",
  "units.none": "暂无",
  "units.add": "新增下级单位",
  "units.created": "已新增：{name}。",
  "units.path": "所属",
  "users.title": "账号管理",
  "users.new": "新建账号",
  "users.username": "用户名",
  "users.displayName": "姓名",
  "users.role": "角色",
  "users.unit": "所属单位",
  "users.status": "状态",
  "users.active": "正常",
  "users.disabledState": "已停用",
  "users.lockedState": "已锁定",
  "users.initialPassword": "初始密码",
  "users.created": "已创建账号 {username}，请把初始密码当面告知本人，首次登录须修改。",
  "users.updated": "已保存账号 {username}。",
  "users.resetDone": "已重置 {username} 的密码，首次登录须修改。",
  "users.edit": "编辑",
  "users.save": "保存",
  "users.disable": "停用账号",
  "users.enable": "启用账号",
  "users.resetPassword": "重置密码",
  "users.newPassword": "新密码",
  "users.unlock": "解除锁定",
  "users.unlocked": "已解除 {username} 的锁定。",
  "users.disabledDone": "已停用 {username}。",
  "users.enabledDone": "已启用 {username}。",
  "users.lastChange": "密码修改于",
  "password.title": "修改密码",
  "password.current": "当前密码",
  "password.new": "新密码",
  "password.confirm": "再次输入新密码",
  "password.rules": "至少 10 位，须同时包含字母和数字，不能与用户名相同。",
  "password.changed": "密码已修改。",
  "audit.title": "审计日志",
  "audit.at": "时间",
  "audit.actor": "操作人",
  "audit.action": "操作",
  "audit.target": "对象",
  "audit.outcome": "结果",
  "audit.ip": "IP 地址",
  "audit.detail": "说明",
  "audit.filter": "筛选",
  "audit.from": "开始日期",
  "audit.to": "结束日期",
  "audit.any": "全部",
  "audit.empty": "没有符合条件的记录。",
  "audit.retention": "审计日志不可修改，至少保存 180 天。",
  "audit.showing": "显示最近 {count} 条",
  "outcome.success": "成功",
  "outcome.failure": "失败",
  "outcome.denied": "拒绝",
  "action.login": "登录",
  "action.logout": "退出登录",
  "action.lockout": "账号锁定",
  "action.password.change": "修改密码",
  "action.user.create": "新建账号",
  "action.user.update": "修改账号",
  "action.user.disable": "停用账号",
  "action.user.enable": "启用账号",
  "action.user.reset_password": "重置密码",
  "action.user.unlock": "解除锁定",
  "action.unit.create": "新增单位",
  "form.errorSummary": "请修改以下 {count} 处错误：",
  "form.required": "请填写此项。",
  "form.tooLong": "内容过长。",
  "form.invalidChoice": "请从列表中选择。",
  "form.usernameFormat": "用户名为 3 到 32 位小写字母、数字、点、下划线或连字符。",
  "form.usernameTaken": "该用户名已被使用。",
  "form.passwordTooShort": "密码至少 10 位。",
  "form.passwordNeedsMix": "密码须同时包含字母和数字。",
  "form.passwordIsUsername": "密码不能与用户名相同。",
  "form.passwordMismatch": "两次输入的新密码不一致。",
  "form.passwordWrong": "当前密码不正确。",
  "form.passwordSame": "新密码不能与当前密码相同。",
  "form.unitOutOfScope": "只能选择您管辖范围内的单位。",
  "form.unitNameTaken": "同一上级单位下已有同名单位。",
  "form.levelMismatch": "下级单位的层级必须低于上级单位。",
  "form.dateFormat": "请按 年-月-日 格式填写日期。",
  "form.selfChange": "不能停用或降级自己的账号。",
  "error.notFound.title": "页面不存在",
  "error.notFound.body": "您要找的页面不存在或已被移除。",
  "error.forbidden.title": "无权访问",
  "error.forbidden.body": "您的账号无权查看或操作此内容，或该内容不在您管辖的范围内。",
  "error.unauthorized.title": "请先登录",
  "error.badOrigin.body": "请求来源不符，已拒绝。请从本站页面重新提交。",
  "error.tooMany.title": "请求过于频繁",
  "error.server.title": "出错了",
  "error.server.body": "服务器暂时出现问题，请稍后再试。我们已记录此错误。",
  "error.backHome": "返回首页",
  "common.yes": "是",
  "common.no": "否",
} satisfies Record<string, string>;

export type MessageKey = keyof typeof zh;

const en: Record<MessageKey, string> = {
  "app.name": "Pufa",
  "app.tagline":
    "Legal-education work for a sub-district: events, QR check-in, study records of legal-savvy persons and cadres, reach",
  "app.demoBanner": "Demo data: everything on this site is invented for trying Pufa out.",
  "nav.home": "Home",
  "nav.dashboard": "Dashboard",
  "nav.units": "Admin units",
  "nav.users": "Accounts",
  "nav.audit": "Audit log",
  "nav.password": "Change password",
  "nav.login": "Log in",
  "nav.logout": "Log out",
  "nav.main": "Main navigation",
  "nav.skip": "Skip to content",
  "lang.switch": "中文",
  "lang.switchLabel": "Switch to Chinese",
  "role.admin": "Administrator",
  "role.organiser": "Organiser",
  "role.official": "Official (read-only)",
  "level.district": "District",
  "level.subdistrict": "Sub-district",
  "level.village": "Village / community",
  "home.title": "Legal-education outreach",
  "home.intro":
    "The justice office publishes legal-education events here and residents check in with a QR code; the study record of legal-savvy persons and cadres and the reach in every village are at hand.",
  "home.coverage": "Area served",
  "home.coverageCount": "{unit}: {count} villages and communities",
  "home.staffEntry": "Staff: log in",
  "login.title": "Staff log-in",
  "login.username": "Username",
  "login.password": "Password",
  "login.submit": "Log in",
  "login.failed": "Wrong username or password.",
  "login.locked":
    "Five wrong passwords in a row: the account is locked. Try again in {minutes} minutes.",
  "login.disabled": "This account is disabled. Please ask an administrator.",
  "login.throttled": "Too many log-in attempts from this network. Try again in {minutes} minutes.",
  "login.welcome": "Welcome, {name}.",
  "login.expired": "You were logged out after a long idle time. Please log in again.",
  "logout.done": "You are logged out.",
  "dashboard.title": "Dashboard",
  "dashboard.you": "{name}, {role}, {unit}",
  "dashboard.scope": "The area you can see and manage",
  "dashboard.mustChange": "Please change your initial password first.",
  "units.title": "Admin units",
  "units.name": "Name",
  "units.level": "Level",
  "units.parent": "Parent unit",
  "units.children": "Units below",
  "units.staff": "Staff",
  "units.none": "None",
  "units.add": "Add a unit below",
  "units.created": "Added: {name}.",
  "units.path": "Part of",
  "users.title": "Accounts",
  "users.new": "New account",
  "users.username": "Username",
  "users.displayName": "Name",
  "users.role": "Role",
  "users.unit": "Unit",
  "users.status": "Status",
  "users.active": "Active",
  "users.disabledState": "Disabled",
  "users.lockedState": "Locked",
  "users.initialPassword": "Initial password",
  "users.created":
    "Account {username} created. Hand the initial password over in person; it must be changed at first log-in.",
  "users.updated": "Account {username} saved.",
  "users.resetDone": "Password of {username} reset; it must be changed at first log-in.",
  "users.edit": "Edit",
  "users.save": "Save",
  "users.disable": "Disable account",
  "users.enable": "Enable account",
  "users.resetPassword": "Reset password",
  "users.newPassword": "New password",
  "users.unlock": "Unlock",
  "users.unlocked": "{username} is unlocked.",
  "users.disabledDone": "{username} is disabled.",
  "users.enabledDone": "{username} is enabled.",
  "users.lastChange": "Password changed",
  "password.title": "Change password",
  "password.current": "Current password",
  "password.new": "New password",
  "password.confirm": "New password again",
  "password.rules":
    "At least 10 characters, with both letters and digits, and not the same as the username.",
  "password.changed": "Your password is changed.",
  "audit.title": "Audit log",
  "audit.at": "Time",
  "audit.actor": "User",
  "audit.action": "Action",
  "audit.target": "Target",
  "audit.outcome": "Outcome",
  "audit.ip": "IP address",
  "audit.detail": "Detail",
  "audit.filter": "Filter",
  "audit.from": "From",
  "audit.to": "To",
  "audit.any": "Any",
  "audit.empty": "No entries match.",
  "audit.retention": "The audit log cannot be edited and is kept at least 180 days.",
  "audit.showing": "Latest {count} entries",
  "outcome.success": "Success",
  "outcome.failure": "Failure",
  "outcome.denied": "Denied",
  "action.login": "Log in",
  "action.logout": "Log out",
  "action.lockout": "Account locked",
  "action.password.change": "Password change",
  "action.user.create": "Account created",
  "action.user.update": "Account changed",
  "action.user.disable": "Account disabled",
  "action.user.enable": "Account enabled",
  "action.user.reset_password": "Password reset",
  "action.user.unlock": "Account unlocked",
  "action.unit.create": "Unit added",
  "form.errorSummary": "Please correct {count} problem(s):",
  "form.required": "Please fill this in.",
  "form.tooLong": "This is too long.",
  "form.invalidChoice": "Please choose from the list.",
  "form.usernameFormat":
    "A username has 3 to 32 lower-case letters, digits, dots, underscores or hyphens.",
  "form.usernameTaken": "This username is taken.",
  "form.passwordTooShort": "The password needs at least 10 characters.",
  "form.passwordNeedsMix": "The password needs both letters and digits.",
  "form.passwordIsUsername": "The password cannot be the username.",
  "form.passwordMismatch": "The two new passwords differ.",
  "form.passwordWrong": "The current password is wrong.",
  "form.passwordSame": "The new password must differ from the current one.",
  "form.unitOutOfScope": "Choose a unit within your own area.",
  "form.unitNameTaken": "A unit of this name already exists under this parent.",
  "form.levelMismatch": "A unit below must be of a lower level than its parent.",
  "form.dateFormat": "Enter the date as year-month-day.",
  "form.selfChange": "You cannot disable or demote your own account.",
  "error.notFound.title": "Page not found",
  "error.notFound.body": "The page you are looking for does not exist or was removed.",
  "error.forbidden.title": "Not allowed",
  "error.forbidden.body":
    "Your account may not see or change this, or it lies outside the area you are responsible for.",
  "error.unauthorized.title": "Please log in",
  "error.badOrigin.body":
    "The request did not come from this site and was refused. Please submit again from the page.",
  "error.tooMany.title": "Too many requests",
  "error.server.title": "Something went wrong",
  "error.server.body": "The server has a problem. Please try again later; the error was logged.",
  "error.backHome": "Back to the home page",
  "common.yes": "Yes",
  "common.no": "No",
};

export const languages = ["zh-CN", "en"] as const;
export type Lang = (typeof languages)[number];
export const defaultLang: Lang = "zh-CN";

const catalogues: Record<Lang, Record<MessageKey, string>> = { "zh-CN": zh, en };

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export const messageKeys = Object.keys(zh) as MessageKey[];

export function isMessageKey(key: string): key is MessageKey {
  return key in zh;
}

export function translator(lang: Lang): Translate {
  const catalogue = catalogues[lang];
  const numbers = new Intl.NumberFormat(lang);
  return (key, values) =>
    catalogue[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values?.[name];
      if (value === undefined) return whole;
      return typeof value === "number" ? numbers.format(value) : value;
    });
}

/** Picks zh-CN or en from an Accept-Language header, by the order and weights it gives. */
export function langFromAcceptLanguage(header: string | null): Lang {
  if (!header) return defaultLang;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((entry) => entry.tag && entry.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return defaultLang;
}

export function parseLang(value: string | null | undefined): Lang | null {
  return languages.find((lang) => lang === value) ?? null;
}

export const TIME_ZONE = "Asia/Shanghai";

export function formatDateTime(lang: Lang, iso: string) {
  return new Intl.DateTimeFormat(lang, {
    timeZone: TIME_ZONE,
    dateStyle: "medium",
    timeStyle: "short",
  }).format(new Date(iso));
}

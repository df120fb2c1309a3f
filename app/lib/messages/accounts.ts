import type { Message } from "./plural";
// Accounts at scale (issue 15): the list's search, filters and pages, importing accounts, the
// printed handover slips, the question a district-wide account asks, disabling that asks first,
// and open sessions. The audit log's words for these actions live here too.

export const zh = {
  "accounts.unitChoose": "请选择",
  "accounts.unitRequired": "请选择所属单位。",
  "accounts.passwordOptionalHint":
    "不填则由系统生成一个强密码；自己填写须至少 10 位，同时包含字母和数字，不能与用户名相同。完成后打印交接单当面交给本人，首次登录须修改。",
  "accounts.wideConfirm": "我确认：这个账号将能查看、管理全区的数据",
  "accounts.wideConfirmHint": "活动组织者或领导的所属单位选了区一级，将能看到全区所有街道和村。",
  "accounts.wideNeedsConfirm":
    "所属单位是区一级：这个账号将能查看、管理全区的数据。如确有此意，请勾选下方的确认；否则请选择街道或村（社区）。",
  "accounts.createdSheet": "已创建账号 {username}。请打印交接单当面交给本人。",
  "accounts.resetSheet":
    "已重置 {username} 的密码，其登录会话已全部结束。请打印交接单当面交给本人。",
  "accounts.importedSheet": "已导入 {count} 个账号。请打印交接单，逐张裁下当面交给本人。",

  "accounts.sheet.title": "账号交接单",
  "accounts.sheet.once":
    "初始密码只在此页显示一次，系统不保存明文：离开或刷新本页后无法再看到。请现在打印（或另存为 PDF）。",
  "accounts.sheet.print": "打印交接单",
  "accounts.sheet.toAccount": "查看账号 {username}",
  "accounts.sheet.toList": "返回账号列表",
  "accounts.sheet.brand": "普法 · 账号交接单",
  "accounts.sheet.address": "登录网址",
  "accounts.sheet.username": "用户名",
  "accounts.sheet.password": "初始密码",
  "accounts.sheet.name": "姓名",
  "accounts.sheet.unit": "单位",
  "accounts.sheet.role": "角色",
  "accounts.sheet.qrLabel": "登录网址的二维码：{link}",
  "accounts.sheet.firstLogin": "首次登录须修改密码。请勿把密码告诉他人，交接后销毁此单。",
  "accounts.sheet.warnThisMachine":
    "注意：交接单上的网址 {host} 只能在这台电脑上打开。正式交接前，请设置 PUBLIC_URL（本系统的公开网址）。",
  "accounts.sheet.warnThisNetwork":
    "注意：交接单上的网址 {host} 是局域网地址，只有同一网络中的设备能打开。正式交接前，请设置 PUBLIC_URL（本系统的公开网址）。",

  "accounts.list.search": "搜索（用户名或姓名）",
  "accounts.list.unit": "单位（含下级）",
  "accounts.list.role": "角色",
  "accounts.list.status": "状态",
  "accounts.list.any": "全部",
  "accounts.list.mustChange": "只看须修改密码的",
  "accounts.list.locked": "只看已锁定的",
  "accounts.list.apply": "筛选",
  "accounts.list.clear": "清除筛选",
  "accounts.list.filters": "筛选账号",
  "accounts.list.range": "第 {from}–{to} 个，共 {total} 个账号",
  "accounts.list.none": "没有符合条件的账号。",
  "accounts.list.lastLogin": "上次登录",
  "accounts.list.never": "从未登录",
  "accounts.list.pages": "分页",
  "accounts.list.previous": "上一页",
  "accounts.list.next": "下一页",
  "accounts.list.pageOf": "第 {page} 页，共 {pages} 页",
  "accounts.list.import": "导入账号",
  "accounts.list.badFilter": "筛选条件无效，已显示全部账号。",

  "accounts.disable.question": "停用账号 {username}（{name}）？",
  "accounts.disable.explain":
    "停用后此人无法登录，已打开的会话立即结束；账号和操作记录都会保留，可随时重新启用。",
  "accounts.disable.confirm": "确认停用",
  "accounts.disable.cancel": "不停用，返回",

  "accounts.sessions.title": "登录会话",
  "accounts.sessions.none": "没有打开的登录会话。",
  "accounts.sessions.started": "登录时间",
  "accounts.sessions.expires": "到期时间",
  "accounts.sessions.end": "结束此会话",
  "accounts.sessions.endLabel": "结束 {started} 登录的会话",
  "accounts.sessions.endAll": "结束全部会话",
  "accounts.sessions.ended": "已结束 {username} 的 {count} 个会话，对方下次操作时将回到登录页。",
  "accounts.sessions.hint": "结束会话后，对方下次打开页面时须重新登录。",
  "accounts.lastLogin": "上次登录",

  "accounts.import.title": "导入账号",
  "accounts.import.intro":
    "下载模板填写后上传：每行一个账号（用户名、姓名、角色、所属单位）。所属单位可写名称（如“舟山村”），重名时写上级（如“横泾街道/舟山村”）。上传后先预览，不写入任何数据；全部无误才能确认，确认后一次全部创建，并生成初始密码和交接单。",
  "accounts.import.template": "下载模板（XLSX）",
  "accounts.import.file": "账号文件",
  "accounts.import.fileHint":
    "XLSX 或 CSV，不超过 200 行。CSV 可为 UTF-8 或 GBK 编码；旧版 .xls 文件请在 Excel 或 WPS 中另存为 .xlsx。表头可用中文或英文列名。",
  "accounts.import.missingColumns":
    "表头缺少必需的列（用户名、姓名、角色、所属单位），请使用模板。",
  "accounts.import.tooManyRows": "一个文件最多 200 个账号，请分成几个文件导入。",
  "accounts.import.previewTitle": "预览：{file}",
  "accounts.import.summary": "共 {total} 行：可创建 {good} 个，有错误 {bad} 行。",
  "accounts.import.hasBadRows": "有错误的行，未创建任何账号。请改正文件后重新上传。",
  "accounts.import.allGood": "没有错误。确认后一次创建全部 {count} 个账号，并显示交接单。",
  "accounts.import.wideRows":
    "其中 {count} 个活动组织者或领导的单位是区一级，将能查看、管理全区的数据（已在下方标出）。",
  "accounts.import.wideConfirm": "我确认：标出的账号将能查看、管理全区的数据",
  "accounts.import.wideNeedsConfirm":
    "有区一级的活动组织者或领导账号：请勾选确认，或改正文件后重新上传。",
  "accounts.import.confirm": "确认创建",
  "accounts.import.line": "第 {line} 行",
  "accounts.import.ok": "可创建",
  "accounts.import.bad": "错误",
  "accounts.import.wideFlag": "区一级：将能查看、管理全区",
  "accounts.import.problem.username": "用户名须为 3 到 32 位小写字母、数字、点、下划线或连字符",
  "accounts.import.problem.usernameTaken": "用户名已被使用",
  "accounts.import.problem.usernameRepeated": "用户名与第 {line} 行重复",
  "accounts.import.problem.noName": "缺少姓名",
  "accounts.import.problem.nameTooLong": "姓名超过 40 个字",
  "accounts.import.problem.role": "没有这个角色（可写：管理员、活动组织者、领导）",
  "accounts.import.problem.noUnit": "缺少所属单位",
  "accounts.import.problem.unitUnknown": "没有这个单位",
  "accounts.import.problem.unitOutOfScope": "这个单位不在您的管辖范围内",
  "accounts.import.problem.unitAmbiguous":
    "{name} 有 {count} 个：{candidates}。请写上级，如“{example}”",
  "accounts.import.problem.unitRetired": "这个单位已撤销",

  "accounts.template.sheet": "账号",
  "accounts.template.notes": "填写说明",
  "accounts.template.column": "列",
  "accounts.template.rule": "填写要求",
  "accounts.template.username": "3 到 32 位小写字母、数字、点、下划线或连字符，不能与已有账号相同",
  "accounts.template.name": "本人姓名，不超过 40 个字",
  "accounts.template.role": "管理员、活动组织者 或 领导（只读）",
  "accounts.template.unit":
    "单位名称，如“舟山村”；有重名时写上级，如“横泾街道/舟山村”。活动组织者和领导选区一级时，确认导入时须另行勾选确认",

  "action.user.import": "导入账号",
  "action.user.end_sessions": "结束登录会话",
};

export const en: Record<keyof typeof zh, Message> = {
  "accounts.unitChoose": "Choose…",
  "accounts.unitRequired": "Choose the unit.",
  "accounts.passwordOptionalHint":
    "Leave it empty and a strong one is generated; one you type needs at least 10 characters, with letters and digits, not the username. Then print the handover slip and give it in person; it must be changed at first log-in.",
  "accounts.wideConfirm": "I confirm: this account will see and manage the whole district",
  "accounts.wideConfirmHint":
    "An organiser or official placed at the district sees every sub-district and village.",
  "accounts.wideNeedsConfirm":
    "This unit is the district: the account will see and manage the whole district. If that is meant, tick the confirmation below; otherwise choose a sub-district or village.",
  "accounts.createdSheet":
    "Account {username} created. Print the handover slip and give it in person.",
  "accounts.resetSheet":
    "Password of {username} reset and all their sessions ended. Print the handover slip and give it in person.",
  "accounts.importedSheet":
    "{count} accounts imported. Print the handover sheet, cut the slips apart and give each in person.",

  "accounts.sheet.title": "Account handover",
  "accounts.sheet.once":
    "The initial passwords are shown on this page once and are not stored: leave or reload it and they are gone. Print it (or save it as PDF) now.",
  "accounts.sheet.print": "Print the handover sheet",
  "accounts.sheet.toAccount": "Open account {username}",
  "accounts.sheet.toList": "Back to the accounts",
  "accounts.sheet.brand": "Pufa · account handover",
  "accounts.sheet.address": "Log-in address",
  "accounts.sheet.username": "Username",
  "accounts.sheet.password": "Initial password",
  "accounts.sheet.name": "Name",
  "accounts.sheet.unit": "Unit",
  "accounts.sheet.role": "Role",
  "accounts.sheet.qrLabel": "QR code of the log-in address: {link}",
  "accounts.sheet.firstLogin":
    "Change the password at first log-in. Tell nobody the password; destroy this slip afterwards.",
  "accounts.sheet.warnThisMachine":
    "Note: the address {host} on the slips opens on this computer only. Set PUBLIC_URL (the site's public address) before handing them out.",
  "accounts.sheet.warnThisNetwork":
    "Note: the address {host} on the slips is a local-network address that only devices on the same network open. Set PUBLIC_URL (the site's public address) before handing them out.",

  "accounts.list.search": "Search (username or name)",
  "accounts.list.unit": "Unit (and below)",
  "accounts.list.role": "Role",
  "accounts.list.status": "Status",
  "accounts.list.any": "Any",
  "accounts.list.mustChange": "Only those who must change their password",
  "accounts.list.locked": "Only locked accounts",
  "accounts.list.apply": "Filter",
  "accounts.list.clear": "Clear the filters",
  "accounts.list.filters": "Filter the accounts",
  "accounts.list.range": "{from}–{to} of {total} accounts",
  "accounts.list.none": "No account matches.",
  "accounts.list.lastLogin": "Last log-in",
  "accounts.list.never": "Never",
  "accounts.list.pages": "Pages",
  "accounts.list.previous": "Previous page",
  "accounts.list.next": "Next page",
  "accounts.list.pageOf": "Page {page} of {pages}",
  "accounts.list.import": "Import accounts",
  "accounts.list.badFilter": "A filter was not valid; all accounts are shown.",

  "accounts.disable.question": "Disable account {username} ({name})?",
  "accounts.disable.explain":
    "They can no longer log in and their open sessions end now; the account and its history are kept, and it can be enabled again at any time.",
  "accounts.disable.confirm": "Disable it",
  "accounts.disable.cancel": "Keep it, go back",

  "accounts.sessions.title": "Sessions",
  "accounts.sessions.none": "No open session.",
  "accounts.sessions.started": "Logged in",
  "accounts.sessions.expires": "Expires",
  "accounts.sessions.end": "End this session",
  "accounts.sessions.endLabel": "End the session logged in at {started}",
  "accounts.sessions.endAll": "End all sessions",
  "accounts.sessions.ended":
    "{count} session(s) of {username} ended: their next request goes to the log-in page.",
  "accounts.sessions.hint": "After a session ends, its owner must log in again at the next page.",
  "accounts.lastLogin": "Last log-in",

  "accounts.import.title": "Import accounts",
  "accounts.import.intro":
    'Fill in the template and upload it: one account a row (username, name, role, unit). Write the unit by its name ("舟山村"), with its parent where a name repeats ("横泾街道/舟山村"). The upload is previewed first and nothing is written; only a file without errors can be confirmed, and then every account is created at once, with initial passwords and a handover sheet.',
  "accounts.import.template": "Download the template (XLSX)",
  "accounts.import.file": "Accounts file",
  "accounts.import.fileHint":
    "XLSX or CSV, at most 200 rows. A CSV may be UTF-8 or GBK; an old .xls file must be saved as .xlsx in Excel or WPS first. Headers may be in Chinese or English.",
  "accounts.import.missingColumns":
    "The header lacks a required column (username, name, role, unit); use the template.",
  "accounts.import.tooManyRows": "A file holds at most 200 accounts; split it into several files.",
  "accounts.import.previewTitle": "Preview: {file}",
  "accounts.import.summary": "{total} rows: {good} can be created, {bad} with errors.",
  "accounts.import.hasBadRows":
    "Some rows have errors and no account was created. Correct the file and upload it again.",
  "accounts.import.allGood":
    "No errors. Confirm to create all {count} accounts at once and see their handover sheet.",
  "accounts.import.wideRows":
    "{count} organisers or officials are placed at the district and will see and manage the whole district (marked below).",
  "accounts.import.wideConfirm":
    "I confirm: the marked accounts will see and manage the whole district",
  "accounts.import.wideNeedsConfirm":
    "Some organisers or officials are placed at the district: tick the confirmation, or correct the file and upload it again.",
  "accounts.import.confirm": "Create the accounts",
  "accounts.import.line": "Row {line}",
  "accounts.import.ok": "Ready",
  "accounts.import.bad": "Error",
  "accounts.import.wideFlag": "District: sees and manages the whole district",
  "accounts.import.problem.username":
    "The username must be 3 to 32 lower-case letters, digits, dots, underscores or hyphens",
  "accounts.import.problem.usernameTaken": "The username is taken",
  "accounts.import.problem.usernameRepeated": "The username repeats row {line}",
  "accounts.import.problem.noName": "The name is missing",
  "accounts.import.problem.nameTooLong": "The name is longer than 40 characters",
  "accounts.import.problem.role": "No such role (write admin, organiser or official)",
  "accounts.import.problem.noUnit": "The unit is missing",
  "accounts.import.problem.unitUnknown": "No such unit",
  "accounts.import.problem.unitOutOfScope": "This unit is outside your area",
  "accounts.import.problem.unitAmbiguous":
    'There are {count} called {name}: {candidates}. Write its parent too, e.g. "{example}"',
  "accounts.import.problem.unitRetired": "This unit is retired",

  "accounts.template.sheet": "Accounts",
  "accounts.template.notes": "How to fill it in",
  "accounts.template.column": "Column",
  "accounts.template.rule": "What it takes",
  "accounts.template.username":
    "3 to 32 lower-case letters, digits, dots, underscores or hyphens, not already taken",
  "accounts.template.name": "The person's name, at most 40 characters",
  "accounts.template.role": "admin, organiser or official",
  "accounts.template.unit":
    'The unit\'s name, e.g. "舟山村"; with its parent where a name repeats, e.g. "横泾街道/舟山村". An organiser or official at the district needs a tick when the import is confirmed',

  "action.user.import": "Accounts imported",
  "action.user.end_sessions": "Sessions ended",
};

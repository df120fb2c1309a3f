import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  auditActionLabel,
  auditDetails,
  auditEntryWords,
  auditKindOf,
  auditTarget,
  unitIdsOf,
} from "~/lib/audit-words";
import { isMessageKey, translator } from "~/lib/i18n";

const en = translator("en");
const zh = translator("zh-CN");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : /\.tsx?$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );
}

describe("audit actions in words", () => {
  it("has a catalogue entry for every action the code writes", () => {
    const written = new Set<string>();
    for (const file of sourceFiles("app/.server")) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/action: "([a-z_.]+)"/g)) written.add(match[1]!);
      for (const match of text.matchAll(/action: \w+\.\w+ \? "([a-z_.]+)" : "([a-z_.]+)"/g)) {
        written.add(match[1]!);
        written.add(match[2]!);
      }
    }
    // events.ts writes `event.${input.change}` for these changes.
    written.add("event.publish").add("event.cancel");
    expect(written.size).toBeGreaterThan(15);
    const missing = [...written].filter((action) => !isMessageKey(`action.${action}`));
    expect(missing).toEqual([]);
  });

  it("names actions in the reader's language, the code only when unknown", () => {
    expect(auditActionLabel(en, "event.export")).toBe("Attendance exported");
    expect(auditActionLabel(zh, "event.export")).toBe("导出签到名单");
    expect(auditActionLabel(en, "something.new")).toBe("something.new");
  });
});

describe("audit details as labelled values", () => {
  const details = (action: string, detail: string | null, t = en) =>
    auditDetails(t, t === en ? "en" : "zh-CN", { action, detail }, { 3: "香山街道 / 舟山村" });

  it("reads key=value details", () => {
    expect(details("event.export", "format=csv rows=12")).toEqual([
      { label: "File format", value: "CSV" },
      { label: "Rows", value: "12" },
    ]);
    expect(details("user.create", "role=organiser unit=3", zh)).toEqual([
      { label: "角色", value: "活动组织者" },
      { label: "单位", value: "香山街道 / 舟山村" },
    ]);
    expect(details("audit.export", "format=xlsx rows=3 from=2026-11-01 action=login")).toEqual([
      { label: "Filter", value: "2026-11-01 to …" },
      { label: "File format", value: "XLSX" },
      { label: "Rows", value: "3" },
      { label: "Action", value: "Log in" },
    ]);
  });

  it("reads reasons, lockouts, account changes, copies and undone check-ins", () => {
    expect(details("login", "wrong password")).toEqual([
      { label: "Reason", value: "Wrong password" },
    ]);
    expect(details("lockout", "5 failed log-ins; locked 15 minutes")).toEqual([
      { label: "Reason", value: "5 failed log-ins in a row; locked for 15 minutes" },
    ]);
    expect(details("user.update", "name; role organiser->official")).toEqual([
      { label: "Changed", value: "name" },
      { label: "Role", value: "Organiser → Official (read-only)" },
    ]);
    expect(details("event.copy", "copy of abc123")).toEqual([
      { label: "Copied from", value: "abc123" },
    ]);
    expect(
      details("checkin.undo", "checkin 7: 张三 138****1234 walk_in 2026-12-04T01:30:00.000Z"),
    ).toEqual([
      { label: "Check-in no.", value: "7" },
      { label: "Name", value: '"张三"' },
      { label: "Mobile number", value: "138****1234" },
      { label: "Method", value: "Walk-in entry" },
      { label: "Checked in", value: "Dec 4, 2026, 09:30" },
    ]);
    expect(
      details("checkin.undo", "checkin 8: 李 四  assisted 2026-12-04T01:30:00.000Z")[1],
    ).toEqual({ label: "Name", value: '"李 四"' });
  });

  it("shows any other text as it was written, quoted, and nothing for no detail", () => {
    expect(details("event.cancel", "下雨")).toEqual([{ label: "Reason", value: '"下雨"' }]);
    expect(details("future.thing", "some text")).toEqual([
      { label: "Detail", value: '"some text"' },
    ]);
    expect(details("login", null)).toEqual([]);
  });

  it("never reads a typed reason as labelled fields, however it is written", () => {
    const forged = "actor=admin outcome=denied";
    for (const action of ["learner.retire", "event.cancel", "duty.return", "study.absence"]) {
      expect(details(action, forged)).toEqual([{ label: "Reason", value: `"${forged}"` }]);
    }
    // A typed reason that happens to be one of the fixed phrases stays what was typed.
    expect(details("learner.retire", "wrong password")).toEqual([
      { label: "Reason", value: '"wrong password"' },
    ]);
    // Quotes and line breaks inside cannot close the quotes or start a line of their own.
    expect(details("event.cancel", 'rain"\nOutcome: Denied')).toEqual([
      { label: "Reason", value: '"rain\\"\\nOutcome: Denied"' },
    ]);
    // A name typed at check-in is a value, in quotes, too.
    expect(
      details("checkin.undo", "checkin 9: 张三；方式：扫码 walk_in 2026-12-04T01:30:00.000Z")[1],
    ).toEqual({ label: "Name", value: '"张三；方式：扫码"' });
    // A filter typed on the audit page, recorded with its export, is quoted unless it is a code.
    expect(
      details("audit.export", "format=csv rows=1 actor=x；Outcome：Denied action=a=b"),
    ).toEqual([
      { label: "File format", value: "CSV" },
      { label: "Rows", value: "1" },
      { label: "User", value: '"x；Outcome：Denied"' },
      { label: "Action", value: '"a=b"' },
    ]);
  });
});

describe("every value in words (issue 16)", () => {
  const names = { 3: "香山街道 / 舟山村", 26: "横泾街道" };
  const details = (action: string, detail: string, t = en) =>
    auditDetails(t, t === en ? "en" : "zh-CN", { action, detail }, names);

  it("reads the details whose codes were shown as written", () => {
    expect(details("unit.paste", "count=12")).toEqual([{ label: "Count", value: "12" }]);
    expect(details("unit.move", "old_parent=3 new_parent=26", zh)).toEqual([
      { label: "原为", value: "香山街道 / 舟山村" },
      { label: "改为", value: "横泾街道" },
    ]);
    expect(details("user.import", "accounts=5 wide=1")).toEqual([
      { label: "Accounts", value: "5" },
      { label: "Of them district-wide", value: "1" },
    ]);
    expect(details("user.create", "role=organiser unit=3 import", zh)).toEqual([
      { label: "角色", value: "活动组织者" },
      { label: "单位", value: "香山街道 / 舟山村" },
      { label: "来源", value: "批量导入" },
    ]);
    expect(details("user.end_sessions", "all; ended=3")).toEqual([
      { label: "Sessions ended", value: "All sessions, 3 in all" },
    ]);
    expect(details("user.end_sessions", "one; ended=1", zh)).toEqual([
      { label: "结束的会话", value: "一个会话" },
    ]);
    expect(details("learner.update", "fields=name,phone,recognised", zh)).toEqual([
      { label: "修改项", value: "姓名、手机号、认定日期" },
    ]);
    expect(details("study.absence", "张三: sick; 李四: -")).toEqual([
      { label: "Name", value: '"张三": Sick leave' },
      { label: "Name", value: '"李四": (no reason)' },
    ]);
  });

  it("leaves no code, key or key=value pair in the English words of any detail the code writes", () => {
    const written: [string, string][] = [
      ["event.export", "format=csv rows=12"],
      ["reach.export", "format=xlsx from=2026-01-01 to=2026-12-31"],
      ["link.issue", "replaced"],
      ["link.renew", "until=2027-01-31"],
      ["duty.add", "entry=4"],
      ["duty.confirm", "entry=4"],
      ["login", "throttled"],
      ["login", "unknown user"],
      ["lockout", "5 failed log-ins; locked 15 minutes"],
      ["unit.paste", "count=3"],
      ["unit.move", "old_parent=3 new_parent=26"],
      ["audit.export", "format=csv rows=2 unit=3 kind=event"],
      ["targets.update", "roster=5 hours=12 rate=80"],
      ["learner.import", "rows=3 added=2 updated=1"],
      ["learner.update", "fields=village,category,certificate,adviser"],
      ["learner.update", "no change"],
      ["user.end_sessions", "all; ended=2"],
      ["user.create", "role=official unit=26"],
      ["user.create", "role=village unit=3 import"],
      ["user.create", "first admin, from the command line or environment"],
      ["user.import", "accounts=2 wide=0"],
      ["user.update", "name; role organiser->official; unit 3->26"],
      ["user.update", "no change"],
      ["password.change", "wrong current password"],
      ["pass.issue", "rows=40"],
      ["event.copy", "copy of ev01"],
      ["checkin.undo", "checkin 7: 张三 138****1234 pass_scan 2026-12-04T01:30:00.000Z"],
      ["study.absence", "张三: official_duty; 李四: personal"],
    ];
    for (const [action, detail] of written) {
      for (const { label, value } of details(action, detail)) {
        const unquoted = value.replace(/"(?:[^"\\]|\\.)*"/g, "");
        expect(label, `${action}: ${detail}`).not.toMatch(/^[a-z_]+$/);
        expect(unquoted, `${action}: ${detail}`).not.toMatch(/=|\b[a-z]+_[a-z]+\b|->/);
      }
    }
  });
});

describe("units by their paths, kinds and actions newer code writes (issue 15)", () => {
  const names = { 3: "香山街道 / 舟山村", 26: "横泾街道", 30: "横泾街道 / 舟山村" };
  const details = (action: string, detail: string, t = zh) =>
    auditDetails(t, t === en ? "en" : "zh-CN", { action, detail }, names);

  it("names a unit target and unit ids in a detail by their paths, never by number", () => {
    expect(auditTarget(zh, names, "unit:30")).toBe("横泾街道 / 舟山村");
    expect(auditTarget(zh, names, "unit:99")).toBe("单位编号 99（已删除或不在您的范围内）");
    expect(auditTarget(zh, names, "EV01 讲座")).toBe("EV01 讲座");
    expect(details("unit.move", "from=3 to=26")).toEqual([
      { label: "原为", value: "香山街道 / 舟山村" },
      { label: "改为", value: "横泾街道" },
    ]);
    expect(details("unit.paste", "parent=26 rows=12", en)).toEqual([
      { label: "Parent unit", value: "横泾街道" },
      { label: "Rows", value: "12" },
    ]);
    expect(details("user.update", "unit 3->30", en)).toEqual([
      { label: "Unit", value: "香山街道 / 舟山村 → 横泾街道 / 舟山村" },
    ]);
    // An export's from/to are still its dates.
    expect(details("reach.export", "format=csv from=2026-01-01 to=2026-12-31", en)[0]).toEqual({
      label: "Filter",
      value: "2026-01-01 to 2026-12-31",
    });
    expect(unitIdsOf({ target: "unit:30", detail: "from=3 to=26" })).toEqual([30, 3, 26]);
    expect(unitIdsOf({ target: null, detail: "name; unit 3->30" })).toEqual([3, 30]);
  });

  it("names a new unit by its path, which names its parent", () => {
    const words = auditEntryWords(
      zh,
      "zh-CN",
      { action: "unit.create", target: "舟山村", detail: null, unitLabel: "横泾街道 / 舟山村" },
      names,
    );
    expect(words).toEqual({ target: "横泾街道 / 舟山村", unit: null, details: [] });
    const exported = auditEntryWords(
      en,
      "en",
      { action: "event.export", target: "EV01 讲座", detail: null, unitLabel: "香山街道" },
      names,
    );
    expect(exported.unit).toBe("香山街道");
  });

  it("gives an action with no catalogue entry its kind and verb", () => {
    expect(auditActionLabel(zh, "unit.rename")).toBe("单位改名");
    expect(auditActionLabel(zh, "targets.rename")).toBe("单位 · 改名");
    expect(auditActionLabel(en, "event.move")).toBe("Event · moved");
    expect(auditActionLabel(en, "session.end")).toBe("Account · ended");
    expect(auditActionLabel(zh, "unit.split")).toBe("单位 · unit.split");
    expect(auditKindOf("login")).toBe("account");
    expect(auditKindOf("targets.update")).toBe("unit");
    expect(auditKindOf("learner.import")).toBe("roster");
    expect(auditKindOf("something.new")).toBeNull();
  });

  it("reads an unknown action's key=value detail, without letting it pose as the entry's facts", () => {
    expect(details("unit.split", "unit=3 actor=admin outcome=denied", en)).toEqual([
      { label: "Unit", value: "香山街道 / 舟山村" },
      { label: "actor", value: "admin" },
      { label: "outcome", value: "denied" },
    ]);
    expect(details("unit.split", "typed text", en)).toEqual([
      { label: "Detail", value: '"typed text"' },
    ]);
  });
});

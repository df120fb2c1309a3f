import { describe, expect, it } from "vitest";
import { SettingError, loadEnv } from "~/.server/env";
import { translator } from "~/lib/i18n";
import { retentionPeriod } from "~/lib/retention";
import { auditActionLabel, auditDetails } from "~/lib/audit-words";

// RETENTION_DAYS: checked like every setting, and the notices promise its period in words.

describe("RETENTION_DAYS", () => {
  it("keeps three years unless set, and refuses what is not a whole number of days", () => {
    expect(loadEnv({}).RETENTION_DAYS).toBe(1095);
    expect(loadEnv({ RETENTION_DAYS: "365" }).RETENTION_DAYS).toBe(365);
    expect(loadEnv({ RETENTION_DAYS: "180" }).RETENTION_DAYS).toBe(180);
    for (const bad of ["0", "179", "-1", "1.5", "3y", "36501"]) {
      expect(() => loadEnv({ RETENTION_DAYS: bad })).toThrow(SettingError);
      expect(() => loadEnv({ RETENTION_DAYS: bad })).toThrow(/^Invalid setting RETENTION_DAYS=/);
    }
  });

  it("reads as years when the days make whole years, else as days, in both languages", () => {
    const zh = translator("zh-CN");
    const en = translator("en");
    expect(retentionPeriod(zh, 1095)).toBe("3 年");
    expect(retentionPeriod(en, 1095)).toBe("3 years");
    expect(retentionPeriod(en, 365)).toBe("1 year");
    expect(retentionPeriod(zh, 400)).toBe("400 天");
    expect(retentionPeriod(en, 400)).toBe("400 days");
    expect(retentionPeriod(en, 366)).toBe("366 days");
    expect(
      zh("checkin.privacyShort", {
        collector: "香山街道司法所",
        period: retentionPeriod(zh, 1095),
      }),
    ).toContain("不会公开，3 年后删除。");
    expect(en("checkin.privacy", { collector: "X", period: retentionPeriod(en, 400) })).toContain(
      "It is deleted after 400 days.",
    );
  });

  it("reads the purge's audit entry as its counts, in both languages", () => {
    const entry = {
      action: "privacy.purge",
      detail: "days=365 checkins=12 people=3 kept=1 events=2 duties=0 audit=4",
    };
    const zh = translator("zh-CN");
    expect(auditActionLabel(zh, entry.action)).toBe("到期个人信息清理");
    expect(auditDetails(zh, "zh-CN", entry)).toContainEqual({ label: "匿名化签到", value: "12" });
    expect(auditDetails(translator("en"), "en", entry)).toContainEqual({
      label: "People forgotten",
      value: "3",
    });
  });
});

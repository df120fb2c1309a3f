import { describe, expect, it } from "vitest";
import { scrubAuditDetail, scrubAuditTarget } from "~/.server/privacy/purge";

// What an audit entry past retention keeps of its words: codes, counts and ids, never a name,
// a phone (full or masked) or typed text.

describe("scrubbing an expired audit entry", () => {
  it("keeps the counts of a detail and drops everything else", () => {
    expect(scrubAuditDetail("format=csv rows=12")).toBe("rows=12");
    expect(
      scrubAuditDetail("checkin 17: 张三 138****1234 self_scan 2024-06-01T02:00:00.000Z"),
    ).toBeNull();
    expect(scrubAuditDetail("phone=13800001234 count=3")).toBe("count=3");
    expect(scrubAuditDetail("王五搬走了 rows=2")).toBe("rows=2");
    expect(scrubAuditDetail(null)).toBeNull();
    expect(scrubAuditDetail(scrubAuditDetail("rows=12 added=3"))).toBe("rows=12 added=3");
  });

  it("keeps the codes and ids of a target and drops names, titles and phones", () => {
    expect(scrubAuditTarget("unit:12")).toBe("unit:12");
    expect(scrubAuditTarget("cadre 3 王五")).toBe("cadre 3");
    expect(scrubAuditTarget("李四（舟山村）")).toBeNull();
    expect(scrubAuditTarget("13800001234 张三")).toBeNull();
    expect(scrubAuditTarget("organiser")).toBe("organiser");
    expect(scrubAuditTarget(null)).toBeNull();
  });
});

import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/.server/audit/audit-log";
import { listAudit } from "../../app/.server/audit/audit-log";
import { exportAudit } from "../../app/.server/audit/export";
import { auditFilterSchema } from "../../app/lib/schemas";
import { createTestDatabase } from "../support/database";
import { demoActor } from "../support/demo";

// Item 15 of issue 7: the audit page pages through every entry of the caller's subtree, filters
// by Shanghai days, and exports exactly what it shows, itself logged. On SQLite and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
/** An admin of 舟山村 (the demo's admin sits at the district): reads 舟山村's entries only. */
let villageAdmin: Actor;
let zhoushanPath: string;
let yufanPath: string;

const ACTOR = "audit-tester";

async function insertEntry(input: {
  at: string;
  unitPath: string;
  target: string;
  detail?: string;
}) {
  await t.db
    .insertInto("audit_log")
    .values({
      at: input.at,
      action: "event.export",
      outcome: "success",
      actor_id: null,
      actor_username: ACTOR,
      target: input.target,
      ip: "127.0.0.1",
      unit_path: input.unitPath,
      detail: input.detail ?? "format=csv rows=3",
    })
    .execute();
}

async function pathOf(name: string) {
  const row = await t.db
    .selectFrom("admin_unit")
    .select("path")
    .where("name", "=", name)
    .executeTakeFirstOrThrow();
  return row.path;
}

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  zhoushanPath = await pathOf("舟山村");
  yufanPath = await pathOf("渔帆村");
  villageAdmin = { ...(await demoActor(t.db, "admin")), unitPath: zhoushanPath };
  // 120 entries of 舟山村 on 1 to 5 November (Shanghai), oldest first; 5 of 渔帆村 among them.
  for (let i = 0; i < 120; i += 1) {
    const day = 1 + Math.floor(i / 24);
    const at = new Date(Date.UTC(2026, 9, 31, 16 + (i % 24), 0, 0) + (day - 1) * 86_400_000);
    await insertEntry({ at: at.toISOString(), unitPath: zhoushanPath, target: `舟山 ${i}` });
  }
  for (let i = 0; i < 5; i += 1) {
    await insertEntry({
      at: `2026-11-0${i + 1}T04:00:00.000Z`,
      unitPath: yufanPath,
      target: `渔帆 ${i}`,
    });
  }
  // A target a spreadsheet would run as a formula.
  await insertEntry({
    at: "2026-11-05T10:00:00.000Z",
    unitPath: zhoushanPath,
    target: '=HYPERLINK("http://example.invalid","x")',
  });
});
afterAll(async () => {
  await t?.destroy();
});

const scope = () => ({ scopePath: villageAdmin.unitPath, isTopLevel: false });

describe("paging", () => {
  it("pages through every entry of the subtree once, newest first", async () => {
    const seen: string[] = [];
    const first = await listAudit(t.db, {
      ...scope(),
      filter: { actor: ACTOR },
      page: 1,
      pageSize: 50,
    });
    expect(first.total).toBe(121);
    expect(first.pages).toBe(3);
    for (let page = 1; page <= first.pages; page += 1) {
      const list = await listAudit(t.db, {
        ...scope(),
        filter: { actor: ACTOR },
        page,
        pageSize: 50,
      });
      expect(list.page).toBe(page);
      seen.push(...list.entries.map((entry) => entry.target ?? ""));
    }
    expect(seen).toHaveLength(121);
    expect(new Set(seen).size).toBe(121);
    expect(seen[0]).toContain("HYPERLINK");
    expect(seen[1]).toBe("舟山 119");
    expect(seen.at(-1)).toBe("舟山 0");
    expect(seen.some((target) => target.startsWith("渔帆"))).toBe(false);
  });

  it("shows the last page for a page past the end", async () => {
    const list = await listAudit(t.db, {
      ...scope(),
      filter: { actor: ACTOR },
      page: 99,
      pageSize: 50,
    });
    expect(list.page).toBe(3);
    expect(list.entries).toHaveLength(21);
  });
});

describe("the date filter", () => {
  it("takes whole days in Beijing time", async () => {
    const list = await listAudit(t.db, {
      ...scope(),
      filter: { actor: ACTOR, from: "2026-11-02", to: "2026-11-02" },
      page: 1,
      pageSize: 50,
    });
    // Day 2 holds entries 24..47: 2026-11-01T16:00Z is midnight of 2 November in Shanghai.
    expect(list.total).toBe(24);
    expect(list.entries.map((entry) => entry.target)).toContain("舟山 24");
    expect(list.entries.map((entry) => entry.target)).toContain("舟山 47");
  });

  it("refuses days that do not exist and a start after the end, next to the field", () => {
    const bad = auditFilterSchema.safeParse({ from: "2026-02-30" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]).toMatchObject({ path: ["from"], message: "form.dateFormat" });
    const reversed = auditFilterSchema.safeParse({ from: "2026-11-05", to: "2026-11-01" });
    expect(reversed.error?.issues[0]).toMatchObject({ path: ["to"], message: "audit.fromAfterTo" });
    expect(auditFilterSchema.parse({ from: "", page: "3" })).toEqual({ page: 3 });
  });
});

describe("the export", () => {
  it("holds what the page shows, in words, formula-safe, and logs itself", async () => {
    const before = await t.db.selectFrom("audit_log").select("id").execute();
    const file = await exportAudit(t.db, {
      actor: villageAdmin,
      isTopLevel: false,
      filter: { actor: ACTOR, from: "2026-11-05", to: "2026-11-05" },
      format: "csv",
      lang: "en",
    });
    const text = String(file.body);
    const lines = text
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");
    // The unit of each entry by its name (issue 15): 舟山村, the reader's own unit.
    expect(lines[0]).toBe("Time,User,Action,Target,Unit,Outcome,IP address,Detail");
    expect(lines).toHaveLength(1 + 25);
    expect(lines[1]).toBe(
      `2026-11-05 18:00:00,${ACTOR},Attendance exported,"'=HYPERLINK(""http://example.invalid"",""x"")",舟山村,Success,127.0.0.1,File format: CSV; Rows: 3`,
    );
    expect(text).toContain("舟山 119");
    expect(text).not.toContain("渔帆");

    const after = await t.db
      .selectFrom("audit_log")
      .select(["action", "actor_username", "unit_path", "detail", "outcome"])
      .where(
        "id",
        "not in",
        before.map((row) => row.id),
      )
      .execute();
    expect(after).toEqual([
      {
        action: "audit.export",
        actor_username: "admin",
        unit_path: zhoushanPath,
        outcome: "success",
        detail: `format=csv rows=25 actor=${ACTOR} from=2026-11-05 to=2026-11-05`,
      },
    ]);
  });

  it("writes the same rows to XLSX, in Chinese", async () => {
    const file = await exportAudit(t.db, {
      actor: villageAdmin,
      isTopLevel: false,
      filter: { actor: ACTOR },
      format: "xlsx",
      lang: "zh-CN",
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("审计日志")!;
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push((row.values as string[]).slice(1)));
    expect(rows[0]).toEqual(["时间", "操作人", "操作", "对象", "单位", "结果", "IP 地址", "说明"]);
    expect(rows).toHaveLength(1 + 121);
    expect(rows[1]![2]).toBe("导出签到名单");
    // A text cell (Excel's text format), shown as it is: no apostrophe, never a formula.
    expect(rows[1]![0]).toBeInstanceOf(Date);
    expect(rows[1]![3]).toBe('=HYPERLINK("http://example.invalid","x")');
    expect(sheet.getRow(2).getCell(4).numFmt).toBe("@");
    expect(rows[1]![4]).toBe("舟山村");
    expect(rows[1]![7]).toBe("文件格式：CSV；行数：3");
    expect(rows.some((row) => row[3]?.startsWith("渔帆"))).toBe(false);
  });
});

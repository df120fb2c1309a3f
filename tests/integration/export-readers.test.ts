import { spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAttendance } from "../../app/.server/attendance/export";
import { recordAudit } from "../../app/.server/audit/audit-log";
import { exportAudit } from "../../app/.server/audit/export";
import { exportRoster, rosterTemplate } from "../../app/.server/learners/export";
import { reachDashboard } from "../../app/.server/reach/dashboard";
import { exportReach } from "../../app/.server/reach/export";
import { accountsTemplate } from "../../app/.server/staff/import-rows";
import { yearPeriod } from "../../app/lib/reach-period";
import { createTestDatabase } from "../support/database";
import { demoActor } from "../support/demo";

// Every export as the people who use it open it (issue 16): pandas reads each CSV and each sheet
// of each workbook with default options, and openpyxl (a reader independent of exceljs, which
// writes them) says what each XLSX cell is: dates are dates, rates are percentages, and a text
// that looks like a formula is a text cell with no apostrophe in it. Debian's python3-pandas and
// python3-openpyxl (.ci/run installs them); without them the test skips, except in CI.

const PYTHON = ["/usr/bin/python3", "python3"].find(
  (command) => spawnSync(command, ["-c", "import pandas, openpyxl"]).status === 0,
);
if (!PYTHON && process.env.CI) {
  throw new Error("CI needs python3 with pandas and openpyxl (.ci/run installs them)");
}

type Frame = { columns: string[]; rows: number; dtypes: Record<string, string> };
type TypedCell = { ref: string; kind: string; type: string; format: string; value: unknown };
type Read = {
  csv?: Frame;
  sheetNames?: string[];
  sheets?: Record<string, Frame>;
  cells?: Record<string, TypedCell[]>;
};

const FORMULA = '=HYPERLINK("http://example.invalid","x")';
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let folder: string;
let read: Record<string, Read>;

async function bytes(body: unknown) {
  if (typeof body === "string") return body;
  if (body instanceof Uint8Array) return body;
  return new Uint8Array(await new Response(body as ReadableStream).arrayBuffer());
}

describe.skipIf(!PYTHON)("exports as pandas and openpyxl read them", () => {
  beforeAll(async () => {
    t = await createTestDatabase({ demo: true });
    folder = await mkdtemp(join(tmpdir(), "pufa-exports-"));
    const organiser = await demoActor(t.db, "organiser");
    const admin = await demoActor(t.db, "admin");
    const district = await demoActor(t.db, "district");
    await recordAudit(t.db, {
      actor_id: admin.id,
      actor_username: admin.username,
      action: "event.export",
      target: FORMULA,
      outcome: "success",
      unit_path: admin.unitPath,
      ip: null,
      detail: "format=csv rows=3",
    });
    // The demo's roster has no dates of recognition: give its people one.
    await t.db.updateTable("legal_savvy").set({ recognised_on: "2024-03-01" }).execute();
    const busiest = await t.db
      .selectFrom("checkin")
      .select("event_id")
      .groupBy("event_id")
      .orderBy((eb) => eb.fn.countAll(), "desc")
      .limit(1)
      .executeTakeFirstOrThrow();
    const unit = await t.db
      .selectFrom("admin_unit")
      .select(["id", "name", "level", "path", "created_at as createdAt"])
      .where("path", "=", district.unitPath)
      .executeTakeFirstOrThrow();
    const now = new Date().toISOString();
    const dashboard = await reachDashboard(t.db, {
      unit,
      period: yearPeriod(new Date().getUTCFullYear()),
      now,
    });
    for (const format of ["csv", "xlsx"] as const) {
      const files = [
        await exportAttendance(t.db, {
          actor: organiser,
          eventId: busiest.event_id,
          format,
          lang: "zh-CN",
        }),
        await exportRoster(t.db, {
          actor: organiser,
          filters: { status: "all" },
          format,
          lang: "en",
        }),
        await exportReach(t.db, { actor: district, unit, dashboard, format, lang: "zh-CN", now }),
        await exportAudit(t.db, {
          actor: admin,
          isTopLevel: false,
          filter: {},
          format,
          lang: "en",
        }),
      ];
      for (const file of files)
        await writeFile(join(folder, file.filename), await bytes(file.body));
    }
    await writeFile(join(folder, "roster-template.xlsx"), await rosterTemplate());
    await writeFile(join(folder, "accounts-template.xlsx"), await accountsTemplate());
    const run = spawnSync(PYTHON!, ["tests/support/read-exports.py", folder], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.stderr).toBe("");
    read = JSON.parse(run.stdout) as Record<string, Read>;
  }, 60_000);

  afterAll(async () => {
    await t.destroy();
    await rm(folder, { recursive: true, force: true });
  });

  it("reads every CSV and every sheet with default options, each a table under its header", () => {
    const names = Object.keys(read);
    expect(names.filter((name) => name.endsWith(".csv"))).toHaveLength(4);
    expect(names.filter((name) => name.endsWith(".xlsx"))).toHaveLength(6);
    for (const [name, file] of Object.entries(read)) {
      const frames = file.csv ? { csv: file.csv } : file.sheets!;
      for (const [sheet, frame] of Object.entries(frames)) {
        const where = `${name} ${sheet}`;
        // A title line above the header would give "Unnamed: 1"... columns.
        expect(
          frame.columns.filter((column) => column.startsWith("Unnamed")),
          where,
        ).toEqual([]);
        expect(frame.columns.length, where).toBeGreaterThan(1);
      }
    }
    expect(read["audit-log.csv"]!.csv!.columns[0]).toBe("Time");
    const reach = read[Object.keys(read).find((n) => /^reach-.*\.csv$/.test(n))!]!.csv!;
    expect(reach.columns).toEqual(["单位", "起始日期", "截止日期", "表", "行", "列", "值"]);
    expect(reach.rows).toBeGreaterThan(50);
  });

  it("puts what the file is on a first 说明 sheet, or in the page header of a roster", () => {
    const xlsx = (prefix: string) =>
      read[Object.keys(read).find((n) => n.startsWith(prefix) && n.endsWith(".xlsx"))!]!;
    expect(xlsx("attendance-").sheetNames).toEqual(["说明", "签到名单"]);
    expect(xlsx("audit-log").sheetNames).toEqual(["About", "Audit log"]);
    expect(xlsx("reach-").sheetNames![0]).toBe("说明");
    expect(xlsx("reach-").sheetNames!.length).toBeGreaterThan(5);
    // The roster is imported again from its first sheet: nothing goes before it.
    expect(xlsx("roster.xlsx").sheetNames).toEqual(["Legal-savvy persons"]);
    const about = xlsx("reach-").cells!["说明"]!;
    expect(about.filter((cell) => cell.kind === "date").map((cell) => cell.format)).toEqual([
      "yyyy-mm-dd",
      "yyyy-mm-dd",
      "yyyy-mm-dd hh:mm:ss",
    ]);
  });

  it("writes times and days as date cells with a date format, rates as percentages", () => {
    const file = (prefix: string) =>
      read[Object.keys(read).find((n) => n.startsWith(prefix) && n.endsWith(".xlsx"))!]!;
    const column = (cells: TypedCell[], letter: string) =>
      cells.filter((cell) => cell.ref.replace(/\d+$/, "") === letter && cell.ref !== `${letter}1`);
    const times = column(file("attendance-").cells!["签到名单"]!, "A");
    expect(times.length).toBeGreaterThan(0);
    for (const cell of times) {
      expect(cell).toMatchObject({ kind: "date", type: "d", format: "yyyy-mm-dd hh:mm:ss" });
    }
    const audit = column(file("audit-log").cells!["Audit log"]!, "A");
    expect(audit.length).toBeGreaterThan(0);
    for (const cell of audit) expect(cell).toMatchObject({ kind: "date", type: "d" });
    // The roster's 认定日期 (column E) is a day.
    const recognised = column(file("roster.xlsx").cells!["Legal-savvy persons"]!, "E");
    expect(recognised.length).toBeGreaterThan(0);
    for (const cell of recognised)
      expect(cell).toMatchObject({ kind: "date", format: "yyyy-mm-dd" });
    // Reach: no figure is text shaped like a number or a percentage; rates are numbers shown as %.
    const reach = Object.values(file("reach-").cells!).flat();
    expect(
      reach.filter((cell) => cell.kind === "text" && /^-?\d+(\.\d+)?%?$/.test(String(cell.value))),
    ).toEqual([]);
    const rates = reach.filter((cell) => cell.format.includes("%"));
    expect(rates.length).toBeGreaterThan(0);
    for (const cell of rates) expect(cell.kind).toBe("number");
  });

  it("keeps a formula-shaped text as text, with no apostrophe in the cell", () => {
    const audit = Object.entries(read).find(([name]) => name === "audit-log.xlsx")![1];
    const cell = audit.cells!["Audit log"]!.find((c) => c.value === FORMULA);
    expect(cell).toMatchObject({ kind: "text", type: "s", format: "@" });
    for (const file of Object.values(read)) {
      for (const cells of Object.values(file.cells ?? {})) {
        expect(cells.filter((c) => c.kind === "text" && String(c.value).startsWith("'"))).toEqual(
          [],
        );
        expect(cells.filter((c) => c.type === "f")).toEqual([]);
      }
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/.server/audit/audit-log";
import { listAudit } from "../../app/.server/audit/audit-log";
import { exportAudit } from "../../app/.server/audit/export";
import { auditUnits, unitChoices, unitWords } from "../../app/.server/audit/unit-names";
import { logIn } from "../../app/.server/auth/log-in";
import { createUnit } from "../../app/.server/units/units";
import { auditActionLabel, auditEntryWords } from "../../app/lib/audit-words";
import { translator } from "../../app/lib/i18n";
import { createTestDatabase } from "../support/database";
import { demoActor, unitId, unitUnder } from "../support/demo";

// Issue 15, item 8: the audit log names units by their paths ("横泾街道 / 舟山村"), never by
// number; a new unit's entry names its parent; entries filter by a unit's subtree and by the
// kind of target, and the export says the same. On SQLite and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let admin: Actor;
let hengjing: { id: number; path: string };
let hjZhoushan: { id: number; path: string };
let xsZhoushan: { id: number; path: string };
let xiangshan: number;

const zh = translator("zh-CN");
const en = translator("en");

async function entry(values: {
  action: string;
  target: string | null;
  unitPath: string;
  detail?: string;
}) {
  await t.db
    .insertInto("audit_log")
    .values({
      at: new Date().toISOString(),
      action: values.action,
      outcome: "success",
      actor_id: admin.id,
      actor_username: "admin",
      target: values.target,
      ip: null,
      unit_path: values.unitPath,
      detail: values.detail ?? null,
    })
    .execute();
}

/** The page's entries for this filter, read by `reader`, with their words in Chinese. */
async function page(reader: Actor, filter: Parameters<typeof listAudit>[1]["filter"]) {
  const list = await listAudit(t.db, {
    scopePath: reader.unitPath,
    isTopLevel: reader.unitPath === admin.unitPath,
    filter,
    page: 1,
    pageSize: 100,
  });
  const units = await auditUnits(t.db, { scopePath: reader.unitPath });
  const { names, entries } = unitWords(units, reader.unitPath, list.entries);
  return entries.map((row) => ({
    action: row.action,
    label: auditActionLabel(zh, row.action),
    ...auditEntryWords(zh, "zh-CN", row, names),
  }));
}

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  admin = await demoActor(t.db, "admin");
  const hj = await unitId(t.db, "横泾街道");
  hengjing = {
    id: hj,
    path: (
      await t.db
        .selectFrom("admin_unit")
        .select("path")
        .where("id", "=", hj)
        .executeTakeFirstOrThrow()
    ).path,
  };
  hjZhoushan = await unitUnder(t.db, "横泾街道", "舟山村");
  xsZhoushan = await unitUnder(t.db, "香山街道", "舟山村");
  xiangshan = await unitId(t.db, "香山街道");

  await createUnit(t.db, { actor: admin, parentId: hengjing.id, name: "新建村", level: "village" });
  // What unit corrections (another part of issue 15) write: a move with its old and new parent.
  await entry({
    action: "unit.move",
    target: `unit:${hjZhoushan.id}`,
    unitPath: hjZhoushan.path,
    detail: `from=${xiangshan} to=${hengjing.id}`,
  });
  await entry({
    action: "reach.export",
    target: `unit:${xiangshan}`,
    unitPath: `/${admin.unitPath.split("/")[1]}/${xiangshan}/`,
    detail: "format=csv from=2026-01-01 to=2026-12-31",
  });
  await entry({
    action: "event.export",
    target: "EV01 舟山村讲座",
    unitPath: xsZhoushan.path,
    detail: "format=csv rows=3",
  });
  await logIn(t.db, { username: "hengjing", password: "wrong", ip: null });
});
afterAll(async () => {
  await t?.destroy();
});

describe("units named by their paths", () => {
  it("names a new unit's parent, a moved unit and its old and new parent", async () => {
    const words = await page(admin, {});
    const created = words.find((row) => row.action === "unit.create")!;
    expect(created).toMatchObject({ label: "新增单位", target: "横泾街道 / 新建村", unit: null });
    const moved = words.find((row) => row.action === "unit.move")!;
    expect(moved.label).toBe("移动单位");
    expect(moved.target).toBe("横泾街道 / 舟山村");
    expect(moved.details).toEqual([
      { label: "原为", value: "香山街道" },
      { label: "改为", value: "横泾街道" },
    ]);
    const exported = words.find((row) => row.action === "reach.export")!;
    expect(exported.target).toBe("香山街道");
    const attendance = words.find((row) => row.action === "event.export")!;
    expect(attendance).toMatchObject({ target: "EV01 舟山村讲座", unit: "香山街道 / 舟山村" });
    expect(JSON.stringify(words)).not.toMatch(/unit:\d|单位编号/);
  });

  it("names units below the reader's own unit; a unit outside it is not named", async () => {
    const hjAdmin = { ...admin, unitPath: hengjing.path };
    const words = await page(hjAdmin, {});
    const moved = words.find((row) => row.action === "unit.move")!;
    expect(moved.target).toBe("舟山村");
    // Xiangshan is not this reader's: its id is not resolved to a name.
    expect(moved.details[0]!.value).toBe(`单位编号 ${xiangshan}（已删除或不在您的范围内）`);
    expect(words.some((row) => row.action === "event.export")).toBe(false);
    const choices = unitChoices(
      await auditUnits(t.db, { scopePath: admin.unitPath }),
      admin.unitPath,
    );
    expect(choices.filter((choice) => choice.label.endsWith("舟山村")).map((c) => c.label)).toEqual(
      ["香山街道 / 舟山村", "横泾街道 / 舟山村"],
    );
  });
});

describe("filters by unit and by kind of target", () => {
  it("keeps the entries of a unit's subtree", async () => {
    const hj = await page(admin, { unit: hengjing.id });
    expect(hj.map((row) => row.action).sort()).toEqual(["login", "unit.create", "unit.move"]);
    const xs = await page(admin, { unit: xsZhoushan.id });
    expect(xs.map((row) => row.action)).toEqual(["event.export"]);
    expect(await page(admin, { unit: 999_999 })).toEqual([]);
  });

  it("keeps the entries of one kind of target", async () => {
    const units = await page(admin, { kind: "unit" });
    expect(units.map((row) => row.action).sort()).toEqual([
      "reach.export",
      "unit.create",
      "unit.move",
    ]);
    const accounts = await page(admin, { kind: "account", unit: hengjing.id });
    expect(accounts.map((row) => row.action)).toEqual(["login"]);
    const events = await page(admin, { kind: "event" });
    expect(events.map((row) => row.action)).toEqual(["event.export"]);
  });

  it("exports what the filter shows, units by their paths, and refuses a unit not the reader's", async () => {
    const file = await exportAudit(t.db, {
      actor: admin,
      isTopLevel: true,
      filter: { unit: hengjing.id, kind: "unit" },
      format: "csv",
      lang: "en",
    });
    const lines = Buffer.from(file.body).subarray(3).toString("utf8").split("\r\n").slice(0, -1);
    expect(lines[0]).toBe("Time,User,Action,Target,Unit,Outcome,IP address,Detail");
    expect(lines).toHaveLength(3);
    expect(lines.join("\n")).toContain("横泾街道 / 舟山村");
    expect(lines.join("\n")).toContain("Was: 香山街道; Now: 横泾街道");
    expect(lines.join("\n")).not.toMatch(/unit:\d/);
    // The export's own entry records the filter, and reads back in words.
    const logged = (await page(admin, { action: "audit.export" }))[0]!;
    expect(logged.details).toContainEqual({ label: "单位", value: "横泾街道" });
    expect(logged.details).toContainEqual({ label: "对象类别", value: "单位" });
    expect(auditActionLabel(en, "audit.export")).toBe("Audit log exported");

    const hjAdmin = { ...admin, unitPath: hengjing.path };
    await expect(
      exportAudit(t.db, {
        actor: hjAdmin,
        isTopLevel: false,
        filter: { unit: xiangshan },
        format: "csv",
        lang: "zh-CN",
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});

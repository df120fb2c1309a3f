import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../app/.server/audit/audit-log";
import { recordCheckIn } from "../../app/.server/checkin/record-checkin";
import { AppError } from "../../app/.server/errors";
import { newEventCode } from "../../app/.server/events/events";
import { outreachFigures } from "../../app/.server/reach/outreach";
import { refreshReach } from "../../app/.server/reach/rollup";
import { reachUnits } from "../../app/.server/reach/units";
import { deleteUnit, restoreUnit, retireUnit } from "../../app/.server/units/lifecycle";
import { editUnit } from "../../app/.server/units/move";
import { createVillageList, previewVillageList } from "../../app/.server/units/paste";
import { createUnit, getUnitInScope, listUnitsInScope } from "../../app/.server/units/units";
import { yearPeriod } from "../../app/lib/reach-period";
import { createTestDatabase } from "../support/database";
import { checkinPlace, demoActor, rowCounts, unitId } from "../support/demo";
import { Browser } from "../support/http";
import { addLegalSavvy } from "../support/passes";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Issue 15 item 1 and the paste of item 2: units corrected (renamed, moved with everything below
// and every stored path following, retired, restored, deleted) and a sub-district's villages
// pasted; on SQLite and (npm run test:pg) PostgreSQL. Domain calls, and real HTTP against the
// production build (npm run build first) for who may.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let admin: Actor;
let xiangshan: { id: number; path: string };
let hengjing: { id: number; path: string };
const NOW = "2031-12-31T00:00:00.000Z";
const year = yearPeriod(2031);

async function unit(id: number) {
  return t.db
    .selectFrom("admin_unit")
    .select(["id", "name", "path", "parent_id", "level", "retired_at"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

/** A public event the unit hosts in the village, held on a day of 2031; its id. */
async function heldEvent(hostId: number, villageId: number, day: string) {
  const starts = `${day}T02:00:00.000Z`;
  const { id } = await t.db
    .insertInto("event")
    .values({
      code: newEventCode(),
      title: "民法典进村讲座",
      format: "lecture",
      setting: "village",
      campaign_id: null,
      host_unit_id: hostId,
      village_id: villageId,
      venue: "村委会",
      starts_at: starts,
      ends_at: `${day}T04:00:00.000Z`,
      laws: null,
      speaker: null,
      speaker_role: null,
      capacity: null,
      visibility: "public",
      description: null,
      status: "held",
      cancel_reason: null,
      qr_secret: "secret",
      estimated_crowd: 40,
      created_by: null,
      created_at: starts,
      updated_at: starts,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

async function checkIn(eventId: number, name: string, phone: string) {
  await recordCheckIn(t.db, {
    eventId,
    place: await checkinPlace(t.db, eventId),
    method: "walk_in",
    recordedBy: null,
    consentVersion: "v1",
    person: { name, phone, villageId: null, employer: null, group: "villager" },
  });
}

const figures = async (scopePath: string) => {
  await refreshReach(t.db, NOW);
  const units = await reachUnits(t.db, { scopePath });
  const f = await outreachFigures(t.db, { scopePath, period: year, now: NOW, units });
  return { events: f.events, checkins: f.attendance.checkins, crowd: f.attendance.crowd };
};

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  admin = await demoActor(t.db, "admin");
  xiangshan = await unit(await unitId(t.db, "香山街道"));
  hengjing = await unit(await unitId(t.db, "横泾街道"));
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

describe("moving a unit", () => {
  it("moves a village filed under the wrong parent, with its paths, audit entries, scope and figures", async () => {
    const misfiled = await createUnit(t.db, {
      actor: admin,
      parentId: xiangshan.id,
      name: "错放村",
    });
    const child = await unit(misfiled.id);
    expect(child.level).toBe("village");
    const event = await heldEvent(misfiled.id, misfiled.id, "2031-03-05");
    await checkIn(event, "王小明", "13912340001");
    await checkIn(event, "李小红", "13912340002");

    const beforeXiangshan = await figures(xiangshan.path);
    const beforeHengjing = await figures(hengjing.path);
    expect(beforeXiangshan).toEqual({ events: 1, checkins: 2, crowd: 40 });
    expect(beforeHengjing).toEqual({ events: 0, checkins: 0, crowd: 0 });
    const hjOrganiser = await demoActor(t.db, "hengjing");
    const xsOrganiser = await demoActor(t.db, "organiser");
    await expect(
      getUnitInScope(t.db, { id: misfiled.id, scopePath: hjOrganiser.unitPath }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });

    const result = await editUnit(t.db, {
      actor: admin,
      id: misfiled.id,
      name: "错放村",
      parentId: hengjing.id,
    });
    const moved = await unit(misfiled.id);
    expect(result).toMatchObject({ moved: true, renamed: false });
    expect(moved.parent_id).toBe(hengjing.id);
    expect(moved.path).toBe(`${hengjing.path}${misfiled.id}/`);

    // Every audit entry about the village follows it, and the move is logged with both parents.
    const entries = await t.db
      .selectFrom("audit_log")
      .select(["action", "unit_path", "target", "detail"])
      .where("unit_path", "in", [misfiled.path, moved.path])
      .orderBy("id")
      .execute();
    expect(entries.map((entry) => entry.unit_path)).toEqual(entries.map(() => moved.path));
    expect(entries.map((entry) => entry.action)).toEqual(["unit.create", "unit.move"]);
    expect(entries[1]).toMatchObject({
      target: `unit:${misfiled.id}`,
      detail: `old_parent=${xiangshan.id} new_parent=${hengjing.id}`,
    });

    // Who sees it: 横泾 now, 香山 no more; its figures move from one sub-district to the other.
    await expect(
      getUnitInScope(t.db, { id: misfiled.id, scopePath: hjOrganiser.unitPath }),
    ).resolves.toMatchObject({
      trail: [{ name: "吴中区" }, { name: "横泾街道" }, { name: "错放村" }],
    });
    await expect(
      getUnitInScope(t.db, { id: misfiled.id, scopePath: xsOrganiser.unitPath }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await figures(hengjing.path)).toEqual(beforeXiangshan);
    expect(await figures(xiangshan.path)).toEqual(beforeHengjing);
    const district = await unit(await unitId(t.db, "吴中区"));
    expect(await figures(district.path)).toEqual(beforeXiangshan);
  });

  it("moves a sub-district with the paths of everything below it", async () => {
    const district = await unit(await unitId(t.db, "吴中区"));
    const town = await createUnit(t.db, { actor: admin, parentId: district.id, name: "临时镇" });
    const county = await createUnit(t.db, {
      actor: admin,
      parentId: district.id,
      name: "挪入村",
      level: "village",
      confirmVillageUnderDistrict: true,
    });
    const villages = await createVillageList(t.db, {
      actor: admin,
      parentId: town.id,
      text: "一村\n二村\n三村",
    });
    expect(villages.created).toBe(3);
    // A village put under the district by mistake goes under the town where it belongs.
    await editUnit(t.db, { actor: admin, id: county.id, name: "四村", parentId: town.id });
    const below = await t.db
      .selectFrom("admin_unit")
      .select(["name", "path"])
      .where("parent_id", "=", town.id)
      .orderBy("id")
      .execute();
    expect(below.map((row) => row.name)).toEqual(["四村", "一村", "二村", "三村"]);
    for (const row of below) expect(row.path.startsWith(town.path)).toBe(true);
    const renamed = await t.db
      .selectFrom("audit_log")
      .select(["action", "detail"])
      .where("target", "=", `unit:${county.id}`)
      .orderBy("id")
      .execute();
    expect(renamed).toEqual([
      { action: "unit.move", detail: `old_parent=${district.id} new_parent=${town.id}` },
      { action: "unit.rename", detail: "挪入村" },
    ]);
  });

  it("refuses a move that breaks the tree, beside the field, changing nothing", async () => {
    const zhoushan = await unitId(t.db, "舟山村");
    const district = await unitId(t.db, "吴中区");
    const hjVillage = await t.db
      .selectFrom("admin_unit")
      .select("id")
      .where("parent_id", "=", hengjing.id)
      .executeTakeFirstOrThrow();
    const before = await rowCounts(t.db);
    const cases: [Parameters<typeof editUnit>[1], string, string][] = [
      [
        { actor: admin, id: xiangshan.id, name: "香山街道", parentId: zhoushan },
        "units.error.underItself",
        "parentId",
      ],
      [
        { actor: admin, id: district, name: "吴中区", parentId: xiangshan.id },
        "units.error.underItself",
        "parentId",
      ],
      [
        { actor: admin, id: xiangshan.id, name: "香山街道", parentId: hengjing.id },
        "form.levelMismatch",
        "parentId",
      ],
      [
        { actor: admin, id: zhoushan, name: "舟山村", parentId: district },
        "units.error.confirmVillageUnderDistrict",
        "confirmVillageUnderDistrict",
      ],
      [
        { actor: admin, id: zhoushan, name: "舟山村", parentId: hjVillage.id },
        "form.levelMismatch",
        "parentId",
      ],
      [
        { actor: admin, id: zhoushan, name: "渔帆村", parentId: xiangshan.id },
        "form.unitNameTaken",
        "name",
      ],
    ];
    for (const [input, key, field] of cases) {
      const error = await refusal(editUnit(t.db, input));
      expect([error.messageKey, error.field]).toEqual([key, field]);
    }
    expect(await rowCounts(t.db)).toEqual(before);
    expect((await unit(zhoushan)).path).toBe(`${xiangshan.path}${zhoushan}/`);
  });

  it("refuses a move that would share people or venues sideways, with counts", async () => {
    const side = await createUnit(t.db, { actor: admin, parentId: xiangshan.id, name: "侧移村" });
    // A 法律明白人 owned by the village is also a cadre of 香山: after a move to 横泾, 香山's record
    // would point at a person of another sub-district. And 香山 holds an event in the village.
    const personId = await addLegalSavvy(t.db, "赵侧移", "侧移村");
    const stamp = new Date().toISOString();
    await t.db
      .insertInto("cadre")
      .values({
        person_id: personId,
        unit_id: xiangshan.id,
        department: null,
        position: "科员",
        left_on: null,
        created_at: stamp,
        updated_at: stamp,
      })
      .execute();
    await heldEvent(xiangshan.id, side.id, "2031-05-05");
    const audit = await t.db.selectFrom("audit_log").select("id").execute();

    const error = await refusal(
      editUnit(t.db, { actor: admin, id: side.id, name: "侧移村", parentId: hengjing.id }),
    );
    expect(error).toMatchObject({
      code: "CONFLICT",
      messageKey: "units.error.sideways",
      field: "parentId",
    });
    expect(error.values).toEqual({ roster: 0, cadres: 1, invitations: 0, events: 1 });
    expect(await unit(side.id)).toMatchObject({ parent_id: xiangshan.id, path: side.path });
    expect(await t.db.selectFrom("audit_log").select("id").execute()).toEqual(audit);
    // Within the same sub-district nothing is sideways: a rename goes through.
    await editUnit(t.db, { actor: admin, id: side.id, name: "侧移新村", parentId: xiangshan.id });
    expect((await unit(side.id)).name).toBe("侧移新村");
  });

  it("lets only admins move, only within their own subtree", async () => {
    const zhoushan = await unitId(t.db, "舟山村");
    for (const username of ["organiser", "official"]) {
      const actor = await demoActor(t.db, username);
      const error = await refusal(
        editUnit(t.db, { actor, id: zhoushan, name: "舟山村", parentId: hengjing.id }),
      );
      expect(error.code).toBe("FORBIDDEN");
    }
    // An admin of 香山 alone: 横泾 is neither a unit nor a parent of theirs.
    const xsAdmin: Actor = { ...admin, unitPath: xiangshan.path };
    const hjVillage = await t.db
      .selectFrom("admin_unit")
      .select("id")
      .where("parent_id", "=", hengjing.id)
      .executeTakeFirstOrThrow();
    expect(
      (
        await refusal(
          editUnit(t.db, { actor: xsAdmin, id: zhoushan, name: "舟山村", parentId: hengjing.id }),
        )
      ).messageKey,
    ).toBe("form.unitOutOfScope");
    expect(
      (
        await refusal(
          editUnit(t.db, { actor: xsAdmin, id: hjVillage.id, name: "改名", parentId: null }),
        )
      ).code,
    ).toBe("FORBIDDEN");
    expect((await unit(zhoushan)).parent_id).toBe(xiangshan.id);
  });

  it("keeps audit entries unchangeable except for following their unit", async () => {
    const run = (statement: string) => sql.raw(statement).execute(t.db);
    await expect(run("update audit_log set detail = 'x'")).rejects.toThrow(/append-only/);
    await expect(
      run("update audit_log set unit_path = '/1/' where unit_path is not null"),
    ).rejects.toThrow(/append-only/);
    await expect(run("update audit_log set unit_path = '/9999/'")).rejects.toThrow(/append-only/);
  });
});

describe("retiring, restoring and deleting", () => {
  it("retires a unit with records: hidden from new choices, kept in figures, restorable", async () => {
    const misfiled = await unitId(t.db, "错放村");
    const refused = await refusal(deleteUnit(t.db, { actor: admin, id: misfiled }));
    expect(refused).toMatchObject({ code: "CONFLICT", messageKey: "units.error.hasRecords" });
    expect(refused.values).toMatchObject({
      hostedEvents: 1,
      heldEvents: 1,
      checkins: 0,
      people: 2,
    });

    const before = await figures(hengjing.path);
    await retireUnit(t.db, { actor: admin, id: misfiled });
    expect((await unit(misfiled)).retired_at).not.toBeNull();
    const offered = await listUnitsInScope(t.db, { scopePath: hengjing.path });
    expect(offered.map((row) => row.id)).not.toContain(misfiled);
    const all = await listUnitsInScope(t.db, { scopePath: hengjing.path, includeRetired: true });
    expect(all.find((row) => row.id === misfiled)).toMatchObject({ retired: true, depth: 1 });
    expect(await figures(hengjing.path)).toEqual(before);
    expect(
      (await refusal(createUnit(t.db, { actor: admin, parentId: misfiled, name: "下面" })))
        .messageKey,
    ).toBe("units.error.parentRetired");

    await restoreUnit(t.db, { actor: admin, id: misfiled });
    expect((await unit(misfiled)).retired_at).toBeNull();
    const actions = await t.db
      .selectFrom("audit_log")
      .select("action")
      .where("target", "=", `unit:${misfiled}`)
      .orderBy("id")
      .execute();
    expect(actions.map((row) => row.action)).toEqual(["unit.move", "unit.retire", "unit.restore"]);
  });

  it("refuses to retire a unit with active units below, or the admin's own unit", async () => {
    const error = await refusal(retireUnit(t.db, { actor: admin, id: hengjing.id }));
    expect(error.messageKey).toBe("units.error.activeChildren");
    expect(error.values?.children).toBeGreaterThan(0);
    const own = await refusal(retireUnit(t.db, { actor: admin, id: await unitId(t.db, "吴中区") }));
    expect(own.messageKey).toBe("units.error.ownUnit");
  });

  it("deletes a unit nothing refers to, and logs it", async () => {
    const empty = await createUnit(t.db, { actor: admin, parentId: hengjing.id, name: "空村" });
    await deleteUnit(t.db, { actor: admin, id: empty.id });
    expect(
      await t.db
        .selectFrom("admin_unit")
        .select("id")
        .where("id", "=", empty.id)
        .executeTakeFirst(),
    ).toBeUndefined();
    // Its history (the creation and the deletion) is filed under its parent: a unit given its
    // id later (SQLite reuses the highest) inherits nothing.
    const entries = await t.db
      .selectFrom("audit_log")
      .select(["action", "detail", "unit_path"])
      .where((eb) => eb.or([eb("target", "=", `unit:${empty.id}`), eb("target", "=", "空村")]))
      .orderBy("id")
      .execute();
    expect(entries.map((entry) => entry.action)).toEqual(["unit.create", "unit.delete"]);
    expect(entries.every((entry) => entry.unit_path === hengjing.path)).toBe(true);
    expect(entries[1]?.detail).toBe("空村");
  });
});

describe("pasting a list of villages", () => {
  it("previews every line, then creates the new ones all at once", async () => {
    const town = await createUnit(t.db, {
      actor: admin,
      parentId: await unitId(t.db, "吴中区"),
      name: "临湖镇",
    });
    await createUnit(t.db, { actor: admin, parentId: town.id, name: "石舍村" });
    const text = "\n浦庄村\r\n石舍村\n  湖桥村  \n浦庄村\n\n";
    const preview = await previewVillageList(t.db, { actor: admin, parentId: town.id, text });
    expect(preview).toEqual([
      { line: 2, name: "浦庄村", status: "new" },
      { line: 3, name: "石舍村", status: "exists" },
      { line: 4, name: "湖桥村", status: "new" },
      { line: 5, name: "浦庄村", status: "repeated", firstLine: 2 },
    ]);
    const before = await rowCounts(t.db);
    expect(await createVillageList(t.db, { actor: admin, parentId: town.id, text })).toEqual({
      created: 2,
    });
    expect((await rowCounts(t.db)).admin_unit).toBe(before.admin_unit! + 2);
    const entry = await t.db
      .selectFrom("audit_log")
      .select(["action", "detail"])
      .where("target", "=", `unit:${town.id}`)
      .where("action", "=", "unit.paste")
      .execute();
    expect(entry).toEqual([{ action: "unit.paste", detail: "count=2" }]);
    const names = await t.db
      .selectFrom("admin_unit")
      .select(["name", "level", "path"])
      .where("parent_id", "=", town.id)
      .execute();
    expect(names.map((row) => row.name).sort()).toEqual(["浦庄村", "湖桥村", "石舍村"].sort());
    for (const row of names) expect(row.path).toMatch(new RegExp(`^${town.path}\\d+/$`));
  });

  it("refuses a list with a bad line and writes nothing", async () => {
    const town = await unitId(t.db, "临湖镇");
    const text = `新甲村\n\n${"长".repeat(41)}\n控制\u0007村\n新乙村`;
    const preview = await previewVillageList(t.db, { actor: admin, parentId: town, text });
    expect(preview.filter((line) => line.status === "bad")).toEqual([
      { line: 2, name: "", status: "bad", problem: "empty" },
      { line: 3, name: "长".repeat(41), status: "bad", problem: "tooLong" },
      { line: 4, name: "控制�村", status: "bad", problem: "control" },
    ]);
    const before = await rowCounts(t.db);
    const error = await refusal(createVillageList(t.db, { actor: admin, parentId: town, text }));
    expect([error.messageKey, error.field]).toEqual(["units.paste.fixBad", "names"]);
    const again = await refusal(
      createVillageList(t.db, { actor: admin, parentId: town, text: "浦庄村\n湖桥村" }),
    );
    expect(again.messageKey).toBe("units.paste.nothingNew");
    expect(await rowCounts(t.db)).toEqual(before);
  });

  it("pastes under a sub-district only", async () => {
    const error = await refusal(
      createVillageList(t.db, {
        actor: admin,
        parentId: await unitId(t.db, "吴中区"),
        text: "甲村",
      }),
    );
    expect(error.messageKey).toBe("units.paste.notSubdistrict");
  });
});

describe("over HTTP", () => {
  it("refuses organisers and officials every form of a unit's page, changing nothing", async () => {
    const zhoushan = await unitId(t.db, "舟山村");
    const forms: Record<string, string>[] = [
      { intent: "edit", name: "改名村", parentId: String(hengjing.id) },
      { intent: "retire" },
      { intent: "delete" },
      { intent: "pasteCreate", names: "甲村" },
    ];
    const before = await rowCounts(t.db);
    for (const username of ["organiser", "official", "village"]) {
      const browser = new Browser(server.baseUrl);
      await browser.logIn(username);
      for (const fields of forms) {
        expect((await browser.post(`/units/${zhoushan}`, fields)).status).toBe(403);
      }
      expect(
        (await browser.post("/units?index", { parentId: String(xiangshan.id), name: "新村" }))
          .status,
      ).toBe(403);
    }
    const after = await rowCounts(t.db);
    // Only the log-ins wrote (their sessions and audit entries).
    expect({ ...after, audit_log: 0, staff_session: 0 }).toEqual({
      ...before,
      audit_log: 0,
      staff_session: 0,
    });
    expect((await unit(zhoushan)).name).toBe("舟山村");
  });

  it("lets the admin move and paste through the page, and refuses an unknown or outside unit", async () => {
    const browser = new Browser(server.baseUrl);
    await browser.logIn("admin");
    const town = await unitId(t.db, "临湖镇");
    const preview = await browser.post(`/units/${town}`, {
      intent: "pastePreview",
      names: "东村\n西村",
    });
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain("东村");
    const created = await browser.post(`/units/${town}`, {
      intent: "pasteCreate",
      names: "东村\n西村",
    });
    expect(created.status).toBe(302);
    const east = await unitId(t.db, "东村");
    const bad = await browser.post(`/units/${east}`, {
      intent: "edit",
      name: "东村",
      parentId: String(east),
    });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain("不能把单位移到它自己或它的下级单位之下");
    expect((await browser.post("/units/99999", { intent: "retire" })).status).toBe(404);
    const back = await browser.post("/units?index", {
      parentId: String(town),
      name: "北村",
      level: "",
    });
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toBe(`/units?parent=${town}`);
    const page = await browser.get(`/units?parent=${town}`);
    expect(await page.text()).toMatch(new RegExp(`<option value="${town}" selected`));
  });
});

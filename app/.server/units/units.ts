import type { UnitLevel } from "../../../db/schema";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import type { Db } from "../db";
import { now } from "../clock";
import { AppError } from "../errors";
import { inTransaction } from "../../../db/transaction";
import { assertRole, inSubtree, pathInSubtree, refuseOutOfScope, rolesFor } from "../scope";
import { labelUnits } from "~/lib/unit-label";
import { levelUnder, placeableParent } from "./placement";
import { byTreeOrder } from "./tree-order";

/**
 * Units whose path starts with the scope's: the caller's own unit and everything below it, as an
 * indented outline. Every unit select of the app reads this: a retired unit (and anything below
 * one) is left out, so it is never offered for a new record; the units pages ask for them too.
 */
export async function listUnitsInScope(
  db: Db,
  input: { scopePath: string; includeRetired?: boolean },
) {
  let query = db
    .selectFrom("admin_unit")
    .select(["id", "parent_id", "name", "level", "path", "retired_at"])
    .where((eb) => inSubtree(eb.ref("path"), input.scopePath));
  if (!input.includeRetired) query = query.where("retired_at", "is", null);
  const rows = await query.execute();
  return sortAsTree(rows).map(({ retired_at, ...unit }) => ({
    ...unit,
    retired: retired_at !== null,
  }));
}

/** Parents before children, siblings by name: the order of an indented outline. */
function sortAsTree<T extends { id: number; parent_id: number | null; name: string; path: string }>(
  rows: T[],
) {
  const children = new Map<number | null, T[]>();
  for (const row of rows)
    children.set(row.parent_id, [...(children.get(row.parent_id) ?? []), row]);
  const ids = new Set(rows.map((row) => row.id));
  // A unit whose parent is missing from the rows (outside the scope, or retired and left out)
  // is a root only when it is the scope's own unit; below a retired unit, nothing is offered.
  const top = Math.min(...rows.map((row) => row.path.length));
  const roots = rows.filter(
    (row) => (row.parent_id === null || !ids.has(row.parent_id)) && row.path.length === top,
  );
  const out: (T & { depth: number })[] = [];
  const visit = (row: T, depth: number) => {
    out.push({ ...row, depth });
    const below = (children.get(row.id) ?? []).sort((a, b) =>
      a.name.localeCompare(b.name, "zh-CN"),
    );
    for (const child of below) visit(child, depth + 1);
  };
  for (const root of roots.sort((a, b) => a.path.localeCompare(b.path))) visit(root, 0);
  return out;
}

export async function getUnitInScope(db: Db, input: { id: number; scopePath: string }) {
  const unit = await db
    .selectFrom("admin_unit as u")
    .select(["u.id", "u.name", "u.level", "u.path", "u.parent_id", "u.retired_at"])
    .where("u.id", "=", input.id)
    .where((eb) => inSubtree(eb.ref("u.path"), input.scopePath))
    .executeTakeFirst();
  if (!unit) return refuseOutOfScope(db, "admin_unit", input.id);
  const [children, staff, trail] = await Promise.all([
    db
      .selectFrom("admin_unit")
      .select(["id", "name", "level", "retired_at"])
      .where("parent_id", "=", unit.id)
      .orderBy("id")
      .execute(),
    db
      .selectFrom("staff_user")
      .select(["id", "display_name", "role"])
      .where("unit_id", "=", unit.id)
      .where("disabled", "=", 0)
      .orderBy("display_name")
      .execute(),
    unitTrail(db, unit.path),
  ]);
  return {
    id: unit.id,
    name: unit.name,
    level: unit.level,
    path: unit.path,
    parentId: unit.parent_id,
    parent_name: trail.at(-2)?.name ?? null,
    retired: unit.retired_at !== null,
    /** The unit's place by names, top first: 吴中区 / 横泾街道 / 舟山村; `open` where the caller may. */
    trail: trail.map(({ id, name, path }) => ({
      id,
      name,
      open: pathInSubtree(path, input.scopePath),
    })),
    children: children.map(({ retired_at, ...child }) => ({
      ...child,
      retired: retired_at !== null,
    })),
    staff,
  };
}

/** The units of a path, top first, by name (the path's own ids, so at most a few rows). */
export async function unitTrail(db: Db, path: string) {
  const ids = path.split("/").filter(Boolean).map(Number);
  const rows = await db
    .selectFrom("admin_unit")
    .select(["id", "name", "path"])
    .where("id", "in", ids)
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The scope's unit path if the unit lies inside it; used to check a unit chosen in a form. */
export async function unitPathInScope(db: Db, input: { id: number; scopePath: string }) {
  const unit = await db
    .selectFrom("admin_unit")
    .select(["path", "level"])
    .where("id", "=", input.id)
    .where((eb) => inSubtree(eb.ref("path"), input.scopePath))
    .executeTakeFirst();
  return unit ?? null;
}

export async function createUnit(
  db: Db,
  input: {
    actor: Actor;
    parentId: number;
    name: string;
    /** Null or left out: the level below the parent's. */
    level?: UnitLevel | null;
    /** A village directly under a district is created only with this tick. */
    confirmVillageUnderDistrict?: boolean;
  },
) {
  assertRole(input.actor, rolesFor.manageAccounts);
  return inTransaction(db, async (trx) => {
    const parent = await placeableParent(trx, {
      id: input.parentId,
      scopePath: input.actor.unitPath,
    });
    const level = levelUnder(parent, input.level ?? null, input.confirmVillageUnderDistrict);
    const inserted = await trx
      .insertInto("admin_unit")
      .values({
        parent_id: input.parentId,
        name: input.name,
        level,
        // The path needs the new id: a unique placeholder until the update below sets it.
        path: `${parent.path}new-${crypto.randomUUID()}`,
        created_at: now(),
      })
      .onConflict((oc) => oc.columns(["parent_id", "name"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!inserted) throw new AppError("CONFLICT", "form.unitNameTaken", "name");
    const path = `${parent.path}${inserted.id}/`;
    await trx.updateTable("admin_unit").set({ path }).where("id", "=", inserted.id).execute();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "unit.create",
      target: input.name,
      outcome: "success",
      unit_path: path,
    });
    return { id: inserted.id, path };
  });
}

/**
 * The area a public visitor sees on the home page, counted from the units: the top unit (the
 * district, or a sub-district deployment's own sub-district), its sub-districts in the tree's
 * order with their villages, and the totals. Retired units are no longer part of it.
 */
export async function describeCoverage(db: Db) {
  const units = await db
    .selectFrom("admin_unit")
    .select(["id", "parent_id", "name", "level", "path"])
    .where("retired_at", "is", null)
    .execute();
  units.sort(byTreeOrder);
  const top = units.find((unit) => unit.level !== "village");
  if (!top) return null;
  const inside = units.filter((unit) => pathInSubtree(unit.path, top.path));
  const villages = inside.filter((unit) => unit.level === "village");
  const areas = (top.level === "subdistrict" ? [top] : inside)
    .filter((unit) => unit.level === "subdistrict")
    .map((area) => ({
      id: area.id,
      name: area.name,
      villages: villages.filter((v) => pathInSubtree(v.path, area.path)).map((v) => v.name),
    }));
  return {
    unit: top.name,
    level: top.level,
    areas,
    villageCount: villages.length,
  };
}

/**
 * The villages people at an event may come from: those of the area it belongs to (the host
 * itself, or the host village's parent), retired ones no longer offered. Each carries its
 * `label`, qualified with its sub-district where the name repeats in the list: a district's
 * event offers the villages of every sub-district.
 */
export async function villagesOfArea(
  db: Db,
  host: { id: number; level: UnitLevel; parentId: number | null },
) {
  const areaId = host.level === "village" ? host.parentId : host.id;
  const area = areaId
    ? await db.selectFrom("admin_unit").select("path").where("id", "=", areaId).executeTakeFirst()
    : undefined;
  if (!area) return [];
  const villages = await db
    .selectFrom("admin_unit as village")
    .leftJoin("admin_unit as parent", "parent.id", "village.parent_id")
    .select(["village.id", "village.name", "village.path", "parent.name as parentName"])
    .where("village.level", "=", "village")
    .where("village.retired_at", "is", null)
    .where((eb) => inSubtree(eb.ref("village.path"), area.path))
    .execute();
  return labelUnits(villages.sort(byTreeOrder)).map(({ id, name, label }) => ({ id, name, label }));
}

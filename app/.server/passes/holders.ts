import type { SqlBool } from "kysely";
import { sql } from "kysely";
import type { AudienceGroup } from "../../../db/schema";
import type { Db } from "../db";
import { forbidden, notFound } from "../errors";
import { inSubtree } from "../scope";

// Who holds a pass: every active 法律明白人 (scoped by their roster village) and every active
// cadre (scoped by their unit). A person on both lists counts once, as a 法律明白人.

export const holderKinds = ["legal_savvy", "cadre"] as const;
export type HolderKind = (typeof holderKinds)[number];

export type Holder = {
  personId: number;
  name: string;
  kind: HolderKind;
  /** The roster village, or the cadre's unit. */
  unitId: number;
  unitName: string;
  unitPath: string;
  unitLevel: string;
  /** Category code of a 法律明白人, or a cadre's position as written. */
  role: string;
  lawEnforcement: boolean;
};

/**
 * Every roster entry and every cadre record as one list, in or out of office: who is listed, by
 * which unit, as what. Both the holders of passes and the question "does a unit outside mine
 * list this person too" read it, so the two lists are joined in one place.
 */
function holdings(db: Db) {
  const roster = db
    .selectFrom("legal_savvy")
    .select((eb) => [
      "legal_savvy.person_id",
      sql.lit("legal_savvy").$castTo<HolderKind>().as("kind"),
      "legal_savvy.village_id as unit_id",
      eb.ref("legal_savvy.category").$castTo<string>().as("role"),
      eb.ref("legal_savvy.status").$castTo<string>().as("status"),
      sql.lit(0).$castTo<number>().as("law_enforcement"),
    ]);
  const cadres = db
    .selectFrom("cadre")
    .select((eb) => [
      "cadre.person_id",
      sql.lit("cadre").$castTo<HolderKind>().as("kind"),
      "cadre.unit_id",
      "cadre.position as role",
      eb.ref("cadre.status").$castTo<string>().as("status"),
      eb.ref("cadre.law_enforcement").$castTo<number>().as("law_enforcement"),
    ]);
  return roster.unionAll(cadres).as("holding");
}

type Filter = {
  scopePath: string;
  personId?: number;
  /** These people only (the offline door's list of pass holders). */
  personIds?: number[];
  unitId?: number;
  kind?: HolderKind;
};

/** Active holders within the scope, 法律明白人 first where a person is both, by unit and name. */
export async function holdersInScope(db: Db, filter: Filter): Promise<Holder[]> {
  let query = db
    .selectFrom(holdings(db))
    .innerJoin("person", "person.id", "holding.person_id")
    .innerJoin("admin_unit as unit", "unit.id", "holding.unit_id")
    .select([
      "person.id as personId",
      "person.name",
      "holding.kind",
      "unit.id as unitId",
      "unit.name as unitName",
      "unit.path as unitPath",
      "unit.level as unitLevel",
      "holding.role",
      "holding.law_enforcement",
    ])
    .where("holding.status", "=", "active")
    .where((eb) => inSubtree(eb.ref("unit.path"), filter.scopePath));
  if (filter.personId !== undefined) query = query.where("person.id", "=", filter.personId);
  if (filter.personIds !== undefined) {
    if (filter.personIds.length === 0) return [];
    query = query.where("person.id", "in", filter.personIds);
  }
  if (filter.unitId !== undefined) query = query.where("unit.id", "=", filter.unitId);
  if (filter.kind !== undefined) query = query.where("holding.kind", "=", filter.kind);
  const byPerson = new Map<number, Holder>();
  for (const { law_enforcement, ...row } of await query.execute()) {
    const known = byPerson.get(row.personId);
    if (known?.kind === "legal_savvy") continue;
    if (known && row.kind === "cadre") continue;
    byPerson.set(row.personId, { ...row, lawEnforcement: Number(law_enforcement) === 1 });
  }
  return [...byPerson.values()].sort(
    (a, b) =>
      a.unitPath.localeCompare(b.unitPath) ||
      a.name.localeCompare(b.name, "zh-CN") ||
      a.personId - b.personId,
  );
}

/**
 * Which of these people a roster entry or a cadre record outside this scope also shows (a unit
 * above the caller's, which pointed down at them): their name, phone and pass are then not the
 * caller's alone to change. Invitation lists do not count: they name whom they invite as they
 * are, so a village's correction of its own 法律明白人 shows on the sub-district's list too.
 */
export async function listedOutside(db: Db, input: { personIds: number[]; scopePath: string }) {
  if (input.personIds.length === 0) return new Set<number>();
  const rows = await db
    .selectFrom(holdings(db))
    .innerJoin("admin_unit as unit", "unit.id", "holding.unit_id")
    .select("holding.person_id")
    .distinct()
    .where("holding.person_id", "in", input.personIds)
    .where((eb) => sql<SqlBool>`not ${inSubtree(eb.ref("unit.path"), input.scopePath)}`)
    .execute();
  return new Set(rows.map((row) => row.person_id));
}

/**
 * One holder within the scope. Someone who holds no pass anywhere is NOT_FOUND; a holder of
 * another unit is FORBIDDEN. The decision is the scoped query's; the second look only names it.
 */
export async function holderInScope(db: Db, input: { personId: number; scopePath: string }) {
  const [holder] = await holdersInScope(db, input);
  if (holder) return holder;
  const [elsewhere] = await holdersInScope(db, { personId: input.personId, scopePath: "/" });
  throw elsewhere ? forbidden() : notFound();
}

/** What a pass scan counts the check-in by: the holder's group, village or employer now. */
export function holderFacts(holder: Holder): {
  group: AudienceGroup;
  villageId: number | null;
  employer: string | null;
} {
  if (holder.kind === "legal_savvy") {
    return { group: "legal_savvy", villageId: holder.unitId, employer: null };
  }
  const village = holder.unitLevel === "village";
  return {
    group: holder.lawEnforcement ? "law_enforcement" : "cadre",
    villageId: village ? holder.unitId : null,
    employer: village ? null : holder.unitName,
  };
}

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

type Filter = { scopePath: string; personId?: number; unitId?: number };

function legalSavvyHolders(db: Db, filter: Filter) {
  let query = db
    .selectFrom("legal_savvy")
    .innerJoin("person", "person.id", "legal_savvy.person_id")
    .innerJoin("admin_unit as unit", "unit.id", "legal_savvy.village_id")
    .select([
      "person.id as personId",
      "person.name",
      "unit.id as unitId",
      "unit.name as unitName",
      "unit.path as unitPath",
      "unit.level as unitLevel",
      "legal_savvy.category as role",
    ])
    .where("legal_savvy.status", "=", "active")
    .where((eb) => inSubtree(eb.ref("unit.path"), filter.scopePath));
  if (filter.personId !== undefined) query = query.where("person.id", "=", filter.personId);
  if (filter.unitId !== undefined) query = query.where("unit.id", "=", filter.unitId);
  return query.execute();
}

function cadreHolders(db: Db, filter: Filter) {
  let query = db
    .selectFrom("cadre")
    .innerJoin("person", "person.id", "cadre.person_id")
    .innerJoin("admin_unit as unit", "unit.id", "cadre.unit_id")
    .select([
      "person.id as personId",
      "person.name",
      "unit.id as unitId",
      "unit.name as unitName",
      "unit.path as unitPath",
      "unit.level as unitLevel",
      "cadre.position as role",
      "cadre.law_enforcement",
    ])
    .where("cadre.status", "=", "active")
    .where((eb) => inSubtree(eb.ref("unit.path"), filter.scopePath));
  if (filter.personId !== undefined) query = query.where("person.id", "=", filter.personId);
  if (filter.unitId !== undefined) query = query.where("unit.id", "=", filter.unitId);
  return query.execute();
}

/** Active holders within the scope, 法律明白人 first where a person is both, by unit and name. */
export async function holdersInScope(
  db: Db,
  filter: Filter & { kind?: HolderKind },
): Promise<Holder[]> {
  const [savvy, cadres] = await Promise.all([
    filter.kind === "cadre" ? [] : legalSavvyHolders(db, filter),
    filter.kind === "legal_savvy" ? [] : cadreHolders(db, filter),
  ]);
  const byPerson = new Map<number, Holder>();
  for (const row of savvy) {
    byPerson.set(row.personId, { ...row, kind: "legal_savvy", lawEnforcement: false });
  }
  for (const row of cadres) {
    if (byPerson.has(row.personId)) continue;
    const { law_enforcement, ...rest } = row;
    byPerson.set(row.personId, { ...rest, kind: "cadre", lawEnforcement: law_enforcement === 1 });
  }
  return [...byPerson.values()].sort(
    (a, b) =>
      a.unitPath.localeCompare(b.unitPath) ||
      a.name.localeCompare(b.name, "zh-CN") ||
      a.personId - b.personId,
  );
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

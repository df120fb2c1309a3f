import { sql } from "kysely";
import { maskPhone } from "~/lib/checkin-window";
import { qualifiedName } from "~/lib/unit-label";
import type { Actor } from "../audit/audit-log";
import type { Db } from "../db";
import { similarNames } from "../learners/similar";
import { assertRole, inSubtree, rolesFor } from "../scope";
import { officePath } from "./find-or-add";
import { nameKey } from "./name-key";

// Suggested duplicates: records of the caller's units that are probably one person, for staff to
// look at and merge (people/merge.ts). Only a suggestion: nothing here changes a record.

export const duplicateReasons = ["samePhone", "sameNameVillage", "variant"] as const;
export type DuplicateReason = (typeof duplicateReasons)[number];

/** A person as the suggestions show them: the phone masked. */
export type DuplicateSide = {
  id: number;
  name: string;
  phone: string;
  village: string | null;
  checkins: number;
  onRoster: boolean;
};

export type DuplicatePair = {
  /** The sub-district (or the unit above) both records belong to: pairs never cross one. */
  office: string;
  /** The record the merge page offers to keep: on a roster, else more check-ins, else a phone. */
  keepId: number;
  reasons: DuplicateReason[];
  a: DuplicateSide;
  b: DuplicateSide;
};

/** At most this many pairs on the page; the total says how many more there are. */
export const DUPLICATES_SHOWN = 100;
/**
 * A large group of one key (many 张伟 in one sub-district) gives its first pairs, from its first
 * rows: the page stays quick, and a merge brings the next ones up.
 */
const PAIRS_PER_GROUP = 10;
const ROWS_PER_GROUP = 200;

type Row = {
  id: number;
  name: string;
  phone: string | null;
  village_id: number | null;
  office: string;
  key: string;
};

/**
 * Pairs of records of the caller's units, within one sub-district, that look like one person:
 * the same phone and a similar name (one character off, or the same name in traditional and
 * simplified characters); the same name and village where at least one has no phone; the same
 * name in traditional and simplified characters, in the same village or where one has no phone.
 * Two people who share a phone with different names (a family) or a name with different phones
 * (namesakes) are not suggested.
 */
export async function suggestDuplicates(db: Db, input: { actor: Actor }) {
  assertRole(input.actor, rolesFor.manageLearners);
  const people = await db
    .selectFrom("person")
    .innerJoin("admin_unit as owner", "owner.id", "person.unit_id")
    .select([
      "person.id",
      "person.name",
      "person.phone",
      "person.village_id",
      "owner.path",
      "owner.level",
    ])
    .where((eb) => inSubtree(eb.ref("owner.path"), input.actor.unitPath))
    .orderBy("person.id")
    .execute();
  // Names repeat (张伟, 王芳): each is converted once.
  const keys = new Map<string, string>();
  const keyOf = (name: string) => {
    let key = keys.get(name);
    if (key === undefined) keys.set(name, (key = nameKey(name)));
    return key;
  };
  const rows: Row[] = people.map((person) => ({
    id: person.id,
    name: person.name,
    phone: person.phone,
    village_id: person.village_id,
    office: officePath(person),
    key: keyOf(person.name),
  }));

  const found = new Map<string, { a: Row; b: Row; reasons: Set<DuplicateReason> }>();
  const suggest = (a: Row, b: Row, reason: DuplicateReason) => {
    const [first, second] = a.id < b.id ? [a, b] : [b, a];
    const id = `${first.id}:${second.id}`;
    const pair = found.get(id) ?? { a: first, b: second, reasons: new Set<DuplicateReason>() };
    pair.reasons.add(reason);
    found.set(id, pair);
  };
  const pairsOf = (all: Row[], test: (a: Row, b: Row) => DuplicateReason[]) => {
    const group = all.slice(0, ROWS_PER_GROUP);
    let made = 0;
    for (let i = 0; i < group.length && made < PAIRS_PER_GROUP; i++) {
      for (let j = i + 1; j < group.length && made < PAIRS_PER_GROUP; j++) {
        const reasons = test(group[i]!, group[j]!);
        for (const reason of reasons) suggest(group[i]!, group[j]!, reason);
        if (reasons.length > 0) made++;
      }
    }
  };
  const variant = (a: Row, b: Row) => a.key === b.key && a.name !== b.name;

  // The same phone in one office, and a similar name.
  for (const group of groups(rows, (row) => (row.phone ? `${row.office}|${row.phone}` : null))) {
    pairsOf(group, (a, b) => {
      if (variant(a, b)) return ["samePhone", "variant"];
      return similarNames(a.key, b.key) && a.name !== b.name ? ["samePhone"] : [];
    });
  }
  // The same name (by its key) in one village, one of the two without a phone.
  for (const group of groups(rows, (row) =>
    row.village_id === null ? null : `${row.office}|${row.village_id}|${row.key}`,
  )) {
    pairsOf(group, (a, b) => {
      if (a.phone && b.phone) return [];
      return variant(a, b) ? ["sameNameVillage", "variant"] : ["sameNameVillage"];
    });
  }
  // The same name in traditional and simplified characters, one of the two without a phone.
  for (const group of groups(rows, (row) => `${row.office}|${row.key}`)) {
    pairsOf(group, (a, b) => (variant(a, b) && (!a.phone || !b.phone) ? ["variant"] : []));
  }

  // Pairs staff found to be two people (people/distinct.ts) are not suggested again.
  const distinct = await db
    .selectFrom("person_distinct")
    .innerJoin("person", "person.id", "person_distinct.person_a")
    .innerJoin("admin_unit as owner", "owner.id", "person.unit_id")
    .select(["person_distinct.person_a", "person_distinct.person_b"])
    .where((eb) => inSubtree(eb.ref("owner.path"), input.actor.unitPath))
    .execute();
  for (const row of distinct) found.delete(`${row.person_a}:${row.person_b}`);
  const pairs = [...found.values()].sort((x, y) => x.a.id - y.a.id || x.b.id - y.b.id);
  const shown = pairs.slice(0, DUPLICATES_SHOWN);
  const sides = await describePeople(
    db,
    shown.flatMap((pair) => [pair.a.id, pair.b.id]),
  );
  const offices = await officeNames(db, [...new Set(shown.map((pair) => pair.a.office))]);
  return {
    total: pairs.length,
    pairs: shown.map((pair): DuplicatePair => {
      const [a, b] = [sides.get(pair.a.id)!, sides.get(pair.b.id)!];
      return {
        office: offices.get(pair.a.office) ?? "",
        keepId: keepFirst(a, b) ? a.id : b.id,
        reasons: duplicateReasons.filter((reason) => pair.reasons.has(reason)),
        a,
        b,
      };
    }),
  };
}

/** Whether `a` is the better record to keep: on a roster, more check-ins, a phone, older. */
function keepFirst(a: DuplicateSide, b: DuplicateSide) {
  if (a.onRoster !== b.onRoster) return a.onRoster;
  if (a.checkins !== b.checkins) return a.checkins > b.checkins;
  if (Boolean(a.phone) !== Boolean(b.phone)) return Boolean(a.phone);
  return a.id < b.id;
}

/** Rows sharing a key, in groups of two or more; a null key groups nothing. */
function groups(rows: Row[], keyOf: (row: Row) => string | null) {
  const byKey = new Map<string, Row[]>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null) continue;
    const group = byKey.get(key);
    if (group) group.push(row);
    else byKey.set(key, [row]);
  }
  return [...byKey.values()].filter((group) => group.length > 1);
}

/** Each person as a suggestion shows them: masked phone, village, check-ins, on a roster. */
export async function describePeople(db: Db, ids: number[]) {
  const sides = new Map<number, DuplicateSide>();
  if (ids.length === 0) return sides;
  const rows = await db
    .selectFrom("person")
    .leftJoin("admin_unit as village", "village.id", "person.village_id")
    .leftJoin("admin_unit as parent", "parent.id", "village.parent_id")
    .select([
      "person.id",
      "person.name",
      "person.phone",
      "village.name as village",
      "parent.name as parent",
    ])
    .select((eb) => [
      eb
        .selectFrom("checkin")
        .select(sql<number>`count(*)`.as("n"))
        .whereRef("checkin.person_id", "=", "person.id")
        .as("checkins"),
      eb
        .selectFrom("legal_savvy")
        .select("legal_savvy.id")
        .whereRef("legal_savvy.person_id", "=", "person.id")
        .as("roster"),
    ])
    .where("person.id", "in", [...new Set(ids)])
    .execute();
  for (const row of rows) {
    sides.set(row.id, {
      id: row.id,
      name: row.name,
      phone: maskPhone(row.phone),
      village: row.village ? qualifiedName({ name: row.village, parentName: row.parent }) : null,
      checkins: Number(row.checkins ?? 0),
      onRoster: row.roster !== null,
    });
  }
  return sides;
}

async function officeNames(db: Db, paths: string[]) {
  if (paths.length === 0) return new Map<string, string>();
  const rows = await db
    .selectFrom("admin_unit")
    .select(["path", "name"])
    .where("path", "in", paths)
    .execute();
  return new Map(rows.map((row) => [row.path, row.name]));
}

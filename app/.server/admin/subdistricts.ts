import { now } from "../clock";
import type { Db } from "../db";
import { refreshReach } from "../reach/rollup";
import { inSubtree, pathInSubtree } from "../scope";
import { byTreeOrder } from "../units/tree-order";

/**
 * Where a sub-district's targets come from: set on itself, inherited from the nearest unit above
 * that set them (a district's targets hold for its sub-districts, so they count as set), or
 * nowhere, when the built-in defaults hold.
 */
export type TargetsSource =
  | { kind: "own" }
  | { kind: "inherited"; from: string }
  | { kind: "none" };

/** What a sub-district has set up so far: the facts behind its first steps and the admin's lists. */
export type SubdistrictState = {
  id: number;
  name: string;
  path: string;
  /** Villages and communities in use (not retired). */
  villages: number;
  /** Active organiser accounts at the sub-district or below. */
  organisers: number;
  /** 法律明白人 on the rosters (在册) of its villages. */
  onRoster: number;
  targets: TargetsSource;
  /** The newest published (or held) event it or one of its villages hosts, or null. */
  latestEventId: number | null;
  /** Check-ins at the events it or its villages host (the tally, refreshed before reading). */
  checkins: number;
};

const lineage = (path: string) => path.split("/").filter(Boolean).map(Number);

/** Sums `count` of the rows whose path lies in the sub-district's subtree. */
const sumWithin = (rows: { path: string; count: number }[], scopePath: string) =>
  rows.reduce((sum, row) => (pathInSubtree(row.path, scopePath) ? sum + row.count : sum), 0);

/**
 * Each sub-district (not retired) in the caller's subtree with what it has set up, in tree order.
 * A handful of grouped queries, each scoped to the caller's subtree, whatever the number of
 * sub-districts; a village-level caller has none.
 */
export async function subdistrictStates(
  db: Db,
  input: { scopePath: string },
): Promise<SubdistrictState[]> {
  const subdistricts = await db
    .selectFrom("admin_unit")
    .select(["id", "name", "path"])
    .where("level", "=", "subdistrict")
    .where("retired_at", "is", null)
    .where((eb) => inSubtree(eb.ref("path"), input.scopePath))
    .execute();
  if (subdistricts.length === 0) return [];
  await refreshReach(db, now());
  const [villages, organisers, roster, events, checkins, targets] = await Promise.all([
    db
      .selectFrom("admin_unit")
      .select("path")
      .where("level", "=", "village")
      .where("retired_at", "is", null)
      .where((eb) => inSubtree(eb.ref("path"), input.scopePath))
      .execute(),
    db
      .selectFrom("staff_user as u")
      .innerJoin("admin_unit as unit", "unit.id", "u.unit_id")
      .select((eb) => ["unit.path", eb.fn.countAll<number | string>().as("count")])
      .where("u.role", "=", "organiser")
      .where("u.disabled", "=", 0)
      .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
      .groupBy("unit.path")
      .execute(),
    db
      .selectFrom("legal_savvy")
      .innerJoin("admin_unit as village", "village.id", "legal_savvy.village_id")
      .select((eb) => ["village.path", eb.fn.countAll<number | string>().as("count")])
      .where("legal_savvy.status", "=", "active")
      .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
      .groupBy("village.path")
      .execute(),
    db
      .selectFrom("event")
      .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
      .select((eb) => ["host.path", eb.fn.max("event.id").as("latest")])
      .where("event.status", "in", ["published", "held"])
      .where((eb) => inSubtree(eb.ref("host.path"), input.scopePath))
      .groupBy("host.path")
      .execute(),
    db
      .selectFrom("checkin_tally as tally")
      .innerJoin("event", "event.id", "tally.event_id")
      .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
      .select((eb) => ["host.path", eb.fn.sum<number | string>("tally.checkins").as("count")])
      .where((eb) => inSubtree(eb.ref("host.path"), input.scopePath))
      .groupBy("host.path")
      .execute(),
    db
      .selectFrom("unit_target")
      .innerJoin("admin_unit", "admin_unit.id", "unit_target.unit_id")
      .select(["admin_unit.id", "admin_unit.name"])
      .where("admin_unit.id", "in", [...new Set(subdistricts.flatMap((row) => lineage(row.path)))])
      .execute(),
  ]);
  const counted = (rows: { path: string; count: number | string | null }[]) =>
    rows.map((row) => ({ path: row.path, count: Number(row.count ?? 0) }));
  const withTargets = new Map(targets.map((row) => [row.id, row.name]));
  return subdistricts.sort(byTreeOrder).map((unit) => {
    const ids = lineage(unit.path);
    const nearest = ids.toReversed().find((id) => withTargets.has(id));
    const latest = events
      .filter((row) => pathInSubtree(row.path, unit.path))
      .reduce<number | null>((max, row) => Math.max(max ?? 0, Number(row.latest)), null);
    return {
      id: unit.id,
      name: unit.name,
      path: unit.path,
      villages: villages.filter((row) => pathInSubtree(row.path, unit.path)).length,
      organisers: sumWithin(counted(organisers), unit.path),
      onRoster: sumWithin(counted(roster), unit.path),
      targets:
        nearest === undefined
          ? { kind: "none" }
          : nearest === unit.id
            ? { kind: "own" }
            : { kind: "inherited", from: withTargets.get(nearest)! },
      latestEventId: latest,
      checkins: sumWithin(counted(checkins), unit.path),
    };
  });
}

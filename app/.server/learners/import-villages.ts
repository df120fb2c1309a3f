// Finding the village a roster row names. People write "舟山" for 舟山村 and "渔帆社区" for
// 渔帆村, so a name matches on its core (without 村, 社区, 居委会...) when nothing matches
// exactly; a name one character off, or one that holds another, is only suggested.
import type { Db } from "../db";
import { pathInSubtree } from "../scope";
import type { Problem } from "./import-rows";
import { editDistance } from "./similar";

const villageKey = (name: string) => name.normalize("NFKC").replace(/\s+/g, "");

/** The ways a village's name ends, longest first. */
const SUFFIX = /(?:村民委员会|居民委员会|社区居委会|村委会|居委会|社区|村)$/;

/** "舟山村", "舟山社区" and "舟山村委会" all have the core "舟山". */
export const villageCore = (name: string) => {
  const key = villageKey(name);
  const core = key.replace(SUFFIX, "");
  return core || key;
};

/** "横泾街道/舟山村", "横泾街道 · 舟山村" or "舟山村": the names written, from the top down. */
const namesWritten = (text: string) =>
  text
    .normalize("NFKC")
    .split(/[/·・]/)
    .map(villageKey)
    .filter(Boolean);

type Village = { id: number; name: string; path: string; retired: boolean; names: string[] };
export type VillageIndex = { byName: Map<string, Village[]>; byCore: Map<string, Village[]> };

/**
 * The deployment's villages, each with the names of its units from the top down ("吴中区",
 * "横泾街道", "舟山村"): a row's village is found by the last of these, or the last few.
 */
export async function villageIndex(db: Db): Promise<VillageIndex> {
  const units = await db
    .selectFrom("admin_unit")
    .select(["id", "parent_id", "name", "level", "path", "retired_at"])
    .execute();
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  const byName = new Map<string, Village[]>();
  const byCore = new Map<string, Village[]>();
  const add = (map: Map<string, Village[]>, key: string, village: Village) =>
    map.set(key, [...(map.get(key) ?? []), village]);
  for (const unit of units) {
    if (unit.level !== "village") continue;
    const names: string[] = [];
    for (let at: typeof unit | undefined = unit; at; at = byId.get(at.parent_id ?? -1)) {
      names.unshift(villageKey(at.name));
    }
    const village = {
      id: unit.id,
      name: unit.name,
      path: unit.path,
      retired: unit.retired_at !== null,
      names,
    };
    add(byName, villageKey(unit.name), village);
    add(byCore, villageCore(unit.name), village);
  }
  return { byName, byCore };
}

/** The open villages in scope whose core is one edit away from the written one, or holds it. */
function suggestions(index: VillageIndex, input: { core: string; scopePath: string }) {
  const near: Village[] = [];
  for (const [core, villages] of index.byCore) {
    const close =
      editDistance(core, input.core) <= 1 ||
      (input.core.length >= 2 && (core.includes(input.core) || input.core.includes(core)));
    if (!close) continue;
    near.push(...villages.filter((v) => !v.retired && pathInSubtree(v.path, input.scopePath)));
  }
  return near;
}

/**
 * The village a row names, within the importer's units: "舟山村" (or "舟山") where the scope
 * holds one, or the path from below the importer's own unit ("横泾街道/舟山村") where it holds
 * several; a retired village takes no one new. Otherwise the problem, with the candidates named
 * by that path, or the names it may have meant.
 */
export function resolveVillage(
  index: VillageIndex,
  input: { written: string; scopePath: string },
): { village: Village } | { problem: Problem } {
  const names = namesWritten(input.written);
  const last = names.at(-1) ?? "";
  const above = (village: Village) =>
    names.slice(0, -1).every((name, i) => village.names.at(i - names.length) === name);
  let found = (index.byName.get(last) ?? []).filter(above);
  if (found.length === 0) found = (index.byCore.get(villageCore(last)) ?? []).filter(above);
  const inScope = found.filter((village) => pathInSubtree(village.path, input.scopePath));
  const depth = input.scopePath.split("/").filter(Boolean).length;
  const pathOf = (village: Village) => village.names.slice(depth).join("/");
  if (inScope.length === 0) {
    if (found.length > 0) return { problem: { key: "roster.import.problem.villageOutOfScope" } };
    const near = suggestions(index, { core: villageCore(last), scopePath: input.scopePath });
    // Those under the units written above the name first, then any.
    const under = near.filter(above);
    const offered = (under.length > 0 ? under : near).slice(0, 3);
    if (offered.length === 0) return { problem: { key: "roster.import.problem.villageUnknown" } };
    return {
      problem: {
        key: "roster.import.problem.villageDidYouMean",
        values: { name: input.written, candidates: offered.map(pathOf).join("、") },
      },
    };
  }
  const open = inScope.filter((village) => !village.retired);
  if (open.length === 0) {
    return {
      problem: { key: "roster.import.problem.villageRetired", values: { name: input.written } },
    };
  }
  if (open.length > 1) {
    const paths = open.map(pathOf);
    return {
      problem: {
        key: "roster.import.problem.villageAmbiguous",
        values: { name: input.written, candidates: paths.join("、"), example: paths[0]! },
      },
    };
  }
  return { village: open[0]! };
}

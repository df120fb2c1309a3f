import type { Db } from "../db";
import { qrSvg } from "../events/qr";
import type { Role } from "../../../db/schema";
import { assertRole, hasRole, inSubtree, refuseOutOfScope, rolesFor } from "../scope";
import { loadCookieSecret } from "../secret";
import { groupCode, hashPassCode, passCodeOf, passQrText } from "./code";
import { deploymentId } from "./deployment";
import type { Holder, HolderKind } from "./holders";
import { holderInScope, holdersInScope, listedOutside } from "./holders";
import { byTreeOrder } from "../units/tree-order";
import { labelUnits } from "~/lib/unit-label";

// The list of holders with their pass status, one holder's card, and a unit's A4 sheet of cards.
// Only a card carries the code; lists say whether a pass exists and since when.

export type StoredPass = { codeHash: string; nonce: string | null; issuedAt: string };

async function activePasses(db: Db, personIds: number[]) {
  if (personIds.length === 0) return new Map<number, StoredPass>();
  const rows = await db
    .selectFrom("pass")
    .select(["person_id", "code_hash", "nonce", "issued_at"])
    .where("person_id", "in", personIds)
    .where("revoked_at", "is", null)
    .execute();
  return new Map(
    rows.map((row) => [
      row.person_id,
      { codeHash: row.code_hash, nonce: row.nonce, issuedAt: row.issued_at },
    ]),
  );
}

/**
 * The code a stored pass prints, made again from its nonce and the secret; null when that is no
 * longer the code it was issued with (a pass from before codes were hashed, or a changed
 * COOKIE_SECRET): such a card still scans, and is reissued to be printed again.
 */
export function printableCode(secret: string, pass: StoredPass) {
  if (!pass.nonce) return null;
  const code = passCodeOf(secret, pass.nonce);
  return hashPassCode(code) === pass.codeHash ? code : null;
}

export type PassStatus = "active" | "missing";

/**
 * The units of the scope in the tree's order, each with its `label`: "横泾街道 · 舟山村" where its
 * name repeats among them, in filters, on holders' rows and over the sheet's villages alike.
 */
async function scopeUnits(db: Db, scopePath: string) {
  const units = await db
    .selectFrom("admin_unit as unit")
    .leftJoin("admin_unit as parent", "parent.id", "unit.parent_id")
    .select(["unit.id", "unit.name", "unit.path", "unit.level", "parent.name as parentName"])
    .where((eb) => inSubtree(eb.ref("unit.path"), scopePath))
    .execute();
  return labelUnits(units.sort(byTreeOrder));
}

/** Holders in the scope, narrowed by unit, kind and pass status, and the units to filter by. */
export async function listPassHolders(
  db: Db,
  input: { scopePath: string; unitId?: number; kind?: HolderKind; status?: PassStatus },
) {
  const [holders, units] = await Promise.all([
    holdersInScope(db, { scopePath: input.scopePath, unitId: input.unitId, kind: input.kind }),
    scopeUnits(db, input.scopePath),
  ]);
  const labels = new Map(units.map((unit) => [unit.id, unit.label]));
  const passes = await activePasses(
    db,
    holders.map((holder) => holder.personId),
  );
  const rows = holders
    .map((holder) => ({
      personId: holder.personId,
      name: holder.name,
      kind: holder.kind,
      unitName: labels.get(holder.unitId) ?? holder.unitName,
      role: holder.role,
      issuedAt: passes.get(holder.personId)?.issuedAt ?? null,
    }))
    .filter((row) => !input.status || (input.status === "active") === (row.issuedAt !== null));
  return {
    rows,
    units: units
      .filter((unit) => unit.level !== "district")
      .map(({ id, label }) => ({ id, label })),
  };
}

/**
 * The holders of the scope (or of one unit in it) who have no pass yet: those the caller may
 * issue at once, and those a unit above the caller's also lists, whose pass comes from there.
 */
export async function missingPasses(db: Db, input: { scopePath: string; unitId?: number }) {
  const holders = await holdersInScope(db, input);
  const passes = await activePasses(
    db,
    holders.map((holder) => holder.personId),
  );
  const without = holders.filter((holder) => !passes.has(holder.personId));
  const above = await listedOutside(db, {
    personIds: without.map((holder) => holder.personId),
    scopePath: input.scopePath,
  });
  return { issuable: without.length - above.size, heldAbove: above.size };
}

type Card = {
  personId: number;
  name: string;
  kind: HolderKind;
  unitName: string;
  role: string;
  code: string;
  qr: string;
};

async function cardOf(
  holder: Holder,
  pass: StoredPass,
  keys: { secret: string; deployment: string },
): Promise<Card | null> {
  const code = printableCode(keys.secret, pass);
  if (!code) return null;
  return {
    personId: holder.personId,
    name: holder.name,
    kind: holder.kind,
    unitName: holder.unitName,
    role: holder.role,
    code: groupCode(code),
    qr: await qrSvg(passQrText(keys.deployment, code)),
  };
}

async function cardKeys(db: Db) {
  const [secret, deployment] = await Promise.all([loadCookieSecret(db), deploymentId(db)]);
  return { secret, deployment };
}

/**
 * One holder in the scope, whether they hold a pass and how many were revoked, and their card
 * (which carries the code) only for those who issue passes: a reader sees that a pass exists.
 */
export async function passOf(db: Db, input: { personId: number; scopePath: string; role: Role }) {
  const holder = await holderInScope(db, input);
  const [active, revoked] = await Promise.all([
    activePasses(db, [holder.personId]).then((passes) => passes.get(holder.personId)),
    db
      .selectFrom("pass")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("person_id", "=", holder.personId)
      .where("revoked_at", "is not", null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    holder: {
      personId: holder.personId,
      name: holder.name,
      kind: holder.kind,
      unitName: holder.unitName,
      role: holder.role,
    },
    issuedAt: active?.issuedAt ?? null,
    card:
      active && hasRole(input, rolesFor.manageLearners)
        ? await cardOf(holder, active, await cardKeys(db))
        : null,
    revoked: Number(revoked.n),
  };
}

/**
 * The cards of every holder in the scope who has a pass, or of one unit in it, for printing on
 * A4: one section per village or unit, in the tree's order, each headed by its label. Issuers
 * only. Says too how many have no pass yet and how many cannot be printed again.
 */
export async function passSheet(
  db: Db,
  input: { unitId: number | null; scopePath: string; role: Role },
) {
  assertRole(input, rolesFor.manageLearners);
  const units = await scopeUnits(db, input.scopePath);
  const chosen = input.unitId === null ? null : units.find((unit) => unit.id === input.unitId);
  if (chosen === undefined) return refuseOutOfScope(db, "admin_unit", input.unitId!);
  const scope = { scopePath: input.scopePath, unitId: chosen?.id };
  const [holders, missing, keys] = await Promise.all([
    holdersInScope(db, scope),
    missingPasses(db, scope),
    cardKeys(db),
  ]);
  const passes = await activePasses(
    db,
    holders.map((holder) => holder.personId),
  );
  const byUnit = new Map<number, Card[]>();
  let unprintable = 0;
  for (const holder of holders) {
    const pass = passes.get(holder.personId);
    if (!pass) continue;
    const card = await cardOf(holder, pass, keys);
    if (!card) unprintable += 1;
    else byUnit.set(holder.unitId, [...(byUnit.get(holder.unitId) ?? []), card]);
  }
  const sections = units.flatMap((unit) => {
    const cards = byUnit.get(unit.id);
    return cards ? [{ unitId: unit.id, label: unit.label, cards }] : [];
  });
  const scopeUnit = units.find((unit) => unit.path === input.scopePath);
  return {
    unit: chosen ? { id: chosen.id, label: chosen.label } : null,
    scopeName: scopeUnit?.name ?? null,
    sections,
    ...missing,
    unprintable,
  };
}

import type { Db } from "../db";
import { qrSvg } from "../events/qr";
import type { Role } from "../../../db/schema";
import { assertRole, hasRole, inSubtree, refuseOutOfScope, rolesFor } from "../scope";
import { loadCookieSecret } from "../secret";
import { groupCode, hashPassCode, passCodeOf, passQrText } from "./code";
import { deploymentId } from "./deployment";
import type { Holder, HolderKind } from "./holders";
import { holderInScope, holdersInScope } from "./holders";
import { byTreeOrder } from "../units/tree-order";
import { labelUnits, qualifiedName } from "~/lib/unit-label";

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
 * Holders in the scope, narrowed by unit, kind and pass status, and the units to filter by (in
 * the tree's order). A unit is named "横泾街道 · 舟山村" where its name repeats among those units,
 * in the filter and on the holders' rows alike.
 */
export async function listPassHolders(
  db: Db,
  input: { scopePath: string; unitId?: number; kind?: HolderKind; status?: PassStatus },
) {
  const [holders, units] = await Promise.all([
    holdersInScope(db, { scopePath: input.scopePath, unitId: input.unitId, kind: input.kind }),
    db
      .selectFrom("admin_unit as unit")
      .leftJoin("admin_unit as parent", "parent.id", "unit.parent_id")
      .select(["unit.id", "unit.name", "unit.path", "parent.name as parentName"])
      .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
      .where("unit.level", "!=", "district")
      .execute(),
  ]);
  const labelled = labelUnits(units.sort(byTreeOrder));
  const labels = new Map(labelled.map((unit) => [unit.id, unit.label]));
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
  return { rows, units: labelled.map(({ id, label }) => ({ id, label })) };
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
  db: Db,
  holder: Holder,
  pass: StoredPass,
  secret: string,
): Promise<Card | null> {
  const code = printableCode(secret, pass);
  if (!code) return null;
  return {
    personId: holder.personId,
    name: holder.name,
    kind: holder.kind,
    unitName: holder.unitName,
    role: holder.role,
    code: groupCode(code),
    qr: await qrSvg(passQrText(await deploymentId(db), code)),
  };
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
        ? await cardOf(db, holder, active, await loadCookieSecret(db))
        : null,
    revoked: Number(revoked.n),
  };
}

/** The cards of every holder of one unit who has a pass, for printing on A4: issuers only. */
export async function passSheet(db: Db, input: { unitId: number; scopePath: string; role: Role }) {
  assertRole(input, rolesFor.manageLearners);
  const found = await db
    .selectFrom("admin_unit as unit")
    .leftJoin("admin_unit as parent", "parent.id", "unit.parent_id")
    .select((eb) => [
      "unit.id",
      "unit.name",
      "parent.name as parentName",
      // Another unit of the scope with this name: the sheet then says whose it is.
      eb
        .exists(
          eb
            .selectFrom("admin_unit as same")
            .select("same.id")
            .whereRef("same.name", "=", "unit.name")
            .whereRef("same.id", "!=", "unit.id")
            .where((inner) => inSubtree(inner.ref("same.path"), input.scopePath)),
        )
        .as("repeated"),
    ])
    .where("unit.id", "=", input.unitId)
    .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
    .executeTakeFirst();
  if (!found) return refuseOutOfScope(db, "admin_unit", input.unitId);
  const unit = { id: found.id, name: found.repeated ? qualifiedName(found) : found.name };
  const holders = await holdersInScope(db, { unitId: unit.id, scopePath: input.scopePath });
  const passes = await activePasses(
    db,
    holders.map((holder) => holder.personId),
  );
  const cards: Card[] = [];
  let unprintable = 0;
  const secret = await loadCookieSecret(db);
  for (const holder of holders) {
    const pass = passes.get(holder.personId);
    const card = pass ? await cardOf(db, holder, pass, secret) : null;
    if (card) cards.push(card);
    else if (pass) unprintable += 1;
  }
  return { unit, cards, withoutPass: holders.length - cards.length - unprintable, unprintable };
}

import type { PastedLine } from "~/lib/unit-schema";
import { readPastedNames } from "~/lib/unit-schema";
import { inTransaction } from "../../../db/transaction";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRole, rolesFor } from "../scope";
import { placeableParent } from "./placement";

// A sub-district's villages from a pasted list, one name a line: a preview that says what each
// line would become, then every new one created in one transaction, or none.

/** The sub-district the villages go under: the caller's, not retired. */
async function subdistrictOf(db: Db, actor: Actor, id: number) {
  const parent = await placeableParent(db, { id, scopePath: actor.unitPath });
  if (parent.level !== "subdistrict") {
    throw new AppError("BAD_REQUEST", "units.paste.notSubdistrict", "names");
  }
  return parent;
}

async function judge(db: Db, parentId: number, text: string) {
  const siblings = await db
    .selectFrom("admin_unit")
    .select("name")
    .where("parent_id", "=", parentId)
    .execute();
  return readPastedNames(text, new Set(siblings.map((row) => row.name)));
}

/** What each line of the list would become; nothing is written. */
export async function previewVillageList(
  db: Db,
  input: { actor: Actor; parentId: number; text: string },
): Promise<PastedLine[]> {
  assertRole(input.actor, rolesFor.manageAccounts);
  await subdistrictOf(db, input.actor, input.parentId);
  return judge(db, input.parentId, input.text);
}

/**
 * Creates every new village of the list, all or none: a bad line refuses the whole list, names
 * already there or repeated are left as they are, and a name that appeared meanwhile rolls the
 * whole list back.
 */
export async function createVillageList(
  db: Db,
  input: { actor: Actor; parentId: number; text: string },
) {
  assertRole(input.actor, rolesFor.manageAccounts);
  return inTransaction(db, async (trx) => {
    const parent = await subdistrictOf(trx, input.actor, input.parentId);
    const lines = await judge(trx, parent.id, input.text);
    if (lines.some((line) => line.status === "bad")) {
      throw new AppError("BAD_REQUEST", "units.paste.fixBad", "names");
    }
    const names = lines.filter((line) => line.status === "new").map((line) => line.name);
    if (names.length === 0) throw new AppError("BAD_REQUEST", "units.paste.nothingNew", "names");
    const stamp = now();
    for (const name of names) {
      const inserted = await trx
        .insertInto("admin_unit")
        .values({
          parent_id: parent.id,
          name,
          level: "village",
          // The path needs the new id: a unique placeholder until the update below sets it.
          path: `${parent.path}new-${crypto.randomUUID()}`,
          created_at: stamp,
        })
        .onConflict((oc) => oc.columns(["parent_id", "name"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!inserted) throw new AppError("CONFLICT", "units.paste.changed", "names");
      await trx
        .updateTable("admin_unit")
        .set({ path: `${parent.path}${inserted.id}/` })
        .where("id", "=", inserted.id)
        .execute();
    }
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "unit.paste",
      target: `unit:${parent.id}`,
      outcome: "success",
      unit_path: parent.path,
      detail: `count=${names.length}`,
    });
    return { created: names.length };
  });
}

import type { Expression, SqlBool } from "kysely";
import { sql } from "kysely";
import { inTransaction } from "../../../db/transaction";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRole, inSubtree, pathInSubtree, refuseOutOfScope, rolesFor } from "../scope";
import { levelUnder, placeableParent } from "./placement";

// Renaming a unit and moving it under another parent. A unit's path ("/1/2/5/") is stored on the
// unit, on every unit below it and on the audit entries about them (audit_log.unit_path scopes who
// reads an entry); a move rewrites all of them in one transaction, so scope, figures and the log
// follow the unit at once. Everything else refers to units by id and follows by itself.

/** The records a move would leave pointing sideways, by kind; all zero when it may go ahead. */
export type SidewaysCounts = {
  roster: number;
  cadres: number;
  invitations: number;
  events: number;
};

export async function editUnit(
  db: Db,
  input: {
    actor: Actor;
    id: number;
    name: string;
    /** Null: the parent it has (a unit at the top of the caller's tree is only renamed). */
    parentId: number | null;
    confirmVillageUnderDistrict?: boolean;
  },
) {
  const { actor } = input;
  assertRole(actor, rolesFor.manageAccounts);
  return inTransaction(db, async (trx) => {
    const unit = await trx
      .selectFrom("admin_unit")
      .select(["id", "name", "level", "path", "parent_id"])
      .where("id", "=", input.id)
      .where((eb) => inSubtree(eb.ref("path"), actor.unitPath))
      .executeTakeFirst();
    if (!unit) return refuseOutOfScope(trx, "admin_unit", input.id);
    const parentId = input.parentId ?? unit.parent_id;
    const moving = parentId !== unit.parent_id;
    const renaming = input.name !== unit.name;
    if (!moving && !renaming) return { moved: false, renamed: false, path: unit.path };

    let path = unit.path;
    if (moving) {
      const parent = await placeableParent(trx, { id: parentId!, scopePath: actor.unitPath });
      if (pathInSubtree(parent.path, unit.path)) {
        throw new AppError("BAD_REQUEST", "units.error.underItself", "parentId");
      }
      levelUnder(parent, unit.level, input.confirmVillageUnderDistrict, "parentId");
      path = `${parent.path}${unit.id}/`;
    }
    const sibling = await trx
      .selectFrom("admin_unit")
      .select("id")
      .where((eb) =>
        parentId === null ? eb("parent_id", "is", null) : eb("parent_id", "=", parentId),
      )
      .where("name", "=", input.name)
      .where("id", "!=", unit.id)
      .executeTakeFirst();
    if (sibling) throw new AppError("CONFLICT", "form.unitNameTaken", "name");

    await trx
      .updateTable("admin_unit")
      .set({ name: input.name, parent_id: parentId })
      .where("id", "=", unit.id)
      .execute();
    if (moving) {
      await rewritePaths(trx, unit.path, path);
      const sideways = await sidewaysAfterMove(trx, path);
      if (Object.values(sideways).some((n) => n > 0)) {
        // Thrown inside the transaction: the paths written above are rolled back with it.
        throw new AppError("CONFLICT", "units.error.sideways", "parentId", sideways);
      }
      await recordAudit(trx, {
        ...auditBy(actor),
        action: "unit.move",
        target: `unit:${unit.id}`,
        outcome: "success",
        unit_path: path,
        detail: `old_parent=${unit.parent_id} new_parent=${parentId}`,
      });
    }
    if (renaming) {
      await recordAudit(trx, {
        ...auditBy(actor),
        action: "unit.rename",
        target: `unit:${unit.id}`,
        outcome: "success",
        unit_path: path,
        // The name it had: the new one is the unit's own.
        detail: unit.name,
      });
    }
    return { moved: moving, renamed: renaming, path };
  });
}

/**
 * Every stored copy of a path below `from` now starts with `to`: the units of the subtree and the
 * audit entries about them. One statement per table; paths stay unique throughout, since each ends
 * in its own unit's id.
 */
async function rewritePaths(db: Db, from: string, to: string) {
  const moved = (column: Expression<string | null>) =>
    sql<string>`${to} || substr(${column}, ${from.length + 1})`;
  await db
    .updateTable("admin_unit")
    .set((eb) => ({ path: moved(eb.ref("path")) }))
    .where((eb) => inSubtree(eb.ref("path"), from))
    .execute();
  await db
    .updateTable("audit_log")
    .set((eb) => ({ unit_path: moved(eb.ref("unit_path")) }))
    .where((eb) => inSubtree(eb.ref("unit_path"), from))
    .execute();
}

/** `below` is `above` or lies under it, for two path columns (inSubtree takes a fixed scope). */
const within = (below: Expression<string>, above: Expression<string>) =>
  sql<SqlBool>`substr(${below}, 1, length(${above})) = ${above}`;

/**
 * What the subtree now at `path` would share sideways (issue 14's rule: a record points only at
 * people of its own unit or below, and an event is held in a village of its host's area):
 * roster entries, cadres and invitations on one side of the subtree's edge whose person is owned
 * on the other, and events hosted on one side and held in a village on the other.
 */
async function sidewaysAfterMove(db: Db, path: string): Promise<SidewaysCounts> {
  const touching = (record: Expression<string>, owner: Expression<string>) =>
    sql<SqlBool>`(${inSubtree(record, path)} or ${inSubtree(owner, path)})`;
  const count = <T extends { n: number | string } | undefined>(row: T) => Number(row?.n ?? 0);
  const [roster, cadres, invitations, events] = await Promise.all([
    db
      .selectFrom("legal_savvy")
      .innerJoin("admin_unit as rec", "rec.id", "legal_savvy.village_id")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .innerJoin("admin_unit as owner", "owner.id", "person.unit_id")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where((eb) => touching(eb.ref("rec.path"), eb.ref("owner.path")))
      .where((eb) => sql<SqlBool>`not ${within(eb.ref("owner.path"), eb.ref("rec.path"))}`)
      .executeTakeFirst(),
    db
      .selectFrom("cadre")
      .innerJoin("admin_unit as rec", "rec.id", "cadre.unit_id")
      .innerJoin("person", "person.id", "cadre.person_id")
      .innerJoin("admin_unit as owner", "owner.id", "person.unit_id")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where((eb) => touching(eb.ref("rec.path"), eb.ref("owner.path")))
      .where((eb) => sql<SqlBool>`not ${within(eb.ref("owner.path"), eb.ref("rec.path"))}`)
      .executeTakeFirst(),
    db
      .selectFrom("event_invitation")
      .innerJoin("event", "event.id", "event_invitation.event_id")
      .innerJoin("admin_unit as rec", "rec.id", "event.host_unit_id")
      .innerJoin("person", "person.id", "event_invitation.person_id")
      .innerJoin("admin_unit as owner", "owner.id", "person.unit_id")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where((eb) => touching(eb.ref("rec.path"), eb.ref("owner.path")))
      .where((eb) => sql<SqlBool>`not ${within(eb.ref("owner.path"), eb.ref("rec.path"))}`)
      .executeTakeFirst(),
    // A village's events are held in the villages of its sub-district; any other host's, below it.
    db
      .selectFrom("event")
      .innerJoin("admin_unit as host", "host.id", "event.host_unit_id")
      .innerJoin("admin_unit as venue", "venue.id", "event.village_id")
      .leftJoin("admin_unit as office", (join) =>
        join.on(
          sql<SqlBool>`office.id = case when host.level = 'village' then host.parent_id else host.id end`,
        ),
      )
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where((eb) => touching(eb.ref("host.path"), eb.ref("venue.path")))
      .where(
        (eb) =>
          sql<SqlBool>`(${eb.ref("office.path")} is null or not ${within(eb.ref("venue.path"), eb.ref("office.path") as Expression<string>)})`,
      )
      .executeTakeFirst(),
  ]);
  return {
    roster: count(roster),
    cadres: count(cadres),
    invitations: count(invitations),
    events: count(events),
  };
}

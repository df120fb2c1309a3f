import { sql } from "kysely";
import { maskPhone } from "~/lib/checkin-window";
import type { MessageKey } from "~/lib/i18n";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { isPostgres } from "../checkin/dialect";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError, forbidden, notFound } from "../errors";
import { assertRole, inSubtree, rolesFor } from "../scope";
import { inTransaction } from "../../../db/transaction";
import type { DuplicateSide } from "./duplicates";
import { describePeople } from "./duplicates";
import { officePath } from "./find-or-add";

// Two records of one person become one: the record kept takes everything the other held
// (check-ins, invitations, its roster and cadre records with their duties, links and 述法
// records, passes), in one transaction, and the other record goes. Check-ins of both at one event
// keep the earlier one. The reach roll-ups' triggers file the moved check-ins again, so people
// reached, hours and duties then count one person.

export type MergeInput = { actor: Actor; keepId: number; dropId: number };

type Side = {
  id: number;
  name: string;
  phone: string | null;
  village_id: number | null;
  employer: string | null;
  path: string;
  level: "district" | "subdistrict" | "village";
};

/** A roster entry or a cadre record of one of the two. */
type Held = { id: number; person_id: number; unit: number; active: boolean };

/** What merging moves, for the preview; `refusal` says why it cannot be done. */
export type MergePlan = {
  keep: DuplicateSide;
  drop: DuplicateSide;
  /** The kept record's phone once merged (masked), taken from the other when it had none. */
  phone: string;
  checkins: number;
  /** Check-ins of both at one event: the later one goes. */
  sameEvent: number;
  invitations: number;
  roster: "none" | "move" | "fold";
  duties: number;
  links: number;
  cadre: "none" | "move" | "fold";
  reports: number;
  passes: number;
  /** The other record's pass is revoked when both hold one. */
  passRevoked: boolean;
  refusal: MessageKey | null;
};

/** The two records, read within the caller's units; the other is null once merged away. */
async function readPair(db: Db, input: MergeInput, lock: boolean) {
  if (input.keepId === input.dropId) throw new AppError("BAD_REQUEST", "people.mergeSame");
  let query = db
    .selectFrom("person")
    .innerJoin("admin_unit as owner", "owner.id", "person.unit_id")
    .select([
      "person.id",
      "person.name",
      "person.phone",
      "person.village_id",
      "person.employer",
      "owner.path",
      "owner.level",
    ])
    .where("person.id", "in", [input.keepId, input.dropId])
    .where((eb) => inSubtree(eb.ref("owner.path"), input.actor.unitPath));
  // Two merges of the same pair at once: the second waits, then finds the other record gone.
  if (lock && isPostgres(db)) query = query.forUpdate("person");
  const rows: Side[] = await query.execute();
  const keep = rows.find((row) => row.id === input.keepId);
  const drop = rows.find((row) => row.id === input.dropId) ?? null;
  if (!keep) throw (await exists(db, input.keepId)) ? forbidden() : notFound();
  if (!drop && (await exists(db, input.dropId))) throw forbidden();
  return { keep, drop };
}

async function exists(db: Db, id: number) {
  const row = await db.selectFrom("person").select("id").where("id", "=", id).executeTakeFirst();
  return row !== undefined;
}

/** The unit the merged record belongs to: the higher of the two, or their sub-district. */
function commonOwner(keep: Side, drop: Side) {
  const path = keep.path.startsWith(drop.path)
    ? drop.path
    : drop.path.startsWith(keep.path)
      ? keep.path
      : officePath(keep);
  return { path, id: Number(path.split("/").filter(Boolean).at(-1)) };
}

async function recordsOf(db: Db, table: "legal_savvy" | "cadre", ids: number[]) {
  const rows =
    table === "legal_savvy"
      ? await db
          .selectFrom("legal_savvy")
          .select(["id", "person_id", "village_id as unit", "status"])
          .where("person_id", "in", ids)
          .execute()
      : await db
          .selectFrom("cadre")
          .select(["id", "person_id", "unit_id as unit", "status"])
          .where("person_id", "in", ids)
          .execute();
  return rows.map(
    (row): Held => ({
      id: row.id,
      person_id: row.person_id,
      unit: row.unit,
      active: row.status === "active",
    }),
  );
}

/**
 * Which of two records of one kind stays: the active one, else the kept person's. Two active
 * records of different units cannot become one (a person is on one roster, a cadre of one unit).
 */
function survivor(records: Held[], keepId: number) {
  if (records.length < 2) return { stays: records[0] ?? null, goes: null, clash: false };
  const [x, y] = records as [Held, Held];
  if (x.active && y.active && x.unit !== y.unit) return { stays: null, goes: null, clash: true };
  const stays = x.active !== y.active ? (x.active ? x : y) : x.person_id === keepId ? x : y;
  return { stays, goes: stays === x ? y : x, clash: false };
}

async function count(query: { executeTakeFirstOrThrow(): Promise<{ n: unknown }> }) {
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** What merging `dropId` into `keepId` would move, read without writing. */
async function plan(db: Db, input: MergeInput, keep: Side, drop: Side) {
  const ids = [keep.id, drop.id];
  const n = sql<number>`count(*)`.as("n");
  const [checkins, sameEvent, invitations, rosters, cadres, passes, activePasses] =
    await Promise.all([
      count(db.selectFrom("checkin").select(n).where("person_id", "=", drop.id)),
      count(
        db
          .selectFrom("checkin as d")
          .innerJoin("checkin as k", (join) =>
            join.onRef("k.event_id", "=", "d.event_id").on("k.person_id", "=", keep.id),
          )
          .select(n)
          .where("d.person_id", "=", drop.id),
      ),
      count(db.selectFrom("event_invitation").select(n).where("person_id", "=", drop.id)),
      recordsOf(db, "legal_savvy", ids),
      recordsOf(db, "cadre", ids),
      count(db.selectFrom("pass").select(n).where("person_id", "=", drop.id)),
      db
        .selectFrom("pass")
        .select("person_id")
        .where("person_id", "in", ids)
        .where("revoked_at", "is", null)
        .execute(),
    ]);
  const roster = survivor(rosters, keep.id);
  const cadre = survivor(cadres, keep.id);
  const dropRoster = rosters.find((row) => row.person_id === drop.id);
  const dropCadre = cadres.find((row) => row.person_id === drop.id);
  const [duties, links, reports, reportClash] = await Promise.all([
    roster.goes
      ? count(db.selectFrom("duty_entry").select(n).where("legal_savvy_id", "=", roster.goes.id))
      : 0,
    roster.goes
      ? count(db.selectFrom("personal_link").select(n).where("legal_savvy_id", "=", roster.goes.id))
      : 0,
    cadre.goes
      ? count(db.selectFrom("law_duty_report").select(n).where("cadre_id", "=", cadre.goes.id))
      : 0,
    cadre.goes && cadre.stays
      ? count(
          db
            .selectFrom("law_duty_report as g")
            .innerJoin("law_duty_report as s", (join) =>
              join.onRef("s.year", "=", "g.year").on("s.cadre_id", "=", cadre.stays!.id),
            )
            .select(n)
            .where("g.cadre_id", "=", cadre.goes.id),
        )
      : 0,
  ]);
  const owner = commonOwner(keep, drop);
  const phone = keep.phone ?? drop.phone;
  const pairTaken =
    phone !== null &&
    (await db
      .selectFrom("person")
      .select("id")
      .where("unit_id", "=", owner.id)
      .where("phone", "=", phone)
      .where("name", "=", keep.name)
      .where("id", "not in", ids)
      .executeTakeFirst()) !== undefined;
  const refusal: MessageKey | null =
    officePath(keep) !== officePath(drop)
      ? "people.refuseOffices"
      : roster.clash
        ? "people.refuseRosters"
        : cadre.clash
          ? "people.refuseCadres"
          : reportClash > 0
            ? "people.refuseReports"
            : pairTaken
              ? "people.refusePairTaken"
              : null;
  const sides = await describePeople(db, ids);
  return {
    owner,
    rosterFold: roster,
    cadreFold: cadre,
    plan: {
      keep: sides.get(keep.id)!,
      drop: sides.get(drop.id)!,
      phone: maskPhone(phone),
      checkins,
      sameEvent,
      invitations,
      roster: roster.goes ? "fold" : dropRoster ? "move" : "none",
      duties,
      links,
      cadre: cadre.goes ? "fold" : dropCadre ? "move" : "none",
      reports,
      passes,
      passRevoked: new Set(activePasses.map((row) => row.person_id)).size === 2,
      refusal,
    } satisfies MergePlan,
  };
}

/** The preview of a merge: both records (phones masked) and what would move. */
export async function mergePreview(db: Db, input: MergeInput): Promise<MergePlan> {
  assertRole(input.actor, rolesFor.manageLearners);
  const { keep, drop } = await readPair(db, input, false);
  if (!drop) throw notFound();
  return (await plan(db, input, keep, drop)).plan;
}

/**
 * Merges the other record into the kept one, all or nothing, and logs it with counts (no name,
 * no phone). A second submission of a merge already done changes nothing: `merged` is false.
 */
export async function mergePeople(db: Db, input: MergeInput) {
  assertRole(input.actor, rolesFor.manageLearners);
  return inTransaction(db, async (trx) => {
    const { keep, drop } = await readPair(trx, input, true);
    if (!drop) return { merged: false as const };
    const { owner, rosterFold, cadreFold, plan: moves } = await plan(trx, input, keep, drop);
    if (moves.refusal) throw new AppError("CONFLICT", moves.refusal);
    const stamp = now();
    const ids = [keep.id, drop.id];

    // Check-ins of both at one event: the later goes (its trigger takes it out of the figures).
    await sql`delete from checkin where person_id in (${sql.join(ids)}) and exists (
        select 1 from checkin as other
        where other.event_id = checkin.event_id and other.person_id in (${sql.join(ids)})
          and other.id <> checkin.id
          and (other.checked_in_at < checkin.checked_in_at
            or (other.checked_in_at = checkin.checked_in_at and other.id < checkin.id)))`.execute(
      trx,
    );
    await trx
      .updateTable("checkin")
      .set({ person_id: keep.id })
      .where("person_id", "=", drop.id)
      .execute();

    await trx
      .deleteFrom("event_invitation")
      .where("person_id", "=", drop.id)
      .where("event_id", "in", (eb) =>
        eb.selectFrom("event_invitation").select("event_id").where("person_id", "=", keep.id),
      )
      .execute();
    await trx
      .updateTable("event_invitation")
      .set({ person_id: keep.id })
      .where("person_id", "=", drop.id)
      .execute();

    if (rosterFold.stays && rosterFold.goes) {
      const [stays, goes] = [rosterFold.stays.id, rosterFold.goes.id];
      await trx
        .updateTable("duty_entry")
        .set({ legal_savvy_id: stays })
        .where("legal_savvy_id", "=", goes)
        .execute();
      // One open link per entry: the one that goes is revoked when the one that stays has one.
      const open = await trx
        .selectFrom("personal_link")
        .select("id")
        .where("legal_savvy_id", "=", stays)
        .where("revoked_at", "is", null)
        .executeTakeFirst();
      if (open) {
        await trx
          .updateTable("personal_link")
          .set({ revoked_at: stamp, revoked_by: input.actor.id })
          .where("legal_savvy_id", "=", goes)
          .where("revoked_at", "is", null)
          .execute();
      }
      await trx
        .updateTable("personal_link")
        .set({ legal_savvy_id: stays })
        .where("legal_savvy_id", "=", goes)
        .execute();
      await trx.deleteFrom("legal_savvy").where("id", "=", goes).execute();
    }
    await trx
      .updateTable("legal_savvy")
      .set({ person_id: keep.id, updated_at: stamp })
      .where("person_id", "=", drop.id)
      .execute();

    if (cadreFold.stays && cadreFold.goes) {
      await trx
        .updateTable("law_duty_report")
        .set({ cadre_id: cadreFold.stays.id })
        .where("cadre_id", "=", cadreFold.goes.id)
        .execute();
      await trx.deleteFrom("cadre").where("id", "=", cadreFold.goes.id).execute();
    }
    await trx
      .updateTable("cadre")
      .set({ person_id: keep.id, updated_at: stamp })
      .where("person_id", "=", drop.id)
      .execute();

    // One unrevoked pass per person: the other record's goes when both hold one.
    if (moves.passRevoked) {
      await trx
        .updateTable("pass")
        .set({ revoked_at: stamp, revoked_by: input.actor.id })
        .where("person_id", "=", drop.id)
        .where("revoked_at", "is", null)
        .execute();
    }
    await trx
      .updateTable("pass")
      .set({ person_id: keep.id })
      .where("person_id", "=", drop.id)
      .execute();

    // A consent withdrawn under either record stays withdrawn for the one person (one at the
    // same moment as the kept record's is the same withdrawal, and goes with the record).
    await trx
      .updateTable("consent_withdrawal")
      .set({ person_id: keep.id })
      .where("person_id", "=", drop.id)
      .where((eb) =>
        eb(
          "withdrawn_at",
          "not in",
          eb
            .selectFrom("consent_withdrawal as kept")
            .select("kept.withdrawn_at")
            .where("kept.person_id", "=", keep.id),
        ),
      )
      .execute();

    // Marks of "two people" naming the record that goes name nobody any more.
    await trx
      .deleteFrom("person_distinct")
      .where((eb) => eb.or([eb("person_a", "=", drop.id), eb("person_b", "=", drop.id)]))
      .execute();
    await trx.deleteFrom("person").where("id", "=", drop.id).execute();
    await trx
      .updateTable("person")
      .set({
        phone: keep.phone ?? drop.phone,
        village_id: keep.village_id ?? drop.village_id,
        employer: keep.employer ?? drop.employer,
        unit_id: owner.id,
        updated_at: stamp,
      })
      .where("id", "=", keep.id)
      .execute();

    const detail = [
      `merged=${drop.id}`,
      `checkins_moved=${moves.checkins}`,
      `same_event=${moves.sameEvent}`,
      `invitations=${moves.invitations}`,
      `roster_record=${moves.roster}`,
      `cadre_record=${moves.cadre}`,
      `passes=${moves.passes}`,
    ].join(" ");
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "person.merge",
      target: `person:${keep.id}`,
      outcome: "success",
      unit_path: owner.path,
      detail,
    });
    return { merged: true as const, moves };
  });
}

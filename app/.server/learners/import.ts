import type { LegalSavvyCategory } from "../../../db/schema";
import { inTransaction } from "../../../db/transaction";
import { maskPhone } from "~/lib/checkin-window";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError } from "../errors";
import { findOrAddPerson, ownerAfterMove, pairTaken, placeOfUnit } from "../people/find-or-add";
import { assertRole, inSubtree, rolesFor } from "../scope";
import type { Problem, RawRow } from "./import-rows";
import { checkRow } from "./import-rows";
import { resolveVillage, villageIndex } from "./import-villages";
import { nearPhoneFinder } from "./similar";
import { issuePassesOnAdding } from "../passes/issue";

/** One row of the preview: what will happen to it, or why it cannot be imported. */
export type PreviewRow = {
  line: number;
  name: string;
  /** Masked when it is a valid number; as written when it is not (that is the problem). */
  phone: string;
  village: string;
  category: LegalSavvyCategory | null;
  problems: Problem[];
  /** Worth a look before confirming, but no reason to refuse the row. */
  warnings: Problem[];
  outcome: "new" | "update" | null;
};

type GoodRow = {
  name: string;
  phone: string;
  villageId: number;
  villagePath: string;
  category: LegalSavvyCategory;
  recognisedOn: string | null;
  certificateNo: string | null;
  adviser: string | null;
  /** The roster entry this row updates (matched by phone and name), or none: a new entry. */
  learnerId: number | null;
  /** The matched entry's person, and the unit that person belongs to. */
  personId: number | null;
  personUnitId: number | null;
  memberVillageId: number | null;
};

/** Parameters per `in (…)` list, well below what either database takes in one statement. */
const CHUNK = 500;
function chunks<T>(items: T[]) {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Checks every row against the file itself and the database: a village that does not exist, lies
 * outside the caller's units, is retired or is not told apart from another of the same name, a phone that appears twice in the file, a member of the
 * caller's rosters with this phone under another name (a typo would otherwise add a second
 * person). Only the caller's own rosters are read: a phone known to another unit answers as one
 * never seen. Writes nothing.
 */
async function checkRows(db: Db, input: { scopePath: string; rows: RawRow[] }) {
  const checked = input.rows.map((row) => ({ row, ...checkRow(row) }));
  const villages = await villageIndex(db);
  const phones = [...new Set(checked.map((c) => c.fields.phone).filter(Boolean))];
  const members = (
    await Promise.all(
      chunks(phones).map((some) =>
        db
          .selectFrom("legal_savvy")
          .innerJoin("person", "person.id", "legal_savvy.person_id")
          .innerJoin("admin_unit as village", "village.id", "legal_savvy.village_id")
          .select([
            "legal_savvy.id",
            "legal_savvy.person_id",
            "legal_savvy.village_id",
            "person.unit_id",
            "person.name",
            "person.phone",
          ])
          .where("person.phone", "in", some)
          .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
          .execute(),
      ),
    )
  ).flat();
  // The caller's whole roster, for a new row's phone one digit away from a member's.
  const nearPhone = nearPhoneFinder(
    await db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .innerJoin("admin_unit as village", "village.id", "legal_savvy.village_id")
      .select(["person.name", "person.phone"])
      .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
      .execute(),
  );
  const firstLine = new Map<string, number>();
  const preview: PreviewRow[] = [];
  const good: GoodRow[] = [];
  for (const { row, problems, fields } of checked) {
    const resolved = fields.village
      ? resolveVillage(villages, { written: fields.village, scopePath: input.scopePath })
      : null;
    if (resolved && "problem" in resolved) problems.push(resolved.problem);
    const village = resolved && "village" in resolved ? resolved.village : null;
    const earlier = firstLine.get(fields.phone);
    if (fields.phone && earlier !== undefined) {
      problems.push({ key: "roster.import.problem.duplicate", values: { line: earlier } });
    } else if (fields.phone) firstLine.set(fields.phone, row.line);
    const samePhone = members.filter((member) => member.phone === fields.phone);
    const match = samePhone.find((member) => member.name === fields.name);
    if (fields.name && !match && samePhone.length > 0) {
      problems.push({
        key: "roster.import.problem.nameDiffers",
        values: { name: samePhone[0]!.name },
      });
    }
    const ok = problems.length === 0 && village && fields.category;
    const near = ok && !match ? nearPhone(fields) : undefined;
    const warnings: Problem[] = near
      ? [
          {
            key: "roster.import.warning.nearPhone",
            values: { name: near.name, phone: maskPhone(near.phone) },
          },
        ]
      : [];
    preview.push({
      line: row.line,
      name: fields.name || row.name,
      phone: /^\d{11}$/.test(fields.phone) ? maskPhone(fields.phone) : row.phone,
      // The village as found when it was written another way ("舟山" for 舟山村).
      village:
        village && village.name !== row.village ? `${row.village} → ${village.name}` : row.village,
      category: fields.category,
      problems,
      warnings,
      outcome: ok ? (match ? "update" : "new") : null,
    });
    if (ok) {
      good.push({
        ...fields,
        category: fields.category!,
        villageId: village.id,
        villagePath: village.path,
        learnerId: match?.id ?? null,
        personId: match?.person_id ?? null,
        personUnitId: match?.unit_id ?? null,
        memberVillageId: match?.village_id ?? null,
      });
    }
  }
  return { preview, good };
}

/**
 * The unit a matched member belongs to after their row: they move with their entry to its new
 * village, unless other units' records hold them too or someone of that village already has
 * their phone and name; then they stay where they are and only the entry moves.
 */
async function memberOwner(db: Db, row: GoodRow) {
  const moved = await ownerAfterMove(db, {
    person: { id: row.personId!, unitId: row.personUnitId! },
    record: { kind: "roster", id: row.learnerId! },
    from: row.memberVillageId!,
    to: { id: row.villageId, path: row.villagePath },
  });
  if (moved === null || moved === row.personUnitId) return row.personUnitId!;
  const pair = { phone: row.phone, name: row.name, exceptId: row.personId! };
  return (await pairTaken(db, { unitId: moved, ...pair })) ? row.personUnitId! : moved;
}

/** The preview of an upload: every row, bad ones with their reasons, and the totals. */
export async function previewImport(db: Db, input: { actor: Actor; rows: RawRow[] }) {
  assertRole(input.actor, rolesFor.manageLearners);
  const { preview } = await checkRows(db, { scopePath: input.actor.unitPath, rows: input.rows });
  return summarise(preview);
}

function summarise(rows: PreviewRow[]) {
  return {
    rows,
    warned: rows.filter((row) => row.warnings.length > 0).length,
    bad: rows.filter((row) => row.outcome === null).length,
    added: rows.filter((row) => row.outcome === "new").length,
    updated: rows.filter((row) => row.outcome === "update").length,
  };
}

/** Refused when any row is bad: the import is all or nothing. */
export class ImportHasBadRows extends AppError {
  constructor(readonly preview: ReturnType<typeof summarise>) {
    super("BAD_REQUEST", "roster.import.hasBadRows");
  }
}

/**
 * Writes the rows, all or nothing, after checking them again inside the transaction (the rows
 * came back from the browser, and the roster may have changed since the preview). Matched
 * members are updated, never added twice; their status (在册 or 退出) stays as it was.
 */
export async function commitImport(db: Db, input: { actor: Actor; rows: RawRow[] }) {
  assertRole(input.actor, rolesFor.manageLearners);
  return inTransaction(db, async (trx) => {
    const { preview, good } = await checkRows(trx, {
      scopePath: input.actor.unitPath,
      rows: input.rows,
    });
    const summary = summarise(preview);
    if (summary.bad > 0 || good.length === 0) throw new ImportHasBadRows(summary);
    const stamp = now();
    const people: { personId: number; name: string }[] = [];
    for (const row of good) {
      const roster = {
        village_id: row.villageId,
        category: row.category,
        recognised_on: row.recognisedOn,
        certificate_no: row.certificateNo,
        adviser: row.adviser,
        updated_at: stamp,
      };
      if (row.learnerId && row.personId) {
        await trx.updateTable("legal_savvy").set(roster).where("id", "=", row.learnerId).execute();
        await trx
          .updateTable("person")
          .set({
            village_id: row.villageId,
            unit_id: await memberOwner(trx, row),
            updated_at: stamp,
          })
          .where("id", "=", row.personId)
          .execute();
        people.push({ personId: row.personId, name: row.name });
        continue;
      }
      const personId = await findOrAddPerson(
        trx,
        placeOfUnit({ id: row.villageId, path: row.villagePath }),
        {
          name: row.name,
          phone: row.phone,
          villageId: row.villageId,
          employer: null,
          group: "legal_savvy",
        },
        null,
      );
      await trx
        .insertInto("legal_savvy")
        .values({ person_id: personId, ...roster, created_at: stamp })
        .execute();
      people.push({ personId, name: row.name });
    }
    // Every imported holder without a pass gets one, ready for the door.
    await issuePassesOnAdding(trx, { actor: input.actor, people, unitPath: input.actor.unitPath });
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "learner.import",
      target: null,
      outcome: "success",
      unit_path: input.actor.unitPath,
      detail: `rows=${good.length} added=${summary.added} updated=${summary.updated}`,
    });
    return { added: summary.added, updated: summary.updated };
  });
}

import { inTransaction } from "../../../db/transaction";
import type { LawDutyReportInput } from "~/lib/study-schema";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import type { Db } from "../db";
import { AppError, forbidden, notFound } from "../errors";
import { assertRole, inSubtree, rolesFor } from "../scope";

/** 述法 records of the scope's units, newest year first. */
export function listReports(db: Db, input: { scopePath: string }) {
  return db
    .selectFrom("law_duty_report as r")
    .innerJoin("admin_unit as unit", "unit.id", "r.unit_id")
    .innerJoin("cadre", "cadre.id", "r.cadre_id")
    .innerJoin("person", "person.id", "cadre.person_id")
    .select([
      "r.id",
      "r.year",
      "r.form",
      "r.evaluation",
      "person.name",
      "cadre.position",
      "unit.name as unit_name",
    ])
    .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
    .orderBy("r.year", "desc")
    .orderBy("person.name")
    .orderBy("r.id")
    .execute();
}

export async function getReport(db: Db, input: { id: number; scopePath: string }) {
  const report = await db
    .selectFrom("law_duty_report as r")
    .innerJoin("admin_unit as unit", "unit.id", "r.unit_id")
    .select([
      "r.id",
      "r.cadre_id",
      "r.year",
      "r.form",
      "r.evaluation",
      "r.evaluation_note",
      "r.remedial_actions",
    ])
    .where("r.id", "=", input.id)
    .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
    .executeTakeFirst();
  if (report) return report;
  const exists = await db
    .selectFrom("law_duty_report")
    .select("id")
    .where("id", "=", input.id)
    .execute();
  throw exists.length ? forbidden() : notFound();
}

/** The chosen official, if a cadre in the scope: their unit files the record. */
async function requireCadre(db: Db, input: { cadreId: number; scopePath: string }) {
  const cadre = await db
    .selectFrom("cadre")
    .innerJoin("admin_unit as unit", "unit.id", "cadre.unit_id")
    .innerJoin("person", "person.id", "cadre.person_id")
    .select(["cadre.id", "cadre.unit_id", "unit.path", "person.name"])
    .where("cadre.id", "=", input.cadreId)
    .where((eb) => inSubtree(eb.ref("unit.path"), input.scopePath))
    .executeTakeFirst();
  if (!cadre) throw new AppError("FORBIDDEN", "study.form.cadreOutOfScope", "cadreId");
  return cadre;
}

function reportColumns(input: LawDutyReportInput) {
  return {
    cadre_id: input.cadreId,
    year: input.year,
    form: input.form,
    evaluation: input.evaluation,
    evaluation_note: input.evaluationNote,
    remedial_actions: input.remedialActions,
  };
}

const duplicate = () => new AppError("CONFLICT", "study.form.duplicateReport", "year");

/** Adds an official's 述法 record for a year; one per official and year. */
export async function addReport(db: Db, input: { actor: Actor; report: LawDutyReportInput }) {
  assertRole(input.actor, rolesFor.manageLearners);
  return inTransaction(db, async (trx) => {
    const cadre = await requireCadre(trx, {
      cadreId: input.report.cadreId,
      scopePath: input.actor.unitPath,
    });
    const stamp = now();
    const row = await trx
      .insertInto("law_duty_report")
      .values({
        ...reportColumns(input.report),
        unit_id: cadre.unit_id,
        created_by: input.actor.id,
        created_at: stamp,
        updated_at: stamp,
      })
      .onConflict((oc) => oc.columns(["cadre_id", "year"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) throw duplicate();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "study.report_create",
      target: `${cadre.name} ${input.report.year}`,
      outcome: "success",
      unit_path: cadre.path,
    });
    return { id: row.id };
  });
}

export async function updateReport(
  db: Db,
  input: { actor: Actor; id: number; report: LawDutyReportInput },
) {
  assertRole(input.actor, rolesFor.manageLearners);
  await inTransaction(db, async (trx) => {
    const current = await getReport(trx, { id: input.id, scopePath: input.actor.unitPath });
    const cadre = await requireCadre(trx, {
      cadreId: input.report.cadreId,
      scopePath: input.actor.unitPath,
    });
    const taken = await trx
      .selectFrom("law_duty_report")
      .select("id")
      .where("cadre_id", "=", input.report.cadreId)
      .where("year", "=", input.report.year)
      .where("id", "!=", current.id)
      .executeTakeFirst();
    if (taken) throw duplicate();
    await trx
      .updateTable("law_duty_report")
      .set({ ...reportColumns(input.report), unit_id: cadre.unit_id, updated_at: now() })
      .where("id", "=", current.id)
      .execute();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "study.report_update",
      target: `${cadre.name} ${input.report.year}`,
      outcome: "success",
      unit_path: cadre.path,
    });
  });
}

import type { Kysely } from "kysely";
import type { Database, LegalSavvyCategory } from "../../db/schema";
import { unitId } from "./demo";

// Fixtures for the study records: a 法律明白人 on a village's roster and a training with
// attendance, written straight into the database (the roster and the event form's training
// fields belong to other parts of the work; these tests must not depend on them or on demo data).

let serial = 0;
/** A mobile number no other fixture of this process uses. */
export const freshMobile = () =>
  `137${String((process.pid * 1000 + serial++) % 100_000_000).padStart(8, "0")}`;

export async function addLearner(
  db: Kysely<Database>,
  input: { name: string; village: string; category?: LegalSavvyCategory; phone?: string },
) {
  const at = new Date().toISOString();
  const villageId = await unitId(db, input.village);
  const person = await db
    .insertInto("person")
    .values({
      unit_id: villageId,
      phone: input.phone ?? freshMobile(),
      name: input.name,
      village_id: villageId,
      employer: null,
      audience_group: "legal_savvy",
      consent_version: null,
      consented_at: null,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto("legal_savvy")
    .values({
      person_id: person.id,
      village_id: villageId,
      category: input.category ?? "mediator",
      recognised_on: "2023-03-01",
      certificate_no: `FLMBR-${person.id}`,
      adviser: "江苏某律师事务所 陈律师",
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, personId: person.id, villageId };
}

/**
 * An event of 香山街道 from `startsAt` to `endsAt` (UTC ISO), held (or cancelled), with the given
 * people checked in: a training unless `training` is false.
 */
export async function addTraining(
  db: Kysely<Database>,
  input: {
    title: string;
    startsAt: string;
    endsAt: string;
    creditMinutes?: number | null;
    training?: boolean;
    status?: "held" | "cancelled";
    attendees: { personId: number; name: string }[];
  },
) {
  const at = new Date().toISOString();
  const host = await unitId(db, "香山街道");
  const event = await db
    .insertInto("event")
    .values({
      code: `t${Math.random().toString(36).slice(2, 10)}`,
      title: input.title,
      format: "training",
      setting: "agency",
      campaign_id: null,
      host_unit_id: host,
      village_id: null,
      venue: "香山街道办事处会议室",
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      laws: null,
      speaker: null,
      speaker_role: null,
      capacity: null,
      visibility: "internal",
      description: null,
      status: input.status ?? "held",
      cancel_reason: input.status === "cancelled" ? "场地临时维修" : null,
      qr_secret: "x".repeat(32),
      estimated_crowd: null,
      materials_handed_out: null,
      consultations: null,
      summary: null,
      training: input.training === false ? 0 : 1,
      credit_minutes: input.creditMinutes ?? null,
      created_by: null,
      created_at: at,
      updated_at: at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const attendee of input.attendees) {
    await db
      .insertInto("checkin")
      .values({
        event_id: event.id,
        person_id: attendee.personId,
        method: "pass_scan",
        checked_in_at: input.startsAt,
        recorded_by: null,
        consent_version: null,
        name: attendee.name,
        audience_group: "legal_savvy",
        village_id: null,
        employer: null,
        ticket: null,
        device: null,
      })
      .execute();
  }
  return event.id;
}

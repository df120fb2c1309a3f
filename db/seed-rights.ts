import type { Kysely } from "kysely";
import { shanghaiDay } from "../app/lib/time";
import { CONSENT_VERSION } from "../app/lib/checkin-window";
import type { Database } from "./schema";

// The demo's part of the resident's rights (issue 18): three 法律明白人 of 香山街道's 舟山村 who
// agreed to be on the village's public list (one with their phone), so /v/<id> shows what a
// resident sees; and one resident recorded twice, once at the door without a phone, so the
// organiser's possible duplicates have a pair to merge. Neither checks in anywhere: every figure
// of the demo stays as it was.

export async function seedRights(
  trx: Kysely<Database>,
  input: { unitIds: Map<string, number>; nowMs: number; phone: (n: number) => string },
) {
  const zhoushan = input.unitIds.get("舟山村")!;
  const organiser = await trx
    .selectFrom("staff_user")
    .select("id")
    .where("username", "=", "organiser")
    .executeTakeFirstOrThrow();
  const listed = await trx
    .selectFrom("legal_savvy")
    .innerJoin("person", "person.id", "legal_savvy.person_id")
    .select(["legal_savvy.id", "person.phone"])
    .where("legal_savvy.village_id", "=", zhoushan)
    .where("legal_savvy.status", "=", "active")
    .orderBy("legal_savvy.id")
    .limit(3)
    .execute();
  const recordedAt = new Date(input.nowMs - 12 * 86_400_000).toISOString();
  for (const [i, entry] of listed.entries()) {
    const withPhone = i === 0 && entry.phone !== null;
    await trx
      .updateTable("legal_savvy")
      .set({
        publish: withPhone ? "name_phone" : "name",
        publish_phone: withPhone ? entry.phone : null,
        publish_consented_on: shanghaiDay(recordedAt),
        publish_recorded_at: recordedAt,
        publish_recorded_by: organiser.id,
      })
      .where("id", "=", entry.id)
      .execute();
  }
  const twice = {
    name: "周桂英",
    village_id: zhoushan,
    unit_id: zhoushan,
    employer: null,
    audience_group: "elderly" as const,
    consent_version: CONSENT_VERSION,
    consented_at: recordedAt,
    created_at: recordedAt,
    updated_at: recordedAt,
  };
  await trx
    .insertInto("person")
    .values([
      { ...twice, phone: input.phone(93_000) },
      { ...twice, phone: null },
    ])
    .execute();
}

import type { LegalSavvyCategory, PublishScope } from "../../../db/schema";
import { legalSavvyCategories } from "../../../db/schema";
import type { PublishConsentInput } from "~/lib/publish-schema";
import { shanghaiDay } from "~/lib/time";
import { inTransaction } from "../../../db/transaction";
import type { Actor } from "../audit/audit-log";
import { auditBy, recordAudit } from "../audit/audit-log";
import { now } from "../clock";
import { qrSvg } from "../events/qr";
import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import { assertRole, inSubtree, refuseOutOfScope, rolesFor } from "../scope";

// 名单公示 (issue 18 item 7): a 法律明白人 is on their village's public page only once staff have
// recorded that the person agreed, and their phone only if they agreed to that too. Withdrawing
// takes them off at once: the public page reads the roster on every request.

/** A roster entry's listing as staff see it, within the caller's scope; 403 or 404 otherwise. */
export async function publishState(db: Db, input: { id: number; scopePath: string }) {
  const row = await db
    .selectFrom("legal_savvy")
    .innerJoin("person", "person.id", "legal_savvy.person_id")
    .innerJoin("admin_unit as village", "village.id", "legal_savvy.village_id")
    .leftJoin("staff_user as recorder", "recorder.id", "legal_savvy.publish_recorded_by")
    .select([
      "legal_savvy.id",
      "person.name",
      "person.phone",
      "legal_savvy.village_id",
      "village.name as village_name",
      "village.path as village_path",
      "village.retired_at as village_retired_at",
      "legal_savvy.status",
      "legal_savvy.publish",
      "legal_savvy.publish_consented_on",
      "legal_savvy.publish_recorded_at",
      "recorder.display_name as recorded_by",
    ])
    .where("legal_savvy.id", "=", input.id)
    .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
    .executeTakeFirst();
  return row ?? refuseOutOfScope(db, "legal_savvy", input.id);
}

/**
 * Records the person's consent to be listed (and, with `name_phone`, to show their phone), or
 * changes what they agreed to. Only an entry on the roster can be listed, a phone only if one is
 * kept, and the day they agreed cannot lie ahead.
 */
export async function recordPublishConsent(
  db: Db,
  input: { actor: Actor; id: number; consent: PublishConsentInput },
) {
  assertRole(input.actor, rolesFor.manageLearners);
  const { scope, consentedOn } = input.consent;
  return inTransaction(db, async (trx) => {
    const current = await publishState(trx, { id: input.id, scopePath: input.actor.unitPath });
    if (current.status !== "active") throw new AppError("CONFLICT", "publish.notActive", "scope");
    if (scope === "name_phone" && !current.phone) {
      throw new AppError("CONFLICT", "publish.noPhone", "scope");
    }
    if (consentedOn > shanghaiDay(now())) {
      throw new AppError("BAD_REQUEST", "publish.futureDay", "consentedOn");
    }
    await trx
      .updateTable("legal_savvy")
      .set({
        publish: scope,
        publish_phone: scope === "name_phone" ? current.phone : null,
        publish_consented_on: consentedOn,
        publish_recorded_at: now(),
        publish_recorded_by: input.actor.id,
      })
      .where("id", "=", current.id)
      .execute();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: scope === "name_phone" ? "learner.publish_phone" : "learner.publish",
      target: `${current.name}（${current.village_name}）`,
      outcome: "success",
      unit_path: current.village_path,
      detail: null,
    });
    return { name: current.name };
  });
}

/** The person withdrew: off the public page from the next request on. */
export async function withdrawPublishConsent(db: Db, input: { actor: Actor; id: number }) {
  assertRole(input.actor, rolesFor.manageLearners);
  return inTransaction(db, async (trx) => {
    const current = await publishState(trx, { id: input.id, scopePath: input.actor.unitPath });
    if (current.publish === null) throw new AppError("CONFLICT", "publish.notListed", "form");
    await trx
      .updateTable("legal_savvy")
      .set({
        publish: null,
        publish_phone: null,
        publish_consented_on: null,
        publish_recorded_at: now(),
        publish_recorded_by: input.actor.id,
      })
      .where("id", "=", current.id)
      .execute();
    await recordAudit(trx, {
      ...auditBy(input.actor),
      action: "learner.unpublish",
      target: `${current.name}（${current.village_name}）`,
      outcome: "success",
      unit_path: current.village_path,
      detail: null,
    });
    return { name: current.name };
  });
}

/** Who a public listing shows: serving 法律明白人 who agreed, the phone only where they agreed. */
export type ListedPerson = { name: string; category: LegalSavvyCategory; phone: string | null };

export const shownPhone = (
  publish: PublishScope,
  phone: string | null,
  agreedPhone: string | null,
) => (publish === "name_phone" && phone !== null && phone === agreedPhone ? phone : null);

/**
 * A village's public page: its name and its sub-district's, and the serving 法律明白人 who agreed
 * to be listed, by category then name. Not found for an unknown id, a unit that is not a village,
 * or a retired one. Nothing else about a person leaves this function.
 */
export async function publicVillageList(db: Db, input: { villageId: number }) {
  const village = await db
    .selectFrom("admin_unit as village")
    .leftJoin("admin_unit as parent", "parent.id", "village.parent_id")
    .select([
      "village.id",
      "village.name",
      "parent.id as parentId",
      "parent.name as parentName",
      "parent.level as parentLevel",
    ])
    .where("village.id", "=", input.villageId)
    .where("village.level", "=", "village")
    .where("village.retired_at", "is", null)
    .executeTakeFirst();
  if (!village) throw notFound();
  const rows = await db
    .selectFrom("legal_savvy")
    .innerJoin("person", "person.id", "legal_savvy.person_id")
    .select([
      "person.name",
      "person.phone",
      "legal_savvy.category",
      "legal_savvy.publish",
      "legal_savvy.publish_phone",
    ])
    .where("legal_savvy.village_id", "=", village.id)
    .where("legal_savvy.status", "=", "active")
    .where("legal_savvy.publish", "in", ["name", "name_phone"])
    .execute();
  // By category in the roster's order, then by name as a Chinese reader looks one up (pinyin).
  const byName = new Intl.Collator("zh-CN");
  const rank = (category: LegalSavvyCategory) => legalSavvyCategories.indexOf(category);
  const people: ListedPerson[] = rows
    .sort((a, b) => rank(a.category) - rank(b.category) || byName.compare(a.name, b.name))
    .map((row) => ({
      name: row.name,
      category: row.category,
      phone: row.publish ? shownPhone(row.publish, row.phone, row.publish_phone) : null,
    }));
  return {
    name: village.name,
    parentName: village.parentName,
    areaId: village.parentLevel === "subdistrict" ? village.parentId : null,
    people,
  };
}

/**
 * The villages in the caller's scope with how many are listed on each public page (and of them
 * with a phone), for the staff overview and its posters. Retired villages have no page.
 */
export async function publishOverview(db: Db, input: { scopePath: string }) {
  return db
    .selectFrom("admin_unit as village")
    .leftJoin("legal_savvy", (join) =>
      join
        .onRef("legal_savvy.village_id", "=", "village.id")
        .on("legal_savvy.status", "=", "active"),
    )
    .leftJoin("person", "person.id", "legal_savvy.person_id")
    .select((eb) => [
      "village.id",
      eb.fn.count<number>("legal_savvy.id").as("active"),
      eb.fn
        .sum<number>(eb.case().when("legal_savvy.publish", "is not", null).then(1).else(0).end())
        .as("listed"),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when(
              eb.and([
                eb("legal_savvy.publish", "=", "name_phone"),
                eb("legal_savvy.publish_phone", "=", eb.ref("person.phone")),
              ]),
            )
            .then(1)
            .else(0)
            .end(),
        )
        .as("withPhone"),
    ])
    .where("village.level", "=", "village")
    .where("village.retired_at", "is", null)
    .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
    .groupBy("village.id")
    .execute();
}

/** The public list's address; stable for as long as the village is, so posters keep working. */
export const villageListLink = (base: string, villageId: number) => `${base}/v/${villageId}`;

/**
 * The poster of a village of the caller's scope: its name with its sub-district's, and the QR
 * code of its public list. It prints no names: the list on the wall would outlive a withdrawal.
 * A retired village has no page, so no poster.
 */
export async function villagePoster(
  db: Db,
  input: { villageId: number; scopePath: string; base: string },
) {
  const village = await db
    .selectFrom("admin_unit as village")
    .leftJoin("admin_unit as parent", "parent.id", "village.parent_id")
    .select(["village.id", "village.name", "village.retired_at", "parent.name as parentName"])
    .where("village.id", "=", input.villageId)
    .where("village.level", "=", "village")
    .where((eb) => inSubtree(eb.ref("village.path"), input.scopePath))
    .executeTakeFirst();
  if (!village) return refuseOutOfScope(db, "admin_unit", input.villageId);
  if (village.retired_at !== null) throw notFound();
  const link = villageListLink(input.base, village.id);
  return {
    id: village.id,
    title: village.parentName ? `${village.parentName} · ${village.name}` : village.name,
    link,
    qrSvg: await qrSvg(link),
  };
}

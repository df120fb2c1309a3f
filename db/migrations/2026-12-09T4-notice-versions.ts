import type { Kysely } from "kysely";
import { sql } from "kysely";

// Frozen once landed: change the schema in a new migration, never here.

/**
 * Each version of the privacy notice a resident agreed to, kept with its text in both languages
 * and the dates it was shown (issue 18 items 4 and 8): a consent records only the version string,
 * and this table says what that version said. The text keeps its placeholders ({collector}, the
 * office that hosts the event; {period}, the retention period RETENTION_DAYS sets) as the form
 * fills them in. Two
 * kinds: the resident's own notice, and the one a guardian agrees to for a child under 14.
 *
 * Beside it, the withdrawals of consent a resident made from their own phone: the person, the
 * version withdrawn and when. A deleted person takes their withdrawals along.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("privacy_notice")
    .addColumn("version", "text", (col) => col.primaryKey())
    .addColumn("kind", "text", (col) => col.notNull().check(kindCheck))
    .addColumn("text_zh", "text", (col) => col.notNull())
    .addColumn("text_en", "text", (col) => col.notNull())
    .addColumn("valid_from", "text", (col) => col.notNull())
    .addColumn("valid_until", "text")
    .execute();
  await db.insertInto("privacy_notice").values(seeded()).execute();

  await db.schema
    .createTable("consent_withdrawal")
    .addColumn("person_id", "integer", (col) =>
      col.notNull().references("person.id").onDelete("cascade"),
    )
    .addColumn("consent_version", "text")
    .addColumn("withdrawn_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("consent_withdrawal_pk", ["person_id", "withdrawn_at"])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("consent_withdrawal").execute();
  await db.schema.dropTable("privacy_notice").execute();
}

const kindCheck = sql`kind in ('resident', 'guardian')`;

const seeded = () => [
  {
    version: "2026-11-28",
    kind: "resident",
    text_zh:
      "{collector}收集您的姓名、手机号和所在村（社区）或单位，仅用于本次普法活动签到和统计普法覆盖情况，不作他用。信息保存 {period}后删除。您可随时联系{collector}查询、更正或删除您的信息。",
    text_en:
      "{collector} collects your name, mobile number and village or employer only to check you in to this legal-education event and to count who the programme reached. It is deleted after {period}. You can ask {collector} at any time to see, correct or delete it.",
    // Midnight in Shanghai, the day the notice was first shown.
    valid_from: "2026-11-27T16:00:00.000Z",
    valid_until: null,
  },
  {
    version: "guardian-2026-12-09",
    kind: "guardian",
    text_zh:
      "未满14周岁的孩子，须由父母或其他监护人代为填写并同意。{collector}收集孩子的姓名、所在村（社区）或单位和监护人的手机号，仅用于本次普法活动签到和统计普法覆盖情况，不作他用。信息保存 {period}后删除。监护人可在本机“我的签到”中查看、删除，或随时联系{collector}。",
    text_en:
      "A child under 14 is checked in by a parent or other guardian, who fills in the form and agrees for them. {collector} collects the child's name, village or employer and the guardian's mobile number only to check the child in to this legal-education event and to count who the programme reached. It is deleted after {period}. The guardian can see or delete it under “My check-ins” on this phone, or ask {collector} at any time.",
    // First shown when this deployment takes the migration.
    valid_from: new Date().toISOString(),
    valid_until: null,
  },
];

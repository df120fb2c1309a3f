import type { NoticeKind } from "../../../db/schema";
import type { Db } from "../db";

/** One version of the privacy notice, with its text as shown ({collector} and {period} filled in). */
export type NoticeVersion = {
  version: string;
  kind: NoticeKind;
  textZh: string;
  textEn: string;
  validFrom: string;
  /** Null while it is the version shown. */
  validUntil: string | null;
};

const columns = [
  "version",
  "kind",
  "text_zh as textZh",
  "text_en as textEn",
  "valid_from as validFrom",
  "valid_until as validUntil",
] as const;

/** Every version of the notices, oldest first: what a person's consents were given under. */
export function noticeVersions(db: Db): Promise<NoticeVersion[]> {
  return db
    .selectFrom("privacy_notice")
    .select(columns)
    .orderBy("valid_from")
    .orderBy("version")
    .execute();
}

/** The version a consent names, or undefined for a version this deployment never showed. */
export function noticeVersion(db: Db, version: string): Promise<NoticeVersion | undefined> {
  return db
    .selectFrom("privacy_notice")
    .select(columns)
    .where("version", "=", version)
    .executeTakeFirst();
}

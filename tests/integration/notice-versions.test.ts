import { Migrator } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noticeVersion, noticeVersions } from "~/.server/privacy/notice-versions";
import { CONSENT_VERSION, GUARDIAN_CONSENT_VERSION } from "~/lib/checkin-window";
import * as checkinWords from "~/lib/messages/checkin";
import * as residentWords from "~/lib/messages/resident";
import { migrations } from "../../db/migrations";
import { createTestDatabase } from "../support/database";

// Issue 18 item 8: every version of the privacy notice is kept with its text and dates, and the
// notice the form shows is the current version's text. On SQLite and (npm run test:pg) PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.destroy();
});

describe("the notice versions", () => {
  it("the version each form records is the one shown now, with the text the form shows", async () => {
    const current = (await noticeVersions(t.db)).filter((v) => v.validUntil === null);
    expect(current.map((v) => [v.kind, v.version]).sort()).toEqual([
      ["guardian", GUARDIAN_CONSENT_VERSION],
      ["resident", CONSENT_VERSION],
    ]);
    const resident = current.find((v) => v.kind === "resident")!;
    expect(resident.textZh).toBe(checkinWords.zh["checkin.privacy"]);
    expect(resident.textEn).toBe(checkinWords.en["checkin.privacy"]);
    const guardian = current.find((v) => v.kind === "guardian")!;
    expect(guardian.textZh).toBe(residentWords.zh["checkin.guardianNotice"]);
    expect(guardian.textEn).toBe(residentWords.en["checkin.guardianNotice"]);
    for (const version of current) {
      expect(Date.parse(version.validFrom)).toBeLessThanOrEqual(Date.now());
    }
  });

  it("finds a version by the string a consent recorded, and nothing for one never shown", async () => {
    const found = await noticeVersion(t.db, CONSENT_VERSION);
    expect(found).toMatchObject({ version: CONSENT_VERSION, kind: "resident", validUntil: null });
    expect(found?.textZh).toContain("{period}后删除");
    expect(await noticeVersion(t.db, "1999-01-01")).toBeUndefined();
  });

  it("an older version stays readable once a newer one replaces it", async () => {
    await t.db
      .updateTable("privacy_notice")
      .set({ valid_until: "2027-01-01T00:00:00.000Z" })
      .where("version", "=", CONSENT_VERSION)
      .execute();
    await t.db
      .insertInto("privacy_notice")
      .values({
        version: "2027-01-01",
        kind: "resident",
        text_zh: "新的说明",
        text_en: "The new notice",
        valid_from: "2027-01-01T00:00:00.000Z",
        valid_until: null,
      })
      .execute();
    const versions = (await noticeVersions(t.db)).filter((v) => v.kind === "resident");
    expect(versions.map((v) => [v.version, v.validUntil])).toEqual([
      [CONSENT_VERSION, "2027-01-01T00:00:00.000Z"],
      ["2027-01-01", null],
    ]);
  });

  it("refuses a kind of notice that does not exist", async () => {
    await expect(
      t.db
        .insertInto("privacy_notice")
        // @ts-expect-error: not a kind of notice
        .values({ version: "x", kind: "staff", text_zh: "", text_en: "", valid_from: "2027" })
        .execute(),
    ).rejects.toThrow();
  });
});

describe("the migration", () => {
  it("goes down and up again", async () => {
    const fresh = await createTestDatabase({ migrate: false });
    try {
      const migrator = new Migrator({
        db: fresh.db,
        provider: { getMigrations: async () => migrations },
      });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect((await migrator.migrateTo("2026-12-08T2-reach-rollup")).error).toBeUndefined();
      const tables = (await fresh.db.introspection.getTables()).map((table) => table.name);
      expect(tables).not.toContain("privacy_notice");
      expect(tables).not.toContain("consent_withdrawal");
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      expect((await noticeVersions(fresh.db)).map((v) => v.version)).toEqual([
        CONSENT_VERSION,
        GUARDIAN_CONSENT_VERSION,
      ]);
    } finally {
      await fresh.destroy();
    }
  });
});

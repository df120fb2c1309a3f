import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Actor } from "~/.server/audit/audit-log";
import { AppError } from "~/.server/errors";
import type * as Process from "~/.server/photos/process";
import { PhotosRefused, addPhotos } from "~/.server/photos/store";
import { addDutyEntry } from "~/.server/records/duties";
import { createTestDatabase } from "../support/database";
import { demoActor, openEvent, rowCounts } from "../support/demo";
import { phonePhoto } from "../support/photos";
import { addLearner } from "../support/records";

// Review 27, item 5, on SQLite and PostgreSQL: a record's state is read again where its photos
// (or a new duty entry) are written, not only before the seconds of decoding. The decoding is
// the real one; a hook runs once it is done, standing in for another organiser who cancels the
// event or retires the person meanwhile.

const hook = vi.hoisted(() => ({ afterDecode: null as (() => Promise<void>) | null }));

vi.mock("~/.server/photos/process", async (importOriginal) => {
  const original = await importOriginal<typeof Process>();
  return {
    ...original,
    processPhoto: async (bytes: Uint8Array) => {
      const result = await original.processPhoto(bytes);
      await hook.afterDecode?.();
      return result;
    },
  };
});

vi.setConfig({ testTimeout: 60_000 });

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let organiser: Actor;
let photo: Buffer;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  organiser = await demoActor(t.db, "organiser");
  photo = await phonePhoto(400, 300, 90);
});
afterAll(async () => {
  await t?.destroy();
});
beforeEach(() => {
  hook.afterDecode = null;
});

const photoCount = async () =>
  Number(
    (
      await t.db
        .selectFrom("photo")
        .select((eb) => eb.fn.countAll<number | string>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
const auditCount = async () => (await rowCounts(t.db)).audit_log!;
const entryCount = async () => (await rowCounts(t.db)).duty_entry!;

async function refusal(work: Promise<unknown>) {
  const error = await work.then(
    () => null,
    (error: unknown) => error,
  );
  if (!(error instanceof AppError)) throw error ?? new Error("not refused");
  return {
    field: error.field,
    key: error instanceof PhotosRefused ? error.refusal : error.messageKey,
  };
}

describe("an event's photos", () => {
  it("are refused when the event is cancelled or put back to draft while they are decoded", async () => {
    for (const [status, key] of [
      ["cancelled", "photo.closed.cancelled"],
      ["draft", "photo.closed.draft"],
    ] as const) {
      const { id } = await openEvent(t.db, `解码途中：${status}`);
      hook.afterDecode = async () => {
        await t.db
          .updateTable("event")
          .set({ status, cancel_reason: status === "cancelled" ? "暴雨" : null })
          .where("id", "=", id)
          .execute();
      };
      const [photos, audit] = [await photoCount(), await auditCount()];
      expect(
        await refusal(addPhotos(t.db, { actor: organiser, owner: { event: id }, files: [photo] })),
        status,
      ).toEqual({ field: "photos", key });
      expect(await photoCount(), status).toBe(photos);
      expect(await auditCount(), status).toBe(audit);
    }
  });

  it("are kept when the event stays open meanwhile", async () => {
    const { id } = await openEvent(t.db, "解码途中：照常");
    let decoded = 0;
    hook.afterDecode = async () => {
      decoded += 1;
    };
    const photos = await photoCount();
    expect(await addPhotos(t.db, { actor: organiser, owner: { event: id }, files: [photo] })).toBe(
      1,
    );
    expect(decoded).toBe(1);
    expect(await photoCount()).toBe(photos + 1);
  });
});

describe("a staff duty entry with photos", () => {
  const entry = {
    occurredOn: "2024-05-06",
    kind: "publicity" as const,
    served: "村民",
    content: "宣传民法典",
    result: null,
    disputeResolved: null,
  };

  it("is refused when the person leaves the roster while its photos are decoded", async () => {
    const learner = await addLearner(t.db, { name: "解码途中退出", village: "舟山村" });
    hook.afterDecode = async () => {
      await t.db
        .updateTable("legal_savvy")
        .set({ status: "retired", retired_on: "2024-05-07", retire_reason: "迁出" })
        .where("id", "=", learner.id)
        .execute();
    };
    const [entries, photos, audit] = [await entryCount(), await photoCount(), await auditCount()];
    expect(
      await refusal(
        addDutyEntry(t.db, { actor: organiser, legalSavvyId: learner.id, entry, files: [photo] }),
      ),
    ).toEqual({ field: "legalSavvyId", key: "duty.notActive" });
    expect(await entryCount()).toBe(entries);
    expect(await photoCount()).toBe(photos);
    expect(await auditCount()).toBe(audit);
  });

  it("is written when the person stays on it", async () => {
    const learner = await addLearner(t.db, { name: "解码途中在册", village: "舟山村" });
    const [entries, photos] = [await entryCount(), await photoCount()];
    const id = await addDutyEntry(t.db, {
      actor: organiser,
      legalSavvyId: learner.id,
      entry,
      files: [photo],
    });
    expect(typeof id).toBe("number");
    expect(await entryCount()).toBe(entries + 1);
    expect(await photoCount()).toBe(photos + 1);
  });
});

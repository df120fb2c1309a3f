import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { MessageKey } from "~/lib/i18n";
import { createTestDatabase } from "../support/database";
import { Browser } from "../support/http";
import { besideField, hasGps, phonePhoto, pixelBomb } from "../support/photos";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Issue 19 item 1, through real HTTP against the production build, on SQLite and PostgreSQL:
// photos added to an event's report, a study session and a duty entry come out upright and
// without metadata; refused files are refused beside the field with nothing written; the same
// file twice is one photo; only staff of the record's units see or change them.

vi.setConfig({ testTimeout: 120_000 });

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
const browsers: Record<string, Browser> = {};
/** 长沙村's 2024 event (Xiangshan), a 2024 central-group session, a Xiangshan duty entry. */
const EVENT = 2;
const SESSION = 41;
let duty: number;
let phone: Buffer;

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startServer({ databaseUrl: t.url });
  for (const name of ["organiser", "hengjing", "village", "official"]) {
    browsers[name] = new Browser(server.baseUrl, name === "official" ? "en" : "zh-CN");
    await browsers[name].logIn(name);
  }
  const entry = await t.db
    .selectFrom("duty_entry")
    .innerJoin("admin_unit", "admin_unit.id", "duty_entry.village_id")
    .select("duty_entry.id")
    .where("admin_unit.name", "=", "长沙村")
    .orderBy("duty_entry.id")
    .limit(1)
    .executeTakeFirstOrThrow();
  duty = entry.id;
  phone = await phonePhoto();
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

type Upload = { name: string; bytes: Uint8Array; type?: string };

function upload(who: string | null, path: string, files: Upload[], lang = "zh-CN") {
  const body = new FormData();
  body.append("intent", "photos");
  for (const file of files) {
    body.append("photos", new File([Buffer.from(file.bytes)], file.name, { type: file.type }));
  }
  const cookie = who ? browsers[who]!.cookie("pufa_session") : undefined;
  return fetch(server.baseUrl + path, {
    method: "POST",
    headers: {
      Origin: server.baseUrl,
      "Accept-Language": lang,
      ...(cookie ? { Cookie: `pufa_session=${cookie}` } : {}),
    },
    body,
    redirect: "manual",
  });
}

const photoRows = () =>
  t.db
    .selectFrom("photo")
    .select(["id", "event_id", "duty_entry_id", "display_width", "display_height"])
    .orderBy("id")
    .execute();

const auditCount = async () =>
  Number(
    (
      await t.db
        .selectFrom("audit_log")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("adding photos", () => {
  it("keeps a phone photo upright, at 1,600 px and 320 px, with no EXIF or location left", async () => {
    const input = await sharp(phone).metadata();
    expect([input.width, input.height, input.orientation]).toEqual([4000, 3000, 6]);
    expect(hasGps(input.exif)).toBe(true);
    const before = await photoRows();

    const response = await upload("organiser", `/events/${EVENT}/report`, [
      { name: "IMG_0001.JPG", bytes: phone, type: "image/jpeg" },
    ]);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/events/${EVENT}/report`);
    const added = (await photoRows()).filter((row) => !before.some((old) => old.id === row.id));
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ event_id: EVENT, display_width: 1200, display_height: 1600 });

    const organiser = browsers.organiser!;
    const page = await (await organiser.get(`/events/${EVENT}/report`)).text();
    expect(page).toContain(`/photos/${added[0]!.id}/thumb`);
    for (const size of ["display", "thumb"] as const) {
      const served = await organiser.get(`/photos/${added[0]!.id}/${size}`);
      expect(served.status).toBe(200);
      expect(served.headers.get("content-type")).toBe("image/jpeg");
      expect(served.headers.get("cache-control")).toBe("private, no-cache");
      const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
      expect(meta.format).toBe("jpeg");
      expect(meta.height! > meta.width!).toBe(true);
      expect(Math.max(meta.width!, meta.height!)).toBe(size === "display" ? 1600 : 320);
      expect(meta.exif).toBeUndefined();
      expect(meta.orientation).toBeUndefined();
      expect(meta.xmp).toBeUndefined();
      expect(meta.icc).toBeUndefined();
    }
    const entry = await t.db
      .selectFrom("audit_log")
      .select(["actor_username", "detail"])
      .where("action", "=", "event.photo_add")
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ actor_username: "organiser", detail: "photos=1" });
  });

  it("keeps the same file twice as one photo, and takes several at once on a session", async () => {
    const again = await upload("organiser", `/events/${EVENT}/report`, [
      { name: "IMG_0001.JPG", bytes: phone },
    ]);
    expect(again.status).toBe(302);
    const onEvent = (await photoRows()).filter((row) => row.event_id === EVENT);
    const seeded = onEvent.length;

    const before = (await photoRows()).filter((row) => row.event_id === SESSION).length;
    const small = await Promise.all([1, 2, 3].map((n) => phonePhoto(800, 600, 40 * n)));
    const response = await upload("organiser", `/study/sessions/${SESSION}`, [
      ...small.map((bytes, n) => ({ name: `p${n}.jpg`, bytes })),
      { name: "again.jpg", bytes: small[0]! },
    ]);
    expect(response.status).toBe(302);
    expect((await photoRows()).filter((row) => row.event_id === SESSION).length).toBe(before + 3);
    expect((await photoRows()).filter((row) => row.event_id === EVENT).length).toBe(seeded);
    // An official reads the gallery, without the forms that change it.
    const last = (await photoRows()).filter((row) => row.event_id === SESSION).at(-1)!;
    const page = await (await browsers.official!.get(`/study/sessions/${SESSION}`)).text();
    expect(page).toContain(`/photos/${last.id}/thumb`);
    expect(page).not.toContain('name="photos"');
    expect(page).not.toContain('value="deletePhoto"');
  });

  it("refuses what is not a photo or too much, beside the field in either language, writing nothing", async () => {
    const jpeg = await phonePhoto(400, 300);
    const refused: [string, Upload[], MessageKey][] = [
      [
        "a PDF named .jpg",
        [
          {
            name: "photo.jpg",
            bytes: Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer\n%%EOF\n"),
          },
        ],
        "photo.error.notImage",
      ],
      [
        "a text file",
        [{ name: "notes.txt", bytes: Buffer.from("not a photo at all") }],
        "photo.error.notImage",
      ],
      [
        "a truncated JPEG",
        [{ name: "cut.jpg", bytes: jpeg.subarray(0, Math.floor(jpeg.length / 2)) }],
        "photo.error.unreadable",
      ],
      [
        "a file over 15 MB",
        [{ name: "big.jpg", bytes: Buffer.concat([jpeg, Buffer.alloc(15 * 1024 * 1024)]) }],
        "photo.error.tooLarge",
      ],
      [
        "a pixel bomb",
        [{ name: "bomb.png", bytes: await pixelBomb() }],
        "photo.error.tooManyPixels",
      ],
      [
        "ten files",
        Array.from({ length: 10 }, (_, n) => ({ name: `${n}.jpg`, bytes: jpeg })),
        "photo.error.tooMany",
      ],
      [
        "a good photo with a bad one",
        [
          { name: "good.jpg", bytes: jpeg },
          { name: "bad.jpg", bytes: Buffer.from("GIF89a") },
        ],
        "photo.error.notImage",
      ],
      ["no file", [{ name: "", bytes: new Uint8Array() }], "photo.error.none"],
    ];
    const before = await photoRows();
    const audit = await auditCount();
    for (const [what, files, key] of refused) {
      for (const lang of ["zh-CN", "en"] as const) {
        const response = await upload("organiser", `/events/${EVENT}/report`, files, lang);
        expect(response.status, what).toBe(400);
        expect(await response.text(), what).toContain(besideField(lang, key));
      }
    }
    expect(await photoRows()).toEqual(before);
    expect(await auditCount()).toBe(audit);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });

  it("adds photos to a duty entry, shown on its page and counted in the ledger", async () => {
    const bytes = await phonePhoto(640, 480, 90);
    const response = await upload("organiser", `/duties/${duty}`, [{ name: "d.jpg", bytes }]);
    expect(response.status).toBe(302);
    const rows = (await photoRows()).filter((row) => row.duty_entry_id === duty);
    expect(rows).toHaveLength(1);
    const page = await (await browsers.organiser!.get(`/duties/${duty}`)).text();
    expect(page).toContain(`/photos/${rows[0]!.id}/thumb`);
    const entry = await t.db
      .selectFrom("audit_log")
      .select("detail")
      .where("action", "=", "duty.photo_add")
      .executeTakeFirstOrThrow();
    expect(entry.detail).toBe(`entry=${duty} photos=1`);
  });
});

describe("who may", () => {
  it("refuses another sub-district, a village elsewhere, an official and no session; nothing written", async () => {
    const bytes = await phonePhoto(500, 400, 200);
    const before = await photoRows();
    const audit = await auditCount();
    const cases: [string | null, string, number][] = [
      // A record outside the caller's units reads as missing, as an unknown id does.
      ["hengjing", `/events/${EVENT}/report`, 404],
      ["hengjing", `/study/sessions/${SESSION}`, 404],
      ["hengjing", `/duties/${duty}`, 404],
      ["village", `/events/${EVENT}/report`, 404],
      ["village", `/duties/${duty}`, 404],
      ["official", `/events/${EVENT}/report`, 403],
      ["official", `/duties/${duty}`, 403],
      [null, `/events/${EVENT}/report`, 302],
      [null, `/duties/${duty}`, 302],
    ];
    for (const [who, path, status] of cases) {
      const response = await upload(who, path, [{ name: "x.jpg", bytes }]);
      await response.arrayBuffer();
      expect(response.status, `${who} ${path}`).toBe(status);
      if (status === 302) expect(response.headers.get("location")).toMatch(/^\/login/);
    }
    expect(await photoRows()).toEqual(before);
    expect(await auditCount()).toBe(audit);
  });

  it("serves photos only to staff who may see the record", async () => {
    const [eventPhoto] = (await photoRows()).filter((row) => row.event_id === EVENT);
    const [dutyPhoto] = (await photoRows()).filter((row) => row.duty_entry_id === duty);
    for (const id of [eventPhoto!.id, dutyPhoto!.id]) {
      expect((await browsers.official!.get(`/photos/${id}/thumb`)).status).toBe(200);
      expect((await browsers.hengjing!.get(`/photos/${id}/thumb`)).status).toBe(404);
      expect((await browsers.village!.get(`/photos/${id}/display`)).status).toBe(404);
      // The browser asks again every time: the answer is "not modified" only to one who may see it.
      const asked = async (who: string) => {
        const session = browsers[who]!.cookie("pufa_session");
        const first = await fetch(`${server.baseUrl}/photos/${id}/thumb`, {
          headers: { Cookie: `pufa_session=${session}` },
        });
        const etag = first.headers.get("etag") ?? '"none"';
        const again = await fetch(`${server.baseUrl}/photos/${id}/thumb`, {
          headers: { Cookie: `pufa_session=${session}`, "If-None-Match": etag },
        });
        return { status: again.status, length: (await again.arrayBuffer()).byteLength };
      };
      expect(await asked("official")).toEqual({ status: 304, length: 0 });
      expect((await asked("hengjing")).status).toBe(404);
      const stranger = await fetch(`${server.baseUrl}/photos/${id}/thumb`, { redirect: "manual" });
      expect(stranger.status).toBe(302);
      expect(stranger.headers.get("content-type")).not.toBe("image/jpeg");
    }
    expect((await browsers.organiser!.get(`/photos/${eventPhoto!.id}/large`)).status).toBe(404);
    const page = await (await browsers.hengjing!.get(`/events/${EVENT}/report`)).text();
    expect(page).not.toContain(`/photos/${eventPhoto!.id}/`);
  });

  it("lets those who may edit the record delete a photo, logged; no one else", async () => {
    const [photo] = (await photoRows()).filter((row) => row.duty_entry_id === duty);
    const form = { intent: "deletePhoto", photoId: String(photo!.id) };
    expect((await browsers.hengjing!.post(`/duties/${duty}`, form)).status).toBe(404);
    expect((await browsers.official!.post(`/duties/${duty}`, form)).status).toBe(403);
    // Another record's page cannot delete it either.
    expect((await browsers.organiser!.post(`/events/${EVENT}/report`, form)).status).toBe(403);
    expect((await photoRows()).some((row) => row.id === photo!.id)).toBe(true);

    const done = await browsers.organiser!.post(`/duties/${duty}`, form);
    expect(done.status).toBe(302);
    expect((await photoRows()).some((row) => row.id === photo!.id)).toBe(false);
    const entry = await t.db
      .selectFrom("audit_log")
      .select(["actor_username", "detail"])
      .where("action", "=", "duty.photo_delete")
      .executeTakeFirstOrThrow();
    expect(entry).toEqual({ actor_username: "organiser", detail: `entry=${duty} photos=1` });
  });
});

it("deletes a record's photos with the record", async () => {
  const bytes = await phonePhoto(300, 200, 10);
  expect((await upload("organiser", `/duties/${duty}`, [{ name: "d.jpg", bytes }])).status).toBe(
    302,
  );
  expect((await photoRows()).some((row) => row.duty_entry_id === duty)).toBe(true);
  await t.db.deleteFrom("duty_entry").where("id", "=", duty).execute();
  expect((await photoRows()).some((row) => row.duty_entry_id === duty)).toBe(false);
});

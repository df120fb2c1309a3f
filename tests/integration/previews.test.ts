import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelEvent, createEvent } from "../../app/.server/events/events";
import type { EventInput } from "../../app/lib/event-schema";
import { createTestDatabase } from "../support/database";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";
import { PNG_SIGNATURE, pngSize } from "./poster-qr";

// Link previews over real HTTP against the production build: the tags of the home and event pages
// (zh and en) and the card images, on SQLite or (npm run test:pg) PostgreSQL.

const PUBLIC_URL = "https://pufa.example.org";
let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url, env: { PUBLIC_URL } });
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

const YUFAN = 4;

async function actor(username: string) {
  const row = await t.db
    .selectFrom("staff_user")
    .innerJoin("admin_unit", "admin_unit.id", "staff_user.unit_id")
    .select(["staff_user.id", "staff_user.username", "staff_user.role", "admin_unit.path"])
    .where("username", "=", username)
    .executeTakeFirstOrThrow();
  return { id: row.id, username: row.username, role: row.role, unitPath: row.path, ip: null };
}

/** A published public event on 2030-03-15, 14:00–16:00 Shanghai time, in 渔帆村. */
async function makeEvent(title: string, publish = true) {
  const event: EventInput = {
    title,
    format: "lecture",
    setting: "village",
    campaignId: null,
    hostUnitId: YUFAN,
    villageId: YUFAN,
    venue: "村委会二楼会议室",
    startsAt: "2030-03-15T06:00:00.000Z",
    endsAt: "2030-03-15T08:00:00.000Z",
    audience: ["villager"],
    laws: null,
    speaker: null,
    speakerRole: null,
    capacity: null,
    visibility: "public",
    description: null,
    rotatingQr: false,
    invitees: [],
  };
  return createEvent(t.db, { actor: await actor("organiser"), event, publish });
}

const zh = () => new Browser(server.baseUrl);
const en = () => new Browser(server.baseUrl, "en");

/** The content of each `<meta>` by its property or name, as the HTML carries it (escaped). */
function metaTags(html: string) {
  const tags = new Map<string, string>();
  for (const [tag] of html.matchAll(/<meta [^>]*>/g)) {
    const key = /(?:property|name)="([^"]+)"/.exec(tag)?.[1];
    const content = /content="([^"]*)"/.exec(tag)?.[1];
    if (key && content !== undefined) tags.set(key, content);
  }
  return tags;
}

async function pixels(png: Uint8Array) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { data, info };
}

describe("an event page's link preview", () => {
  it("gives title, day, time and place, and an absolute card address, in Chinese and English", async () => {
    const { code } = await makeEvent("民法典进村讲座");
    const page = await zh().get(`/e/${code}`);
    const tags = metaTags(await page.text());
    expect(tags.get("og:title")).toBe("民法典进村讲座");
    expect(tags.get("og:description")).toBe(
      "2030年3月15日 周五 14:00–16:00，村委会二楼会议室（渔帆村）",
    );
    expect(tags.get("description")).toBe(tags.get("og:description"));
    expect(tags.get("og:url")).toBe(`${PUBLIC_URL}/e/${code}`);
    expect(tags.get("og:image")).toMatch(
      new RegExp(`^${PUBLIC_URL}/e/${code}/card\\.png\\?lang=zh-CN&amp;v=[\\w-]{16}$`),
    );
    expect(tags.get("og:image:width")).toBe("1200");
    expect(tags.get("og:image:height")).toBe("630");

    const english = metaTags(await (await en().get(`/e/${code}`)).text());
    expect(english.get("og:description")).toBe(
      "Fri, Mar 15, 2030, 14:00–16:00, 村委会二楼会议室 (渔帆村)",
    );
    expect(english.get("og:image")).toContain(`/e/${code}/card.png?lang=en&amp;`);
  });

  it("escapes a hostile title in every tag", async () => {
    const hostile = `"><script>alert(1)</script> 'x' & y`;
    const { code } = await makeEvent(hostile);
    const html = await (await zh().get(`/e/${code}`)).text();
    expect(html).not.toContain("<script>alert(1)");
    const tags = metaTags(html);
    const escaped = "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; &#x27;x&#x27; &amp; y";
    expect(tags.get("og:title")).toBe(escaped);
    expect(tags.get("og:image:alt")).toBe(escaped);
    const card = await zh().get(`/e/${code}/card.png`);
    expect(card.status).toBe(200);
    expect(card.headers.get("content-type")).toBe("image/png");
  });

  it("says a cancelled event is cancelled and offers no card", async () => {
    const { id, code } = await makeEvent("取消的讲座");
    await cancelEvent(t.db, { actor: await actor("organiser"), id, reason: "场地维修" });
    const tags = metaTags(await (await zh().get(`/e/${code}`)).text());
    expect(tags.get("og:description")).toMatch(/^本活动已取消。/);
    expect(tags.has("og:image")).toBe(false);
  });
});

describe("the home page's link preview", () => {
  it("names the area it serves, with a card, in both languages", async () => {
    const tags = metaTags(await (await zh().get("/")).text());
    expect(tags.get("og:title")).toBe("普法工作平台");
    expect(tags.get("og:description")).toContain("吴中区的普法讲座");
    expect(tags.get("og:image")).toMatch(
      new RegExp(`^${PUBLIC_URL}/card\\.png\\?lang=zh-CN&amp;v=`),
    );
    const english = metaTags(await (await en().get("/")).text());
    expect(english.get("og:title")).toBe("Legal-education outreach");
    expect(english.get("og:description")).toContain("in 吴中区");

    const card = await zh().get("/card.png?lang=en");
    expect(card.headers.get("content-type")).toBe("image/png");
    expect(pngSize(new Uint8Array(await card.arrayBuffer()))).toEqual({ width: 1200, height: 630 });
  });
});

describe("an event's card image", () => {
  it("is a 1200×630 PNG, not blank, drawn from its own event", async () => {
    // Same length, same time and place: the card is drawn from its own event (that the characters
    // come from a real font, not boxes, is tests/unit/preview-card.test.ts).
    const first = await makeEvent("民法典讲座甲");
    const second = await makeEvent("反诈骗宣传乙");
    const a = await zh().get(`/e/${first.code}/card.png?lang=zh-CN`);
    expect(a.status).toBe(200);
    expect(a.headers.get("content-type")).toBe("image/png");
    const bytesA = new Uint8Array(await a.arrayBuffer());
    expect([...bytesA.slice(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(bytesA)).toEqual({ width: 1200, height: 630 });
    const bytesB = new Uint8Array(
      await (await zh().get(`/e/${second.code}/card.png`)).arrayBuffer(),
    );

    const pa = await pixels(bytesA);
    const pb = await pixels(bytesB);
    expect(pa.info).toMatchObject({ width: 1200, height: 630 });
    // Not blank: many pixels differ from the background's.
    const [r, g, b] = pa.data;
    let inked = 0;
    for (let i = 0; i < pa.data.length; i += pa.info.channels) {
      if (pa.data[i] !== r || pa.data[i + 1] !== g || pa.data[i + 2] !== b) inked++;
    }
    expect(inked).toBeGreaterThan(1200 * 630 * 0.05);
    // Another title, another picture.
    let differing = 0;
    for (let i = 0; i < pa.data.length; i++) if (pa.data[i] !== pb.data[i]) differing++;
    expect(differing).toBeGreaterThan(2000);
  });

  it("is cached: public for ten minutes, and 304 for the ETag it gave", async () => {
    const { code } = await makeEvent("缓存讲座");
    const first = await zh().get(`/e/${code}/card.png`);
    expect(first.headers.get("cache-control")).toBe("public, max-age=600");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[\w-]+-zh-CN"$/);
    const again = await fetch(`${server.baseUrl}/e/${code}/card.png`, {
      headers: { "If-None-Match": etag ?? "" },
    });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    // Another language is another card.
    const english = await zh().get(`/e/${code}/card.png?lang=en`);
    expect(english.headers.get("etag")).not.toBe(etag);
  });

  it("is not found for an unknown, draft, cancelled or internal event, with no image", async () => {
    const draft = await makeEvent("草稿讲座", false);
    const cancelled = await makeEvent("取消讲座");
    await cancelEvent(t.db, { actor: await actor("organiser"), id: cancelled.id, reason: "下雨" });
    const internal = await makeEvent("内部机密培训");
    await t.db
      .updateTable("event")
      .set({ visibility: "internal" })
      .where("id", "=", internal.id)
      .execute();
    for (const code of ["nosuchcd", draft.code, cancelled.code, internal.code]) {
      const card = await zh().get(`/e/${code}/card.png`);
      expect(card.status, code).toBe(404);
      expect(card.headers.get("content-type")).not.toContain("image");
      expect(await card.text()).not.toContain("内部机密培训");
    }
    const page = await zh().get(`/e/${internal.code}`);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain("内部机密培训");
  });
});

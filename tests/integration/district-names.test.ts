import http from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "~/.server/audit/audit-log";
import { eventFormOptions } from "~/.server/events/event-form-options";
import { listVillagesInScope } from "~/.server/events/event-list-query";
import { createEvent } from "~/.server/events/events";
import { publicAreaPage, publicHome } from "~/.server/events/public-events";
import { commitImport, previewImport } from "~/.server/learners/import";
import type { RawRow } from "~/.server/learners/import-rows";
import { listPassHolders } from "~/.server/passes/cards";
import { createUnit, describeCoverage, villagesOfArea } from "~/.server/units/units";
import { CONSENT_VERSION } from "~/lib/checkin-window";
import { createTestDatabase } from "../support/database";
import { demoActor, eventInput, unitId, unitUnder } from "../support/demo";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Issue 15, items 3 and 5: the two 舟山村 of the demo told apart wherever a district-wide view
// lists villages, retired villages no longer offered, roster imports resolving a village within
// the importer's scope, the public home page counting the district, and a sub-district's own
// public page; domain functions and real HTTP on SQLite and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let admin: Actor;
let organiser: Actor;
let hengjing: Actor;
let district: number;
let xiangshan: number;
let hengjingArea: number;
let xsZhoushan: number;
let hjZhoushan: number;

const XS = "香山街道 · 舟山村";
const HJ = "横泾街道 · 舟山村";

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  admin = await demoActor(t.db, "admin");
  organiser = await demoActor(t.db, "organiser");
  hengjing = await demoActor(t.db, "hengjing");
  district = await unitId(t.db, "吴中区");
  xiangshan = await unitId(t.db, "香山街道");
  hengjingArea = await unitId(t.db, "横泾街道");
  xsZhoushan = (await unitUnder(t.db, "香山街道", "舟山村")).id;
  hjZhoushan = (await unitUnder(t.db, "横泾街道", "舟山村")).id;
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

async function as(username: string, lang?: string) {
  const browser = new Browser(server.baseUrl, lang);
  await browser.logIn(username);
  return browser;
}

/** The text of every option of the select named `name` on a page. */
function optionsOf(html: string, name: string) {
  const select = new RegExp(`<select[^>]*name="${name}"[^>]*>(.*?)</select>`, "s").exec(html);
  return [...(select?.[1] ?? "").matchAll(/<option[^>]*>([^<]*)<\/option>/g)].map((m) => m[1]);
}

const labelsOf = (units: { id: number; label: string }[]) =>
  Object.fromEntries(units.map((unit) => [unit.id, unit.label]));

/** A public event starting in `hours` (negative: already running), for two hours. */
async function publicEvent(
  actor: Actor,
  fields: { title: string; hostUnitId: number; villageId: number | null; hours: number },
) {
  const start = Date.now() + fields.hours * 3_600_000;
  const { hours: _hours, ...event } = fields;
  return createEvent(t.db, {
    actor,
    publish: true,
    event: await eventInput(t.db, {
      ...event,
      visibility: "public",
      invitees: [],
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * 3_600_000).toISOString(),
    }),
  });
}

describe("villages named apart", () => {
  it("qualifies the two 舟山村 in a district's lists, and no name in a sub-district's own", async () => {
    const wide = labelsOf(await listVillagesInScope(t.db, { scopePath: admin.unitPath }));
    expect(wide[xsZhoushan]).toBe(XS);
    expect(wide[hjZhoushan]).toBe(HJ);
    expect(wide[await unitId(t.db, "渔帆村")]).toBe("渔帆村");
    const own = await listVillagesInScope(t.db, { scopePath: organiser.unitPath });
    expect(own).toHaveLength(13);
    expect(labelsOf(own)[xsZhoushan]).toBe("舟山村");

    const form = labelsOf((await eventFormOptions(t.db, { scopePath: admin.unitPath })).villages);
    expect([form[xsZhoushan], form[hjZhoushan]]).toEqual([XS, HJ]);
    const passes = labelsOf((await listPassHolders(t.db, { scopePath: admin.unitPath })).units);
    expect([passes[xsZhoushan], passes[hjZhoushan], passes[xiangshan]]).toEqual([
      XS,
      HJ,
      "香山街道",
    ]);

    const districtWide = await villagesOfArea(t.db, {
      id: district,
      level: "district",
      parentId: null,
    });
    expect(districtWide).toHaveLength(25);
    expect(districtWide.filter((v) => v.label.includes(" · ")).map((v) => v.label)).toEqual([
      XS,
      HJ,
    ]);
    const hosted = await villagesOfArea(t.db, {
      id: hjZhoushan,
      level: "village",
      parentId: hengjingArea,
    });
    expect(hosted.map((v) => v.label)).toContain("舟山村");
    expect(hosted).toHaveLength(12);
  });

  it("shows the labels in the events, roster and passes filters and the forms of a district admin", async () => {
    const browser = await as("admin");
    for (const [path, name] of [
      ["/events", "village"],
      ["/events/new", "villageId"],
      ["/learners", "village"],
      ["/learners/new", "villageId"],
      ["/passes", "unit"],
    ] as const) {
      const page = await (await browser.get(path)).text();
      const options = optionsOf(page, name);
      expect(options, path).toContain(XS);
      expect(options, path).toContain(HJ);
      expect(options, path).not.toContain("舟山村");
    }
    const sheet = await (await browser.get(`/passes/sheet?village=${hjZhoushan}`)).text();
    expect(sheet).toContain(HJ);
    const mine = await as("hengjing");
    expect(optionsOf(await (await mine.get("/events")).text(), "village")).toContain("舟山村");
  });
});

describe("the resident's page of a district's event", () => {
  it("offers every village of the district, the two 舟山村 told apart, within its weight", async () => {
    const event = await publicEvent(admin, {
      title: "全区民法典宣讲",
      hostUnitId: district,
      villageId: null,
      hours: -0.5,
    });
    const resident = new Browser(server.baseUrl);
    const page = await (await resident.get(`/c/${event.code}`)).text();
    const options = optionsOf(page, "villageId");
    expect(options).toHaveLength(26);
    expect(options).toContain(XS);
    expect(options).toContain(HJ);

    const zipped = await new Promise<Buffer>((done, fail) => {
      http
        .get(
          `${server.baseUrl}/c/${event.code}`,
          { headers: { "Accept-Encoding": "gzip", "Accept-Language": "zh-CN" } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (chunk: Buffer) => chunks.push(chunk));
            res.on("end", () => done(Buffer.concat(chunks)));
          },
        )
        .on("error", fail);
    });
    expect(gunzipSync(zipped).toString("utf8")).toContain(HJ);
    // A district's 25 villages: the page stays near a sub-district's (about 2.2 KB).
    expect(zipped.length).toBeLessThanOrEqual(3 * 1024);

    const answer = await resident.post(`/c/${event.code}`, {
      intent: "checkin",
      name: "横泾居民",
      phone: "13912345678",
      villageId: String(hjZhoushan),
      employer: "",
      group: "villager",
      consent: "on",
      consentVersion: CONSENT_VERSION,
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain("签到成功");
    const stored = await t.db
      .selectFrom("checkin")
      .select("village_id")
      .where("event_id", "=", event.id)
      .executeTakeFirstOrThrow();
    expect(stored.village_id).toBe(hjZhoushan);
  });
});

describe("roster import", () => {
  const row = (line: number, village: string, phone: string): RawRow => ({
    line,
    name: `导入${line}`,
    phone,
    village,
    category: "调解员",
    recognisedOn: "",
    certificateNo: "",
    adviser: "",
  });

  it("refuses a district's 舟山村 with both candidates named and takes 横泾街道/舟山村", async () => {
    const rows = [
      row(2, "舟山村", "13911110001"),
      row(3, "横泾街道/舟山村", "13911110002"),
      row(4, "香山街道 · 舟山村", "13911110003"),
      row(5, "吴中区/横泾街道/舟山村", "13911110004"),
      row(6, "横泾街道/渔帆村", "13911110005"),
    ];
    const preview = await previewImport(t.db, { actor: admin, rows });
    expect(preview.rows.map((r) => r.problems)).toEqual([
      [
        {
          key: "roster.import.problem.villageAmbiguous",
          values: {
            name: "舟山村",
            candidates: "香山街道/舟山村、横泾街道/舟山村",
            example: "香山街道/舟山村",
          },
        },
      ],
      [],
      [],
      [],
      // 横泾街道 has no 渔帆村: the one there is is offered, by its path.
      [
        {
          key: "roster.import.problem.villageDidYouMean",
          values: { name: "横泾街道/渔帆村", candidates: "香山街道/渔帆村" },
        },
      ],
    ]);
    const done = await commitImport(t.db, { actor: admin, rows: rows.slice(1, 4) });
    expect(done).toEqual({ added: 3, updated: 0 });
    const filed = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .select(["person.phone", "legal_savvy.village_id"])
      .where("person.phone", "in", ["13911110002", "13911110003", "13911110004"])
      .orderBy("person.phone")
      .execute();
    expect(filed.map((r) => r.village_id)).toEqual([hjZhoushan, xsZhoushan, hjZhoushan]);
  });

  it("takes 舟山 for 舟山村 where it is one, and still asks which where the district holds two", async () => {
    const rows = [
      row(2, "舟山", "13911110031"),
      row(3, "横泾街道/舟山", "13911110032"),
      row(4, "香山街道/舟山村委会", "13911110033"),
      row(5, "横泾街道/舟三村", "13911110034"),
    ];
    const preview = await previewImport(t.db, { actor: admin, rows });
    expect(preview.rows.map((r) => r.problems)).toEqual([
      [
        {
          key: "roster.import.problem.villageAmbiguous",
          values: {
            name: "舟山",
            candidates: "香山街道/舟山村、横泾街道/舟山村",
            example: "香山街道/舟山村",
          },
        },
      ],
      [],
      [],
      [
        {
          key: "roster.import.problem.villageDidYouMean",
          values: { name: "横泾街道/舟三村", candidates: "横泾街道/舟山村" },
        },
      ],
    ]);
    expect(preview.rows[1]!.village).toBe("横泾街道/舟山 → 舟山村");
    const own = await previewImport(t.db, {
      actor: hengjing,
      rows: [row(2, "舟山", "13911110035")],
    });
    expect(own.rows[0]).toMatchObject({ problems: [], outcome: "new" });
    await commitImport(t.db, { actor: admin, rows: rows.slice(1, 3) });
    const filed = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .select("legal_savvy.village_id")
      .where("person.phone", "in", ["13911110032", "13911110033"])
      .orderBy("person.phone")
      .execute();
    expect(filed.map((r) => r.village_id)).toEqual([hjZhoushan, xsZhoushan]);
  });

  it("finds a sub-district's own 舟山村 by its name alone", async () => {
    const mine = await previewImport(t.db, {
      actor: hengjing,
      rows: [row(2, "舟山村", "13911110011"), row(3, "香山街道/舟山村", "13911110012")],
    });
    expect(mine.rows.map((r) => r.problems.map((p) => p.key))).toEqual([
      [],
      ["roster.import.problem.villageOutOfScope"],
    ]);
    await commitImport(t.db, { actor: hengjing, rows: [row(2, "舟山村", "13911110011")] });
    const filed = await t.db
      .selectFrom("legal_savvy")
      .innerJoin("person", "person.id", "legal_savvy.person_id")
      .select("legal_savvy.village_id")
      .where("person.phone", "=", "13911110011")
      .executeTakeFirstOrThrow();
    expect(filed.village_id).toBe(hjZhoushan);
  });

  it("shows the reason beside the row in the preview", async () => {
    const browser = await as("admin");
    const body = new FormData();
    body.append("intent", "preview");
    const csv = ["姓名,手机号,村（社区）,类别", "重名甲,13911110021,舟山村,调解员"].join("\n");
    body.append("file", new File([csv], "roster.csv"));
    const res = await fetch(`${server.baseUrl}/learners/import`, {
      method: "POST",
      headers: {
        Cookie: `pufa_session=${browser.cookie("pufa_session")}`,
        Origin: server.baseUrl,
        "Accept-Language": "zh-CN",
      },
      body,
    });
    const page = await res.text();
    expect(page).toContain(
      "有多个“舟山村”：香山街道/舟山村、横泾街道/舟山村。请写明所属街道，如“香山街道/舟山村”",
    );
  });
});

describe("public pages", () => {
  it("counts the district's sub-districts and villages on the home page", async () => {
    expect(await describeCoverage(t.db)).toMatchObject({
      unit: "吴中区",
      level: "district",
      villageCount: 25,
      areas: [
        { id: xiangshan, name: "香山街道" },
        { id: hengjingArea, name: "横泾街道" },
      ],
    });
    const zh = await (await new Browser(server.baseUrl).get("/")).text();
    expect(zh).toContain("吴中区：2 个街道（镇）、25 个村（社区）");
    expect(zh).toContain(`href="/s/${hengjingArea}"`);
    const en = await (await new Browser(server.baseUrl, "en").get("/")).text();
    expect(en).toContain("吴中区: 2 sub-districts and towns, 25 villages and communities");
  });

  it("gives each sub-district a page of its own events, and the home page filters by sub-district", async () => {
    await publicEvent(hengjing, {
      title: "横泾舟山村讲座",
      hostUnitId: hengjingArea,
      villageId: hjZhoushan,
      hours: 48,
    });
    await publicEvent(admin, {
      title: "区里在上林村的讲座",
      hostUnitId: district,
      villageId: await unitId(t.db, "上林村"),
      hours: 49,
    });
    await publicEvent(organiser, {
      title: "香山舟山村讲座",
      hostUnitId: xiangshan,
      villageId: xsZhoushan,
      hours: 50,
    });
    const own = await publicAreaPage(t.db, { id: hengjingArea, now: new Date().toISOString() });
    expect(own.name).toBe("横泾街道");
    expect(own.villages).toHaveLength(12);
    expect(own.events.map((e) => e.title)).toEqual(["横泾舟山村讲座", "区里在上林村的讲座"]);
    expect(own.events[0]!.village_name).toBe("舟山村");

    const page = await (await new Browser(server.baseUrl).get(`/s/${hengjingArea}`)).text();
    expect(page).toContain("横泾街道普法活动");
    expect(page).toContain("横泾舟山村讲座");
    expect(page).not.toContain("香山舟山村讲座");
    for (const other of [district, hjZhoushan, 999_999]) {
      expect((await new Browser(server.baseUrl).get(`/s/${other}`)).status).toBe(404);
    }

    const home = await publicHome(t.db, {
      now: new Date().toISOString(),
      params: new URLSearchParams({ area: String(hengjingArea), village: String(xsZhoushan) }),
    });
    // A village of another sub-district is dropped with the narrowed list.
    expect(home.filters).toMatchObject({ area: hengjingArea, village: undefined });
    const titles = home.events.map((e) => e.title);
    expect(titles).toContain("横泾舟山村讲座");
    expect(titles).not.toContain("香山舟山村讲座");
    expect(home.events.find((e) => e.title === "横泾舟山村讲座")!.village_name).toBe(HJ);

    const narrowed = await (await new Browser(server.baseUrl).get(`/?area=${hengjingArea}`)).text();
    const villages = optionsOf(narrowed, "village");
    expect(villages).toHaveLength(13);
    expect(villages).toContain(HJ);
    expect(villages).not.toContain(XS);
    const everywhere = await (await new Browser(server.baseUrl).get("/")).text();
    expect(optionsOf(everywhere, "village")).toEqual(expect.arrayContaining([XS, HJ]));
    expect(everywhere).toContain(`香山舟山村讲座`);
    expect(everywhere).toContain(`（${HJ}）`);
  });
});

describe("retired villages", () => {
  it("are no longer offered for new records, and still show on their own", async () => {
    const { id: old } = await createUnit(t.db, {
      actor: admin,
      parentId: hengjingArea,
      name: "旧泾村",
      level: "village",
    });
    const event = await publicEvent(hengjing, {
      title: "旧泾村的讲座",
      hostUnitId: hengjingArea,
      villageId: old,
      hours: -0.5,
    });
    await t.db
      .updateTable("admin_unit")
      .set({ retired_at: new Date().toISOString() })
      .where("id", "=", old)
      .execute();

    const ids = (units: { id: number }[]) => units.map((unit) => unit.id);
    expect(
      ids(await eventFormOptions(t.db, { scopePath: hengjing.unitPath }).then((o) => o.villages)),
    ).not.toContain(old);
    const editing = await eventFormOptions(t.db, {
      scopePath: hengjing.unitPath,
      current: { hostUnitId: hengjingArea, villageId: old },
    });
    expect(ids(editing.villages)).toContain(old);
    // Nor is it offered as a host.
    expect(ids(editing.units)).not.toContain(old);
    expect(ids(editing.units)).toContain(hengjingArea);
    expect(
      ids(
        await villagesOfArea(t.db, { id: hengjingArea, level: "subdistrict", parentId: district }),
      ),
    ).not.toContain(old);
    const home = await publicHome(t.db, {
      now: new Date().toISOString(),
      params: new URLSearchParams(),
    });
    expect(ids(home.options.villages)).not.toContain(old);
    expect((await describeCoverage(t.db))!.villageCount).toBe(25);
    // The staff filter still finds its records.
    const filter = await listVillagesInScope(t.db, { scopePath: hengjing.unitPath });
    expect(filter.find((v) => v.id === old)).toMatchObject({ retired: true });

    const browser = await as("hengjing");
    expect(optionsOf(await (await browser.get("/learners/new")).text(), "villageId")).not.toContain(
      "旧泾村",
    );
    expect(
      optionsOf(await (await browser.get(`/events/${event.id}/edit`)).text(), "villageId"),
    ).toContain("旧泾村");
    const resident = await (await new Browser(server.baseUrl).get(`/c/${event.code}`)).text();
    expect(optionsOf(resident, "villageId")).not.toContain("旧泾村");

    const preview = await previewImport(t.db, {
      actor: hengjing,
      rows: [
        {
          line: 2,
          name: "旧村人",
          phone: "13911110031",
          village: "旧泾村",
          category: "调解员",
          recognisedOn: "",
          certificateNo: "",
          adviser: "",
        },
      ],
    });
    expect(preview.rows[0]!.problems.map((p) => p.key)).toEqual([
      "roster.import.problem.villageRetired",
    ]);
  });
});

import { devices } from "@playwright/test";
import type { Kysely } from "kysely";
import { openDatabase, parseDatabaseUrl } from "../../db/connect";
import type { Database } from "../../db/schema";
import { unitUnder } from "../support/demo";
import { E2E_DATABASE, expect, test } from "./fixtures";
import {
  checkNarrowAndLarge,
  collectErrors,
  expectNoSeriousA11yViolations,
  logIn,
} from "./helpers";

// Issue 16, item 6: the A4 pass sheet without a filter. A district admin on a desktop opens it
// from the roster, issues every missing pass with one button and sees the new cards, one section
// per village (the two 舟山村 told apart), each starting a printed page; 横泾街道's organiser does
// the same on a phone from the passes page. In Chinese and English.

let db: Kysely<Database>;
test.beforeAll(() => {
  db = openDatabase(parseDatabaseUrl(E2E_DATABASE));
});
test.afterAll(async () => {
  await db?.destroy();
});

/** A 法律明白人 on a village's roster, written straight into the database: no pass yet. */
async function holderWithoutPass(name: string, villageId: number) {
  const stamp = new Date().toISOString();
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  const person = await db
    .insertInto("person")
    .values({
      unit_id: villageId,
      phone,
      name,
      village_id: villageId,
      employer: null,
      audience_group: "villager",
      consent_version: null,
      consented_at: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("legal_savvy")
    .values({
      person_id: person.id,
      village_id: villageId,
      category: "mediator",
      recognised_on: "2026-01-05",
      certificate_no: null,
      adviser: null,
      retired_on: null,
      retire_reason: null,
      created_at: stamp,
      updated_at: stamp,
    })
    .execute();
  return person.id;
}

const words = {
  zh: {
    locale: "zh-CN",
    sheetLink: "打印整页签到证",
    sheetTitle: "签到证（A4 打印）",
    missing: /\d+ 人尚未发证/,
    button: /^为这 \d+ 人发证$/,
    issued: (unit: string) => new RegExp(`已为${unit}发放 \\d+ 张签到证`),
    card: (name: string) => `${name} 的签到证`,
  },
  en: {
    locale: "en-US",
    sheetLink: "Print a sheet of passes",
    sheetTitle: "Passes (A4 sheet)",
    missing: /\d+ (more )?(person has|people have) no pass yet/,
    button: /^Issue \d+ pass(es)?$/,
    issued: (unit: string) => new RegExp(`\\d+ pass(es)? issued for ${unit}`),
    card: (name: string) => `Pass of ${name}`,
  },
} as const;

const phone = {
  viewport: { width: 360, height: 740 },
  userAgent: devices["Pixel 5"].userAgent,
  isMobile: true,
  hasTouch: true,
};

for (const lang of ["zh", "en"] as const) {
  const w = words[lang];
  test.describe(`in ${lang}`, () => {
    test.use({ locale: w.locale });

    test.describe("on a desktop", () => {
      test.use({ viewport: { width: 1280, height: 900 } });

      test("the district's admin prints every village and issues the missing passes", async ({
        page,
      }) => {
        test.setTimeout(90_000);
        const errors = collectErrors(page);
        const tag = `${lang}${Date.now().toString(36).slice(-4)}`;
        const hengjingZhoushan = await unitUnder(db, "横泾街道", "舟山村");
        const xiangshanYufan = await unitUnder(db, "香山街道", "渔帆村");
        const here = `严新${tag}`;
        const there = `横新${tag}`;
        await holderWithoutPass(here, xiangshanYufan.id);
        await holderWithoutPass(there, hengjingZhoushan.id);

        await logIn(page, "admin", undefined, lang);
        await page.goto("/learners");
        await page.getByRole("main").getByRole("link", { name: w.sheetLink }).click();
        await expect(page).toHaveURL(/\/passes\/sheet$/);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(
          `${w.sheetTitle} · 吴中区`,
        );
        await expect(page.getByText(w.missing)).toBeVisible();
        await expect(page.getByRole("article", { name: w.card(here) })).toHaveCount(0);

        await page.getByRole("button", { name: w.button }).click();
        await expect(page.getByRole("status")).toHaveText(w.issued("吴中区"));
        await expect(page.getByRole("button", { name: w.button })).toHaveCount(0);
        await expect(page.getByText(w.missing)).toHaveCount(0);

        // One section per village or unit, headed by its name; the two 舟山村 told apart.
        const section = (label: string) => page.getByRole("region", { name: label, exact: true });
        await expect(section("渔帆村").getByRole("article", { name: w.card(here) })).toBeVisible();
        await expect(
          section("横泾街道 · 舟山村").getByRole("article", { name: w.card(there) }),
        ).toBeVisible();
        await expect(section("香山街道 · 舟山村")).toBeVisible();
        const headings = await page.locator(".pass-sheet-section h2").allInnerTexts();
        expect(new Set(headings).size).toBe(headings.length);
        expect(headings).toEqual(expect.arrayContaining(["香山街道", "横泾街道 · 舟山村"]));
        // Every section holds cards: no empty page is printed.
        for (const one of await page.locator(".pass-sheet-section").all()) {
          expect(await one.locator(".pass-card").count()).toBeGreaterThan(0);
        }

        // On paper each village starts a page, and no card is cut across two.
        await page.emulateMedia({ media: "print" });
        const sections = page.locator(".pass-sheet-section");
        await expect(sections.first()).not.toHaveCSS("break-before", "page");
        await expect(sections.nth(1)).toHaveCSS("break-before", "page");
        await expect(page.locator(".pass-card").first()).toHaveCSS("break-inside", "avoid");
        await expect(page.locator(".sheet-tools")).toBeHidden();
        const pdf = (await page.pdf({ format: "A4" })).toString("latin1");
        const pages = pdf.match(/\/Type\s*\/Page(?![s\w])/g) ?? [];
        expect(pages.length).toBeGreaterThanOrEqual(headings.length);
        await page.emulateMedia({ media: "screen" });

        await expectNoSeriousA11yViolations(page);
        expect(errors).toEqual([]);
      });
    });

    test.describe("on a phone", () => {
      test.use(phone);

      test("横泾街道's organiser issues the missing passes from the passes page's sheet", async ({
        page,
      }) => {
        test.setTimeout(60_000);
        const errors = collectErrors(page);
        const tag = `${lang}${Date.now().toString(36).slice(-4)}`;
        const hengjingZhoushan = await unitUnder(db, "横泾街道", "舟山村");
        const name = `周新${tag}`;
        await holderWithoutPass(name, hengjingZhoushan.id);

        await logIn(page, "hengjing", undefined, lang);
        await page.goto("/passes");
        await expect(page.getByText(w.missing)).toBeVisible();
        await expect(page.getByRole("button", { name: w.button })).toBeVisible();
        await page.getByRole("main").getByRole("link", { name: w.sheetLink }).click();
        await expect(page).toHaveURL(/\/passes\/sheet$/);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(
          `${w.sheetTitle} · 横泾街道`,
        );
        await checkNarrowAndLarge(page, phone.viewport);

        await page.getByRole("button", { name: w.button }).click();
        await expect(page.getByRole("status")).toHaveText(w.issued("横泾街道"));
        // Within one sub-district a village reads its own name.
        const zhoushan = page.getByRole("region", { name: "舟山村", exact: true });
        await expect(zhoushan.getByRole("article", { name: w.card(name) })).toBeVisible();
        await expect(page.getByRole("region", { name: /香山街道/ })).toHaveCount(0);
        await checkNarrowAndLarge(page, phone.viewport);
        expect(errors).toEqual([]);
      });
    });
  });
}

// Issue 16, item 18: the roster's and the cadres' forms ask who a person is through one set of
// fields, with the same messages beside them as before.
const fieldWords = {
  zh: { name: "姓名", phone: "手机号", required: "请填写此项。", save: "保存", add: "添加到名册" },
  en: {
    name: "Name",
    phone: "Mobile number",
    required: "Please fill this in.",
    save: "Save",
    add: "Add to the roster",
  },
} as const;

for (const [lang, size] of [
  ["zh", { width: 1280, height: 900 }],
  ["en", phone.viewport],
] as const) {
  const w = fieldWords[lang];
  test.describe(`the person fields, in ${lang} at ${size.width} px`, () => {
    test.use({ locale: words[lang].locale, viewport: size });

    test("refuse an empty name and phone beside the fields on both forms, then save a cadre", async ({
      page,
    }) => {
      const errors = collectErrors(page);
      await logIn(page, "organiser", undefined, lang);
      for (const path of ["/learners/new", "/study/cadres/new"]) {
        await page.goto(path);
        const main = page.getByRole("main");
        await main
          .getByRole("button", { name: path.startsWith("/study") ? w.save : w.add })
          .click();
        // Each message beside its field: "required" for the name, the phone's own for the phone.
        for (const [label, message] of [
          [w.name, w.required],
          [w.phone, "13812345678"],
        ] as const) {
          const field = main.getByLabel(label, { exact: true });
          await expect(field).toHaveAttribute("aria-invalid", "true");
          await expect(field).toHaveAccessibleDescription(new RegExp(message));
          await expect(field).toHaveAttribute("required", "");
        }
      }
      const name = `何${Date.now().toString(36).slice(-5)}`;
      await page.getByLabel(w.name, { exact: true }).fill(name);
      await page
        .getByLabel(w.phone, { exact: true })
        .fill(`139${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`);
      await page.getByLabel(lang === "zh" ? "职务" : "Position", { exact: true }).fill("科员");
      await page.getByRole("main").getByRole("button", { name: w.save }).click();
      await expect(page).toHaveURL(/\/study\/cadres\/\d+$/);
      await expect(page.getByRole("main")).toContainText(name);
      // The two refused forms answer 400, which the browser reports; nothing else may fail.
      expect(errors.filter((error) => !/status of 400/.test(error))).toEqual([]);
    });
  });
}

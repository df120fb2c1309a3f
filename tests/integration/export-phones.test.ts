import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rosterExportPhone } from "~/.server/learners/export";
import { createTestDatabase } from "../support/database";
import { Browser } from "../support/http";
import { addLearner, addTraining } from "../support/records";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Issue 14 item 6, the exports: an official reads and changes nothing, so no export gives them a
// full phone number. The roster export keeps full numbers for those who edit and re-import it
// (organisers and admins of the units), in the same columns either way. Real HTTP against the
// production build, on SQLite and PostgreSQL.

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
const PHONE = "13912340077";
let eventId: number;

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  const learner = await addLearner(t.db, { name: "导出甲", village: "舟山村", phone: PHONE });
  const start = Date.now() - 86_400_000;
  eventId = await addTraining(t.db, {
    title: "导出测试培训",
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 90 * 60_000).toISOString(),
    attendees: [{ personId: learner.personId, name: "导出甲" }],
  });
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

/** Eleven digits in a row: a full mainland mobile number, wherever it sits in the text. */
const FULL_PHONE = /\d{11}/;

async function as(username: string) {
  const browser = new Browser(server.baseUrl, "zh-CN");
  await browser.logIn(username);
  return browser;
}

async function csvText(browser: Browser, path: string) {
  const response = await browser.get(path);
  expect(response.status).toBe(200);
  return new TextDecoder().decode(await response.arrayBuffer());
}

/** Every cell of every sheet, one line per row, tab between cells. */
async function xlsxText(browser: Browser, path: string) {
  const response = await browser.get(path);
  expect(response.status).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await response.arrayBuffer());
  const lines: string[] = [];
  for (const sheet of book.worksheets) {
    sheet.eachRow((row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (cell) => cells.push(cell.text));
      lines.push(cells.join("\t"));
    });
  }
  return lines.join("\n");
}

const headerOf = (text: string) => text.replace(/^\uFEFF/, "").split("\r\n")[0];

describe("phones in exports", () => {
  it("gives an official the roster with every phone masked, in the organiser's columns", async () => {
    const official = await as("official");
    const organiser = await as("organiser");

    const readCsv = await csvText(official, "/learners/export.csv");
    const editCsv = await csvText(organiser, "/learners/export.csv");
    expect(readCsv).toContain("导出甲,139****0077,舟山村");
    expect(readCsv).not.toMatch(FULL_PHONE);
    expect(editCsv).toContain(`导出甲,${PHONE},舟山村`);
    expect(headerOf(readCsv)).toBe(headerOf(editCsv));
    // The same people in the same order: only the phone column differs.
    const names = (text: string) =>
      text
        .trimEnd()
        .split("\r\n")
        .map((line) => line.split(",")[0]);
    expect(names(readCsv)).toEqual(names(editCsv));

    const readXlsx = await xlsxText(official, "/learners/export.xlsx");
    const editXlsx = await xlsxText(organiser, "/learners/export.xlsx");
    expect(readXlsx).toContain("导出甲\t139****0077\t舟山村");
    expect(readXlsx).not.toMatch(FULL_PHONE);
    expect(editXlsx).toContain(`导出甲\t${PHONE}\t舟山村`);
    expect(readXlsx.split("\n")[0]).toBe(editXlsx.split("\n")[0]);
  });

  it("keeps the village organiser's roster in full and masks an official's attendance export", async () => {
    const village = await as("village");
    expect(await csvText(village, "/learners/export.csv")).toContain(PHONE);

    const official = await as("official");
    const csv = await csvText(official, `/events/${eventId}/export.csv`);
    expect(csv).toContain("导出甲,139****0077");
    expect(csv).not.toMatch(FULL_PHONE);
    const xlsx = await xlsxText(official, `/events/${eventId}/export.xlsx`);
    expect(xlsx).toContain("139****0077");
    expect(xlsx).not.toMatch(FULL_PHONE);
  });

  it("decides by role in one function", () => {
    expect(rosterExportPhone({ role: "official" }, PHONE)).toBe("139****0077");
    expect(rosterExportPhone({ role: "organiser" }, PHONE)).toBe(PHONE);
    expect(rosterExportPhone({ role: "admin" }, PHONE)).toBe(PHONE);
    expect(rosterExportPhone({ role: "official" }, null)).toBe("");
  });
});

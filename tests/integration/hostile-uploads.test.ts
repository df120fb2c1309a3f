import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { MessageKey } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import { createTestDatabase } from "../support/database";
import type { HostileFile } from "../support/hostile-files";
import { hostileFiles } from "../support/hostile-files";
import { Browser } from "../support/http";
import type { RunningServer } from "../support/server";
import { startServer } from "../support/server";

// Issue 14 item 3, through real HTTP against the production build, on SQLite and PostgreSQL:
// every hostile roster file is refused beside the file field, in Chinese and in English, writes
// nothing, and leaves the server answering, two bombs at once included. A full roster (2,000
// rows, as XLSX from the template and as UTF-8 CSV with a BOM) still reads.

vi.setConfig({ testTimeout: 120_000 });

let t: Awaited<ReturnType<typeof createTestDatabase>>;
let server: RunningServer;
let session = "";
/** A second account of the same sub-district: one caller holds one upload slot at a time. */
let adminSession = "";
let files: HostileFile[];

beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
  server = await startServer({ databaseUrl: t.url });
  const browser = new Browser(server.baseUrl);
  await browser.logIn("organiser");
  session = browser.cookie("pufa_session")!;
  const admin = new Browser(server.baseUrl);
  await admin.logIn("admin");
  adminSession = admin.cookie("pufa_session")!;
  files = await hostileFiles();
});
afterAll(async () => {
  await server?.stop();
  await t?.destroy();
});

function upload(file: { fileName: string; bytes: Uint8Array }, lang = "zh-CN", as = session) {
  const body = new FormData();
  body.append("intent", "preview");
  body.append("file", new File([Buffer.from(file.bytes)], file.fileName));
  return fetch(`${server.baseUrl}/learners/import`, {
    method: "POST",
    headers: {
      Cookie: `pufa_session=${as}`,
      Origin: server.baseUrl,
      "Accept-Language": lang,
    },
    body,
    redirect: "manual",
  });
}

const counts = async () =>
  Promise.all(
    (["legal_savvy", "person", "audit_log"] as const).map(async (table) =>
      Number(
        (
          await t.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ),
  );

/** The message as the page shows it, beside the file field. */
const besideField = (lang: "zh-CN" | "en", key: string) =>
  `id="file-error">${translator(lang)(key as MessageKey)}</p>`;

const healthy = async () => (await fetch(`${server.baseUrl}/healthz`)).status;

describe("hostile roster files", () => {
  it("refuses each beside the file field, writes nothing, and the server stays healthy", async () => {
    const before = await counts();
    for (const file of files) {
      const response = await upload(file);
      const page = await response.text();
      expect(response.status, file.name).toBe(400);
      expect(page, file.name).toContain(besideField("zh-CN", file.refusal));
      expect(page, file.name).toContain('aria-invalid="true"');
      expect(await healthy()).toBe(200);
    }
    expect(await counts()).toEqual(before);
  });

  it("says why in English too", async () => {
    for (const name of ["shared-string bomb, sizes lied", "a megabyte of newlines"]) {
      const file = files.find((f) => f.name === name)!;
      const page = await (await upload(file, "en")).text();
      expect(page).toContain(besideField("en", file.refusal));
    }
  });

  it("never resolves an external entity: no line of /etc/passwd comes back", async () => {
    const page = await (await upload(files.find((f) => f.name === "XXE")!)).text();
    const secret = readFileSync("/etc/passwd", "utf8").split("\n")[0]!;
    expect(secret).toMatch(/^root:/);
    expect(page).not.toContain(secret);
    expect(page).not.toContain("root:x:");
  });

  it("keeps answering while two bombs are read at once (two accounts, a slot each)", async () => {
    const bombs = files.filter((f) => /bomb, sizes lied|inline-string bomb/.test(f.name));
    expect(bombs).toHaveLength(2);
    const before = await counts();
    let reading = true;
    const health: number[] = [];
    const poll = (async () => {
      while (reading) {
        health.push(await healthy());
        await new Promise((done) => setTimeout(done, 50));
      }
    })();
    const answers = await Promise.all(
      bombs.map(async (bomb, index) => {
        const response = await upload(bomb, "zh-CN", index === 0 ? session : adminSession);
        return { status: response.status, page: await response.text(), bomb };
      }),
    );
    reading = false;
    await poll;
    for (const { status, page, bomb } of answers) {
      expect(status).toBe(400);
      expect(page).toContain(besideField("zh-CN", bomb.refusal));
    }
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((status) => status === 200)).toBe(true);
    expect(await healthy()).toBe(200);
    expect(await counts()).toEqual(before);
  });
});

describe("a full roster still reads", () => {
  const people = Array.from({ length: 2000 }, (_, i) => ({
    name: `满额${i}`,
    phone: `139${String(i).padStart(8, "0")}`,
  }));

  it("as the template filled in with 2,000 rows", async () => {
    const template = await fetch(`${server.baseUrl}/learners/template.xlsx`, {
      headers: { Cookie: `pufa_session=${session}` },
    });
    expect(template.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await template.arrayBuffer());
    const sheet = workbook.worksheets[0]!;
    for (const person of people) {
      sheet.addRow([person.name, person.phone, "舟山村", "调解员", "2024-03-01", "", ""]);
    }
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(bytes.length).toBeLessThan(1000 * 1000);
    const response = await upload({ fileName: "full.xlsx", bytes });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("共 2,000 行：新增 2,000 人，更新 0 人，有错误 0 行。");
  });

  it("as a UTF-8 CSV with a byte-order mark", async () => {
    const lines = [
      "姓名,手机号,村（社区）,类别,认定日期,证书编号,结对法律顾问",
      ...people.map((person) => `${person.name},${person.phone},舟山村,调解员,2024-03-01,,`),
    ];
    const bytes = new Uint8Array(Buffer.from(`\uFEFF${lines.join("\r\n")}\r\n`));
    const response = await upload({ fileName: "full.csv", bytes });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("共 2,000 行：新增 2,000 人，更新 0 人，有错误 0 行。");
  });
});

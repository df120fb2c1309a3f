import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import type { RawRow } from "~/.server/learners/import-rows";
import { checkRow, readDay, readRosterFile } from "~/.server/learners/import-rows";

// The roster file's reader and a row's own checks (those that need no database).

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("reading a roster file", () => {
  it("reads a UTF-8 CSV with a BOM, Chinese headers in any order, skipping blank rows", async () => {
    const file = utf8(
      "\uFEFF\r\n类别,姓名,手机号,村(社区)\r\n调解员,张 三,138 0000 0001,舟山村\r\n,,,\r\n五老,李四,13800000002,渔帆村\r\n",
    );
    const result = await readRosterFile(file);
    expect(result).toEqual({
      ok: true,
      rows: [
        {
          line: 3,
          name: "张 三",
          phone: "138 0000 0001",
          village: "舟山村",
          category: "调解员",
          recognisedOn: "",
          certificateNo: "",
          adviser: "",
        },
        expect.objectContaining({ line: 5, name: "李四", village: "渔帆村" }),
      ],
    });
  });

  it("reads English headers and quoted cells", async () => {
    const result = await readRosterFile(
      utf8(
        'Name,Mobile number,Village,Category,Legal adviser\n"王, 五",13800000003,舟山村,Mediator,"李 ""律师"""\n',
      ),
    );
    expect(result.ok && result.rows[0]).toMatchObject({ name: "王, 五", adviser: '李 "律师"' });
  });

  it("reads the first sheet of an XLSX file: numbers as digits, dates as days", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("名册");
    sheet.addRow(["姓名", "手机号", "村（社区）", "类别", "认定日期"]);
    sheet.addRow(["赵六", 13800000004, "舟山村", "党员", new Date("2024-03-01T00:00:00Z")]);
    const result = await readRosterFile(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(result.ok && result.rows[0]).toMatchObject({
      line: 2,
      name: "赵六",
      phone: "13800000004",
      recognisedOn: "2024-03-01",
    });
  });

  it("reads a CSV saved in GBK (GB18030), as Excel and WPS on a Chinese Windows save it", async () => {
    // 姓名,手机号,村（社区）,类别 / 张三,+86 138 0000 0001,舟山村,调解员 / 王𬀩,13800000002,舟山,其他:
    // GBK's two-byte characters, and 𬀩 from GB18030's four-byte range.
    const gbk = Buffer.from(
      "d0d5c3fb2ccad6bbfabac52cb4e5a3a8c9e7c7f8a3a92cc0e0b1f00d0ad5c5c8fd2c2b383620" +
        "313338203030303020303030312cd6dbc9bdb4e52cb5f7bde2d4b10d0acdf5993187392c3133" +
        "3830303030303030322cd6dbc9bd2cc6e4cbfb0d0a",
      "hex",
    );
    expect(await readRosterFile(new Uint8Array(gbk))).toEqual({
      ok: true,
      rows: [
        expect.objectContaining({ line: 2, name: "张三", phone: "+86 138 0000 0001" }),
        expect.objectContaining({ line: 3, name: "王𬀩", village: "舟山", category: "其他" }),
      ],
    });
  });

  it("refuses an .xls workbook and UTF-16 text with the advice to save as .xlsx", async () => {
    const ole2 = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    expect(await readRosterFile(ole2)).toEqual({ ok: false, error: "roster.import.xls" });
    const text = "姓名\t手机号\t村（社区）\t类别\r\n张三\t13800000001\t舟山村\t其他\r\n";
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    expect(await readRosterFile(new Uint8Array(le))).toEqual({
      ok: false,
      error: "roster.import.utf16",
    });
    // Without a byte-order mark, its NUL bytes give it away.
    expect(await readRosterFile(new Uint8Array(Buffer.from(text, "utf16le")))).toEqual({
      ok: false,
      error: "roster.import.utf16",
    });
  });

  it("refuses a file whole: neither UTF-8 nor GBK, broken XLSX, no required column, no rows, too many", async () => {
    // 0xFF is no character in UTF-8 or GB18030.
    expect(await readRosterFile(new Uint8Array([0xff, 0x2c, 0xff]))).toEqual({
      ok: false,
      error: "roster.import.unknownEncoding",
    });
    expect(await readRosterFile(new Uint8Array([0x50, 0x4b, 1, 2, 3]))).toEqual({
      ok: false,
      error: "roster.import.unreadableXlsx",
    });
    expect(await readRosterFile(utf8("姓名,手机号,村（社区）\n张三,13800000001,舟山村\n"))).toEqual(
      { ok: false, error: "roster.import.missingColumns" },
    );
    expect(await readRosterFile(utf8("姓名,手机号,村（社区）,类别\n\n"))).toEqual({
      ok: false,
      error: "roster.import.empty",
    });
    const many = Array.from({ length: 2001 }, (_, i) => `人${i},13800000001,舟山村,其他`);
    expect(await readRosterFile(utf8(`姓名,手机号,村（社区）,类别\n${many.join("\n")}`))).toEqual({
      ok: false,
      error: "roster.import.tooManyRows",
    });
    const enough = many.slice(0, 2000).join("\n");
    expect((await readRosterFile(utf8(`姓名,手机号,村（社区）,类别\n${enough}`))).ok).toBe(true);
  });
});

describe("a row's own checks", () => {
  const row = (fields: Partial<RawRow>): RawRow => ({
    line: 2,
    name: "张三",
    phone: "13800000001",
    village: "舟山村",
    category: "调解员",
    recognisedOn: "",
    certificateNo: "",
    adviser: "",
    ...fields,
  });
  const problems = (fields: Partial<RawRow>) => checkRow(row(fields)).problems.map((p) => p.key);

  it("takes categories by Chinese or English name or code, and normalises name and phone", () => {
    expect(
      checkRow(
        row({ name: " 张　三 ", phone: "138-0000-0001", category: "Five-elders volunteer (五老)" }),
      ).fields,
    ).toMatchObject({
      name: "张 三",
      phone: "13800000001",
      category: "wulao",
    });
    expect(checkRow(row({ category: "grid_worker" })).fields.category).toBe("grid_worker");
    expect(checkRow(row({ category: "村干部" })).fields.category).toBe("village_cadre");
  });

  it("names each problem", () => {
    expect(problems({})).toEqual([]);
    expect(problems({ name: "  " })).toEqual(["roster.import.problem.noName"]);
    expect(problems({ name: "长".repeat(41) })).toEqual(["roster.import.problem.nameTooLong"]);
    expect(problems({ phone: "12800000001" })).toEqual(["roster.import.problem.phone"]);
    expect(problems({ village: "" })).toEqual(["roster.import.problem.noVillage"]);
    expect(problems({ category: "宇航员" })).toEqual(["roster.import.problem.category"]);
    expect(problems({ recognisedOn: "2024-02-30" })).toEqual(["roster.import.problem.date"]);
    expect(problems({ adviser: "律".repeat(41) })).toEqual(["roster.import.problem.tooLong"]);
  });

  it("reads the usual ways of writing a day", () => {
    expect(readDay("2024-3-1")).toBe("2024-03-01");
    expect(readDay("2024/03/01")).toBe("2024-03-01");
    expect(readDay("2024.3.1")).toBe("2024-03-01");
    expect(readDay("2024年3月1日")).toBe("2024-03-01");
    expect(readDay("2024-13-01")).toBeNull();
    expect(readDay("1 March 2024")).toBeNull();
  });
});

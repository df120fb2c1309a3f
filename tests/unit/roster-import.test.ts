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

  it("refuses a file whole: not UTF-8, broken XLSX, no required column, no rows, too many", async () => {
    expect(await readRosterFile(new Uint8Array([0xd5, 0xc5, 0xc8, 0xfd]))).toEqual({
      ok: false,
      error: "roster.import.notUtf8",
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

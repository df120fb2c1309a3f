import { describe, expect, it } from "vitest";
import { maskNumbersIn } from "../../app/.server/exports/mask-numbers";
import { maskPhone } from "../../app/lib/checkin-window";

describe("numbers typed into free text, as an exported file carries them", () => {
  it("masks a mobile number however it is typed, as the sign-in sheet masks phones", () => {
    for (const typed of [
      "13800138000",
      "138 0013 8000",
      "138-0013-8000",
      "138　0013　8000",
      "+86 138 0013 8000",
      "8613800138000",
      "１３８００１３８０００",
      "138  0013  8000",
      "138.0013.8000",
      "1380 0138 000",
      "+86 (138) 0013 8000",
      "0086 138 0013 8000",
      "138〇0013〇8000",
      "138〇〇138000",
      "138·0013·8000",
      "138–0013–8000",
    ]) {
      expect(maskNumbersIn(`联系村民张三${typed}，已回访。`)).toBe(
        `联系村民张三${maskPhone("13800138000")}，已回访。`,
      );
    }
    expect(maskPhone("13800138000")).toBe("138****8000");
    // The run starts at its first digit: a bracket typed before it stays.
    expect(maskNumbersIn("手机（138）0013-8000")).toBe("手机（138****8000");
  });

  it("masks an ID card number, its check digit an X or apart in groups", () => {
    expect(maskNumbersIn("身份证号320506199003071234。")).toBe("身份证号320***********1234。");
    expect(maskNumbersIn("ID 32050619900307123x")).toBe("ID 320***********123X");
    expect(maskNumbersIn("320506 19900307 1234")).toBe("320***********1234");
    expect(maskNumbersIn("320 506 1990 0307 1234")).toBe("320***********1234");
    expect(maskNumbersIn("３２０５０６１９９００３０７１２３Ｘ")).toBe("320***********123X");
  });

  it("masks an old 15-digit ID card number, keeping the first three and the last four", () => {
    expect(maskNumbersIn("老身份证320506900307123。")).toBe("老身份证320********7123。");
    expect(maskNumbersIn("320506 900307 123")).toBe("320********7123");
  });

  it("masks every number of a text and leaves the rest as typed", () => {
    expect(maskNumbersIn("甲13900001111\n乙 13700002222、丙15912345678")).toBe(
      "甲139****1111\n乙 137****2222、丙159****5678",
    );
    expect(maskNumbersIn("电话13900001111 13700002222")).toBe("电话139****1111 137****2222");
    expect(maskNumbersIn("13900001111 ".repeat(40))).toBe("139****1111 ".repeat(40));
    expect(maskNumbersIn("Tel13900001111")).toBe("Tel139****1111");
    expect(maskNumbersIn("2024-05-01 13800138000 回访")).toBe("2024-05-01 138****8000 回访");
    expect(maskNumbersIn("座机0512-6666 8888 手机138 0013 8000")).toBe(
      "座机0512-6666 8888 手机138****8000",
    );
  });

  it("leaves dates, counts, landlines, other digits and longer runs alone", () => {
    for (const text of [
      "2024年3月5日 14:00–16:00，到场120人，发放资料1300份",
      "2024-03-05",
      "2024-05-01",
      "2024.05.01",
      "2024年05月01日 09:30-11:30",
      "2024-05-01 14:00",
      "0512-6666 8888",
      "（0512）6666-8888",
      "到场 120 人，其中 60 岁以上 35 人",
      "1380 0138 0001",
      "138.0013.8000.5",
      "6222 0212 3456 7890 1234",
      "12345678901234567890",
      "2024〇5",
      "320506199013071234",
      "020506900307123",
      "座机0512-66001234",
      "12800138000",
      "138001380001",
      "6222021234567890123",
      "证书编号FL2024-0013",
      "",
    ]) {
      expect(maskNumbersIn(text)).toBe(text);
    }
  });
});

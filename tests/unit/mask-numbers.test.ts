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
    ]) {
      expect(maskNumbersIn(`联系村民张三${typed}，已回访。`)).toBe(
        `联系村民张三${maskPhone("13800138000")}，已回访。`,
      );
    }
    expect(maskPhone("13800138000")).toBe("138****8000");
  });

  it("masks an ID card number, its check digit an X or apart in groups", () => {
    expect(maskNumbersIn("身份证号320506199003071234。")).toBe("身份证号320***********1234。");
    expect(maskNumbersIn("ID 32050619900307123x")).toBe("ID 320***********123X");
    expect(maskNumbersIn("320506 19900307 1234")).toBe("320***********1234");
  });

  it("masks every number of a text and leaves the rest as typed", () => {
    expect(maskNumbersIn("甲13900001111\n乙 13700002222、丙15912345678")).toBe(
      "甲139****1111\n乙 137****2222、丙159****5678",
    );
  });

  it("leaves dates, counts, landlines, other digits and longer runs alone", () => {
    for (const text of [
      "2024年3月5日 14:00–16:00，到场120人，发放资料1300份",
      "2024-03-05",
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

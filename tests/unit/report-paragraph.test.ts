import { describe, expect, it } from "vitest";
import { paragraphText, reportParagraph, roundedAudience } from "../../app/lib/report-paragraph";

const xiangshan2024 = {
  periodName: "2024年",
  unitName: "香山街道",
  events: 15,
  checkins: 1_078,
  crowd: 8_570,
  materials: 9_604,
  consultations: 296,
  villagesCovered: 13,
  villagesTotal: 13,
  formats: ["lecture", "consultation", "case_study"] as const,
  campaigns: [
    { name: "送法进企业", nameEn: "Law Goes to Enterprises" },
    { name: "农民工学法活动周", nameEn: "Migrant Workers' Law Study Week" },
  ],
  legalSavvy: 84,
};

describe("the annual-report paragraph", () => {
  it("rounds an audience as a report does", () => {
    expect(roundedAudience("zh-CN", 9_648)).toBe("近万人");
    expect(roundedAudience("zh-CN", 12_345)).toBe("1.2万余人");
    expect(roundedAudience("zh-CN", 8_999)).toBe("8,999人");
    expect(roundedAudience("en", 9_648)).toBe("nearly 10,000");
    expect(roundedAudience("en", 12_345)).toBe("over 12,000");
  });

  it("reads like the Xiangshan report, every number linked to its figure", () => {
    const pieces = reportParagraph("zh-CN", {
      ...xiangshan2024,
      formats: [...xiangshan2024.formats],
    });
    expect(paragraphText(pieces)).toBe(
      "2024年，香山街道围绕“送法进企业”、“农民工学法活动周”等专项活动，开展法治讲座、咨询台/现场咨询、以案释法等法治宣传活动15场次，受众数量近万人（其中签到1,078人次，现场估计8,570人），发放宣传资料9,604份，解答法律咨询296人次，活动覆盖13个村（社区）；为13个村（社区）配备了84名“法律明白人”。",
    );
    const linked = pieces.filter((piece) => "figure" in piece);
    expect(linked.map((piece) => piece.text)).toEqual([
      "15",
      "近万人",
      "1,078",
      "8,570",
      "9,604",
      "296",
      "13",
      "84",
    ]);
  });

  it("has an English version and leaves out what it does not know", () => {
    const text = paragraphText(
      reportParagraph("en", {
        ...xiangshan2024,
        periodName: "2024",
        formats: [],
        campaigns: [],
        legalSavvy: null,
      }),
    );
    expect(text).toBe(
      "In 2024, 香山街道 held 15 legal-education events reaching an audience of nearly 10,000 (1,078 check-ins and an estimated crowd of 8,570); it handed out 9,604 copies of materials, answered 296 legal consultations, and held events in 13 of its 13 villages and communities.",
    );
  });
});

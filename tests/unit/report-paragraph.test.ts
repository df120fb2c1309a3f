import { describe, expect, it } from "vitest";
import { paragraphText, reportParagraph, roundedAudience } from "../../app/lib/report-paragraph";

const xiangshan2024 = {
  periodName: "2024年",
  unitName: "香山街道",
  subdistricts: null,
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
  legalSavvy: { count: 84, villages: 13 },
  study: { centralGroup: 6, enforcement: 5, progress: 4 },
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
      "2024年，香山街道围绕“送法进企业”、“农民工学法活动周”等专项活动，开展法治讲座、咨询台/现场咨询、以案释法等法治宣传活动15场次，受众数量近万人（其中签到1,078人次，现场估计8,570人），发放宣传资料9,604份，解答法律咨询296人次，活动覆盖13个村（社区）；为13个村（社区）配备了84名“法律明白人”。组织中心组学法6次、执法人员专题培训5期，召开法治政府建设推进会4次。",
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
      "13",
      "84",
      "6",
      "5",
      "4",
    ]);
  });

  it("has an English version", () => {
    const text = paragraphText(
      reportParagraph("en", {
        ...xiangshan2024,
        periodName: "2024",
        formats: [...xiangshan2024.formats],
      }),
    );
    expect(text).toBe(
      "In 2024, 香山街道 held 15 legal-education events (law lecture, advice stand and law through cases), including the campaigns Law Goes to Enterprises and Migrant Workers' Law Study Week, reaching an audience of nearly 10,000 (1,078 check-ins and an estimated crowd of 8,570); it handed out 9,604 copies of materials, answered 296 legal consultations, and held events in 13 of its 13 villages and communities; 13 villages and communities have 84 legal-savvy persons. Its cadres held 6 central-group study sessions, 5 trainings for law-enforcement staff and 4 progress meetings on rule-of-law government.",
    );
  });

  it("leaves out what the period did not have", () => {
    const text = paragraphText(
      reportParagraph("en", {
        ...xiangshan2024,
        periodName: "2024",
        formats: [],
        campaigns: [],
        legalSavvy: { count: 0, villages: 0 },
        study: { centralGroup: 0, enforcement: 0, progress: 0 },
      }),
    );
    expect(text).toBe(
      "In 2024, 香山街道 held 15 legal-education events reaching an audience of nearly 10,000 (1,078 check-ins and an estimated crowd of 8,570); it handed out 9,604 copies of materials, answered 296 legal consultations, and held events in 13 of its 13 villages and communities.",
    );
  });

  it("speaks for a district's sub-districts", () => {
    const district = {
      ...xiangshan2024,
      formats: [...xiangshan2024.formats],
      unitName: "吴中区",
      subdistricts: 2,
      villagesTotal: 25,
    };
    const zh = paragraphText(reportParagraph("zh-CN", district));
    expect(zh).toMatch(/^2024年，全区2个街道（镇）围绕/);
    const en = paragraphText(reportParagraph("en", district));
    expect(en).toMatch(/^In 2024年, the 2 sub-districts and towns of 吴中区 held 15 /);
    expect(en).toContain("of their 25 villages");
    expect(en).toContain("Their cadres held");
    expect(en).not.toContain(" its ");
  });
});

import type { EventFormat, StudyKind } from "../../db/schema";
import type { CadreFigures } from "~/.server/reach/learners";
import type { ReachDashboard } from "~/.server/reach/dashboard";
import type { Lang } from "./i18n";
import { formatNumber, localName, translator } from "./i18n";
import { periodName } from "./reach-words";

/**
 * The annual-report paragraph, written from the figures in the register of a government work
 * report. It is a list of pieces: plain text, and numbers that name the figure they came from
 * (the id of its place on the dashboard), so the page can link each number and a copy is plain
 * text.
 */
export type ParagraphPiece = { text: string } | { text: string; figure: string };

export type ParagraphFigures = {
  periodName: string;
  unitName: string;
  /** At a district, how many sub-districts (and towns) it speaks for; else null. */
  subdistricts: number | null;
  events: number;
  checkins: number;
  crowd: number;
  materials: number;
  consultations: number;
  villagesCovered: number;
  villagesTotal: number;
  /** Formats by events held, most first. */
  formats: EventFormat[];
  /** Campaigns by events held, most first. */
  campaigns: { name: string; nameEn: string | null }[];
  /** 法律明白人 on the rosters at the end of the period and the villages they serve. */
  legalSavvy: { count: number; villages: number };
  /** The cadres' study sessions held in the period, by kind. */
  study: { centralGroup: number; enforcement: number; progress: number };
};

/**
 * An audience as a report rounds it: "近万人" just under ten thousand, "1.2万余人" above it, the
 * exact number below nine thousand; English says "nearly 10,000" and "over 12,000".
 */
export function roundedAudience(lang: Lang, total: number) {
  if (lang === "en") {
    if (total >= 9_000 && total < 10_000) return "nearly 10,000";
    if (total >= 10_000) return `over ${formatNumber(lang, Math.floor(total / 1_000) * 1_000)}`;
    return formatNumber(lang, total);
  }
  if (total >= 9_000 && total < 10_000) return "近万人";
  if (total >= 10_000) {
    const tenThousands = Math.floor(total / 1_000) / 10;
    return `${formatNumber(lang, tenThousands)}万余人`;
  }
  return `${formatNumber(lang, total)}人`;
}

const quote = (lang: Lang, name: string) => (lang === "en" ? name : `“${name}”`);

export function reportParagraph(lang: Lang, figures: ParagraphFigures): ParagraphPiece[] {
  const t = translator(lang);
  const number = (value: number) => formatNumber(lang, value);
  const list = (items: string[]) =>
    lang === "en"
      ? items.length > 1
        ? `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`
        : (items[0] ?? "")
      : items.join("、");
  const formats = list(figures.formats.slice(0, 3).map((format) => t(`format.${format}`)));
  const campaigns = list(
    figures.campaigns.slice(0, 2).map((c) => quote(lang, localName(lang, c.name, c.nameEn))),
  );
  const audience = roundedAudience(lang, figures.checkins + figures.crowd);
  if (lang === "en") {
    const district = figures.subdistricts !== null;
    const subject = district
      ? `the ${number(figures.subdistricts!)} ${figures.subdistricts === 1 ? "sub-district or town" : "sub-districts and towns"} of ${figures.unitName}`
      : figures.unitName;
    const its = district ? "their" : "its";
    return [
      { text: `In ${figures.periodName}, ${subject} held ` },
      { text: number(figures.events), figure: "figure-events" },
      { text: ` legal-education events` },
      { text: formats ? ` (${formats.toLowerCase()})` : "" },
      { text: campaigns ? `, including the campaigns ${campaigns},` : "" },
      { text: ` reaching an audience of ` },
      { text: audience, figure: "figure-total" },
      { text: ` (` },
      { text: number(figures.checkins), figure: "figure-checkins" },
      { text: ` check-ins and an estimated crowd of ` },
      { text: number(figures.crowd), figure: "figure-crowd" },
      { text: `); ${district ? "they" : "it"} handed out ` },
      { text: number(figures.materials), figure: "figure-materials" },
      { text: ` copies of materials, answered ` },
      { text: number(figures.consultations), figure: "figure-consultations" },
      { text: ` legal consultations, and held events in ` },
      { text: number(figures.villagesCovered), figure: "figure-villages" },
      { text: ` of ${its} ${number(figures.villagesTotal)} villages and communities` },
      ...(figures.legalSavvy.count === 0
        ? [{ text: "." }]
        : [
            { text: "; " },
            { text: number(figures.legalSavvy.villages), figure: "figure-legal-savvy-villages" },
            {
              text:
                figures.legalSavvy.villages === 1
                  ? " village or community has "
                  : " villages and communities have ",
            },
            { text: number(figures.legalSavvy.count), figure: "figure-legal-savvy" },
            {
              text:
                figures.legalSavvy.count === 1 ? " legal-savvy person." : " legal-savvy persons.",
            },
          ]),
      ...studyClause(lang, figures.study, district),
    ].filter((piece) => piece.text !== "");
  }
  return [
    {
      text:
        figures.subdistricts === null
          ? `${figures.periodName}，${figures.unitName}`
          : `${figures.periodName}，全区${number(figures.subdistricts)}个街道（镇）`,
    },
    { text: campaigns ? `围绕${campaigns}等专项活动，` : "" },
    { text: `开展${formats ? `${formats}等` : ""}法治宣传活动` },
    { text: number(figures.events), figure: "figure-events" },
    { text: "场次，受众数量" },
    { text: audience, figure: "figure-total" },
    { text: "（其中签到" },
    { text: number(figures.checkins), figure: "figure-checkins" },
    { text: "人次，现场估计" },
    { text: number(figures.crowd), figure: "figure-crowd" },
    { text: "人），发放宣传资料" },
    { text: number(figures.materials), figure: "figure-materials" },
    { text: "份，解答法律咨询" },
    { text: number(figures.consultations), figure: "figure-consultations" },
    { text: "人次，活动覆盖" },
    { text: number(figures.villagesCovered), figure: "figure-villages" },
    { text: `个村（社区）` },
    ...(figures.legalSavvy.count === 0
      ? [{ text: "。" }]
      : [
          { text: "；为" },
          { text: number(figures.legalSavvy.villages), figure: "figure-legal-savvy-villages" },
          { text: "个村（社区）配备了" },
          { text: number(figures.legalSavvy.count), figure: "figure-legal-savvy" },
          { text: "名“法律明白人”。" },
        ]),
    ...studyClause(lang, figures.study, figures.subdistricts !== null),
  ].filter((piece) => piece.text !== "");
}

/**
 * The cadres' law study in one sentence, naming only the kinds of session that were held:
 * "组织中心组学法6次、执法人员专题培训5期，召开法治政府建设推进会4次。"
 */
function studyClause(
  lang: Lang,
  study: ParagraphFigures["study"],
  /** Speaking for a district's sub-districts: "their cadres" in English. */
  district: boolean,
): ParagraphPiece[] {
  const number = (value: number) => formatNumber(lang, value);
  const organised: ParagraphPiece[][] = [];
  if (lang === "en") {
    if (study.centralGroup > 0)
      organised.push([
        { text: number(study.centralGroup), figure: "figure-study-kind-central_group" },
        {
          text:
            study.centralGroup === 1
              ? " central-group study session"
              : " central-group study sessions",
        },
      ]);
    if (study.enforcement > 0)
      organised.push([
        { text: number(study.enforcement), figure: "figure-study-enforcement" },
        {
          text:
            study.enforcement === 1
              ? " training for law-enforcement staff"
              : " trainings for law-enforcement staff",
        },
      ]);
    if (study.progress > 0)
      organised.push([
        { text: number(study.progress), figure: "figure-study-progress" },
        {
          text:
            study.progress === 1
              ? " progress meeting on rule-of-law government"
              : " progress meetings on rule-of-law government",
        },
      ]);
    if (organised.length === 0) return [];
    return [
      { text: ` ${district ? "Their" : "Its"} cadres held ` },
      ...organised.flatMap((part, index) => [
        ...(index === 0 ? [] : [{ text: index === organised.length - 1 ? " and " : ", " }]),
        ...part,
      ]),
      { text: "." },
    ];
  }
  if (study.centralGroup > 0)
    organised.push([
      { text: "中心组学法" },
      { text: number(study.centralGroup), figure: "figure-study-kind-central_group" },
      { text: "次" },
    ]);
  if (study.enforcement > 0)
    organised.push([
      { text: "执法人员专题培训" },
      { text: number(study.enforcement), figure: "figure-study-enforcement" },
      { text: "期" },
    ]);
  const progress: ParagraphPiece[] =
    study.progress > 0
      ? [
          { text: "召开法治政府建设推进会" },
          { text: number(study.progress), figure: "figure-study-progress" },
          { text: "次" },
        ]
      : [];
  if (organised.length === 0 && progress.length === 0) return [];
  return [
    ...(organised.length > 0
      ? [
          { text: "组织" },
          ...organised.flatMap((part, index) => [
            ...(index === 0 ? [] : [{ text: "、" }]),
            ...part,
          ]),
        ]
      : []),
    ...(organised.length > 0 && progress.length > 0 ? [{ text: "，" }] : []),
    ...progress,
    { text: "。" },
  ];
}

/** The paragraph as the text a reader copies. */
export function paragraphText(pieces: ParagraphPiece[]) {
  return pieces.map((piece) => piece.text).join("");
}

/** Held study sessions of one kind. */
export const heldOf = (figures: CadreFigures, kind: StudyKind) =>
  figures.byKind.find((row) => row.kind === kind)?.held ?? 0;

/**
 * The paragraph's figures as the dashboard holds them for a unit and a period: the page and the
 * report section's Word file write the same words from the same numbers.
 */
export function dashboardParagraph(lang: Lang, unitName: string, dashboard: ReachDashboard) {
  const t = translator(lang);
  return reportParagraph(lang, {
    periodName: periodName(t, lang, dashboard.period),
    unitName,
    subdistricts: dashboard.subdistricts?.rows.length ?? null,
    events: dashboard.current.events,
    ...dashboard.current.attendance,
    materials: dashboard.current.materials,
    consultations: dashboard.current.consultations,
    villagesCovered: dashboard.current.villagesCovered,
    villagesTotal: dashboard.current.villages.length,
    formats: [...dashboard.current.byFormat]
      .sort((a, b) => b.events - a.events)
      .map((row) => row.format),
    campaigns: dashboard.current.byCampaign.filter(
      (row): row is typeof row & { name: string } => row.name !== null,
    ),
    legalSavvy: {
      count: dashboard.learners.current.onRoster,
      villages: dashboard.learners.current.villagesWithRoster,
    },
    study: {
      centralGroup: heldOf(dashboard.cadres.current, "central_group"),
      enforcement: heldOf(dashboard.cadres.current, "enforcement_training"),
      progress: heldOf(dashboard.cadres.current, "progress_meeting"),
    },
  });
}

import type { Lang, Translate } from "./i18n";
import type { ReachPeriod } from "./reach-period";
import { formatDate, shanghaiDayStart } from "./time";

/** "2024 年", "2024 年第 1 季度", "Q1 2024", "2024-03", or the first and last day. */
export function periodName(t: Translate, lang: Lang, period: ReachPeriod) {
  switch (period.kind) {
    case "year":
      return t("reach.name.year", { year: String(period.year) });
    case "quarter":
      return t("reach.name.quarter", { year: String(period.year), quarter: period.quarter });
    case "month":
      return t("reach.name.month", {
        year: String(period.year),
        month: lang === "en" ? String(period.month).padStart(2, "0") : String(period.month),
      });
    case "days":
      return t("reach.name.days", {
        from: formatDate(lang, shanghaiDayStart(period.from)),
        to: formatDate(lang, shanghaiDayStart(period.to)),
      });
  }
}

/**
 * A figure against the period before. A period with nothing recorded (no event held in it, say,
 * before the office used Pufa) is no baseline: "增加 1,078" over it would mislead, so no change.
 */
export type Comparison =
  | { kind: "noRecord" }
  | { kind: "same" }
  | { kind: "up" | "down"; count: number };

export function compareWithBefore(
  now: number,
  before: number,
  recordedBefore: boolean,
): Comparison {
  if (!recordedBefore) return { kind: "noRecord" };
  if (now === before) return { kind: "same" };
  return { kind: now > before ? "up" : "down", count: Math.abs(now - before) };
}

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

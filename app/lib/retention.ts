import type { Translate } from "./i18n";

/**
 * The period the privacy notice promises, from RETENTION_DAYS: in years when the days make whole
 * years of 365 (1095 is "3 年", "3 years"), else in days ("400 天", "400 days").
 */
export function retentionPeriod(t: Translate, days: number) {
  return days % 365 === 0
    ? t("privacy.period.years", { count: days / 365 })
    : t("privacy.period.days", { count: days });
}

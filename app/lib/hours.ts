import type { Lang } from "./i18n";

// Training is credited in minutes and shown in hours with one decimal ("3.5 小时" / "3.5 h"),
// the number through Intl so that each language writes it its own way.

const formats = new Map<Lang, Intl.NumberFormat>();

/** "3.5": minutes as hours with exactly one decimal, in the reader's number format. */
export function hoursNumber(lang: Lang, minutes: number) {
  let format = formats.get(lang);
  if (!format) {
    format = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    formats.set(lang, format);
  }
  return format.format(minutes / 60);
}

/**
 * The year's hours target for someone recognised during that year: the share of the months on the
 * roster, the month of recognition counted whole ("2024-07-15" in 2024: 6 of 12 months, half the
 * target). Anyone recognised before the year, or on a day not known, owes the whole target.
 */
export function proratedTarget(target: number, year: number, recognisedOn: string | null) {
  if (!recognisedOn || Number(recognisedOn.slice(0, 4)) !== year) return target;
  const months = 12 - Number(recognisedOn.slice(5, 7)) + 1;
  return Math.round((target * months) / 12);
}

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

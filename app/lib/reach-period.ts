import { isCalendarDay, shanghaiDayStart } from "./time";

/**
 * The period a reach figure covers: a year, a quarter, a month, or days chosen by hand, always
 * whole calendar days in Asia/Shanghai. `from` and `to` are those days, both included.
 */
export type ReachPeriod =
  | { kind: "year"; year: number; from: string; to: string }
  | { kind: "quarter"; year: number; quarter: number; from: string; to: string }
  | { kind: "month"; year: number; month: number; from: string; to: string }
  | { kind: "days"; from: string; to: string };

export const periodKinds = ["year", "quarter", "month", "days"] as const;
export type PeriodKind = (typeof periodKinds)[number];

/** Years a period may name: the platform's records start long after 2000. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;
/** A hand-chosen period spans at most this many days (ten years). */
export const MAX_PERIOD_DAYS = 3660;

const pad = (n: number) => String(n).padStart(2, "0");

function lastDayOfMonth(year: number, month: number) {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function yearPeriod(year: number): ReachPeriod {
  return { kind: "year", year, from: `${year}-01-01`, to: `${year}-12-31` };
}

export function quarterPeriod(year: number, quarter: number): ReachPeriod {
  const first = (quarter - 1) * 3 + 1;
  const last = first + 2;
  return {
    kind: "quarter",
    year,
    quarter,
    from: `${year}-${pad(first)}-01`,
    to: `${year}-${pad(last)}-${pad(lastDayOfMonth(year, last))}`,
  };
}

export function monthPeriod(year: number, month: number): ReachPeriod {
  return {
    kind: "month",
    year,
    month,
    from: `${year}-${pad(month)}-01`,
    to: `${year}-${pad(month)}-${pad(lastDayOfMonth(year, month))}`,
  };
}

export function daysPeriod(from: string, to: string): ReachPeriod {
  return { kind: "days", from, to };
}

/** Whole days from one calendar day to another, the first included. */
export function daysBetween(from: string, to: string) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function addDays(day: string, days: number) {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The equal period just before: the year before, the quarter before, the month before, or as
 * many days ending the day before.
 */
export function previousPeriod(period: ReachPeriod): ReachPeriod {
  switch (period.kind) {
    case "year":
      return yearPeriod(period.year - 1);
    case "quarter":
      return period.quarter === 1
        ? quarterPeriod(period.year - 1, 4)
        : quarterPeriod(period.year, period.quarter - 1);
    case "month":
      return period.month === 1
        ? monthPeriod(period.year - 1, 12)
        : monthPeriod(period.year, period.month - 1);
    case "days": {
      const length = daysBetween(period.from, period.to) + 1;
      return daysPeriod(addDays(period.from, -length), addDays(period.from, -1));
    }
  }
}

/** The period as UTC instants: [start, end), for `starts_at >= start and starts_at < end`. */
export function periodInstants(period: ReachPeriod) {
  return { start: shanghaiDayStart(period.from), end: shanghaiDayStart(period.to, 1) };
}

/** The months a period touches, as "YYYY-MM", in order: the rows of the per-month breakdown. */
export function periodMonths(period: ReachPeriod) {
  const months: string[] = [];
  let [year, month] = period.from.split("-").map(Number) as [number, number];
  const last = period.to.slice(0, 7);
  for (;;) {
    const key = `${year}-${pad(month)}`;
    months.push(key);
    if (key >= last) return months;
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
}

export type PeriodQuery = {
  period?: string | null;
  year?: string | null;
  quarter?: string | null;
  month?: string | null;
  from?: string | null;
  to?: string | null;
};

export type PeriodField = "period" | "year" | "quarter" | "month" | "from" | "to";

/** A calendar day in a year a period may name (FIRST_YEAR to LAST_YEAR). */
function isPeriodDay(day: string) {
  const year = Number(day.slice(0, 4));
  return isCalendarDay(day) && year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** A year as typed, four digits (spaces around them aside), that a period may name; else null. */
export function parseYear(text: string | null | undefined) {
  if (text == null || !/^\d{4}$/.test(text.trim())) return null;
  const year = Number(text.trim());
  return year >= FIRST_YEAR && year <= LAST_YEAR ? year : null;
}

function wholeNumber(value: string | null | undefined, min: number, max: number) {
  if (value == null || !/^\d{1,4}$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/**
 * Reads a period from a query string; a missing period is this year (`thisYear`). Each field in
 * error is named so the page can say what is wrong beside it.
 */
export function parsePeriod(
  query: PeriodQuery,
  thisYear: number,
): { period: ReachPeriod; error?: undefined } | { period?: undefined; error: PeriodField } {
  const kind = query.period || "year";
  if (!(periodKinds as readonly string[]).includes(kind)) return { error: "period" };
  if (kind === "days") {
    const from = query.from ?? "";
    const to = query.to ?? "";
    if (!isPeriodDay(from)) return { error: "from" };
    if (!isPeriodDay(to) || to < from) return { error: "to" };
    if (daysBetween(from, to) >= MAX_PERIOD_DAYS) return { error: "to" };
    return { period: daysPeriod(from, to) };
  }
  const year = query.year ? wholeNumber(query.year, FIRST_YEAR, LAST_YEAR) : thisYear;
  if (year === null) return { error: "year" };
  if (kind === "year") return { period: yearPeriod(year) };
  if (kind === "quarter") {
    const quarter = wholeNumber(query.quarter, 1, 4);
    return quarter === null ? { error: "quarter" } : { period: quarterPeriod(year, quarter) };
  }
  const month = wholeNumber(query.month, 1, 12);
  return month === null ? { error: "month" } : { period: monthPeriod(year, month) };
}

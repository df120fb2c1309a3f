// China keeps one offset all year (UTC+8, no daylight saving), so local times convert exactly.
const OFFSET_MS = 8 * 60 * 60 * 1000;

/** "2026-12-04T09:30" typed in Asia/Shanghai -> the UTC ISO instant stored in the database. */
export function shanghaiLocalToIso(local: string) {
  const ms = Date.parse(`${local.length === 16 ? `${local}:00` : local}.000Z`);
  return Number.isNaN(ms) ? null : new Date(ms - OFFSET_MS).toISOString();
}

/** A stored UTC instant -> "2026-12-04T09:30" for a datetime-local input in Asia/Shanghai. */
export function isoToShanghaiLocal(iso: string) {
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 16);
}

/** The calendar day (YYYY-MM-DD) of an instant in Asia/Shanghai. */
export function shanghaiDay(iso: string) {
  return isoToShanghaiLocal(iso).slice(0, 10);
}

/** The UTC instant at which a Shanghai calendar day begins, plus whole days. */
export function shanghaiDayStart(day: string, plusDays = 0) {
  return new Date(
    Date.parse(`${day}T00:00:00.000Z`) - OFFSET_MS + plusDays * 86_400_000,
  ).toISOString();
}

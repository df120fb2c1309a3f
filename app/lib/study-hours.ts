/** The minutes a training credits each attendee: the number set for it, else its duration. */
export function creditedMinutes(event: {
  starts_at: string;
  ends_at: string;
  credit_minutes: number | null;
}) {
  if (event.credit_minutes !== null) return event.credit_minutes;
  return Math.round((Date.parse(event.ends_at) - Date.parse(event.starts_at)) / 60_000);
}

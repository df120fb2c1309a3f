/** When check-in is open: from a set time before the start until a set time after the end. */
export function checkinWindow(event: {
  starts_at: string;
  ends_at: string;
  opens_minutes_before: number;
  closes_minutes_after: number;
}) {
  return {
    opensAt: new Date(
      Date.parse(event.starts_at) - event.opens_minutes_before * 60_000,
    ).toISOString(),
    closesAt: new Date(
      Date.parse(event.ends_at) + event.closes_minutes_after * 60_000,
    ).toISOString(),
  };
}

export type WindowState = "early" | "open" | "closed";

export function windowState(
  window: { opensAt: string; closesAt: string },
  at: string,
): WindowState {
  if (at < window.opensAt) return "early";
  if (at > window.closesAt) return "closed";
  return "open";
}

/** 138****1234: phone numbers in lists show only what identifies them to the person. */
export function maskPhone(phone: string | null) {
  if (!phone) return "";
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : "****";
}

/** The privacy notice's version: recorded with every consent, changed whenever the text changes. */
export const CONSENT_VERSION = "2026-11-28";

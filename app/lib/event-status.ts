import type { EventStatus } from "../../db/schema";

/**
 * What a reader is told of an event: the stored status says whether it is out or called off; the
 * clock says whether it is on now or over. A report written early does not make a running event
 * 已举办, and a published event whose end has passed is 已举办 even before anyone reports on it.
 */
export const displayedStatuses = ["running", "published", "held", "draft", "cancelled"] as const;
export type DisplayedStatus = (typeof displayedStatuses)[number];

export function isDisplayedStatus(value: string): value is DisplayedStatus {
  return (displayedStatuses as readonly string[]).includes(value);
}

/** The stored statuses of an event that was run: published, or reported on afterwards. */
export const runStatuses = ["published", "held"] as const satisfies readonly EventStatus[];

/**
 * Held: run (not a draft, not cancelled) and over by `now`. Every count of what took place reads
 * this rule; `heldBy` in the server's event code is the same rule in SQL, tested to agree.
 */
export function isHeld(event: { status: EventStatus; ends_at: string }, now: string) {
  return (
    (runStatuses as readonly EventStatus[]).includes(event.status) &&
    Date.parse(now) >= Date.parse(event.ends_at)
  );
}

/** `now` and the times are ISO instants; the event runs from its start up to (not at) its end. */
export function displayedStatus(
  event: { status: EventStatus; starts_at: string; ends_at: string },
  now: string,
): DisplayedStatus {
  if (event.status === "cancelled" || event.status === "draft") return event.status;
  if (isHeld(event, now)) return "held";
  const at = Date.parse(now);
  if (at >= Date.parse(event.starts_at)) return "running";
  return "published";
}

/**
 * Why an event takes no photos, or null when it does. Photos are evidence of what took place:
 * the event must be run (published or reported on) and have started, so a draft, a cancelled
 * event and one still to come take none.
 */
export function photoBar(
  event: { status: EventStatus; starts_at: string; ends_at: string },
  now: string,
): "draft" | "cancelled" | "notStarted" | null {
  const shown = displayedStatus(event, now);
  if (shown === "draft" || shown === "cancelled") return shown;
  return shown === "published" ? "notStarted" : null;
}

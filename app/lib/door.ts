// Where the offline door (issue 20) lives: shared by the page that registers its service worker,
// the web app manifest that installs it, and the scan page that links that manifest.

/** The service worker's scope: the staff event pages, never the resident's /c/ pages. */
export const DOOR_SCOPE = "/events/";

/** The door of one event: the scan page the service worker keeps for use without a signal. */
export const doorPage = (eventId: number) => `/events/${eventId}/scan`;

/** The door's web app manifest, in the reader's language (a manifest is fetched without cookies). */
export const doorManifestPath = (eventId: number, lang: string) =>
  `/events/${eventId}/door.webmanifest${lang === "en" ? "?lang=en" : ""}`;

/**
 * How long after an event's check-in window closes its offline queue is still taken: a device
 * back in signal within three days, not a script dating check-ins into last year's sessions. The
 * device keeps the event's list as long, while something waits to be sent.
 */
export const SYNC_GRACE_MS = 72 * 3_600_000;

/** The brand red of the style sheet (--brand): the installed door's title bar. */
export const DOOR_THEME = "#a3141d";

import type { Lang } from "~/lib/i18n";
import { translator } from "~/lib/i18n";
import { DOOR_SCOPE, DOOR_THEME, doorPage } from "~/lib/door";

// The offline door's web app manifest (issue 20, remaining item 1): one per event, so the door
// added to a phone's home screen opens that event's scan page, which the service worker keeps and
// serves without a signal. It names no title and reads no record: a browser fetches a manifest
// without the session's cookie, so it answers anyone the same way for any event id.

export const DOOR_ICONS = [
  { src: "/door-icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
  { src: "/door-icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
  { src: "/door-icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
] as const;

export function doorManifest(input: { eventId: number; lang: Lang }) {
  const t = translator(input.lang);
  const start = doorPage(input.eventId);
  return {
    // One installed door per event: its id is its page.
    id: start,
    name: t("door.appName"),
    short_name: t("door.appShortName"),
    description: t("door.appDescription"),
    lang: input.lang,
    dir: "ltr",
    start_url: start,
    scope: DOOR_SCOPE,
    display: "standalone",
    theme_color: DOOR_THEME,
    background_color: "#ffffff",
    icons: DOOR_ICONS,
  };
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { doorManifest } from "~/.server/attendance/door-manifest";
import { idParam } from "~/.server/errors";
import { defaultLang, parseLang } from "~/lib/i18n";

/**
 * The web app manifest of an event's offline door (issue 20), linked from its scan page. Public:
 * a browser asks for it without cookies, and it holds nothing but the event's id.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const eventId = idParam(params.id);
  const lang = parseLang(new URL(request.url).searchParams.get("lang")) ?? defaultLang;
  return new Response(JSON.stringify(doorManifest({ eventId, lang })), {
    headers: {
      "Content-Type": "application/manifest+json; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
    },
  });
}

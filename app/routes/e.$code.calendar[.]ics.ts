import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "~/.server/db";
import { publicEventCalendar } from "~/.server/events/calendar-feed";
import { CALENDAR_CONTENT_TYPE } from "~/.server/events/icalendar";
import { publicBase } from "~/.server/events/poster";
import { getLang } from "~/.server/request";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  const body = await publicEventCalendar(db, {
    code,
    origin: publicBase(request),
    lang: await getLang(request),
  });
  return new Response(body, {
    headers: {
      "Content-Type": CALENDAR_CONTENT_TYPE,
      "Content-Disposition": `attachment; filename="event-${code}.ics"`,
      "Cache-Control": "private, no-cache",
    },
  });
}

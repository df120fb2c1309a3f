import type { LoaderFunctionArgs } from "@remix-run/node";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { publicCalendarFeed } from "~/.server/events/calendar-feed";
import { CALENDAR_CONTENT_TYPE } from "~/.server/events/icalendar";
import { publicBase } from "~/.server/events/poster";
import { getLang } from "~/.server/request";

// Phone calendars poll this URL; it holds only public events, so it needs no log-in.
export async function loader({ request }: LoaderFunctionArgs) {
  const body = await publicCalendarFeed(db, {
    origin: publicBase(request),
    lang: await getLang(request),
    now: now(),
  });
  return new Response(body, {
    headers: {
      "Content-Type": CALENDAR_CONTENT_TYPE,
      "Content-Disposition": 'inline; filename="pufa-events.ics"',
      // It is in the reader's language (and, in a demo, on the requested host): no shared cache.
      "Cache-Control": "private, max-age=900",
    },
  });
}

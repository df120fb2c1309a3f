import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorOf, requireUser } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { fileResponse } from "~/.server/documents/access";
import { exportCadreHours, yearQuery } from "~/.server/documents/cadre-hours";
import { wordContentType } from "~/.server/documents/word";
import { getLang } from "~/.server/request";
import { shanghaiYear } from "~/.server/study/attendance";

// Each cadre's study hours of a year (this year unless ?year= says) against the office's target:
// the caller's own units, logged.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const year = yearQuery(new URL(request.url).searchParams.get("year"), shanghaiYear(now()));
  const file = await exportCadreHours(db, {
    actor: actorOf(user, context),
    year,
    lang: await getLang(request),
  });
  return fileResponse(file, wordContentType);
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorOf, requireUser } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { attachment } from "~/.server/documents/download";
import { exportCadreHours } from "~/.server/documents/cadre-hours";
import { wordContentType } from "~/.server/documents/word";
import { AppError } from "~/.server/errors";
import { getLang } from "~/.server/request";
import { shanghaiYear } from "~/.server/study/attendance";
import { parseYear } from "~/lib/reach-period";

// Each cadre's study hours of a year (this year unless ?year= says) against the office's target:
// the caller's own units, logged.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const asked = new URL(request.url).searchParams.get("year");
  const year = asked ? parseYear(asked) : shanghaiYear(now());
  if (year === null) throw new AppError("BAD_REQUEST", "error.badRequest.body");
  const file = await exportCadreHours(db, {
    actor: actorOf(user, context),
    year,
    lang: await getLang(request),
  });
  return attachment(file.body, { ...file, contentType: wordContentType });
}

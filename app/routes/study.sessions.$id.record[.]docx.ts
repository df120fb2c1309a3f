import type { LoaderFunctionArgs } from "@remix-run/node";
import { actorOf, requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { downloadEventPaper } from "~/.server/documents/access";
import { attachment } from "~/.server/documents/download";
import { wordContentType } from "~/.server/documents/word";
import { idParam } from "~/.server/errors";
import { getLang } from "~/.server/request";

// The 学法记录 of a held study session: staff of its units, logged.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await downloadEventPaper(db, {
    actor: actorOf(user, context),
    eventId: idParam(params.id),
    paper: "study",
    lang: await getLang(request),
  });
  return attachment(file.body, { ...file, contentType: wordContentType });
}

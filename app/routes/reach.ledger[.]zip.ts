import { Readable, finished } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { actorOf, requireUser } from "~/.server/auth/guards";
import { now } from "~/.server/clock";
import { db } from "~/.server/db";
import { exportLedger } from "~/.server/documents/ledger";
import { attachment } from "~/.server/documents/download";
import { AppError, idQuery } from "~/.server/errors";
import { getLang } from "~/.server/request";
import { parseYear } from "~/lib/reach-period";

// The year's 台账 of a sub-district as a zip streamed as it is built. A year that is not one, a
// unit that is not a sub-district or a year with nothing in it goes back to the page, which says
// why beside the field: never an empty zip. Building its Word records takes the server's thread
// in turns with every other request, so one process builds one 台账 at a time: a second asked
// meanwhile goes back to the page, which asks to try again shortly, and residents checking in
// are not kept waiting behind several.

/** Whether this process is building a 台账 now (until its zip has ended or was cancelled). */
let building = false;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const back = `/reach/ledger?${new URLSearchParams({
    unit: params.get("unit") ?? "",
    year: params.get("year") ?? "",
  }).toString()}`;
  const year = parseYear(params.get("year"));
  if (year === null) return redirect(back);
  if (building) return redirect(`${back}&busy=1`);
  building = true;
  let streaming = false;
  try {
    const file = await exportLedger(db, {
      actor: { ...actorOf(user, context), unitId: user.unitId },
      unitId: idQuery(params.get("unit")),
      year,
      lang: await getLang(request),
      now: now(),
    });
    finished(file.body, () => {
      building = false;
    });
    // The server writes the answer until its body ends: a reader who went away ends it, so the
    // rest is not built for nobody while the next 台账 waits.
    const stop = () => void file.body.destroy();
    if (request.signal.aborted) stop();
    else request.signal.addEventListener("abort", stop, { once: true });
    streaming = true;
    return attachment(Readable.toWeb(file.body) as ReadableStream<Uint8Array>, {
      ...file,
      contentType: "application/zip",
    });
  } catch (error) {
    if (error instanceof AppError && error.field) return redirect(back);
    throw error;
  } finally {
    if (!streaming) building = false;
  }
}

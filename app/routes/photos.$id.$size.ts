import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam, notFound } from "~/.server/errors";
import { photoForViewer } from "~/.server/photos/store";

// One photo, as a thumbnail or at display size, for staff who may see its record. Never kept by
// a shared cache: the answer depends on who asks.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const size = params.size;
  if (size !== "thumb" && size !== "display") throw notFound();
  const bytes = await photoForViewer(db, {
    id: idParam(params.id),
    size,
    scopePath: user.unitPath,
  });
  return new Response(bytes, {
    headers: {
      "Content-Type": "image/jpeg",
      "Content-Length": String(bytes.length),
      "Cache-Control": "private, max-age=3600",
    },
  });
}

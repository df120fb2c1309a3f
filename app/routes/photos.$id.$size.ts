import { createHash } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam, notFound } from "~/.server/errors";
import { photoForViewer } from "~/.server/photos/store";

// One photo, as a thumbnail or at display size, for staff who may see its record. Never kept by
// a shared cache: the answer depends on who asks. The browser keeps it but asks again each time
// (no-cache), so a photo is shown only while its viewer may see it; the ETag is the bytes' hash
// (an id can be reused on SQLite once its photo is gone), so "not modified" (304) is exact.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const size = params.size;
  if (size !== "thumb" && size !== "display") throw notFound();
  const id = idParam(params.id);
  const bytes = await photoForViewer(db, { id, size, scopePath: user.unitPath });
  const etag = `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 27)}"`;
  const cache = { "Cache-Control": "private, no-cache", ETag: etag };
  if (request.headers.get("If-None-Match") === etag) {
    return new Response(null, { status: 304, headers: cache });
  }
  return new Response(bytes, {
    headers: { ...cache, "Content-Type": "image/jpeg", "Content-Length": String(bytes.length) },
  });
}

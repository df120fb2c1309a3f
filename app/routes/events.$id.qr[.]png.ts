import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { idParam } from "~/.server/errors";
import { getQrDownload, publicBase } from "~/.server/events/poster";

// The event's stable check-in QR code as a PNG image, for WeChat posts and office documents.

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const file = await getQrDownload(db, {
    id: idParam(params.id),
    scopePath: user.unitPath,
    base: publicBase(request),
    format: "png",
  });
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

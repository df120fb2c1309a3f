import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { handle, idParam } from "~/.server/errors";
import { publicBase } from "~/.server/events/poster";
import { getProjectorState } from "~/.server/events/projector";

/** What the projector polls: the count, the current QR code when it rotates, and when to ask again. */
export type LiveState = { count: number; qrSvg?: string; refreshInSeconds: number };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return handle(async () => {
    const state = await getProjectorState(db, {
      id: idParam(params.id),
      scopePath: user.unitPath,
      base: publicBase(request),
    });
    const live: LiveState = {
      count: state.count,
      ...(state.rotating ? { qrSvg: state.qrSvg } : {}),
      refreshInSeconds: state.refreshInSeconds,
    };
    return Response.json(live, { headers: { "Cache-Control": "no-store" } });
  });
}

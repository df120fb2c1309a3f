import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "~/.server/auth/guards";
import { db } from "~/.server/db";
import { rolesFor } from "~/.server/scope";
import { idParam } from "~/.server/errors";
import { publicBase } from "~/.server/events/poster";
import type { ProjectorPhase } from "~/.server/events/projector";
import { getProjectorState } from "~/.server/events/projector";

/**
 * What the projector polls: the count, the phase, the QR code (and its link) while check-in is
 * open when it rotates or the page asks for it (`?qr=1`: the window opened while the page was up),
 * and when to ask again. Outside the window no code is sent.
 */
export type LiveState = {
  count: number;
  phase: ProjectorPhase;
  qrSvg?: string;
  link?: string;
  refreshInSeconds: number;
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  // The code that checks people in is for those who run the door; officials read the figures.
  const user = await requireRole(request, rolesFor.manageEvents);
  const state = await getProjectorState(db, {
    id: idParam(params.id),
    scopePath: user.unitPath,
    base: publicBase(request),
  });
  const wantsCode = state.rotating || new URL(request.url).searchParams.get("qr") === "1";
  const live: LiveState = {
    count: state.count,
    phase: state.phase,
    ...(wantsCode && state.qrSvg ? { qrSvg: state.qrSvg } : {}),
    // A rotating code's page prints no link: the stable one is refused while rotation is on.
    ...(wantsCode && !state.rotating && state.link ? { link: state.link } : {}),
    refreshInSeconds: state.refreshInSeconds,
  };
  return Response.json(live, { headers: { "Cache-Control": "no-store" } });
}

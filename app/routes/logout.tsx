import type { ActionFunctionArgs } from "@remix-run/node";
import {
  actorOf,
  clearSessionCookieHeader,
  getCurrentUser,
  getSessionToken,
} from "~/.server/auth/guards";
import { logOut } from "~/.server/auth/log-out";
import { db } from "~/.server/db";
import { postOnly } from "~/.server/errors";
import { redirectWithFlash } from "~/.server/request";

export const loader = postOnly;

export async function action({ request, context }: ActionFunctionArgs) {
  const [token, user] = await Promise.all([getSessionToken(request), getCurrentUser(request)]);
  if (token) await logOut(db, { token, actor: user && actorOf(user, context) });
  return redirectWithFlash(
    "/",
    { key: "logout.done" },
    {
      "Set-Cookie": await clearSessionCookieHeader(request),
    },
  );
}

import type { AppLoadContext } from "@remix-run/node";
import { createCookie, redirect } from "@remix-run/node";
import type { Role } from "../../../db/schema";
import type { Actor } from "../audit/audit-log";
import { db } from "../db";
import { forbidden, toErrorResponse } from "../errors";
import { redirectWithFlash } from "../request";
import type { SessionUser } from "./session";
import { validateSessionToken } from "./session";

const sessionCookie = createCookie("pufa_session", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
});

/** Secure whenever the request reached us over HTTPS (directly or via a trusted proxy). */
const secureFor = (request: Request) => new URL(request.url).protocol === "https:";

export function sessionCookieHeader(request: Request, token: string) {
  return sessionCookie.serialize(token, { secure: secureFor(request) });
}

export function clearSessionCookieHeader(request: Request) {
  return sessionCookie.serialize("", { maxAge: 0, secure: secureFor(request) });
}

/** The session token a Cookie header carries, or null. */
export async function sessionTokenOf(cookieHeader: string | null): Promise<string | null> {
  const token: unknown = await sessionCookie.parse(cookieHeader);
  return typeof token === "string" && token ? token : null;
}

export function getSessionToken(request: Request) {
  return sessionTokenOf(request.headers.get("Cookie"));
}

const resolved = new WeakMap<Request, Promise<SessionUser | null>>();

/** The logged-in staff member of this request, or null (looked up once per request). */
export function getCurrentUser(request: Request) {
  let user = resolved.get(request);
  if (!user) {
    user = getSessionToken(request).then((token) =>
      token ? validateSessionToken(db, token) : null,
    );
    resolved.set(request, user);
  }
  return user;
}

const PASSWORD_PAGE = "/account/password";

/** A staff member, or a redirect to the log-in page that comes back here afterwards. */
export async function requireUser(request: Request) {
  const user = await getCurrentUser(request);
  const url = new URL(request.url);
  if (!user) {
    const login = `/login?next=${encodeURIComponent(url.pathname + url.search)}`;
    const hadSession = (await getSessionToken(request)) !== null;
    throw hadSession
      ? await redirectWithFlash(
          login,
          { key: "login.expired" },
          {
            "Set-Cookie": await clearSessionCookieHeader(request),
          },
        )
      : redirect(login);
  }
  if (user.mustChangePassword && url.pathname !== PASSWORD_PAGE) {
    throw await redirectWithFlash(PASSWORD_PAGE, { key: "dashboard.mustChange" });
  }
  return user;
}

/** A staff member holding one of the roles; anyone else gets 403 in their language. */
export async function requireRole(request: Request, roles: readonly Role[]) {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) throw toErrorResponse(forbidden());
  return user;
}

/** The logged-in user as the actor of a change, with the address it came from. */
export function actorOf(user: SessionUser, context: AppLoadContext): Actor {
  return {
    id: user.id,
    username: user.username,
    role: user.role,
    unitPath: user.unitPath,
    ip: context.clientIp,
  };
}

import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServerBuild } from "@remix-run/node";
import { createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import { PHOTO_LIMITS } from "../photos/limits";
import type { BodyRules } from "./body";
import { Busy, leaveUnread, readBody } from "./body";
import { secureCookies } from "./checkin";
import { uploadSlots } from "./upload-slots";
import { uploaderOf } from "./uploader";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This request's id, as the edge logged it and sent it back in X-Request-Id. */
    requestId?: string;
  }
}

const BODILESS = new Set(["GET", "HEAD"]);
/** The headers that describe a body, left out when the body is not read. */
const BODY_HEADERS = new Set(["content-length", "content-type", "transfer-encoding"]);

/** What the edge settled about a request before Remix sees it. */
export type RemixEdge = {
  /** The scheme and host the client used, e.g. https://pufa.example.org. */
  origin: string;
  https: boolean;
  nonce: string;
  requestId: string;
  body: BodyRules;
  clientIp: string | null;
  /** A multipart body to a path that takes uploads (photos, a roster): a few are read and handled at once. */
  upload: boolean;
};

/** The Origin's host when the edge accepted it, else the host the request came to. */
function acceptedHost(req: IncomingMessage, edge: RemixEdge) {
  const origin = req.headers.origin;
  if (!BODILESS.has(req.method ?? "GET") && origin && origin !== "null") {
    try {
      return new URL(origin).host;
    } catch {
      // Not an origin: the edge refused it already, unless the method is OPTIONS.
    }
  }
  return new URL(edge.origin).host;
}

/** Remix, given a Fetch request whose body the edge has already read under its limit. */
export function remixHandler(build: ServerBuild, mode: string) {
  const handle = createRequestHandler(build, mode);
  // Upload bodies being read or handled: each is held whole and copied while its form is parsed.
  const slots = uploadSlots(PHOTO_LIMITS.bodiesInFlight);
  return async (req: IncomingMessage, res: ServerResponse, edge: RemixEdge) => {
    const method = req.method ?? "GET";
    if (!edge.upload || BODILESS.has(method)) return answer(req, res, edge);
    // Only a caller who may upload is given a slot: anyone else gets the route's answer to a
    // request without the body (a log-in page, 403 or 404), which is left unread.
    const caller = await uploaderOf(req);
    if (caller === null) return answer(req, res, edge, { unread: true });
    const release = slots.claim(caller);
    if (!release) throw new Busy();
    // Released once the action has answered, before the page is written: a client that does not
    // read its answer holds no slot.
    try {
      await answer(req, res, edge, { handled: release });
    } finally {
      release();
    }
  };

  async function answer(
    req: IncomingMessage,
    res: ServerResponse,
    edge: RemixEdge,
    how: {
      /** Called once the action has answered, before the page is written. */
      handled?: () => void;
      /** The body is not read: the route sees a request without one. */
      unread?: boolean;
    } = {},
  ) {
    const method = req.method ?? "GET";
    const unread = how.unread === true;
    if (unread) leaveUnread(req);
    const body = BODILESS.has(method) || unread ? undefined : await readBody(req, edge.body);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (unread && BODY_HEADERS.has(name)) continue;
      for (const one of [value ?? []].flat()) headers.append(name, one);
    }
    // The edge checked the Origin of a state-changing request (scheme, host and port) already;
    // Remix repeats a host-only check against X-Forwarded-Host, which must agree with the edge.
    headers.set("x-forwarded-host", acceptedHost(req, edge));
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    const request = new Request(`${edge.origin}${req.url}`, {
      method,
      headers,
      body,
      signal: controller.signal,
    });
    const response = await handle(request, {
      clientIp: edge.clientIp,
      cspNonce: edge.nonce,
      requestId: edge.requestId,
    });
    how.handled?.();
    res.statusCode = response.status;
    if (unread) res.setHeader("Connection", "close");
    for (const [name, value] of response.headers) {
      if (name !== "set-cookie") res.setHeader(name, value);
    }
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) res.setHeader("Set-Cookie", secureCookies(cookies, edge.https));
    // Pages depend on the cookie, the language and the host: no shared cache may keep them.
    if (!response.headers.has("cache-control")) res.setHeader("Cache-Control", "private, no-store");
    if (response.body && method !== "HEAD") {
      await writeReadableStreamToWritable(response.body, res);
    } else res.end();
  }
}

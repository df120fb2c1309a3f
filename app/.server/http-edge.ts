import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";
import { STYLE as CHECKIN_STYLE } from "./checkin/page";
import { env } from "./env";
import { DOOR_SYNC_PATH, SYNC_BYTES_MAX } from "./attendance/sync-limits";
import { PHOTO_REQUEST_BYTES, PHOTO_UPLOAD_PATHS } from "./photos/limits";
import { PERSONAL_STYLE } from "./records/personal-style";
import { REFUSAL_STYLE } from "./refusal";
import { safeNext } from "./request";

// What the HTTP edge (./http/server.ts) decides about a request before any route sees it: who sent it (through
// which trusted proxies), over which scheme and to which host, how large a body it may carry,
// and the security headers of its answer. One implementation for the Remix pages and for the
// resident's check-in, which bypasses Remix.

type NodeRequest = Pick<IncomingMessage, "headers" | "socket">;

const first = (header: string | string[] | undefined) =>
  (Array.isArray(header) ? header[0] : header)?.split(",")[0]?.trim() || undefined;

/** The peer is a proxy we trust, so its X-Forwarded-* headers speak for the client. */
function fromTrustedProxy(req: NodeRequest) {
  return env.trustProxy(req.socket.remoteAddress ?? "", 0);
}

/**
 * The client's address: the right-most X-Forwarded-For entry that no trusted proxy added. With
 * no trusted proxy it is the connection's own address, whatever the header says.
 */
export function clientAddress(req: NodeRequest) {
  return proxyaddr(req as IncomingMessage, env.trustProxy) || null;
}

/** The scheme and host the client used: X-Forwarded-Proto/-Host only from a trusted proxy. */
export function requestOrigin(req: NodeRequest) {
  const trusted = fromTrustedProxy(req);
  const forwardedProto = trusted ? first(req.headers["x-forwarded-proto"]) : undefined;
  const encrypted = "encrypted" in req.socket && req.socket.encrypted === true;
  const https = forwardedProto ? forwardedProto.toLowerCase() === "https" : encrypted;
  const host = (trusted && first(req.headers["x-forwarded-host"])) || req.headers.host;
  // A host with a path, credentials or spaces in it is not a host.
  if (!host || !/^[^\s/?#@\\]+$/.test(host)) return null;
  try {
    return { https, origin: new URL(`${https ? "https" : "http"}://${host}`).origin };
  } catch {
    return null;
  }
}

/** An id a proxy may hand on: what nginx's $request_id and common tracing ids look like. */
const FORWARDED_ID = /^[\w.:-]{1,128}$/;

/**
 * The request's id, for the log line, the X-Request-Id answer header and the error page a user
 * may quote. A trusted proxy's X-Request-Id is kept, so its log and ours name one request alike;
 * from anyone else the header is ignored (a client must not choose the id of its own request in
 * our log), and the id is made here.
 */
export function requestId(req: NodeRequest) {
  const forwarded = fromTrustedProxy(req) ? first(req.headers["x-request-id"]) : undefined;
  return forwarded && FORWARDED_ID.test(forwarded) ? forwarded : randomBytes(8).toString("hex");
}

/**
 * Paths that accept more (or less) than BODY_LIMIT_KB. The resident's check-in form is a few
 * short fields; the roster import takes an uploaded file of up to 2000 rows, and more time. The
 * pages with photo forms (PHOTO_UPLOAD_PATHS) take nine photos of up to 15 MB each; the offline
 * door's sync (DOOR_SYNC_PATH) a queue of up to SYNC_BYTES_MAX.
 */
const BODY_LIMITS: { prefix: string; bytes: number; upload?: true }[] = [
  { prefix: "/c", bytes: 16 * 1024 },
  { prefix: "/learners/import", bytes: 1024 * 1024, upload: true },
];

/** A segment that is `.` or `..` once its escaped dots are read: the URL parser resolves it. */
const DOT_SEGMENT = /^(?:\.|%2e){1,2}$/i;

/**
 * The path as the router will match it, or null for a path it would read differently from how
 * it is written. Dot segments (`..`, `%2e%2e`) are resolved by the URL parser before Remix sees
 * the path, a backslash counts as a slash, and an escaped slash is one segment to the router but
 * two to a reader: none of them comes from a link of this site, so such a path is refused rather
 * than guessed at. What is left is decoded segment by segment and lower-cased, as the router
 * matches routes case-insensitively.
 */
export function routedPath(rawPath: string): string | null {
  if (!rawPath.startsWith("/") || /\\|%2f|%5c/i.test(rawPath)) return null;
  const segments = rawPath.slice(1).split("/");
  // An empty segment ("//") anywhere but at the very end (a trailing slash).
  if (segments.slice(0, -1).some((segment) => segment === "")) return null;
  if (segments.some((segment) => DOT_SEGMENT.test(segment))) return null;
  const decoded = segments.map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  return `/${decoded.join("/")}`.toLowerCase();
}

const within = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** The content type of a form that sends files, the only body an upload path reads as an upload. */
export const UPLOAD_TYPE = "multipart/form-data";
const isUploadType = (contentType: string | undefined) =>
  contentType?.split(";")[0]!.trim().toLowerCase() === UPLOAD_TYPE;

/**
 * How much a request to this (routed) path may send, and how long it may take: no byte for
 * BODY_IDLE_SECONDS, or the whole body not there after BODY_TIMEOUT_SECONDS (UPLOAD_TIMEOUT_SECONDS
 * for an upload), and the request is answered 408. On an upload path only a multipart body is an
 * upload: the page's other forms (report figures, attendance ticks, confirm and return) send small
 * urlencoded bodies, held like any form to BODY_LIMIT_KB and its time, so they need no upload slot.
 */
export function bodyRules(path: string, contentType: string | undefined) {
  // Once scripts run, a form posts to its route's single-fetch address, "<path>.data".
  const route = path.endsWith(".data") ? path.slice(0, -".data".length) : path;
  const found = PHOTO_UPLOAD_PATHS.some((pattern) => pattern.test(route))
    ? { bytes: PHOTO_REQUEST_BYTES, upload: true }
    : DOOR_SYNC_PATH.test(route)
      ? { bytes: SYNC_BYTES_MAX }
      : BODY_LIMITS.find((limit) => within(route, limit.prefix));
  const rule = found?.upload && !isUploadType(contentType) ? undefined : found;
  return {
    bytes: rule?.bytes ?? env.BODY_LIMIT_KB * 1024,
    idleMs: env.BODY_IDLE_SECONDS * 1000,
    totalMs: (rule?.upload ? env.UPLOAD_TIMEOUT_SECONDS : env.BODY_TIMEOUT_SECONDS) * 1000,
    upload: rule?.upload === true,
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A state-changing request must come from our own pages: a foreign or opaque ("null") Origin,
 * or a cross-site fetch, is refused. Scheme, host and port must all match the address the
 * request came to (or PUBLIC_URL).
 */
export function isForeign(req: NodeRequest & { method?: string }) {
  if (SAFE_METHODS.has(req.method ?? "GET")) return false;
  if (req.headers["sec-fetch-site"] === "cross-site") return true;
  const origin = req.headers.origin;
  if (origin === undefined) return false;
  let claimed: string;
  try {
    claimed = new URL(origin).origin;
  } catch {
    return true;
  }
  if (claimed === "null") return true;
  if (env.PUBLIC_URL && claimed === new URL(env.PUBLIC_URL).origin) return false;
  return claimed !== requestOrigin(req)?.origin;
}

/** A path of this site the Referer names, to lead back to from a refusal. */
export function backPath(req: NodeRequest) {
  const referer = req.headers.referer;
  const here = requestOrigin(req)?.origin;
  if (!referer || !here) return null;
  try {
    const url = new URL(referer);
    // The same test as after log-in: "//evil.example" is a path of this origin but another host.
    return url.origin === here ? safeNext(url.pathname + url.search, "") || null : null;
  } catch {
    return null;
  }
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;
/** The pages rendered as strings carry their CSS inline; their hashes allow exactly that. */
const INLINE_STYLES = [CHECKIN_STYLE, REFUSAL_STYLE, PERSONAL_STYLE].map(sha256).join(" ");

/** A fresh value per request for the inline scripts Remix writes into a page. */
export function newNonce() {
  return randomBytes(16).toString("base64");
}

/**
 * The scan page decodes QR codes with WebAssembly (ZXing) where the browser has no
 * BarcodeDetector: it alone may compile WebAssembly; every other page keeps the strict policy.
 */
const WASM_PAGE = /^\/events\/\d+\/scan\/?$/;

/** Headers on every answer: no inline script but ours, no framing, no leaking referrers. */
export function securityHeaders(input: {
  nonce: string;
  https: boolean;
  path?: string;
}): Record<string, string> {
  const wasm = WASM_PAGE.test(input.path ?? "") ? " 'wasm-unsafe-eval'" : "";
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${input.nonce}'${wasm}`,
    `style-src 'self' ${INLINE_STYLES}`,
    "img-src 'self' data:",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join("; ");
  return {
    "Content-Security-Policy": policy,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    ...(input.https ? { "Strict-Transport-Security": "max-age=31536000" } : {}),
  };
}

// The HTTP server around the Remix build. Before any route runs it decides, with functions of
// the build (app/.server/http-edge.ts): who the client is (through trusted proxies only), the
// security headers, which path the router will see, whether the body is small and quick enough
// (read here, under a size and a time limit, before anything else sees it), and whether a
// state-changing request comes from our own pages. Then it answers the resident's check-in
// directly, static files through Express, and the rest through Remix.
import { createServer as createHttpServer } from "node:http";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import compression from "compression";
import express from "express";

const CHECKIN_PATH = /^\/c\/([^/?#]*)\/?(?:\?(.*))?$/;
const BODILESS = new Set(["GET", "HEAD"]);

class TooLarge extends Error {}
class TooSlow extends Error {}

/** What the edge settled about a request, for the handlers after it. */
const edges = new WeakMap();

/**
 * The whole body, up to `bytes` bytes. Counting the bytes as they arrive catches a chunked body
 * (no Content-Length) at the first byte too many, without holding more than the limit. A body
 * that stalls for `idleMs`, or is not all there by `deadline` (however steadily it trickles), is
 * given up too: a slow sender must not hold a connection and its memory for minutes.
 */
function readBody(req, { bytes, idleMs, deadline }) {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks = [];
    let idle;
    const late = setTimeout(() => stop(new TooSlow()), Math.max(0, deadline - Date.now()));
    const stop = (error) => {
      clearTimeout(idle);
      clearTimeout(late);
      req.off("data", onData);
      if (!error) return;
      req.pause();
      reject(error);
    };
    const wait = () => {
      clearTimeout(idle);
      idle = setTimeout(() => stop(new TooSlow()), idleMs);
    };
    const onData = (chunk) => {
      size += chunk.length;
      if (size > bytes) return stop(new TooLarge());
      chunks.push(chunk);
      wait();
    };
    req.on("data", onData);
    req.on("end", () => {
      stop();
      resolve(Buffer.concat(chunks));
    });
    req.on("error", (error) => {
      stop();
      reject(error);
    });
    wait();
  });
}

/**
 * The rest of a refused body is never read, and the connection cannot serve another request:
 * the answer says "Connection: close". Node would close it the moment the answer is written, and
 * closing with unread bytes resets the connection, which can make the client lose the answer; so
 * only our side is closed at once, and the connection is cut a moment later.
 */
function leaveUnread(req) {
  const { socket } = req;
  req.pause();
  req.read(0); // marks the body as taken, so Node does not drain it either
  socket.destroySoon = () => {
    socket.end();
    setTimeout(() => socket.destroy(), 2_000).unref();
  };
}

/** Over HTTPS every cookie is Secure, whichever code set it. */
function secureCookies(cookies, https) {
  return https ? cookies.map((c) => (/;\s*secure\s*(;|$)/i.test(c) ? c : `${c}; Secure`)) : cookies;
}

function send(req, res, { status, headers, cookies, body }) {
  const gzip = body.length > 1024 && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
  const bytes = gzip ? gzipSync(body) : Buffer.from(body);
  if (cookies.length > 0) res.setHeader("Set-Cookie", secureCookies(cookies, edges.get(req).https));
  res.writeHead(status, {
    ...headers,
    "Content-Length": bytes.length,
    Vary: "Accept-Encoding, Accept-Language, Cookie",
    ...(gzip ? { "Content-Encoding": "gzip" } : {}),
  });
  res.end(req.method === "HEAD" ? undefined : bytes);
}

/** /c/<code>: the resident's page and check-in POST, without the Remix document pipeline. */
async function checkin(req, res, match, app) {
  const edge = edges.get(req);
  const isPost = req.method === "POST";
  const form = isPost ? new URLSearchParams((await readBody(req, edge.body)).toString()) : null;
  let code;
  try {
    code = decodeURIComponent(match[1]);
  } catch {
    code = "";
  }
  const response = await app.handleCheckin({
    method: isPost ? "POST" : "GET",
    path: `/c/${match[1]}`,
    code,
    token: new URLSearchParams(match[2] ?? "").get("t"),
    cookie: req.headers.cookie ?? null,
    acceptLanguage: req.headers["accept-language"] ?? null,
    form,
    clientIp: edge.clientIp,
  });
  send(req, res, response);
}

/** The Origin's host when the edge accepted it, else the host the request came to. */
function acceptedHost(req, edge) {
  const origin = req.headers.origin;
  if (!BODILESS.has(req.method) && origin && origin !== "null") {
    try {
      return new URL(origin).host;
    } catch {
      // Not an origin: the edge refused it already, unless the method is OPTIONS.
    }
  }
  return new URL(edge.origin).host;
}

/** Remix, given a Fetch request whose body the edge has already read under its limit. */
function remixHandler(build, mode) {
  const handle = createRequestHandler(build, mode);
  return async (req, res) => {
    const edge = edges.get(req);
    const body = BODILESS.has(req.method) ? undefined : await readBody(req, edge.body);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      for (const one of [value ?? []].flat()) headers.append(name, one);
    }
    // The edge checked the Origin of a state-changing request (scheme, host and port) already;
    // Remix repeats a host-only check against X-Forwarded-Host, which must agree with the edge.
    headers.set("x-forwarded-host", acceptedHost(req, edge));
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    const request = new Request(`${edge.origin}${req.url}`, {
      method: req.method,
      headers,
      body,
      signal: controller.signal,
    });
    const response = await handle(request, { clientIp: edge.clientIp, cspNonce: edge.nonce });
    res.statusCode = response.status;
    for (const [name, value] of response.headers) {
      if (name !== "set-cookie") res.setHeader(name, value);
    }
    const cookies = response.headers.getSetCookie();
    if (cookies.length > 0) res.setHeader("Set-Cookie", secureCookies(cookies, edge.https));
    // Pages depend on the cookie, the language and the host: no shared cache may keep them.
    if (!response.headers.has("cache-control")) res.setHeader("Cache-Control", "private, no-store");
    if (response.body && req.method !== "HEAD") {
      await writeReadableStreamToWritable(response.body, res);
    } else res.end();
  };
}

export function createServer({ build, app, root }) {
  const refuse = (req, res, status, title, body) => {
    const unread = status === 413 || status === 408;
    if (unread) leaveUnread(req, res);
    res.writeHead(status, {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      ...(unread ? { Connection: "close" } : {}),
    });
    res.end(
      app.renderRefusal({
        acceptLanguage: req.headers["accept-language"] ?? null,
        title,
        body,
        back: unread ? app.backPath(req) : null,
      }),
    );
  };
  const failed = (req, res) => (error) => {
    if (res.headersSent) return res.destroy();
    if (error instanceof TooLarge) {
      return refuse(req, res, 413, "error.tooLarge.title", "error.tooLarge.body");
    }
    if (error instanceof TooSlow) {
      return refuse(req, res, 408, "error.timeout.title", "error.timeout.body");
    }
    console.error(error);
    refuse(req, res, 500, "error.server.title", "error.server.body");
  };

  const remix = remixHandler(build, app.settings().mode);
  const web = express();
  web.disable("x-powered-by");
  web.use(compression());
  web.use(
    "/assets",
    express.static(join(root, "build/client/assets"), { immutable: true, maxAge: "1y" }),
  );
  web.use(express.static(join(root, "build/client"), { maxAge: "1h" }));
  web.all("*", (req, res) => remix(req, res).catch(failed(req, res)));

  return createHttpServer((req, res) => {
    const started = Date.now();
    const origin = app.requestOrigin(req);
    const nonce = app.newNonce();
    const headers = app.securityHeaders({
      nonce,
      https: origin?.https ?? false,
      path: req.url?.split("?")[0] ?? "",
    });
    for (const [name, value] of Object.entries(headers)) {
      res.setHeader(name, value);
    }
    // Only a path may follow the method: never an absolute URL, never a Host we cannot read.
    if (!origin || !req.url?.startsWith("/")) {
      return refuse(req, res, 400, "error.badRequest.title", "error.badRequest.body");
    }
    // The limits are those of the path the router will match, not of the text before it is read:
    // `/learners/import/%2e%2e/%2e%2e/login` is /login to Remix, and gets no upload's limit.
    const path = app.routedPath(req.url.split(/[?#]/)[0]);
    if (path === null) {
      return refuse(req, res, 400, "error.badRequest.title", "error.badRequest.body");
    }
    const rules = app.bodyRules(path);
    // Refused before a byte of it is read.
    if (Number(req.headers["content-length"] ?? 0) > rules.bytes) {
      return refuse(req, res, 413, "error.tooLarge.title", "error.tooLarge.body");
    }
    if (app.isForeign(req)) {
      return refuse(req, res, 403, "error.forbidden.title", "error.badOrigin.body");
    }
    edges.set(req, {
      origin: origin.origin,
      https: origin.https,
      nonce,
      body: { bytes: rules.bytes, idleMs: rules.idleMs, deadline: started + rules.totalMs },
      clientIp: app.clientAddress(req),
    });
    const match = CHECKIN_PATH.exec(req.url);
    if (match && ["GET", "HEAD", "POST"].includes(req.method ?? "")) {
      return checkin(req, res, match, app).catch(failed(req, res));
    }
    web(req, res);
  });
}
